with final as (
    select a.*, c.name_en as committee_en
    from acceptance_ratio as a
    join committees as c on c.adcode = a.adcode
    where (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], a.adcode))
    order by c.sort_order, a.period_start
)

select * from final
