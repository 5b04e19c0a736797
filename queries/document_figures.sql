-- every figure shown for one metric and some committees, every period, with what a
-- reader checks it against: the report (title, dates) or the upload batch (who, when)
with chosen as (
    select *
    from figures_labeled
    where metric = $metric and list_contains($adcodes::varchar[], adcode)
),

final as (
    select
        f.adcode,
        f.committee,
        f.committee_order,
        f.period_start,
        f.period_end,
        f.is_annual,
        f.value,
        f.qualifier,
        f.year_basis,
        f.unit,
        f.source,
        f.quote,
        f.origin,
        f.as_of,
        s.published,
        s.published_year,
        f.batch_id,
        b.user_name as batch_user,
        cast(cast(b.created_at as date) as varchar) as batch_date
    from chosen as f
    left join sources as s on s.source_id = f.source_id
    left join batches as b on b.batch_id = f.batch_id
    order by f.committee_order, f.period_start, f.period_end
)

select * from final
