-- the figures of one metric and period, with everything the sources table shows
with final as (
    select *
    from figures_labeled
    where metric = $metric and period_start = $period_start and period_end = $period_end
        and (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
    order by committee_order
)

select * from final
