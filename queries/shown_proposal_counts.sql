-- the received and accepted proposal counts the pages show, for an upload's check that
-- no file makes accepted exceed received across the file and the store
with final as (
    select adcode, metric, period_start, period_end, value
    from figure_reports
    where is_current and metric in ('proposals_received', 'proposals_accepted')
)

select * from final
