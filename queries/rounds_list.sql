-- every collection round, newest first, with the years, committees and cells it asks
with sizes as (
    select
        round_id,
        string_agg(distinct year::varchar, '、' order by year::varchar) as years,
        min(year) as first_year,
        max(year) as last_year,
        count(distinct adcode) as n_committees,
        count(distinct metric) as n_metrics,
        count(*) as n_asked
    from round_asks
    group by round_id
),

final as (
    select
        r.round_id,
        r.opened_by,
        r.opened_at,
        r.due,
        r.note,
        s.years,
        s.first_year,
        s.last_year,
        s.n_committees,
        s.n_metrics,
        s.n_asked
    from collection_rounds as r
    join sizes as s on s.round_id = r.round_id
    order by r.round_id desc
)

select * from final
