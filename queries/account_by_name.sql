select name, salt, hash, scrypt, created_at
from staff_accounts
where name = $name
