-- every stored figure with what a preview shows of it
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
        s.title as source,
        f.quote,
        f.note,
        f.origin,
        f.batch_id
    from figures as f
    join sources as s on s.source_id = f.source_id
)

select * from final
