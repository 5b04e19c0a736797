-- for the headline metrics: each committee's latest single-year figure and the one before
-- (joins, not list_contains per row: the join reads only the metrics' row groups of the
-- read model's latest_two, sorted by metric; an empty $adcodes means every committee)
with chosen as (
    select distinct unnest(
        case when len($adcodes::varchar[]) = 0 then (select list(adcode) from committees)
            else $adcodes::varchar[] end
    ) as adcode
),

asked as (
    select distinct unnest($metrics::varchar[]) as metric
),

final as (
    select l.*
    from latest_two as l
    join asked using (metric)
    join chosen using (adcode)
    order by l.metric_order, l.period_end desc, l.committee_order, l.recency
)

select * from final
