select name, salt, hash, scrypt, created_at, role, committees
from staff_accounts
where name = $name
