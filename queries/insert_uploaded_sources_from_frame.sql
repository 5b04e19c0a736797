-- the report titles an upload brings in, in one statement: incoming_sources is a
-- DataFrame (source_id, title) the writer registers for this statement
insert into sources (source_id, title, origin)
select source_id, title, 'uploaded'
from incoming_sources
