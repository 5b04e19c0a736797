-- The dashboard's read model, made once per in-memory snapshot by db.read_model (never
-- in the store file): the views the pages read become tables of the same name and
-- columns, so a query plans no joins and reads only what it needs.
-- figure_reports (every report's figure, ranked, with the earlier differing number) is
-- the costly view: window functions and a self-join over every figure. As a table,
-- sorted by committee (a scope's committees, e.g. a province's hundred, are neighbours
-- in catalogue order), a query that joins the scope's adcodes reads only their row
-- groups; figures_labeled stays the view of its current rows. What is asked per metric
-- across every committee is summarised below (metric_counts, periods_by_metric).
create table figure_reports_read as
select * from figure_reports
order by committee_order, metric_order, period_start, period_end, report_rank;

drop view figure_reports;

alter table figure_reports_read rename to figure_reports;

-- how many figures each metric has: the metric selectors ask on every page
create table metric_counts_read as select * from metric_counts;

drop view metric_counts;

alter table metric_counts_read rename to metric_counts;

-- each metric's periods with the committees reporting them (the period pickers)
create table periods_by_metric_read as
select * from periods_by_metric
order by metric, period_end desc, period_start desc;

drop view periods_by_metric;

alter table periods_by_metric_read rename to periods_by_metric;

-- the completeness matrix's cells, one per committee and metric
create table reported_cells_read as
select * from reported_cells
order by metric_order, committee_order;

drop view reported_cells;

alter table reported_cells_read rename to reported_cells;

-- each committee's latest two single-year figures per metric, for the headline tiles
create table latest_two_read as
select * from latest_two
order by metric, period_end desc, committee_order, recency;

drop view latest_two;

alter table latest_two_read rename to latest_two;

-- the figures each report gives each committee, for the report list of a scope
create table source_committees_read as select * from source_committees;

drop view source_committees;

alter table source_committees_read rename to source_committees;

-- each collection round's progress per committee, for the progress board: in board
-- order, so the board's query (a filter on one round) returns its rows in that order
-- (DuckDB keeps a single table's row order through a filter) and sorts nothing
create table round_progress_read as
select * from round_progress
order by round_id, board_order;

drop view round_progress;

alter table round_progress_read rename to round_progress;

-- coverage sorted by committee: coverage_counts joins a level's committees to it, so it
-- reads only the row groups that hold them (a province's adcodes are contiguous)
create table coverage_read as
select * from coverage
order by adcode, metric_order, period_start, period_end;

drop view coverage;

alter table coverage_read rename to coverage;

-- every figure's place among its level (the committee page reads one committee's rows)
create table committee_ranks_read as
select * from committee_ranks
order by adcode, metric, period_start, period_end;

drop view committee_ranks;

alter table committee_ranks_read rename to committee_ranks;
