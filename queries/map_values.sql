-- committees that can sit on the map, with the chosen figure and their township count
with chosen_committees as (
    select distinct unnest(
        case when len($adcodes::varchar[]) = 0 then (select list(adcode) from committees)
            else $adcodes::varchar[] end
    ) as adcode
),

chosen as (
    select *
    from figures_labeled
    join chosen_committees using (adcode)
    where metric = $metric and period_start = $period_start and period_end = $period_end
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
