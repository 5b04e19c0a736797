-- all figures of one metric, every committee and period, for series and tables
with final as (
    select *
    from figures_labeled
    where metric = $metric
    order by committee_order, period_start, period_end
)

select * from final
