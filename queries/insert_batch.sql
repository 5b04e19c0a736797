insert into batches (kind, user_name, file_name, file_sha256, n_new, n_changed, reason, reverts_batch)
values ($kind, $user_name, $file_name, $file_sha256, $n_new, $n_changed, $reason, $reverts_batch)
returning batch_id
