-- sources an upload batch created (U<batch>-n) that no figure cites any more
delete from sources
where origin = 'uploaded'
    and starts_with(source_id, $prefix)
    and source_id not in (select source_id from figures)
