"""Outputs: the case folder, and what the dashboard shows about it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from pydantic import BaseModel

from credit_dd.analysis.analyse import Analysis
from credit_dd.case import CaseResult
from credit_dd.case import assemble_case as assemble
from credit_dd.documents.files import ParsedDocument
from credit_dd.intake.application import Intake
from credit_dd.package import freshness, rejection
from credit_dd.package.outputs import write_case
from credit_dd.policy.bundle import Policies
from credit_dd.report.dashboard import artifact_key, case_markdown, ratio_rows
from credit_dd.rules.judgement import Judgement
from credit_dd.settings import Settings
from credit_dd.validation.outcome import Validation
from tasks.trail import take_trail, trailed


@trailed
@task(name="assemble-case", cache_policy=NO_CACHE)
def assemble_case(
    accepted: Intake,
    documents: list[ParsedDocument],
    validation: Validation,
    analysis: Analysis,
    judgement: Judgement,
    policies: Policies,
    settings: Settings,
) -> CaseResult:
    """The case as every output sees it."""
    return assemble(
        accepted,
        documents,
        validation,
        analysis,
        judgement,
        policies.version,
        settings,
        flow_run_id=str(flow_run.id) if flow_run.id else None,
    )


@trailed
@task(name="find-current-case", cache_policy=NO_CACHE)
def find_current_case(application_dir: Path, case_id: str, settings: Settings) -> dict[str, Any] | None:
    """The existing case's summary when it was written from exactly these inputs (nothing to redo)."""
    summary = freshness.current_case(application_dir, case_id, settings)
    if summary is not None:
        get_run_logger().info("case %s unchanged since its last run: outputs kept, nothing recomputed", case_id)
    return summary


@trailed
@task(name="write-case-outputs", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def write_case_outputs(application_dir: Path, case: CaseResult, settings: Settings) -> Path:
    """Report, notice, summary and the approval package, written atomically."""
    audit = {
        "flow_run_id": case.flow_run_id,
        "flow_run_name": flow_run.name,
        "parameters": {
            name: value.model_dump(mode="json") if isinstance(value, BaseModel) else str(value)
            for name, value in flow_run.parameters.items()
        },
        "code_version": case.code_version,
        "policy_version": case.policy_version,
        "operator": settings.operator,
        "task_runs": take_trail(case.flow_run_id),
    }
    folder = write_case(application_dir, case, settings, audit)
    get_run_logger().info("case %s written to %s", case.case_id, folder)
    return folder


@trailed
@task(name="write-rejection", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def write_rejection(application_dir: Path, error: Exception, settings: Settings) -> Path:
    """The summary of a rejected application."""
    return rejection.write_rejection(application_dir, error, settings)


@trailed
@task(name="publish-case-artifacts", cache_policy=NO_CACHE)
def publish_case_artifacts(case: CaseResult, folder: Path) -> None:
    """Summary, ratios and a report link in the dashboard (personal data masked)."""
    key = artifact_key(case.case_id)
    create_markdown_artifact(
        case_markdown(case, folder), key=f"{key}-summary", description=f"Due diligence of {case.case_id}"
    )
    rows = ratio_rows(case)
    if rows:
        create_table_artifact(rows, key=f"{key}-ratios", description="Ratios by period")
    create_link_artifact(
        folder.resolve().joinpath("report.html").as_uri(), link_text="report.html", key=f"{key}-report"
    )
