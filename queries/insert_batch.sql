insert into batches (kind, user_name, file_name, file_sha256, n_new, n_changed, reason)
values ($kind, $user_name, $file_name, $file_sha256, $n_new, $n_changed, $reason)
returning batch_id
