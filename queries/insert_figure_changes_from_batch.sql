-- one row per figure (of one report) the batch writes or removes, with the stored state
-- before it (null: new);
-- incoming_changes is a DataFrame the writer registers for this statement
insert into figure_changes (batch_id, adcode, metric, period_start, period_end, source_id, previous)
select $batch_id, adcode, metric, period_start, period_end, source_id, previous::json
from incoming_changes
