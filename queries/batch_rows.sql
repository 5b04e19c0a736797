-- the figures a batch wrote, as they were before and as they are now
with changes as (
    select * from figure_changes where batch_id = $batch_id
),

final as (
    select
        c.adcode,
        cm.short_zh as committee,
        cm.name_en as committee_en,
        c.metric,
        m.name_zh as metric_name,
        m.name_en as metric_en,
        c.period_start,
        c.period_end,
        c.previous,
        f.value as current_value,
        f.qualifier as current_qualifier,
        f.batch_id as current_batch
    from changes as c
    join committees as cm on cm.adcode = c.adcode
    join metrics as m on m.code = c.metric
    left join figures as f
        on f.adcode = c.adcode and f.metric = c.metric
        and f.period_start = c.period_start and f.period_end = c.period_end
        and f.source_id = c.source_id
    order by cm.sort_order, m.sort_order, c.period_start, c.source_id
)

select * from final
