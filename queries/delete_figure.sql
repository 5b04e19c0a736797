delete from figures
where adcode = $adcode and metric = $metric
    and period_start = $period_start and period_end = $period_end
