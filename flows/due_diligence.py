"""The due-diligence flow: intake → documents → validation → analysis → report."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar, cast

from prefect import flow, unmapped
from prefect.context import TagsContext
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote
from pydantic import BaseModel

from credit_dd.analysis.watchlist import Watchlist
from credit_dd.case import CaseResult
from credit_dd.documents.files import ParsedDocument
from credit_dd.errors import CreditDDError, InputError
from credit_dd.intake.application import Intake, accept
from credit_dd.policy.bundle import Policies
from credit_dd.report.dashboard import outcome_message, run_name
from credit_dd.settings import Settings
from credit_dd.validation.outcome import Validation
from tasks.analysis import analyse_case, judge_case, load_policies, load_watchlists, validate_documents
from tasks.documents import collect_with_progress, deduplicate, forget_transient, list_documents, parse_document
from tasks.intake import intake_application
from tasks.outputs import (
    assemble_case,
    find_current_case,
    finish_run,
    publish_case_artifacts,
    write_case_outputs,
    write_rejection,
)
from tasks.review import ReviewSubject, await_review
from tasks.settings import resolved
from tasks.spreading import await_spreading, publish_spreading, spread_case

T = TypeVar("T")
MAX_SPREADING_ROUNDS = 5  # forms answered in part are asked again, this many times at most


class RunOutcome(BaseModel):
    """What a run ended with: enough for the CLI and for callers of the deployment."""

    case_id: str
    status: str
    recommendation: str | None
    folder: Path
    message: str = ""
    review: str | None = None


def as_is(value: T) -> T:
    """``value`` handed to a task as it is: Prefect does not walk it looking for futures (quote)."""
    return cast(T, quote(value))


def _run_name() -> str:
    """``dd-<case id>-<applicant>`` (personal data masked); the folder name if the form is unreadable."""
    folder = Path(str(flow_run.parameters.get("application_dir", "application")))
    try:
        accepted = accept(folder)
    except CreditDDError:
        return f"dd-{folder.name}"
    return run_name(accepted.application, accepted.case_id)


@flow(name="due-diligence", flow_run_name=_run_name, log_prints=False)
def due_diligence(application_dir: Path, settings: Settings | None = None) -> RunOutcome:
    """Run the due diligence of one application folder and write its case folder.

    Args:
        application_dir: folder holding ``application.yaml`` and ``documents/``.
        settings: output folder, watchlists, policy, language; defaults when omitted.
    """
    # The run's tags (product, industry, branch) are the flow run's, for the dashboard; its tasks do
    # not inherit them: Prefect asks the server for a concurrency slot for every tag of every task
    # run, ~20 calls an application, each retried after ~2 s when the server is busy.
    with TagsContext(current_tags=set()):
        return _diligence(application_dir, resolved(settings))


def _judge_and_write(
    application_dir: Path,
    accepted: Intake,
    documents: list[ParsedDocument],
    validation: Validation,
    watchlists: list[Watchlist],
    policies: Policies,
    settings: Settings,
) -> tuple[CaseResult, Path]:
    """Analysis, judgement and the case folder, from the validated (and spread) figures."""
    analysis = analyse_case(accepted.application, as_is(documents), as_is(validation), as_is(watchlists), policies)
    judgement = judge_case(
        accepted.application, as_is(documents), as_is(validation), as_is(analysis), as_is(watchlists), policies
    )
    case = assemble_case(
        accepted, as_is(documents), as_is(validation), as_is(analysis), as_is(judgement), policies, settings
    )
    folder = write_case_outputs(application_dir, as_is(case), settings)
    publish_case_artifacts(as_is(case), folder, settings)
    return case, folder


def _diligence(application_dir: Path, settings: Settings) -> RunOutcome:
    accepted = intake_application(application_dir)
    if isinstance(accepted, InputError):
        folder = write_rejection(application_dir, accepted, settings)
        rejected = RunOutcome(
            case_id=folder.name, status="rejected_input", recommendation=None, folder=folder, message=str(accepted)
        )
        return finish_run(rejected, rejected.status, None, rejected.message, settings)
    unchanged = find_current_case(application_dir, accepted.case_id, settings)
    if unchanged is not None:
        kept = RunOutcome(
            case_id=accepted.case_id,
            status=str(unchanged["status"]),
            recommendation=unchanged.get("recommendation"),
            folder=settings.out_dir / accepted.case_id,
            message="unchanged since the last run: its outputs are current and were kept",
        )
        return finish_run(kept, kept.status, kept.recommendation, kept.message, settings)
    files, refused = list_documents(application_dir)
    parsed = parse_document.map(
        [path for path, _ in files], [name for _, name in files], unmapped(accepted.application), unmapped(settings)
    )
    # as_is(): the parsed documents, validation, watchlists and case are large trees (every cell
    # of every statement). Prefect would walk each of them for upstream futures on every call,
    # ~0.3 s per application; they are plain values here, so there is nothing to find.
    read = collect_with_progress(parsed, accepted.case_id)
    forget_transient(files, read, accepted.application, settings)
    documents = deduplicate(as_is(read))
    policies = load_policies(settings)
    validation = validate_documents(accepted.application, as_is(documents), refused, policies)
    watchlists = load_watchlists(settings)
    case_folder = settings.out_dir / accepted.case_id
    spread = spread_case(accepted.application, as_is(documents), as_is(validation), policies, case_folder)
    case, folder = _judge_and_write(application_dir, accepted, documents, spread, watchlists, policies, settings)
    for round_ in range(1, MAX_SPREADING_ROUNDS + 1):
        if case.status != "needs_spreading":
            break
        publish_spreading(as_is(case), folder)
        if not settings.spreading_form or not await_spreading(case, folder, settings, round_):
            break
        spread = spread_case(accepted.application, as_is(documents), as_is(validation), policies, case_folder)
        case, folder = _judge_and_write(application_dir, accepted, documents, spread, watchlists, policies, settings)
    subject = ReviewSubject.of(case, folder)
    decision = await_review(subject, settings) if settings.review and case.status == "completed" else None
    outcome = RunOutcome(
        case_id=case.case_id,
        status=case.status,
        recommendation=case.opinion.recommendation,
        folder=folder,
        review=decision.decision if decision else None,
    )
    return finish_run(outcome, case.status, outcome.recommendation, outcome_message(case), settings)
