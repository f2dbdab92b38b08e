"""Prefect tasks: thin wrappers adding retries, caching, logging and artifacts to the domain."""

from credit_dd.masking import mask_loggers

# Every run log line goes through these loggers (get_run_logger): mask personal numbers in them.
mask_loggers("prefect.flow_runs", "prefect.task_runs", "prefect.flows", "prefect.tasks")

from tasks.trail import quiet_trail_hooks  # noqa: E402  (after the masking it sits beside)

quiet_trail_hooks()
