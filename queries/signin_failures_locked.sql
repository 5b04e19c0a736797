-- the name's failure count, locked until the attempt's transaction ends (PostgreSQL):
-- simultaneous attempts on one name, from any server, are judged one after another
with final as (
    select
        failures,
        extract(epoch from current_timestamp::timestamp - last_failure) as seconds_since
    from signin_failures
    where user_name = $user_name
    for update
)

select * from final
