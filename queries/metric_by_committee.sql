-- every committee with its figure for one metric and period; null value = not reported
with chosen as (
    select *
    from figures_labeled
    where metric = $metric and period_start = $period_start and period_end = $period_end
),

final as (
    select
        c.adcode,
        c.short_zh as committee,
        c.name_en as committee_en,
        c.level,
        ch.value,
        ch.qualifier,
        ch.year_basis,
        ch.source,
        ch.quote,
        ch.note,
        ch.origin,
        ch.unit,
        ch.as_of,
        ch.n_differing,
        ch.earlier_value,
        ch.earlier_qualifier,
        ch.earlier_as_of,
        ch.earlier_source
    from committees as c
    left join chosen as ch on ch.adcode = c.adcode
    order by c.sort_order, c.adcode
)

select * from final
