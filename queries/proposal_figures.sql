-- the proposal metrics of every committee, one row per committee, period and metric
with final as (
    select *
    from figures_labeled
    where category = '提案' and (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
    order by committee_order, period_start, period_end, metric_order
)

select * from final
