-- the reports, with how many figures each gives; an empty $adcodes list means every
-- report (also those no figure cites), else the reports cited for those committees
with counts as (
    select source_id, sum(n_figures)::bigint as n_figures
    from source_committees
    where len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode)
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
    where len($adcodes::varchar[]) = 0 or c.source_id is not null
    order by s.origin, s.source_id
)

select * from final
