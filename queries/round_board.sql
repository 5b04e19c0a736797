-- the progress board of one round, one row per committee asked: how many cells were
-- asked, how many the store now has a figure for, how many of those another report
-- gives a different number for, and the latest return: an upload batch written since
-- the round opened, not reverted, that wrote one of the committee's asked cells
with opened as (
    select opened_at
    from collection_rounds
    where round_id = $round_id
),

asked as (
    select adcode, metric, year
    from round_asks
    where round_id = $round_id
),

shown as (
    select
        a.adcode,
        count(*) as asked,
        count(f.value) as filled,
        count(*) filter (where f.n_differing > 0) as disagreements
    from asked as a
    left join figures_labeled as f
        on f.adcode = a.adcode and f.metric = a.metric
        and f.period_start = a.year and f.period_end = a.year
    group by a.adcode
),

returns as (
    select b.batch_id, b.user_name, b.created_at
    from batches as b
    cross join opened as o
    where b.kind = 'upload' and b.created_at >= o.opened_at
        and not exists (select 1 from batches as v where v.reverts_batch = b.batch_id)
),

returned as (
    select
        c.adcode,
        max(r.created_at) as returned_at,
        arg_max(r.user_name, r.created_at) as user_name,
        count(distinct r.batch_id) as n_returns
    from figure_changes as c
    join returns as r on r.batch_id = c.batch_id
    join asked as a
        on a.adcode = c.adcode and a.metric = c.metric
        and a.year = c.period_start and a.year = c.period_end
    group by c.adcode
),

final as (
    select
        s.adcode,
        c.short_zh as committee,
        c.name_zh as committee_name,
        c.level,
        s.asked,
        s.filled,
        r.returned_at,
        r.user_name,
        coalesce(r.n_returns, 0) as n_returns,
        s.disagreements
    from shown as s
    join committees as c on c.adcode = s.adcode
    left join returned as r on r.adcode = s.adcode
    order by c.sort_order, s.adcode
)

select * from final
