-- the periods a metric is reported for, newest first, single years before spans
with final as (
    select
        period_start,
        period_end,
        count(*) as n_committees,
        bool_or(year_basis = 'inferred') as any_inferred
    from figures_labeled
    where metric = $metric
    group by period_start, period_end
    order by period_end desc, period_start desc
)

select * from final
