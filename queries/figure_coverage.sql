-- one row per figure: which committee reports which metric for which period, so a page
-- can open on the metric and period that the most committees report
with final as (
    select
        metric,
        metric_order,
        adcode,
        level,
        period_start,
        period_end
    from figures_labeled
    order by metric_order, period_end desc, committee_order
)

select * from final
