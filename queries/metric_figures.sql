-- all figures of one metric, every committee and period, for series and tables
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
    where metric = $metric
    order by committee_order, period_start, period_end
)

select * from final
