-- how many figures (of every report) the sources page's filters match; figures_detail
-- lists a page of them (the same filters: an empty list means all)
with chosen as (
    select distinct unnest(
        case when len($adcodes::varchar[]) = 0 then (select list(adcode) from committees)
            else $adcodes::varchar[] end
    ) as adcode
),

final as (
    select count(*) as n
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
)

select * from final
