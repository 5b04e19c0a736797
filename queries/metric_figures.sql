-- all figures of one metric, every committee and period, for series and tables
with final as (
    select *
    from figures_labeled
    where metric = $metric and (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
    order by committee_order, period_start, period_end
)

select * from final
