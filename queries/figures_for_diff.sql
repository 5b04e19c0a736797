-- every stored figure of every report with what a preview shows of it, and whether it
-- is the one the pages show
with final as (
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
)

select * from final
