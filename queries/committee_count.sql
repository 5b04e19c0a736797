select count(*) as n from committees
