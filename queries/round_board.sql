-- the progress board of one round, one row per committee asked (see round_progress in
-- round_progress_view.sql for what each count means): its numbers only, from one table
-- and no join (board.board names the committees from the catalogue the caller holds).
-- No sort either: the read model keeps round_progress in board order, which a filter
-- on one table keeps, and board.board puts the rows in board_order anyway (one pass on
-- a list already in order; the plain view of a store file has no order). board.board
-- reads the columns in this order, board_order last
with final as (
    select
        adcode,
        asked,
        filled,
        returned_at,
        user_name,
        n_returns,
        disagreements,
        board_order
    from round_progress
    where round_id = $round_id
)

select * from final
