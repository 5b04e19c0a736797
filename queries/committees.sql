with final as (
    select
        adcode,
        name_zh,
        short_zh as committee,
        name_en as committee_en,
        level,
        parent_adcode,
        seat_lat,
        seat_lon,
        jiedao + zhen + xiang as townships,
        township_year,
        township_note
    from committees
    order by sort_order, adcode
)

select * from final
