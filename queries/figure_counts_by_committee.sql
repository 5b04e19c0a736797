with final as (
    select
        c.short_zh as committee,
        c.name_en as committee_en,
        count(f.metric) as n_figures,
        min(f.period_start) as first_year,
        max(f.period_end) as last_year
    from committees as c
    left join figures as f on f.adcode = c.adcode
    group by c.short_zh, c.name_en, c.sort_order
    order by c.sort_order
)

select * from final
