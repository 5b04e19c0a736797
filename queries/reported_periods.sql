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
        string_agg(
            case when is_annual then period_start::varchar
                else period_start::varchar || '–' || period_end::varchar end
            || case when year_basis = 'inferred' then '*' else '' end,
            ', ' order by period_start, period_end
        ) as periods,
        count(*) as n_figures
    from figures_labeled
    group by all
    order by metric_order, committee_order
)

select * from final
