insert into sources (source_id, file_name, title, publisher, published_year, date_basis, note, origin)
values ($source_id, $file_name, $title, $publisher, $published_year, $date_basis, $note, 'curated')
on conflict (source_id) do update set
    file_name = excluded.file_name,
    title = excluded.title,
    publisher = excluded.publisher,
    published_year = excluded.published_year,
    date_basis = excluded.date_basis,
    note = excluded.note
