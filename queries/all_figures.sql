-- every figure in the store with its provenance, in a stable order
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
        origin
    from figures_labeled
    order by committee_order, metric_order, period_start, period_end
)

select * from final
