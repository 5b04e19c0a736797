-- the figures the sources page lists, filtered here rather than in pandas:
-- an empty $adcodes or $metrics list means all, $needle searches quote, source, note,
-- committee and metric name (case-insensitive, as typed: no pattern characters);
-- every report's figure is listed, the one the pages show first; at most $limit rows
-- (the page shows a page of them, figures_detail_count counts all). The sources'
-- columns are joined to the $limit rows only, not to every figure before the filter.
with chosen as (
    select distinct unnest(
        case when len($adcodes::varchar[]) = 0 then (select list(adcode) from committees)
            else $adcodes::varchar[] end
    ) as adcode
),

picked as (
    select f.*
    from figure_reports as f
    join chosen using (adcode)
    where (len($metrics::varchar[]) = 0 or list_contains($metrics::varchar[], f.metric))
        and (
            $needle = ''
            or contains(
                lower(concat_ws(' ', f.quote, f.source, f.note, f.committee, f.metric_name)),
                lower($needle)
            )
        )
    order by f.committee_order, f.metric_order, f.period_start, f.period_end, f.report_rank
    limit $limit
),

final as (
    select
        f.*,
        s.published_year,
        s.date_basis,
        s.file_name,
        s.url
    from picked as f
    join sources as s on s.source_id = f.source_id
    order by f.committee_order, f.metric_order, f.period_start, f.period_end, f.report_rank
)

select * from final
