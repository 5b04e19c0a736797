-- for the headline metrics: each committee's latest single-year figure and the one before
with annual as (
    select
        *,
        row_number() over (partition by adcode, metric order by period_end desc) as recency
    from figures_labeled
    where is_annual and list_contains($metrics, metric)
),

final as (
    select *
    from annual
    where recency <= 2
    order by metric_order, period_end desc, committee_order, recency
)

select * from final
