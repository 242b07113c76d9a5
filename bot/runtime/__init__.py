"""What a running process needs around the core: logs with redaction, metrics, health checks,
a private Redis server, periodic jobs and claiming scheduled slots exactly once."""
