-- how many of the committees $adcodes report each metric for each period: a page opens
-- on the metric and period that the most committees of its level report
-- (the read model's coverage table is sorted by adcode, so the semi-join reads only the
-- row groups of these committees)
with chosen as (
    select unnest($adcodes::varchar[]) as adcode
),

final as (
    select
        metric,
        min(metric_order) as metric_order,
        period_start,
        period_end,
        count(*) as n
    from coverage
    where adcode in (select adcode from chosen)
    group by metric, period_start, period_end
    order by metric_order, period_end desc, period_start desc
)

select * from final
