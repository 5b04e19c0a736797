-- every stored figure of every report for the keys an upload names (incoming_keys, a
-- DataFrame the preview registers), with what a preview shows of it and whether it is
-- the one the pages show: a file of 100,000 rows reads its own keys, not the store
with keys as (
    select distinct adcode, metric, period_start, period_end
    from incoming_keys
),

final as (
    select
        f.adcode,
        f.metric,
        f.period_start,
        f.period_end,
        f.value,
        f.qualifier,
        f.year_basis,
        f.source_id,
        f.source,
        f.quote,
        f.note,
        f.origin,
        f.batch_id,
        f.is_current
    from figure_reports as f
    inner join keys as k
        on f.adcode = k.adcode and f.metric = k.metric
        and f.period_start = k.period_start and f.period_end = k.period_end
    order by f.adcode, f.metric, f.period_start, f.period_end, f.source_id
)

select * from final
