insert into figures (
    adcode, metric, period_start, period_end, value, qualifier, year_basis,
    source_id, quote, note, origin, batch_id
)
values (
    $adcode, $metric, $period_start, $period_end, $value, $qualifier, $year_basis,
    $source_id, $quote, $note, $origin, $batch_id
)
on conflict (adcode, metric, period_start, period_end) do update set
    value = excluded.value,
    qualifier = excluded.qualifier,
    year_basis = excluded.year_basis,
    source_id = excluded.source_id,
    quote = excluded.quote,
    note = excluded.note,
    origin = excluded.origin,
    batch_id = excluded.batch_id
