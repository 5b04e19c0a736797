-- which periods each committee reports for each metric: the completeness matrix
with final as (
    select
        committee,
        committee_en,
        committee_order,
        metric,
        metric_name,
        metric_en,
        metric_order,
        periods,
        n_figures
    from reported_cells
    where (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
    order by metric_order, committee_order
)

select * from final
