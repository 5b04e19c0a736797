-- failures, and seconds since the last one, measured by the store's clock
-- (the same text runs on DuckDB and on PostgreSQL)
with final as (
    select
        failures,
        extract(epoch from current_timestamp::timestamp - last_failure) as seconds_since
    from signin_failures
    where user_name = $user_name
)

select * from final
