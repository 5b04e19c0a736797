-- the metrics some committee reports for a single year: what a round asks by default
with final as (
    select m.code
    from metrics as m
    where exists (
        select 1
        from figures as f
        where f.metric = m.code and f.period_start = f.period_end
    )
    order by m.sort_order, m.code
)

select * from final
