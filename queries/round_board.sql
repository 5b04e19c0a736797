-- the progress board of one round, one row per committee asked (see round_progress in
-- round_progress_view.sql for what each count means)
with final as (
    select
        p.adcode,
        c.short_zh as committee,
        c.name_zh as committee_name,
        c.level,
        p.asked,
        p.filled,
        p.returned_at,
        p.user_name,
        p.n_returns,
        p.disagreements
    from round_progress as p
    join committees as c on c.adcode = p.adcode
    where p.round_id = $round_id
    order by c.sort_order, p.adcode
)

select * from final
