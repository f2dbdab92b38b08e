"""``credit-dd``: run one application, the demo, and (later) serve, review and verify.

Exit codes: 0 when a case completed or ended as ``needs_documents``; 2 when the input itself
is rejected (one line naming the field or file at fault); 1 on an internal error. No
traceback is ever printed to the user. ``review`` and ``verify`` (``cli/review.py``) keep the
same meanings: 2 with the reason on stderr when there is nothing to act on or the step is
refused; ``verify`` exits 1 for a package it examined and could not verify.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from cli.review import add_commands as review_commands
from cli.runs import GOVERNANCE_HELP, describe, run_flow, settings_of, unchanged, use_embedded_api
from cli.spread import add_command as spread_command
from cli.spread import spreading_hints
from credit_dd.errors import CreditDDError, InputError
from credit_dd.intake.application import accept
from credit_dd.package.rejection import write_rejection
from credit_dd.package.signing import signing_key_from_env
from credit_dd.policy.lifecycle import Status
from credit_dd.settings import REPORT_BASE_URL_ENV, Settings, report_base_url_from_env, roster_from_env

SAMPLES = Path("data") / "samples"  # the checkout's sample applications (the demo runs from its root)


def command_run(args: argparse.Namespace) -> int:
    application_dir = Path(args.application_dir)
    settings = settings_of(args)
    if settings.out_dir.resolve().is_relative_to(application_dir.resolve()):
        # Case folders inside the application would be read back as its documents on the next run.
        print(
            f"credit-dd: rejected: --out {args.out} is inside the application folder; write it elsewhere",
            file=sys.stderr,
        )
        return 2
    try:  # a bad form is answered at once, before any orchestration starts
        accepted = accept(application_dir)
    except InputError as exc:
        if application_dir.is_dir():
            write_rejection(application_dir, exc, settings)
        print(f"credit-dd: rejected: {exc}", file=sys.stderr)
        return 2
    if (kept := unchanged(application_dir, accepted.case_id, settings)) is not None:
        print(f"{accepted.case_id}: {kept}")
        return 0
    outcome = run_flow(application_dir, settings)
    if outcome.status == "rejected_input":
        print(f"credit-dd: rejected: {outcome.message}", file=sys.stderr)
        return 2
    print(describe(outcome.case_id, outcome))
    return 0


def command_demo(args: argparse.Namespace) -> int:
    if not args.samples.is_dir():
        print(
            f"credit-dd: {args.samples}: no sample applications here (run the demo from the checkout)", file=sys.stderr
        )
        return 2
    samples = sorted(p for p in args.samples.iterdir() if (p / "application.yaml").is_file())
    settings = settings_of(args)
    lines, cases = [], []
    for sample in samples:
        case_id = accept(sample).case_id
        kept = unchanged(sample, case_id, settings)
        lines.append(f"{sample.name}: {kept}" if kept else describe(sample.name, run_flow(sample, settings)))
        cases.append(settings.out_dir / case_id)
    print("\n".join(["", "credit-dd demo: one line per sample application", *lines, *spreading_hints(cases)]))
    return 0


def command_close(args: argparse.Namespace) -> int:
    from credit_dd.package.staff import read_roster

    person = read_roster(args.roster).person(args.by)
    store = _store_for(args)
    store.close(args.case_id, person.employee_id, args.reason)
    print(f"{args.case_id}: closed by {person.label} ({args.reason})")
    return 0


def command_retention(args: argparse.Namespace) -> int:
    from credit_dd.operations.retention import apply, due
    from credit_dd.policy.data import read_governance

    settings = _ops_settings(args)
    store = _store_for(args)
    items = due(settings.out_dir, store, read_governance().retention)
    for item in items:
        print(f"{'removing' if args.apply else 'due'}: {item.describe()}")
    if args.apply:
        from credit_dd.package.signing import system_signer

        removed = apply(items, store, getpass.getuser(), system_signer(signing_key_from_env()))
        print(f"{len(removed)} removed, each recorded in the case's event log")
    else:
        print(f"{len(items)} due for removal (run with --apply to remove them)")
    return 0


def _store_for(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from credit_dd.operations.store import CaseStore

    return CaseStore(_ops_settings(args).case_store_url)


def _ops_settings(args: argparse.Namespace) -> Settings:
    """The service's settings, resolved as for ``run``: the roster and governance from the options
    or the environment, the signing key from the environment (the Secret block in a run)."""
    return Settings(
        out_dir=args.out,
        inbox_dir=args.inbox,
        store_url=args.store,
        lang=args.lang,
        review=getattr(args, "review", False),
        render_pdf=not getattr(args, "no_pdf", False),
        signing_key=signing_key_from_env(),
        operator=getpass.getuser(),
        report_base_url=getattr(args, "report_base_url", None) or report_base_url_from_env(),
        roster_path=getattr(args, "roster", None) or roster_from_env(),
        governance_path=getattr(args, "governance", None),
    )


def _needs_server(command: str) -> None:
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        raise CreditDDError(
            f"{command} needs a Prefect server: start one with `prefect server start` and set PREFECT_API_URL "
            "(e.g. export PREFECT_API_URL=http://127.0.0.1:4200/api)"
        )


def command_submit(args: argparse.Namespace) -> int:
    from credit_dd.operations.inbox import Inbox, submit

    settings = _ops_settings(args)
    folder, new = submit(Path(args.application_dir), Inbox(settings.inbox_dir))
    if not new:
        print(f"already in the inbox: {folder}")
        return 0
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        from credit_dd.operations.inbox import mark_announced
        from tasks.operations import emit_received

        emit_received(folder)
        _deliver_events(timeout=30)  # delivered before the command returns
        mark_announced(folder)
        print(f"submitted: {folder} (arrival event emitted)")
    else:
        print(f"submitted: {folder} (no PREFECT_API_URL: the next inbox sweep will pick it up)")
    return 0


def _deliver_events(timeout: float) -> None:
    """Wait until the events emitted have left the queue, then stop the events worker: the event is
    delivered before the command returns. Stopping it with an event still queued made Prefect warn
    "EventsWorker - Still processing items". The queue is watched, not joined: Prefect's worker does
    not mark every item done (a sweep left 49 of them), so ``Queue.join`` waited out its timeout."""
    import time

    from prefect.events.worker import EventsWorker

    workers = list(EventsWorker._instances.values())  # type: ignore[misc]  # running ones; instance() starts one
    deadline = time.monotonic() + timeout
    while any(w._queue.qsize() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    if workers:
        EventsWorker.drain_all(timeout=timeout)


def command_serve(args: argparse.Namespace) -> int:
    from cli.serve import run

    _needs_server("credit-dd serve")
    run(
        # Served, a case that needs spreading pauses for the figures in the dashboard.
        _ops_settings(args).model_copy(
            update={
                "document_workers": args.document_workers,
                "review_poll_seconds": args.review_poll_seconds,
                "spreading_form": True,
            }
        ),
        sweep_cron=args.sweep_cron,
        monitoring_cron=args.monitoring_cron,
        pool=args.pool,
        limit=args.limit,
        pool_concurrency=args.pool_concurrency,
        watch=not args.no_watch,
        warm_workers=args.warm_workers,
    )
    return 0


def command_worker(args: argparse.Namespace) -> int:
    """A task worker: runs the applications the sweep hands out, in this one long-lived process."""
    _needs_server("credit-dd worker")
    from prefect.task_worker import serve

    from credit_dd.report import render as report
    from credit_dd.validation import quality
    from flows.operations import application_on_a_warm_worker

    quality.warm_up()  # once, not once per application
    report.warm_up()
    print(f"credit-dd worker: ready for up to {args.limit} application(s) at once", flush=True)
    serve(application_on_a_warm_worker, limit=args.limit)
    return 0


def command_sweep(args: argparse.Namespace) -> int:
    if args.fan_out or args.warm_workers:
        _needs_server("credit-dd sweep --fan-out" if args.fan_out else "credit-dd sweep --warm-workers")
    api = use_embedded_api()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.operations import inbox_sweep

    if api is not None:
        api.wait_until_healthy()
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        outcome = inbox_sweep(
            settings=_ops_settings(args).model_copy(update={"document_workers": args.document_workers}),
            fan_out_to_workers=args.fan_out,
            warm_workers=args.warm_workers,
        )
    print(f"{outcome.found} application(s) in the inbox")
    for line in outcome.results.values():
        print(f"  {line}")
    return 0


def command_monitor(args: argparse.Namespace) -> int:
    api = use_embedded_api()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.operations import portfolio_monitoring

    if api is not None:
        api.wait_until_healthy()

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        warnings = portfolio_monitoring(settings=_ops_settings(args))
    for case_id, codes in warnings.items():
        print(f"{case_id}: {', '.join(codes)}")
    print(f"{len(warnings)} case(s) with early warnings")
    return 0


def command_cases(args: argparse.Namespace) -> int:
    from cli.cases import case_lines, event_lines

    store = _store_for(args)
    lines = event_lines(store, args.case_id) if args.case_id else case_lines(store, args.out, args.status)
    print("\n".join(lines))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="credit-dd", description="Credit due-diligence pipeline.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the due diligence of one application folder")
    run.add_argument("application_dir", help="the application folder (application.yaml and documents/)")
    demo = sub.add_parser("demo", help="run every sample application in data/samples/")
    demo.add_argument("--samples", type=Path, default=SAMPLES, help="the folder of sample applications")
    for command in (run, demo):
        command.add_argument("--out", type=Path, default=Path("out"), help="where case folders go (default: out/)")
        command.add_argument(
            "--watchlist",
            action="append",
            default=[],
            metavar="PATH",
            help="a watchlist CSV screened besides the internal list; repeatable",
        )
        command.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language (default: zh)")
        command.add_argument("--no-pdf", action="store_true", help="skip report.pdf")
        command.add_argument("--governance", type=Path, help=GOVERNANCE_HELP)
        command.add_argument(
            "--verbose", action="store_true", help="Prefect's log on the terminal (always in the case's logs/)"
        )
    spread_command(sub)
    review_commands(sub)
    submit = sub.add_parser("submit", help="place an application in the inbox and announce its arrival")
    submit.add_argument("application_dir", help="the application folder to copy into inbox/incoming/")
    serve = sub.add_parser("serve", help="serve the deployments: arrival trigger, inbox sweep, monitoring")
    serve.add_argument("--sweep-cron", default="*/15 * * * *", help="inbox sweep schedule (default every 15 min)")
    serve.add_argument("--monitoring-cron", default="0 6 * * *", help="portfolio monitoring schedule (default 06:00)")
    serve.add_argument("--pool", help="deploy due-diligence to this process work pool (run `prefect worker start`)")
    serve.add_argument("--pool-concurrency", type=int, help="at most this many due-diligence runs at once")
    serve.add_argument("--limit", type=int, default=3, help="flow runs this process runs at once (default 3)")
    serve.add_argument("--review", action="store_true", help="pause each completed case for the checker's decision")
    serve.add_argument(
        "--review-poll-seconds",
        type=int,
        default=10,
        help="how often a case paused for review looks for the checker's answer (default 10)",
    )
    serve.add_argument("--document-workers", type=int, default=2, help="document-reading processes per run (default 2)")
    serve.add_argument("--no-watch", action="store_true", help="no inbox watcher: only events and sweeps start runs")
    serve.add_argument(
        "--warm-workers", action="store_true", help="sweeps hand applications to task workers (credit-dd worker)"
    )
    serve.add_argument(
        "--report-base-url",
        metavar="URL",
        help=f"where the bank publishes out/ over http, for the dashboard's report links ({REPORT_BASE_URL_ENV})",
    )
    worker = sub.add_parser("worker", help="a task worker: runs applications handed out by sweeps, imports paid once")
    worker.add_argument("--limit", type=int, default=1, help="applications at once in this process (default 1)")
    sweep = sub.add_parser("sweep", help="process every application waiting in the inbox now")
    sweep.add_argument("--no-pdf", action="store_true", help="skip report.pdf")
    sweep.add_argument("--fan-out", action="store_true", help="one deployment run per application (workers)")
    sweep.add_argument("--warm-workers", action="store_true", help="hand each application to a task worker")
    sweep.add_argument("--document-workers", type=int, default=2, help="document-reading processes per run")
    monitor = sub.add_parser("monitor", help="run post-loan monitoring now")
    cases = sub.add_parser("cases", help="list cases from the case store, or one case's event log")
    cases.add_argument("case_id", nargs="?", help="a case id: its event log instead of the list")
    cases.add_argument("--status", choices=get_args(Status), help="only the cases with this status")
    close = sub.add_parser("close", help="record that an approved loan was repaid (starts its retention period)")
    close.add_argument("case_id", help="the approved case to close")
    close.add_argument("--by", required=True, metavar="EMPLOYEE_ID", help="your employee id on the roster")
    close.add_argument("--reason", required=True, help="why it closes (e.g. repaid)")
    close.add_argument("--roster", type=Path, default=roster_from_env(), help="the staff roster (CREDIT_DD_ROSTER)")
    retention = sub.add_parser("retention", help="list records past their retention period; --apply removes them")
    retention.add_argument("--apply", action="store_true", help="remove what is due (each removal logged first)")
    for command in (submit, serve, sweep, monitor, cases, close, retention):
        command.add_argument("--inbox", type=Path, default=Path("inbox"), help="the inbox folder (default inbox/)")
        command.add_argument("--out", type=Path, default=Path("out"), help="where case folders go (default out/)")
        command.add_argument("--store", help="case store URL (default: SQLite file in --out)")
        command.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language (default: zh)")
    for command in (serve, sweep, monitor):
        command.add_argument("--roster", type=Path, help="the staff roster (default CREDIT_DD_ROSTER)")
        command.add_argument("--governance", type=Path, help=GOVERNANCE_HELP)
    submit.set_defaults(handler=command_submit)
    serve.set_defaults(handler=command_serve)
    worker.set_defaults(handler=command_worker)
    sweep.set_defaults(handler=command_sweep)
    monitor.set_defaults(handler=command_monitor)
    cases.set_defaults(handler=command_cases)
    close.set_defaults(handler=command_close)
    retention.set_defaults(handler=command_retention)
    run.set_defaults(handler=command_run)
    demo.set_defaults(handler=command_demo)
    return parser


# Embedded mode (no PREFECT_API_URL): each process starts its own temporary API on its own copy of a
# database migrated once (cli/embedded.py, which also holds the settings that API starts with). The
# run's record is its case folder (audit.json) and the case store; to keep runs in a dashboard, set
# PREFECT_API_URL.
RUNS_FLOWS = {"run", "demo", "sweep", "monitor", "spread"}
EMITTING = RUNS_FLOWS | {"submit"}  # commands whose runs or arrivals emit events, delivered before they return


def _prefect_defaults(args: argparse.Namespace) -> None:
    """Settings for a local run, set before Prefect is imported (the user's own env wins)."""
    # The machine is offline to everything but package registries: telemetry only logs errors.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if args.command in ("run", "demo", "spread") and not args.verbose:
        # The terminal gets a progress bar and one line per case; the INFO log goes to the case's
        # logs/ and (with a server) the dashboard, whose handler this does not touch.
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")


SPAWNING = {
    "run",
    "demo",
    "serve",
    "sweep",
    "monitor",
    "worker",
    "spread",
}  # commands that start an API server or readers


def _skip_teardown(status: list[int]) -> None:
    """After a command that ran flows: every exit hook still runs, then the process ends without
    Python's teardown of its modules (about 1.3 s spent freeing Prefect, pandas and Great
    Expectations for nothing).

    Registered first, so it runs last: the temporary API is stopped, its database copy removed and
    Prefect's logs and events flushed before it. The three hooks the standard library registered
    before it (weakref finalizers such as temporary folders, multiprocessing, logging) it runs
    itself."""
    import atexit

    def leave() -> None:
        if not status:  # main() did not return (an uncaught BaseException): the normal way out
            return
        import logging
        import multiprocessing.util
        import weakref

        weakref.finalize._exitfunc()  # type: ignore[attr-defined]
        multiprocessing.util._exit_function()  # type: ignore[attr-defined]
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status[0])

    atexit.register(leave)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status: list[int] = []
    if argv is None and args.command in RUNS_FLOWS:  # the command line itself, not a caller in Python
        _skip_teardown(status)
    _prefect_defaults(args)
    if args.command in SPAWNING:
        from credit_dd.operations import lifeline

        lifeline.start()  # its children die with it, even on SIGKILL
    code = _handle(args)
    if args.command in EMITTING and "prefect.events.worker" in sys.modules:  # sent while its API is still up
        _deliver_events(timeout=30)
    status.append(code)
    return code


def _handle(args: argparse.Namespace) -> int:
    try:
        return int(args.handler(args))
    except CreditDDError as exc:
        print(f"credit-dd: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("credit-dd: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the user gets a message, never a traceback
        print(f"credit-dd: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
