-- the proposal metrics of every committee, one row per committee, period and metric
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
    where category = '提案'
    order by committee_order, period_start, period_end, metric_order
)

select * from final
