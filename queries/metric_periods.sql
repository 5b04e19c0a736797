-- the periods a metric is reported for, newest first, single years before spans
with final as (
    select
        period_start,
        period_end,
        count(*) as n_committees,
        bool_or(year_basis = 'inferred') as any_inferred,
        -- which committees report it, so a page can open on a period its level has
        string_agg(adcode, ',' order by adcode) as adcodes
    from figures_labeled
    where metric = $metric
    group by period_start, period_end
    order by period_end desc, period_start desc
)

select * from final
