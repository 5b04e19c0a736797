-- A curated term (data/curated/terms.csv) on build: new ones are added and curated
-- ones refreshed, but a term a 管理员 added or corrected (added_by not the curated
-- marker) is left as they wrote it.
insert into terms (adcode, term, start_year, end_year, source, url, quote, note, added_by)
values ($adcode, $term, $start_year, $end_year, $source, $url, $quote, $note, $added_by)
on conflict (adcode, term) do update set
    start_year = excluded.start_year,
    end_year = excluded.end_year,
    source = excluded.source,
    url = excluded.url,
    quote = excluded.quote,
    note = excluded.note,
    added_by = excluded.added_by,
    added_at = excluded.added_at
where terms.added_by = excluded.added_by
