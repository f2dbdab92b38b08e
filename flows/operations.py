"""Operations flows: one application from the inbox, the inbox sweep, post-loan monitoring."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, tags, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import wait
from prefect.runtime import flow_run
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from pydantic import BaseModel

from credit_dd.masking import printable
from credit_dd.package.outputs import main_file
from credit_dd.policy.lifecycle import Status
from credit_dd.report.dashboard import process_run_name
from credit_dd.settings import Settings
from flows.due_diligence import due_diligence
from tasks.operations import (
    approved_cases,
    archive_application,
    claim_case,
    fan_out,
    finish_case,
    list_inbox,
    monitor_case,
    quarantine_application,
    register_arrival,
    set_aside,
    store_decision,
)
from tasks.outputs import finish_run
from tasks.review import ReviewSubject, await_review

STATUS_OF: dict[str, Status] = {
    "completed": "awaiting_review",
    "needs_documents": "needs_documents",
    "needs_spreading": "needs_spreading",
}


class ProcessOutcome(BaseModel):
    """What became of one application folder."""

    case_id: str | None
    action: str  # processed | duplicate | rejected | busy | gone
    status: str | None
    where: Path | None = None
    recommendation: str | None = None
    report: Path | None = None  # the case folder's report (or notice), when the due diligence ran

    def outcome(self) -> tuple[str, str | None]:
        """(status, recommendation) the run is named for: a processed case's, else what was done."""
        if self.action != "processed":
            return self.action, None
        return ("completed", self.recommendation) if self.recommendation else (self.status or self.action, None)

    def line(self, folder_name: str) -> str:
        """The case's result line, as ``credit-dd run`` prints it: ``APP-…: decline (awaiting_review) → …``;
        what was done instead (``APP-…: duplicate (approved)``) when the case was not run."""
        who = self.case_id or folder_name
        if self.action != "processed":
            return f"{who}: {self.action} ({self.status or 'unknown'})"
        where = f" → {self.report}" if self.report else ""
        return f"{who}: {self.recommendation or self.status} ({self.status}){where}"


def _process_name() -> str:
    """``inbox-<case id>-<applicant>`` (personal data masked); the folder's name if the form is unreadable."""
    folder = Path(str(flow_run.parameters.get("application_dir", "application")))
    return process_run_name(folder)


@flow(name="process-application", flow_run_name=_process_name)
def process_application(application_dir: str, settings: Settings | None = None) -> ProcessOutcome:
    """Take one application from the inbox through due diligence, exactly once.

    Registers it (a duplicate of a case already processed is archived, not run again), claims
    the case, runs the due diligence, records the status, and moves the folder to the archive
    (or, when it cannot be processed, to the quarantine with the reason beside it). The run ends
    named for its outcome (approve, refer, decline, needs documents …).

    Args:
        application_dir: the application's folder in the inbox.
        settings: output folder, case store, language, review; defaults when omitted.
    """
    settings = settings or Settings()
    outcome = _process(application_dir, settings)
    status, recommendation = outcome.outcome()
    return finish_run(outcome, status, recommendation, outcome.line(Path(application_dir).name), settings)


def _process(application_dir: str, settings: Settings) -> ProcessOutcome:
    folder = Path(application_dir)
    if not folder.is_dir():  # another run took it first and archived it
        return ProcessOutcome(case_id=None, action="gone", status=None)
    arrival = register_arrival(folder, settings)
    if arrival.outcome == "refused":  # a changed application for a case that is final
        where = quarantine_application(folder, arrival.reason or "refused", settings)
        return ProcessOutcome(case_id=arrival.case_id, action="rejected", status=arrival.status, where=where)
    if arrival.outcome == "rejected":
        finish_case(arrival.case_id, "failed", settings, reason=arrival.reason)
        where = quarantine_application(folder, arrival.reason or "rejected", settings)
        return ProcessOutcome(case_id=arrival.case_id, action="rejected", status="failed", where=where)
    if arrival.outcome == "duplicate" and arrival.status not in ("received", "failed"):
        if arrival.status == "in_progress":
            return ProcessOutcome(case_id=arrival.case_id, action="busy", status=arrival.status)
        where = archive_application(folder, settings)
        return ProcessOutcome(case_id=arrival.case_id, action="duplicate", status=arrival.status, where=where)
    if not claim_case(arrival.case_id, settings):
        return ProcessOutcome(case_id=arrival.case_id, action="busy", status=arrival.status)
    try:
        with tags(*arrival.tags):
            outcome = due_diligence(application_dir=folder, settings=settings.model_copy(update={"review": False}))
    except Exception as exc:
        reason = f"due diligence failed: {type(exc).__name__}: {exc}"
        finish_case(arrival.case_id, "failed", settings, reason=reason)
        quarantine_application(folder, reason, settings)
        raise
    status: Status = STATUS_OF.get(outcome.status, "failed")
    finish_case(arrival.case_id, status, settings, reason=outcome.message or None, folder=outcome.folder)
    where = archive_application(folder, settings)
    result = {"recommendation": outcome.recommendation, "report": main_file(outcome.folder, outcome.status)}
    if settings.review and status == "awaiting_review":
        subject = ReviewSubject(
            case_id=arrival.case_id,
            applicant=arrival.applicant,
            recommendation=outcome.recommendation,
            maker=arrival.maker,
            maker_id=arrival.maker_id,
            folder=outcome.folder,
        )
        decision = await_review(subject, settings)
        if decision is not None:
            store_decision(arrival.case_id, decision, settings)
            status = decision.case_status
    return ProcessOutcome(case_id=arrival.case_id, action="processed", status=status, where=where, **result)


