-- every cell a round asks, with the figure the pages show for it when the store has one
-- (its report, quote and note), in the order the workbooks list them
with final as (
    select
        a.adcode,
        c.short_zh as committee,
        c.name_zh as committee_name,
        a.metric,
        m.name_zh as metric_name,
        m.unit_zh as unit,
        m.category,
        a.year,
        f.value,
        f.qualifier,
        f.source,
        f.quote,
        f.note
    from round_asks as a
    join committees as c on c.adcode = a.adcode
    join metrics as m on m.code = a.metric
    left join figures_labeled as f
        on f.adcode = a.adcode and f.metric = a.metric
        and f.period_start = a.year and f.period_end = a.year
    where a.round_id = $round_id
        and (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], a.adcode))
    order by c.sort_order, a.adcode, a.year, m.sort_order, a.metric
)

select * from final
