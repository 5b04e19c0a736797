"""宁夏政协履职数据看板: the store, queries, charts and tools behind the dashboard."""
