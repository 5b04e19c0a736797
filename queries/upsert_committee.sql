insert into committees (
    adcode, name_zh, short_zh, name_en, level, parent_adcode, seat_lat, seat_lon,
    coord_system, seat_source, jiedao, zhen, xiang, township_year, township_note,
    township_source, sort_order
)
values (
    $adcode, $name_zh, $short_zh, $name_en, $level, $parent_adcode, $seat_lat, $seat_lon,
    $coord_system, $seat_source, $jiedao, $zhen, $xiang, $township_year, $township_note,
    $township_source, $sort_order
)
on conflict (adcode) do update set
    name_zh = excluded.name_zh,
    short_zh = excluded.short_zh,
    name_en = excluded.name_en,
    level = excluded.level,
    parent_adcode = excluded.parent_adcode,
    seat_lat = excluded.seat_lat,
    seat_lon = excluded.seat_lon,
    coord_system = excluded.coord_system,
    seat_source = excluded.seat_source,
    jiedao = excluded.jiedao,
    zhen = excluded.zhen,
    xiang = excluded.xiang,
    township_year = excluded.township_year,
    township_note = excluded.township_note,
    township_source = excluded.township_source,
    sort_order = excluded.sort_order
