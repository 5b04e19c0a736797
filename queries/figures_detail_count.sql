-- how many figures (of every report) the sources page's filters match; figures_detail
-- lists a page of them
with final as (
    select count(*) as n
    from figure_reports
    where (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
        and (len($metrics::varchar[]) = 0 or list_contains($metrics::varchar[], metric))
        and (
            $needle = ''
            or contains(
                lower(concat_ws(' ', quote, source, note, committee, metric_name)),
                lower($needle)
            )
        )
)

select * from final
