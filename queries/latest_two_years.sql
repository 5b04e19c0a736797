-- for the headline metrics: each committee's latest single-year figure and the one before
with final as (
    select *
    from latest_two
    where list_contains($metrics, metric)
        and (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
    order by metric_order, period_end desc, committee_order, recency
)

select * from final
