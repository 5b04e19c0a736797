insert into committees (
    adcode, name_zh, short_zh, name_en, level, parent_adcode, seat_lat, seat_lon,
    coord_system, seat_source, jiedao, zhen, xiang, township_year, township_note,
    township_source, sort_order
)
select
    $adcode, $name_zh, $short_zh, $name_en, $level, $parent_adcode, $seat_lat, $seat_lon,
    $coord_system, $seat_source, $jiedao, $zhen, $xiang, $township_year, null,
    $township_source, coalesce(max(sort_order), 0) + 1
from committees
