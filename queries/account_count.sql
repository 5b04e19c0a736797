select count(*) as n from staff_accounts
