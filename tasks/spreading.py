"""Spreading in the dashboard: the figures the decision needs, and the flow paused for a person's.

A case whose needed figures are missing, in conflict or unverified is written as ``needs_spreading``;
served, its run then pauses for the form (``SpreadingInput``): each figure with its candidates, file,
page and a crop of the page (in the case folder and as an artifact). The answers become ledger
entries by the person's employee id; the run applies them and judges the case again.
"""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path
from typing import Literal

from prefect import get_run_logger, task
from prefect.artifacts import create_image_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.input import RunInput
from pydantic import BaseModel, Field

from credit_dd.case import CaseResult
from credit_dd.documents.files import ParsedDocument
from credit_dd.errors import CreditDDError
from credit_dd.intake.application import Application
from credit_dd.package.spreading import Answer, crop_of, form_markdown, new_entries, record_entries
from credit_dd.package.staff import read_roster
from credit_dd.policy.bundle import Policies
from credit_dd.report.dashboard import artifact_key
from credit_dd.settings import Settings
from credit_dd.validation.outcome import Validation, with_spread
from credit_dd.validation.spreading import read_ledger
from tasks.asking import ask
from tasks.trail import trailed

MAX_SPREADING_FORMS = 5


class FigureAnswer(BaseModel):
    """One figure in the form: confirm the reading, or key the value from the page."""

    period: date = Field(description="the period end, as listed")
    item: str = Field(description="the figure's name, as listed")
    action: Literal["confirm", "key"] = Field(description="confirm the reading, or key your own value")
    value: float | None = Field(default=None, description="the value in yuan, when you key it")


class SpreadingInput(RunInput):
    """The officer's form in the dashboard (人工录入 / 确认)."""

    employee_id: str = Field(min_length=1, description="Your employee id on the staff roster (e.g. RM0451)")
    figures: list[FigureAnswer] = Field(description="One line per figure listed above")


@trailed
@task(name="spread-figures", cache_policy=NO_CACHE)
def spread_case(
    application: Application,
    documents: list[ParsedDocument],
    validation: Validation,
    policies: Policies,
    case_folder: Path,
) -> Validation:
    """Each figure's status, with the case's ledger of people's figures applied on top."""
    spread = with_spread(validation, application, documents, read_ledger(case_folder), policies)
    if spread.spread is not None:
        get_run_logger().info(
            "figures: %d keyed, %d confirmed by a person, %d needed still waiting",
            spread.spread.count("keyed"),
            spread.spread.count("confirmed"),
            len(spread.spread.pending),
        )
    return spread


@trailed
@task(name="publish-spreading", cache_policy=NO_CACHE)
def publish_spreading(case: CaseResult, folder: Path) -> None:
    """The figures that wait, and a crop of each one's page, in the dashboard."""
    key = artifact_key(case.case_id)
    create_markdown_artifact(form_markdown(case, folder), key=f"{key}-spreading", description="Figures to spread")
    for pending in case.spreading.pending if case.spreading else []:
        crop = crop_of(folder, pending)
        if crop is not None:  # inline, so the dashboard shows it wherever the case folder lives
            data = base64.b64encode(crop.read_bytes()).decode()
            create_image_artifact(
                f"data:image/png;base64,{data}",
                key=f"{key}-crop-{crop.stem}",
                description=f"{pending.period} {pending.item}: {crop}",
            )


@task(name="record-spreading", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def record_spreading(case: CaseResult, folder: Path, answer: SpreadingInput, settings: Settings) -> int | str:
    """Append the answers to the case's ledger; how many, or the refusal (final, so returned)."""
    answers = [Answer(**a.model_dump()) for a in answer.figures]
    digests = {d.file: d.sha256 for d in case.documents}
    try:
        entries = new_entries(
            answers, case.figures, answer.employee_id, read_roster(settings.roster_path), digests, "dashboard"
        )
        record_entries(folder, entries)
    except CreditDDError as exc:
        return str(exc)
    return len(entries)


def _prefilled(case: CaseResult) -> list[FigureAnswer]:
    return [
        FigureAnswer(
            period=p.period, item=p.item, action="key" if p.figure.value is None else "confirm", value=p.figure.value
        )
        for p in (case.spreading.pending if case.spreading else [])
    ]


def await_spreading(case: CaseResult, folder: Path, settings: Settings, round_: int = 1) -> bool:
    """Pause for the officer's figures until they are recorded; ``False`` when nobody answered in time.

    A refused answer (an id not on the roster, a figure not in the case) is explained in the next form.
    """
    logger = get_run_logger()
    refusal: str | None = None
    for attempt in range(1, MAX_SPREADING_FORMS + 1):
        form = SpreadingInput.with_initial_data(
            description=form_markdown(case, folder, refusal), employee_id="", figures=_prefilled(case)
        )
        answer = ask(
            form,
            timeout=settings.spreading_timeout_seconds,
            poll_interval=settings.review_poll_seconds,
            key=f"spreading-{round_}-{attempt}",
        )
        if answer is None:
            logger.warning(
                "no figures within %ss: case %s stays needs_spreading", settings.spreading_timeout_seconds, case.case_id
            )
            return False
        recorded = record_spreading(case, folder, answer, settings)
        if isinstance(recorded, int):
            logger.info("case %s: %d figure(s) recorded by %s", case.case_id, recorded, answer.employee_id)
            return True
        refusal = recorded
        logger.warning("figures refused: %s", refusal)
    return False
