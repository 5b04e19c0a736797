-- every committee's terms, in catalogue order, with the names the pages show
with final as (
    select
        t.adcode,
        c.short_zh as committee,
        c.name_en as committee_en,
        t.term,
        t.start_year,
        t.end_year,
        t.source,
        t.url,
        t.quote,
        t.note,
        t.added_by
    from terms as t
    inner join committees as c on c.adcode = t.adcode
    order by c.sort_order, t.adcode, t.term
)

select * from final
