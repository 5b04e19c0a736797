"""The store: where its files are, the curated CSVs, the SQL files, building and connecting."""
