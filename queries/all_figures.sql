-- every figure in the store with its provenance, in a stable order: where two reports
-- give the same figure, both, the one the pages show (current) first
with final as (
    select
        committee,
        adcode,
        metric,
        period_start,
        period_end,
        value,
        qualifier,
        year_basis,
        source,
        quote,
        origin,
        as_of,
        is_current as current
    from figure_reports
    order by committee_order, metric_order, period_start, period_end, report_rank
)

select * from final
