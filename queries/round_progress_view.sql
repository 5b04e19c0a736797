-- Each round's progress per committee, for the progress board (DuckDB only: the store
-- file and every app server's snapshot; db.read_model turns it into a table, so the
-- board reads a few thousand ready rows instead of joining every asked cell with two
-- million figures on each rerun). Each row carries its place on the board (board_order:
-- the catalogue's order), so the board's query joins nothing and sorts nothing (see
-- round_board.sql).
-- filled: asked cells the store has a figure for; disagreements: those another report
-- gives a different number for; the latest return: an upload batch written since the
-- round opened, not reverted, that wrote one of the committee's asked cells.
create or replace view round_progress as
with span as (
    select min(year) as first_year, max(year) as last_year
    from round_asks
),

cells as (
    select f.adcode, f.metric, f.period_start as year, f.value, f.n_differing
    from figures_labeled as f
    cross join span as s
    where f.is_annual and f.period_start between s.first_year and s.last_year
),

shown as (
    select
        a.round_id,
        a.adcode,
        count(*) as asked,
        count(c.value) as filled,
        count(*) filter (where c.n_differing > 0) as disagreements
    from round_asks as a
    left join cells as c
        on c.adcode = a.adcode and c.metric = a.metric and c.year = a.year
    group by a.round_id, a.adcode
),

returns as (
    select r.round_id, b.batch_id, b.user_name, b.created_at
    from batches as b
    join collection_rounds as r on b.created_at >= r.opened_at
    where b.kind = 'upload'
        and not exists (select 1 from batch_reverts as v where v.reverted_batch = b.batch_id)
),

returned as (
    select
        r.round_id,
        c.adcode,
        max(r.created_at) as returned_at,
        arg_max(r.user_name, r.created_at) as user_name,
        count(distinct r.batch_id) as n_returns
    from returns as r
    join figure_changes as c on c.batch_id = r.batch_id
    join round_asks as a
        on a.round_id = r.round_id and a.adcode = c.adcode and a.metric = c.metric
        and a.year = c.period_start and a.year = c.period_end
    group by r.round_id, c.adcode
)

select
    s.round_id,
    s.adcode,
    row_number() over (partition by s.round_id order by c.sort_order, s.adcode) as board_order,
    s.asked,
    s.filled,
    s.disagreements,
    r.returned_at,
    r.user_name,
    coalesce(r.n_returns, 0) as n_returns
from shown as s
join committees as c on c.adcode = s.adcode
left join returned as r on r.round_id = s.round_id and r.adcode = s.adcode;
