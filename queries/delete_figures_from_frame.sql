-- remove the figures whose keys are in incoming_keys (registered by the caller)
delete from figures as f
using incoming_keys as k
where f.adcode = k.adcode and f.metric = k.metric
    and f.period_start = k.period_start and f.period_end = k.period_end
    and f.source_id = k.source_id
