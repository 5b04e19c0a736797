-- the overview's headline tiles: for each asked metric, how many committees of $adcodes
-- have a latest single-year figure, and the first $shown of them in catalogue order,
-- each with its year before (previous_*: null when the committee reported only one);
-- an empty $adcodes means every committee
with chosen as (
    select distinct unnest(
        case when len($adcodes::varchar[]) = 0 then (select list(adcode) from committees)
            else $adcodes::varchar[] end
    ) as adcode
),

asked as (
    select distinct unnest($metrics::varchar[]) as metric
),

scoped as (
    select l.*
    from latest_two as l
    join asked using (metric)
    join chosen using (adcode)
),

newest as (
    select
        *,
        count(*) over (partition by metric) as reported,
        row_number() over (partition by metric order by committee_order, adcode) as place
    from scoped
    where recency = 1
),

final as (
    select
        n.metric,
        n.metric_name,
        n.metric_en,
        n.metric_order,
        n.adcode,
        n.committee,
        n.committee_en,
        n.period_end,
        n.year_basis,
        n.value,
        n.qualifier,
        n.unit,
        n.source,
        n.quote,
        n.reported,
        n.place,
        p.period_end as previous_end,
        p.year_basis as previous_basis,
        p.value as previous_value,
        p.qualifier as previous_qualifier
    from newest as n
    left join scoped as p on p.metric = n.metric and p.adcode = n.adcode and p.recency = 2
    where n.place <= $shown
    order by n.metric_order, n.place
)

select * from final
