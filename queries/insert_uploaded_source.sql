insert into sources (source_id, title, origin)
values ($source_id, $title, 'uploaded')
