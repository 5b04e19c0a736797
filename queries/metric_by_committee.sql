-- every committee in scope with its figure for one metric and period; null = not reported;
-- an empty $adcodes list means every committee (see cppcc.scope)
with chosen_committees as (
    select distinct unnest(
        case when len($adcodes::varchar[]) = 0 then (select list(adcode) from committees)
            else $adcodes::varchar[] end
    ) as adcode
),

chosen as (
    select *
    from figures_labeled
    join chosen_committees using (adcode)
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
    where (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], c.adcode))
    order by c.sort_order, c.adcode
)

select * from final
