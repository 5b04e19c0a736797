with counts as (
    select source_id, count(*) as n_figures
    from figures
    group by source_id
),

final as (
    select
        s.source_id,
        s.title,
        s.publisher,
        s.published_year,
        s.date_basis,
        s.published,
        s.as_of,
        s.url,
        s.note,
        s.origin,
        coalesce(c.n_figures, 0) as n_figures
    from sources as s
    left join counts as c on c.source_id = s.source_id
    order by s.origin, s.source_id
)

select * from final
