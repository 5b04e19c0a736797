-- Moves "this batch reverts that one" out of batches into batch_reverts (PostgreSQL; the
-- schema file has made batch_reverts already): in one transaction, rows kept
insert into batch_reverts (batch_id, reverted_batch)
select batch_id, reverts_batch
from batches
where reverts_batch is not null;

alter table batches drop column reverts_batch;
