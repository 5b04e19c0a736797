-- the figures a committee's page shows: its own, and those of its peers (the committees
-- of the same level: the prefecture-level cities, or every county-level committee) that
-- the page ranks it among; each row says whether it is the committee's own
with own as (
    select level from committees where adcode = $code
),

final as (
    select
        f.*,
        f.adcode = $code as is_own
    from figures_labeled as f
    where f.level = (select level from own)
    order by f.metric_order, f.period_start, f.period_end, f.committee_order
)

select * from final
