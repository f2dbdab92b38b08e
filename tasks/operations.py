"""Operations tasks: the case store, the inbox, arrival events and post-loan monitoring."""

from __future__ import annotations

import hashlib
import json
import time
from functools import lru_cache
from pathlib import Path
from typing import Any
from uuid import UUID

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.events import emit_event
from prefect.runtime import flow_run
from pydantic import BaseModel

from credit_dd.analysis.watchlist import read_watchlists
from credit_dd.errors import InputError
from credit_dd.intake.application import accept, case_id_for
from credit_dd.masking import printable
from credit_dd.operations import inbox
from credit_dd.operations.monitoring import follow_up_of
from credit_dd.operations.store import CaseStore, CaseView, Status
from credit_dd.package import freshness
from credit_dd.package.decisions import ReviewDecision, record_sha256
from credit_dd.package.freshness import fingerprint
from credit_dd.policy.data import read_policy
from credit_dd.policy.monitoring import read_monitoring_policy
from credit_dd.report.dashboard import artifact_key, display_name, run_tags
from credit_dd.rules.monitoring import Baseline, EarlyWarning, compare, rescreen
from credit_dd.settings import Settings
from tasks.documents import read_one

RECEIVED_EVENT = "credit-dd.application.received"
WARNING_EVENT = "credit-dd.monitoring.warning"
DUE_DILIGENCE_DEPLOYMENT = "process-application/due-diligence"


@lru_cache(maxsize=8)
def case_store(url: str) -> CaseStore:
    """One store (engine and connection pool) per database URL per process."""
    return CaseStore(url)


def emit_received(folder: Path) -> None:
    """The arrival event the due-diligence deployment is triggered by."""
    emit_event(
        event=RECEIVED_EVENT,
        resource={"prefect.resource.id": f"credit-dd.application.{folder.name}"},
        payload={"application_dir": str(folder.resolve())},
    )


class Arrival(BaseModel):
    """An application found in the inbox, registered in the store."""

    case_id: str
    outcome: str  # new_case | new_revision | duplicate | rejected
    status: str
    revision: int = 0
    reason: str | None = None
    applicant: str = ""
    maker: str = ""
    maker_id: str | None = None
    tags: list[str] = []


