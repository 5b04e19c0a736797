-- changes whenever any figure changes: a preview remembers it, an apply compares it
select md5(coalesce(string_agg(
    concat_ws('|', adcode, metric, period_start, period_end, value, qualifier, source_id,
        origin, batch_id),
    ';' order by adcode, metric, period_start, period_end, source_id
), '')) as fingerprint
from figures
