-- failures, and seconds since the last one, measured by the store's clock
with final as (
    select failures, epoch(current_timestamp::timestamp) - epoch(last_failure) as seconds_since
    from signin_failures
    where user_name = $user_name
)

select * from final
