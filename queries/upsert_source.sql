insert into sources (
    source_id, file_name, title, publisher, published_year, date_basis, note, origin,
    published, as_of, url
)
values (
    $source_id, $file_name, $title, $publisher, $published_year, $date_basis, $note, 'curated',
    $published, $as_of, $url
)
on conflict (source_id) do update set
    file_name = excluded.file_name,
    title = excluded.title,
    publisher = excluded.publisher,
    published_year = excluded.published_year,
    date_basis = excluded.date_basis,
    note = excluded.note,
    published = excluded.published,
    as_of = excluded.as_of,
    url = excluded.url
