-- the cells a new round asks, from the registered frame incoming_asks
insert into round_asks (round_id, adcode, metric, year)
select $round_id, adcode, metric, year
from incoming_asks
