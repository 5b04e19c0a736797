-- the figures the sources page lists, filtered here rather than in pandas:
-- an empty $adcodes or $metrics list means all, $needle searches quote, source, note,
-- committee and metric name (case-insensitive, as typed: no pattern characters);
-- every report's figure is listed, the one the pages show first
with detail as (
    select
        f.*,
        s.published_year,
        s.date_basis,
        s.file_name,
        s.url
    from figure_reports as f
    join sources as s on s.source_id = f.source_id
),

final as (
    select *
    from detail
    where (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
        and (len($metrics::varchar[]) = 0 or list_contains($metrics::varchar[], metric))
        and (
            $needle = ''
            or contains(
                lower(concat_ws(' ', quote, source, note, committee, metric_name)),
                lower($needle)
            )
        )
    order by committee_order, metric_order, period_start, period_end, report_rank
)

select * from final
