-- one row per figure the batch writes, with the stored state it replaces (null: new);
-- incoming_changes is a DataFrame the writer registers for this statement
insert into figure_changes (batch_id, adcode, metric, period_start, period_end, previous)
select $batch_id, adcode, metric, period_start, period_end, previous::json
from incoming_changes