@task(name="register-arrival", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def register_arrival(folder: Path, settings: Settings) -> Arrival:
    """Read the form, fingerprint the application and record it: new case, new revision or duplicate.

    A form that cannot be read is registered under the folder's name as ``rejected``."""
    store = case_store(settings.case_store_url)
    try:
        accepted = accept(folder)
    except InputError as exc:
        case_id = case_id_for(folder.name)
        store.register(case_id, hashlib.sha256(str(exc).encode()).hexdigest(), str(folder))
        return Arrival(case_id=case_id, outcome="rejected", status="failed", reason=str(exc))
    registration = store.register(
        accepted.case_id, fingerprint(folder), str(folder), product=accepted.application.product
    )
    if flow_run.id:
        with get_client(sync_client=True) as client:
            client.update_flow_run(UUID(str(flow_run.id)), tags=run_tags(accepted.application))
    get_run_logger().info(
        "case %s: %s (revision %d, status %s)",
        accepted.case_id,
        registration.outcome,
        registration.revision,
        registration.status,
    )
    return Arrival(
        case_id=accepted.case_id,
        outcome=registration.outcome,
        status=registration.status,
        reason=registration.reason,
        revision=registration.revision,
        applicant=display_name(accepted.application),
        maker=accepted.application.relationship_manager.name,
        maker_id=accepted.application.relationship_manager.employee_id,
        tags=run_tags(accepted.application),
    )


@task(name="claim-case", cache_policy=NO_CACHE)
def claim_case(case_id: str, settings: Settings) -> bool:
    """Take the case; False when another run holds it or it is already done."""
    claimed = case_store(settings.case_store_url).claim(case_id)
    if not claimed:
        get_run_logger().info("case %s is being processed elsewhere or is done; not run again", case_id)
    return claimed


@task(name="finish-case", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def finish_case(
    case_id: str, status: Status, settings: Settings, reason: str | None = None, folder: Path | None = None
) -> None:
    """Record where the case ended; a completed case keeps its monitoring baseline and screening mark."""
    store = case_store(settings.case_store_url)
    detail: dict[str, Any] = {"folder": str(folder)} if folder else {}
    baseline = folder / "baseline.json" if folder else None
    store.finish(
        case_id,
        status,
        reason=reason,
        baseline=json.loads(baseline.read_text(encoding="utf-8")) if baseline and baseline.exists() else None,
        **detail,
    )
    if status == "awaiting_review":
        store.record(case_id, "screened", lists=freshness.watchlists_digest(settings))


@task(name="record-decision", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def store_decision(case_id: str, decision: ReviewDecision, settings: Settings) -> None:
    """The case store moves on with the decision, naming its record (so a record removed from the
    package's log later is found by ``verify``)."""
    case_store(settings.case_store_url).decide(
        case_id,
        decision.case_status,
        decision.decision,
        decision.reviewer,
        reason=decision.comment,
        decision_sha256=record_sha256(decision.model_dump(mode="json")),
        manifest_sha256=decision.manifest_sha256,
    )


@task(name="archive-application", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def archive_application(folder: Path, settings: Settings) -> Path:
    target = inbox.archive(folder, inbox.Inbox(settings.inbox_dir))
    get_run_logger().info("archived %s", printable(target.name))
    return target


@task(name="quarantine-application", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def quarantine_application(folder: Path, reason: str, settings: Settings) -> Path:
    target = inbox.quarantine(folder, inbox.Inbox(settings.inbox_dir), reason)
    get_run_logger().warning("quarantined %s: %s", printable(target.name), printable(reason))
    return target


@task(name="set-aside", cache_policy=NO_CACHE)
def set_aside(folder: Path, error: Exception, settings: Settings) -> str:
    """An application whose processing failed outright: quarantined with the reason (when it is still
    in the inbox), so the next sweep does not trip on it again."""
    reason = f"could not be processed: {type(error).__name__}: {printable(str(error))}"
    get_run_logger().error("%s: %s", printable(folder.name), reason)
    if folder.is_dir() and folder.parent.resolve() == inbox.Inbox(settings.inbox_dir).incoming.resolve():
        inbox.quarantine(folder, inbox.Inbox(settings.inbox_dir), reason)
        return f"quarantined: {reason}"
    return f"failed: {reason}"


def _case_id_of(folder: Path) -> str | None:
    try:
        return accept(folder).case_id
    except InputError:
        return None


@task(name="list-inbox", cache_policy=NO_CACHE)
def list_inbox(settings: Settings, grace_seconds: float = 600) -> list[Path]:
    """Release claims of processes that died, then list what the arrival trigger has not taken care of:
    folders never announced, announced more than ``grace_seconds`` ago, or whose run died."""
    released = set(case_store(settings.case_store_url).release_dead_claims())
    if released:
        get_run_logger().warning("released claims of dead processes: %s", ", ".join(sorted(released)))
    waiting = [
        folder
        for folder in inbox.pending(inbox.Inbox(settings.inbox_dir))
        if not inbox.announced_within(folder, grace_seconds) or _case_id_of(folder) in released
    ]
    get_run_logger().info("%d application(s) for the sweep", len(waiting))
    return waiting


@task(name="fan-out", cache_policy=NO_CACHE)
def fan_out(folders: list[Path], settings: Settings, wait_seconds: float) -> dict[str, str]:
    """Start one due-diligence run per application on the work pool; wait for them to end. Each
    application's result is its run's final state message (the case's result line) or state name."""
    parameters = settings.model_dump(mode="json", exclude={"signing_key"})
    started: dict[str, UUID] = {}
    for folder in folders:
        run = run_deployment(
            DUE_DILIGENCE_DEPLOYMENT,
            parameters={"application_dir": str(folder), "settings": parameters},
            timeout=0,
            as_subflow=False,
        )
        assert isinstance(run, FlowRun)  # called from sync code, so not a coroutine
        started[str(folder)] = run.id
    names = {run_id: name for name, run_id in started.items()}
    states: dict[str, str] = {}
    deadline = time.monotonic() + wait_seconds
    with get_client(sync_client=True) as client:
        # One query for all the runs, every 2 s: the server's time belongs to the runs themselves.
        while len(states) < len(started) and time.monotonic() < deadline:
            waiting = [run_id for run_id, name in names.items() if name not in states]
            found = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=waiting)), limit=len(waiting)
            )
            for run in found:
                if run.state and run.state.is_final():
                    states[names[run.id]] = run.state.message or run.state.name or run.state.type.value
            if len(states) < len(started):
                time.sleep(2)
    return {name: states.get(name, f"{Path(name).name}: still running") for name in started}


@task(name="monitor-case", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def monitor_case(case: CaseView, settings: Settings) -> list[EarlyWarning]:
    """Compare new follow-up documents with the baseline; re-screen if a list changed."""
    if not case.baseline:
        return []
    baseline = Baseline.model_validate(case.baseline)
    store = case_store(settings.case_store_url)
    folder = inbox.Inbox(settings.inbox_dir).monitoring / case.case_id
    warnings: list[EarlyWarning] = []
    files = sorted(p for p in folder.glob("*") if p.is_file() and not p.is_symlink()) if folder.is_dir() else []
    if files:
        names = [printable(path.name) for path in files]  # shown escaped, like every file name
        documents = [
            read_one(path, name, None, baseline.currency, settings) for path, name in zip(files, names, strict=True)
        ]
        follow_up = follow_up_of(documents, baseline.currency)
        warnings += compare(baseline, follow_up, read_monitoring_policy(settings.monitoring_policy_path))
        processed = inbox.move_aside(folder, folder.parent / ".processed")
        store.record(case.case_id, "follow_up", files=names, period=follow_up.period or "")
        get_run_logger().info("case %s: follow-up %s read, kept in %s", case.case_id, follow_up.files, processed)
    lists = freshness.watchlists_digest(settings)
    if case.screened_lists != lists:
        threshold = read_policy(settings.policy_path).analysis.watchlist_match
        warnings += rescreen(baseline, read_watchlists(settings.watchlists), threshold)
        store.record(case.case_id, "screened", lists=lists)
    for warning in warnings:
        store.record(
            case.case_id, "early_warning", code=warning.code, severity=warning.severity, message=warning.message
        )
        emit_event(
            event=WARNING_EVENT,
            resource={"prefect.resource.id": f"credit-dd.case.{case.case_id}"},
            payload={"code": warning.code, "severity": warning.severity, "message": warning.message},
        )
        get_run_logger().warning("case %s: %s %s", case.case_id, warning.code, warning.message)
    if warnings:
        create_markdown_artifact(
            "\n".join(
                [f"# Early warnings: {case.case_id}", "", "| severity | code | warning |", "|---|---|---|"]
                + [f"| {w.severity} | {w.code} | {w.message} |" for w in warnings]
            ),
            key=f"{artifact_key(case.case_id)}-early-warnings",
            description=f"Post-loan monitoring of {case.case_id}",
        )
    return warnings


@task(name="approved-cases", cache_policy=NO_CACHE)
def approved_cases(settings: Settings) -> list[CaseView]:
    return case_store(settings.case_store_url).cases(status="approved")
