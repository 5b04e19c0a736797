-- every report's title, to match an uploaded title written in another form
-- (full-width digits, half-width brackets) to the report already stored
select source_id, title
from sources
order by origin, source_id
