-- what a repair must keep: the rows of the tables it moves, and the reverts it re-links
select
    (select count(*) from batches) as batches,
    (select count(*) from batches where kind = 'revert') as reverts,
    (select count(*) from figures) as figures,
    (select count(*) from figures where origin = 'uploaded') as uploaded,
    (select count(*) from figure_changes) as changes
