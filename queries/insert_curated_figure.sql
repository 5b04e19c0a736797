-- an uploaded figure for the same key and report (a correction of it) wins over the curated one
insert into figures (
    adcode, metric, period_start, period_end, value, qualifier, year_basis,
    source_id, quote, note, origin, batch_id
)
values (
    $adcode, $metric, $period_start, $period_end, $value, $qualifier, $year_basis,
    $source_id, $quote, $note, 'curated', null
)
on conflict do nothing
