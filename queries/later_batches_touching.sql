-- batches after this one that changed any of its figures and still stand
with mine as (
    select adcode, metric, period_start, period_end
    from figure_changes
    where batch_id = $batch_id
),

reverted as (
    select reverted_batch as batch_id from batch_reverts
),

final as (
    select distinct c.batch_id
    from figure_changes as c
    join mine using (adcode, metric, period_start, period_end)
    join batches as b on b.batch_id = c.batch_id
    where c.batch_id > $batch_id
        and b.kind = 'upload'
        and c.batch_id not in (select batch_id from reverted)
    order by c.batch_id
)

select * from final
