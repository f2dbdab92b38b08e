"""``credit-dd serve``: the deployments, their trigger and schedules, and the inbox watcher.

Two set-ups:

* served (default): this process serves all three deployments and runs their flows itself;
* work pool (``--pool NAME``): ``due-diligence`` is deployed to a process work pool, so every
  application runs on whichever ``prefect worker`` is free (add workers, on more machines, for
  throughput); this process serves the sweep and the monitoring schedules and fans out to the pool.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from pathlib import Path
from typing import Any

from prefect import Flow, serve
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate, WorkPoolUpdate
from prefect.deployments import run_deployment
from prefect.deployments.runner import RunnerDeployment
from prefect.events import DeploymentEventTrigger
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

import flows.operations
from credit_dd.masking import printable
from credit_dd.operations.inbox import Inbox, InboxWatcher, mark_announced
from credit_dd.settings import Settings
from flows.operations import WARM_TAG, inbox_sweep, portfolio_monitoring, process_application
from tasks.operations import RECEIVED_EVENT, emit_received

# Where the flows' source is, for a work pool's process workers to load it from (the same checkout).
CHECKOUT = Path(flows.operations.__file__).resolve().parents[1]

logger = logging.getLogger("credit_dd.serve")


def deployment_parameters(settings: Settings) -> dict[str, Any]:
    """Settings as deployment parameters: never the signing key (runs read it from the
    environment or the Secret block), so it is not stored in the Prefect database."""
    return {"settings": settings.model_dump(mode="json", exclude={"signing_key"})}


def arrival_trigger() -> DeploymentEventTrigger:
    """One due-diligence run per ``credit-dd.application.received`` event."""
    return DeploymentEventTrigger(
        name="application-received",
        expect={RECEIVED_EVENT},
        match={"prefect.resource.id": "credit-dd.application.*"},
        parameters={"application_dir": "{{ event.payload.application_dir }}"},
    )


def catch_up(delay: float = 5.0) -> None:
    """One sweep right after start: what arrived, or was interrupted, while nothing was serving."""
    time.sleep(delay)
    try:
        run_deployment("inbox-sweep/inbox-sweep", timeout=0)
    except Exception as exc:  # the schedule will sweep anyway
        logger.warning("catch-up sweep not started: %s", exc)


def watch_inbox(inbox: Inbox, stop: threading.Event, interval: float = 2.0) -> None:
    """Emit the arrival event for applications dropped into the inbox by other means."""
    catch_up()
    watcher = InboxWatcher(inbox)
    while not stop.wait(interval):
        try:
            ready = watcher.scan()
        except OSError as exc:  # a folder moved away while being looked at: next scan
            logger.warning("inbox scan: %s", exc)
            continue
        for folder in ready:
            try:
                emit_received(folder)
                mark_announced(folder)
            except Exception as exc:  # one odd folder never stops the watcher: the sweep sets it aside
                logger.warning("arrival of %s not announced: %s", printable(folder.name), printable(str(exc)))
                continue
            logger.info("arrival announced: %s", printable(folder.name))


def ensure_work_pool(name: str, concurrency: int | None) -> None:
    """A process work pool, created when missing (a worker may have made it first), with the
    pool-wide limit on concurrent runs."""
    with get_client(sync_client=True) as client:
        try:
            client.create_work_pool(WorkPoolCreate(name=name, type="process", concurrency_limit=concurrency))
        except ObjectAlreadyExists:
            client.update_work_pool(name, WorkPoolUpdate(concurrency_limit=concurrency))


def warm_concurrency(limit: int | None) -> None:
    """The cap on applications at once over all task workers (as the pool's is over process
    workers): the global concurrency limit ``tag:<the warm task's tag>``, which Prefect's task engine
    takes a slot of before each run; none without a limit."""
    name = f"tag:{WARM_TAG}"
    with get_client(sync_client=True) as client:
        if limit is None:
            with contextlib.suppress(ObjectNotFound):
                client.delete_global_concurrency_limit_by_name(name)
        else:
            client.upsert_global_concurrency_limit_by_name(name, limit)


def run(
    settings: Settings,
    sweep_cron: str,
    monitoring_cron: str,
    pool: str | None,
    limit: int,
    pool_concurrency: int | None,
    watch: bool = True,
    warm_workers: bool = False,
) -> None:
    """Serve until interrupted."""
    inbox = Inbox(settings.inbox_dir).create()
    parameters = deployment_parameters(settings)
    if warm_workers:
        warm_concurrency(pool_concurrency)
    sweep = inbox_sweep.to_deployment(
        name="inbox-sweep",
        cron=sweep_cron,
        parameters={**parameters, "fan_out_to_workers": True, "warm_workers": warm_workers},
        description="Processes every application waiting in the inbox that the arrival trigger missed.",
    )
    monitoring = portfolio_monitoring.to_deployment(
        name="portfolio-monitoring",
        cron=monitoring_cron,
        parameters=parameters,
        description="Post-loan monitoring of approved cases: follow-up documents and watchlist re-screening.",
    )
    served: list[RunnerDeployment] = [d for d in (sweep, monitoring) if isinstance(d, RunnerDeployment)]
    if pool:
        ensure_work_pool(pool, pool_concurrency)
        remote = process_application.from_source(
            source=str(CHECKOUT), entrypoint="flows/operations.py:process_application"
        )
        assert isinstance(remote, Flow)  # loaded from sync code
        remote.deploy(
            name="due-diligence",
            work_pool_name=pool,
            parameters=parameters,
            triggers=[arrival_trigger()],
            concurrency_limit=pool_concurrency,
            build=False,
            push=False,
            print_next_steps=False,
        )
    else:
        local = process_application.to_deployment(
            name="due-diligence",
            parameters=parameters,
            triggers=[arrival_trigger()],
            description="Due diligence of one application, started by its arrival event.",
        )
        assert isinstance(local, RunnerDeployment)  # built from sync code
        served.append(local)
    stop = threading.Event()
    if watch:
        threading.Thread(target=watch_inbox, args=(inbox, stop), name="inbox-watcher", daemon=True).start()
    try:
        serve(*served, limit=max(limit, 2), print_starting_message=True)
    finally:
        stop.set()
        time.sleep(0)
