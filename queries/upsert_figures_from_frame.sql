-- write many figures in one statement: incoming_figures is a DataFrame the caller
-- registers with every figure column; the same report's figure for the same key is replaced
insert into figures (
    adcode, metric, period_start, period_end, value, qualifier, year_basis,
    source_id, quote, note, origin, batch_id
)
select
    adcode, metric, period_start, period_end, value, qualifier, year_basis,
    source_id, quote, note, origin, batch_id
from incoming_figures
on conflict (adcode, metric, period_start, period_end, source_id) do update set
    value = excluded.value,
    qualifier = excluded.qualifier,
    year_basis = excluded.year_basis,
    quote = excluded.quote,
    note = excluded.note,
    origin = excluded.origin,
    batch_id = excluded.batch_id
