select code, name_zh, name_en, unit_zh, category
from metrics
order by sort_order, code
