select name, role, committees
from staff_accounts
order by name