WARM_TAG = "credit-dd-warm-worker"  # its concurrency limit caps applications at once on all task workers


@task(name="application-on-a-warm-worker", cache_policy=NO_CACHE, tags=[WARM_TAG])
def application_on_a_warm_worker(application_dir: str, settings: Settings) -> ProcessOutcome:
    """One application, run by a task worker (``credit-dd worker``): the whole process-application
    flow, in the worker's long-lived process, which imported the readers, Great Expectations and
    WeasyPrint once. Its flow runs, task runs, logs and artifacts are in the dashboard as ever.

    Without flow-run heartbeats: at its end a flow waits up to a second for its heartbeat thread
    to notice (two flows an application: about 1 s of a 7 s application, idle). Nothing here acts
    on heartbeats; a worker that dies is found by its claim, which the next sweep releases."""
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return process_application(application_dir=application_dir, settings=settings)


def _on_warm_workers(folders: list[Path], settings: Settings, wait_seconds: float) -> dict[str, str]:
    """Hand each application to the task workers; wait for them all to end (or the deadline); each
    case's result line (the state's name when its result cannot be read)."""
    # Prefect keeps a background task's parameters in its result storage: never the signing key
    # there (each worker reads its own from the environment or the Secret block).
    keyless = settings.model_copy(update={"signing_key": None})
    futures = {folder.name: application_on_a_warm_worker.delay(str(folder), keyless) for folder in folders}
    wait(list(futures.values()), timeout=wait_seconds)
    results = {}
    for name, future in futures.items():
        state = future.state
        if not state.is_final():
            results[name] = f"{name}: still running"
        elif state.is_completed() and isinstance(outcome := future.result(), ProcessOutcome):
            results[name] = outcome.line(name)
        else:
            results[name] = f"{name}: {state.name or state.type.value}"
    return results


class SweepOutcome(BaseModel):
    found: int
    results: dict[str, str]


@flow(name="inbox-sweep")
def inbox_sweep(
    settings: Settings | None = None,
    fan_out_to_workers: bool = False,
    wait_seconds: float = 3600,
    warm_workers: bool = False,
) -> SweepOutcome:
    """Process every application waiting in the inbox (anything the arrival trigger missed).

    With ``warm_workers`` each application goes to whichever task worker (``credit-dd worker``)
    is free; with ``fan_out_to_workers`` each becomes its own run of the due-diligence deployment,
    picked up by a process worker of the work pool; otherwise they run here, one by one.
    """
    settings = settings or Settings()
    waiting = list_inbox(settings)
    if warm_workers:
        return SweepOutcome(found=len(waiting), results=_on_warm_workers(waiting, settings, wait_seconds))
    if fan_out_to_workers:
        return SweepOutcome(found=len(waiting), results=fan_out(waiting, settings, wait_seconds))
    results = {printable(folder.name): _isolated(folder, settings) for folder in waiting}
    return SweepOutcome(found=len(waiting), results=results)


def _isolated(folder: Path, settings: Settings) -> str:
    """One application of a sweep: whatever it does, the sweep goes on with the next (a folder that
    fails in a way nobody foresaw is quarantined with the reason, never retried forever)."""
    try:
        outcome = process_application(application_dir=str(folder), settings=settings)
    except Exception as exc:
        return set_aside(folder, exc, settings)
    return outcome.line(printable(folder.name))


@flow(name="portfolio-monitoring")
def portfolio_monitoring(settings: Settings | None = None) -> dict[str, list[str]]:
    """贷后检查: every approved case against its baseline, and re-screened when a list changed."""
    settings = settings or Settings()
    warnings: dict[str, list[str]] = {}
    for case in approved_cases(settings):
        found = monitor_case(case, settings)
        if found:
            warnings[case.case_id] = [w.code for w in found]
    return warnings
