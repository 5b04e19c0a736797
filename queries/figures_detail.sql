-- every figure with all its provenance, for the sources page
with final as (
    select
        f.*,
        s.published_year,
        s.date_basis,
        s.file_name
    from figures_labeled as f
    join sources as s on s.source_id = f.source_id
    order by f.committee_order, f.metric_order, f.period_start, f.period_end
)

select * from final
