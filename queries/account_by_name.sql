select name, salt, hash, scrypt, created_at, role
from staff_accounts
where name = $name
