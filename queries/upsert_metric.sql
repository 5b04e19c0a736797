insert into metrics (code, name_zh, name_en, unit_zh, category, note, sort_order)
values ($code, $name_zh, $name_en, $unit_zh, $category, $note, $sort_order)
on conflict (code) do update set
    name_zh = excluded.name_zh,
    name_en = excluded.name_en,
    unit_zh = excluded.unit_zh,
    category = excluded.category,
    note = excluded.note,
    sort_order = excluded.sort_order
