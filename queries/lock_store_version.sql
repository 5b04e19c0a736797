-- taken first by every write transaction, so two writers queue instead of interleaving
select version from store_version for update
