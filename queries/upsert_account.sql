insert into staff_accounts (name, salt, hash, scrypt, role, committees)
values ($name, $salt, $hash, $scrypt, $role, $committees)
on conflict (name) do update set
    salt = excluded.salt,
    hash = excluded.hash,
    scrypt = excluded.scrypt,
    role = excluded.role,
    committees = excluded.committees
