"""Prefect tasks: thin wrappers adding retries, caching, logging and artifacts to the domain."""

from credit_dd.masking import mask_loggers
from tasks.trail import quiet_trail_hooks

# Every run log line goes through these loggers (get_run_logger): mask personal numbers in them.
mask_loggers("prefect.flow_runs", "prefect.task_runs", "prefect.flows", "prefect.tasks")
quiet_trail_hooks()
