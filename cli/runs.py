"""What every command that runs a case shares: its settings from the options, the temporary
Prefect API when no server is configured, the flow run itself, and the one result line."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from cli import embedded
from credit_dd.package import freshness
from credit_dd.package.signing import signing_key_from_env
from credit_dd.settings import Settings, report_base_url_from_env, roster_from_env

GOVERNANCE_HELP = "approval controls and retention (default: the packaged governance.yaml)"


def settings_of(args: argparse.Namespace) -> Settings:
    settings = Settings(
        out_dir=args.out,
        lang=args.lang,
        render_pdf=not args.no_pdf,
        signing_key=signing_key_from_env(),
        operator=getpass.getuser(),
        report_base_url=report_base_url_from_env(),
        roster_path=roster_from_env(),
        governance_path=args.governance,
    )
    if args.watchlist:  # added to the internal list, never in place of it
        lists = list(dict.fromkeys([*settings.watchlists, *(Path(p) for p in args.watchlist)]))
        settings = settings.model_copy(update={"watchlists": lists})
    return settings


def server_configured() -> bool:
    """Whether runs go to a Prefect server the user configured (not this process's temporary API)."""
    return bool(os.environ.get("PREFECT_API_URL")) and not embedded.running()


def use_embedded_api() -> embedded.EmbeddedAPI | None:
    """Without a configured server: start this process's temporary API now (before Prefect is
    imported), on its own copy of the pre-migrated database; it starts while the flow is imported."""
    return None if server_configured() else embedded.start_api()


def run_flow(application_dir: Path, settings: Settings):  # type: ignore[no-untyped-def]
    api = use_embedded_api()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from cli.progress import keep_log, run_log, show_progress
    from credit_dd.report import render as report
    from credit_dd.validation import quality
    from flows.due_diligence import due_diligence

    if api is not None:  # imports the flow needs anyway, paid while the API is still starting
        quality.warm_up()
        if settings.render_pdf:
            report.warm_up()
        api.wait_until_healthy()

    show_progress()
    # A local one-shot run has nobody to detect a dead heartbeat; it only costs time.
    with run_log(settings.out_dir) as log, temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        outcome = due_diligence(application_dir=application_dir, settings=settings)
    keep_log(log, outcome.folder)
    return outcome


def describe(name: str, outcome) -> str:  # type: ignore[no-untyped-def]
    """``name: verdict (status) → the file to open``: the report, or the notice of a case needing documents."""
    from credit_dd.package.outputs import main_file

    verdict = outcome.recommendation or outcome.status
    return f"{name}: {verdict} ({outcome.status}) → {main_file(outcome.folder, outcome.status)}"


def unchanged(application_dir: Path, case_id: str, settings: Settings) -> str | None:
    """The result line of a case whose folder was written from exactly these inputs, found without
    starting Prefect; only in embedded mode (with a server, the run is recorded in its dashboard)."""
    if server_configured():
        return None
    summary = freshness.current_case(application_dir, case_id, settings)
    if summary is None:
        return None
    from credit_dd.package.outputs import main_file

    verdict = summary.get("recommendation") or summary["status"]
    shown = main_file(settings.out_dir / case_id, str(summary["status"]))
    return f"{verdict} ({summary['status']}) → {shown} (unchanged: outputs kept)"
