insert into batch_reverts (batch_id, reverted_batch)
values ($batch_id, $reverted_batch)
