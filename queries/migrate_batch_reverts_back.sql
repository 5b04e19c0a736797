-- Second half (see migrate_batch_reverts_aside): every row back, batches first, and each
-- revert's link into batch_reverts
insert into batches by name
select * exclude (reverts_batch) from batches_before;

insert into batch_reverts (batch_id, reverted_batch)
select batch_id, reverts_batch
from batches_before
where reverts_batch is not null;

insert into figures by name
select * from figures_before;

insert into figure_changes by name
select * from changes_before;

drop table batches_before;
drop table figures_before;
drop table changes_before;
