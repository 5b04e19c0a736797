-- the figures of one metric and period, with everything the sources table shows
with chosen_committees as (
    select distinct unnest(
        case when len($adcodes::varchar[]) = 0 then (select list(adcode) from committees)
            else $adcodes::varchar[] end
    ) as adcode
),

final as (
    select *
    from figures_labeled
    join chosen_committees using (adcode)
    where metric = $metric and period_start = $period_start and period_end = $period_end
    order by committee_order
)

select * from final
