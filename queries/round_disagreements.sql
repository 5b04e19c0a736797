-- the asked cells where two reports give different numbers: the figure the pages show
-- and the latest earlier report with another number, each with its source and date
with final as (
    select
        f.adcode,
        f.committee,
        f.metric,
        f.metric_name,
        f.unit,
        a.year,
        f.value,
        f.qualifier,
        f.source,
        f.origin,
        f.as_of,
        f.earlier_value,
        f.earlier_qualifier,
        f.earlier_source,
        f.earlier_as_of
    from round_asks as a
    join figures_labeled as f
        on f.adcode = a.adcode and f.metric = a.metric
        and f.period_start = a.year and f.period_end = a.year
    where a.round_id = $round_id and f.n_differing > 0
    order by f.committee_order, f.metric_order, a.year
)

select * from final
