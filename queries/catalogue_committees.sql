select adcode, name_zh, short_zh, name_en, level, parent_adcode
from committees
order by sort_order, adcode
