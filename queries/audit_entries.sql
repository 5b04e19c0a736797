-- the newest entries first, for the 审计日志 section
with final as (
    select entry_id, happened_at, event, user_name, detail
    from audit_log
    order by entry_id desc
    limit $limit
)

select * from final
