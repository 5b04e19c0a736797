with reverted as (
    select reverted_batch as batch_id, batch_id as reverted_by
    from batch_reverts
),

final as (
    select b.*, r.reverted_by
    from batches as b
    left join reverted as r on r.batch_id = b.batch_id
    where b.batch_id = $batch_id
)

select * from final
