-- what one batch changed, with the state before it
select adcode, metric, period_start, period_end, source_id, previous
from figure_changes
where batch_id = $batch_id
order by adcode, metric, period_start, period_end, source_id
