-- the periods a metric is reported for, newest first, single years before spans
-- (periods_by_metric counts them once per snapshot: the committees reporting each)
with final as (
    select
        period_start,
        period_end,
        n_committees,
        any_inferred,
        adcodes,
        inferred_adcodes
    from periods_by_metric
    where metric = $metric
    order by period_end desc, period_start desc
)

select * from final
