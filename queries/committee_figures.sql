-- the figures a committee's page shows, each with its place among the committees of
-- its level reporting the same metric and period (committee_ranks: a range where a
-- lower bound takes part); the regional committee's own level has only itself
select
    f.*,
    r.rank_best,
    r.rank_worst,
    r.rank_of
from figures_labeled as f
join committee_ranks as r
    on r.adcode = f.adcode and r.metric = f.metric
    and r.period_start = f.period_start and r.period_end = f.period_end
where f.adcode = $code
order by f.metric_order, f.period_start, f.period_end
