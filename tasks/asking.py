"""A person's answer to a form in the dashboard: the run pauses until it comes, or until its time."""

from __future__ import annotations

from typing import TypeVar

from prefect.exceptions import FlowPauseTimeout
from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput

Answer = TypeVar("Answer", bound=RunInput)


def ask(form: type[Answer], *, timeout: int, poll_interval: int, key: str) -> Answer | None:
    """The answer typed into ``form`` (its description is shown above it); ``None`` when nobody
    answered within ``timeout`` seconds. ``key`` names this form among the run's pauses."""
    try:
        return pause_flow_run(wait_for_input=form, timeout=timeout, poll_interval=poll_interval, key=key)
    except FlowPauseTimeout:
        return None
