insert into collection_rounds (opened_by, due, note)
values ($opened_by, $due, $note)
returning round_id
