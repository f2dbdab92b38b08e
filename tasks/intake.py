"""Intake: read the form and give the case its id."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from credit_dd.errors import InputError
from credit_dd.intake.application import Intake, accept
from tasks.trail import trailed


@trailed
@task(name="intake-application", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def intake_application(application_dir: Path) -> Intake | InputError:
    """Read and validate ``application.yaml``; a bad form is returned, not raised, so the run
    ends as ``rejected_input`` instead of failing."""
    try:
        accepted = accept(application_dir)
    except InputError as exc:
        get_run_logger().warning("application rejected: %s", exc)
        return exc
    get_run_logger().info(
        "case %s accepted (%s, %s)", accepted.case_id, accepted.application.product, accepted.application.applicant.kind
    )
    return accepted
