insert into staff_accounts (name, salt, hash, scrypt, role)
values ($name, $salt, $hash, $scrypt, $role)
on conflict (name) do update set
    salt = excluded.salt,
    hash = excluded.hash,
    scrypt = excluded.scrypt,
    role = excluded.role
