"""Outputs: the case folder, and what the dashboard shows about it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar, cast
from uuid import UUID

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.runtime import flow_run
from prefect.states import Completed
from pydantic import BaseModel

from credit_dd.analysis.analyse import Analysis
from credit_dd.case import CaseResult
from credit_dd.case import assemble_case as assemble
from credit_dd.documents.files import ParsedDocument
from credit_dd.intake.application import Intake
from credit_dd.package import freshness, rejection
from credit_dd.package.outputs import write_case
from credit_dd.policy.bundle import Policies
from credit_dd.report.dashboard import (
    artifact_key,
    case_markdown,
    outcome_key,
    outcome_message,
    outcome_name,
    ratio_rows,
    report_url,
)
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
    flow_run_id = str(flow_run.id) if flow_run.id else None
    return assemble(accepted, documents, validation, analysis, judgement, policies, settings, flow_run_id)


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
def publish_case_artifacts(case: CaseResult, folder: Path, settings: Settings) -> None:
    """The conclusion with its key figures, the ratios and a link to the report over http, in the
    report's language (personal data masked)."""
    key = artifact_key(case.case_id)
    create_markdown_artifact(
        case_markdown(case, folder, settings.report_base_url),
        key=f"{key}-summary",
        description=outcome_message(case),
    )
    rows = ratio_rows(case)
    if rows:
        create_table_artifact(rows, key=f"{key}-ratios", description=f"{case.case_id} ratios by period")
    if url := report_url(settings.report_base_url, case.case_id):
        create_link_artifact(url, link_text=f"{case.case_id}/report.html", key=f"{key}-report")


T = TypeVar("T")


def finish_run(result: T, status: str, recommendation: str | None, message: str, settings: Settings) -> T:
    """The run ends in a Completed state named for its outcome (同意 / 不同意 / 待补充资料 …) with
    ``message``, and carries the tag ``outcome:<key>``: ops see the outcome in the run list, not a
    green "Completed" for every case. Returned as the flow's value: the caller still gets ``result``."""
    key = outcome_key(status, recommendation)
    if flow_run.id:
        with get_client(sync_client=True) as client:
            run = client.read_flow_run(UUID(str(flow_run.id)))  # its tags now (the arrival adds some)
            tags = [t for t in run.tags if not t.startswith("outcome:")] + [f"outcome:{key}"]
            client.update_flow_run(run.id, tags=tags)
        if run.state is not None and run.state.is_paused():  # a review nobody answered: the server ends
            return result  # it as any timed-out pause; the caller still gets the result
    return cast(T, Completed(name=outcome_name(key, settings.lang), message=message, data=result))
