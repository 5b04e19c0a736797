insert into metrics (code, name_zh, name_en, unit_zh, category, note, sort_order)
select $code, $name_zh, $name_en, $unit_zh, $category, $note, coalesce(max(sort_order), 0) + 1
from metrics
