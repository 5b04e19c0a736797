-- the figures the sources page lists, filtered here rather than in pandas:
-- an empty $adcodes or $metrics list means all, $needle searches quote, source, note,
-- committee and metric name (case-insensitive, as typed: no pattern characters);
-- at most $limit rows (the page shows a page of them; figures_detail_count counts all)
with final as (
    select
        adcode,
        committee,
        committee_en,
        metric,
        metric_name,
        metric_en,
        unit,
        period_start,
        period_end,
        value,
        qualifier,
        year_basis,
        quote,
        source,
        note,
        origin
    from figures_labeled
    where (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
        and (len($metrics::varchar[]) = 0 or list_contains($metrics::varchar[], metric))
        and (
            $needle = ''
            or contains(
                lower(concat_ws(' ', quote, source, note, committee, metric_name)),
                lower($needle)
            )
        )
    order by committee_order, metric_order, period_start, period_end
    limit $limit
)

select * from final
