"""Running the dashboard on several servers: nginx config, and a local cluster to try it."""
