select origin, count(*) as n
from figures
group by origin
order by origin
