-- the catalogue, with how many figures each metric has (selectors list reported ones first)
with counts as (
    select metric, count(*) as n_figures, count(distinct adcode) as n_committees
    from figures_labeled
    group by metric
),

final as (
    select
        m.code,
        m.name_zh,
        m.name_en,
        m.unit_zh as unit,
        m.category,
        m.note,
        coalesce(c.n_figures, 0) as n_figures,
        coalesce(c.n_committees, 0) as n_committees
    from metrics as m
    left join counts as c on c.metric = m.code
    order by m.sort_order, m.code
)

select * from final
