-- how many reverts name the upload they undid (after a repair: every revert batch)
select count(*) as links
from batch_reverts
