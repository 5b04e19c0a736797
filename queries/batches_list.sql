-- upload history, newest first, with whether each batch has been reverted
with reverted as (
    select reverted_batch as batch_id, batch_id as reverted_by
    from batch_reverts
),

final as (
    select
        b.batch_id,
        b.kind,
        b.user_name,
        b.created_at,
        b.file_name,
        b.file_sha256,
        b.n_new,
        b.n_changed,
        b.reason,
        undone.reverted_batch as reverts_batch,
        r.reverted_by
    from batches as b
    left join reverted as r on r.batch_id = b.batch_id
    left join batch_reverts as undone on undone.batch_id = b.batch_id
    order by b.batch_id desc
)

select * from final
