insert into figure_changes (batch_id, adcode, metric, period_start, period_end, previous)
values ($batch_id, $adcode, $metric, $period_start, $period_end, $previous)
