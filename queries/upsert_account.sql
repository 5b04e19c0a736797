insert into staff_accounts (name, salt, hash, scrypt)
values ($name, $salt, $hash, $scrypt)
on conflict (name) do update set
    salt = excluded.salt,
    hash = excluded.hash,
    scrypt = excluded.scrypt
