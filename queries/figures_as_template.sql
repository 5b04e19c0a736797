-- every figure in the upload template's columns: exporting then importing changes nothing
with final as (
    select
        c.name_zh as committee,
        m.name_zh as metric,
        f.period_start,
        f.period_end,
        f.value,
        f.qualifier,
        s.title as source,
        f.quote,
        f.note
    from figures as f
    join committees as c on c.adcode = f.adcode
    join metrics as m on m.code = f.metric
    join sources as s on s.source_id = f.source_id
    order by c.sort_order, m.sort_order, f.period_start, f.period_end, f.source_id
)

select * from final
