-- committees that can sit on the map, with the chosen figure and their township count
with chosen as (
    select *
    from figures_labeled
    where metric = $metric and period_start = $period_start and period_end = $period_end
        and (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
),

final as (
    select
        c.adcode,
        c.short_zh as committee,
        c.name_zh,
        c.name_en as committee_en,
        c.level,
        c.seat_lat,
        c.seat_lon,
        c.jiedao + c.zhen + c.xiang as townships,
        c.township_note,
        ch.value,
        ch.qualifier,
        ch.year_basis,
        ch.source,
        ch.quote
    from committees as c
    left join chosen as ch on ch.adcode = c.adcode
    where c.level <> 'region' and (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], c.adcode))
    order by c.sort_order
)

select * from final
