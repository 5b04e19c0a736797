select source_id
from sources
where title = $title
order by origin, source_id
limit 1
