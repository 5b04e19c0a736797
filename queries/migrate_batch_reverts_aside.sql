-- First half of moving "this batch reverts that one" out of batches (DuckDB): batches
-- and the two tables that refer to it are copied aside and dropped (DuckDB drops a table
-- only once nothing refers to it, and cannot drop a foreign key); the schema file, run
-- next in the same transaction, makes them again with batch_reverts, and
-- migrate_batch_reverts_back fills them.
create temporary table batches_before as select * from batches;

create temporary table figures_before as select * from figures;

create temporary table changes_before as select * from figure_changes;

drop view if exists source_committees;
drop view if exists latest_two;
drop view if exists reported_cells;
drop view if exists metric_counts;
drop view if exists platform_density;
drop view if exists acceptance_ratio;
drop view if exists latest_figures;
drop view if exists figures_labeled;
drop view if exists figure_reports;
drop table figure_changes;
drop table figures;
drop table batches;
