"""A real `prefect server` and `credit-dd serve`: arrivals trigger runs, a killed server recovers."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from credit_dd.operations.store import CaseStore, CaseView
from tests.conftest import SAMPLES
from tests.integration.conftest import (
    PrefectServer,
    SignedInBrowserProxy,
    chromium,
    credit_dd,
    run_credit_dd,
    wait_for,
)

# The dashboard is protected as the README says: Prefect's API authentication on the server and on
# every client (serve, submit, the flow runs it starts).
DASHBOARD_AUTH = "ops:test-dashboard-secret"


def _case(out: Path, case_id: str) -> CaseView | None:
    database = out / "cases.sqlite"
    return CaseStore(f"sqlite:///{database}").get(case_id) if database.exists() else None


def _settled(out: Path, case_id: str) -> CaseView | None:
    case = _case(out, case_id)
    return case if case and case.status not in ("received", "in_progress") else None


def _quiet(server: PrefectServer) -> bool:
    """No flow run pending or running (scheduled sweeps far in the future aside)."""
    return not [r for r in server.flow_runs() if r["state"]["type"] in ("PENDING", "RUNNING", "PAUSED")]


REPORTS = "https://dd.bank.example/out"  # where the bank publishes out/: the dashboard links over http


def _serve(server: PrefectServer, tmp_path: Path, log: str):  # type: ignore[no-untyped-def]
    process = credit_dd(
        server,
        "serve",
        "--inbox",
        str(tmp_path / "inbox"),
        "--out",
        str(tmp_path / "out"),
        "--sweep-cron",
        "0 0 1 1 *",
        "--report-base-url",
        REPORTS,
        log=tmp_path / log,
    )
    wait_for(lambda: server.deployed_for(tmp_path / "out"), 90, "the three deployments")
    time.sleep(2)  # the runner starts polling right after registering
    return process


@pytest.mark.integration
def test_an_arrival_event_and_a_dropped_folder_each_complete_once(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    """`credit-dd submit` emits the event the deployment is triggered by; a folder copied into the
    inbox by other means is announced by the watcher; each case completes once, with its artifacts."""
    refused = httpx.post(f"{prefect_server.url}/flow_runs/filter", json={}, timeout=30)
    assert refused.status_code == 401  # the dashboard's API without the auth string
    serve = _serve(prefect_server, tmp_path, "serve.log")
    try:
        submitted = run_credit_dd(
            prefect_server, "submit", str(SAMPLES / "b_english_trading"), "--inbox", str(tmp_path / "inbox")
        )
        assert submitted.returncode == 0 and "arrival event emitted" in submitted.stdout, submitted.stderr
        shutil.copytree(SAMPLES / "d_incomplete", tmp_path / "inbox" / "incoming" / "dropped-by-sftp")
        out = tmp_path / "out"
        assert wait_for(lambda: _settled(out, "APP-20261120-0011"), 240, "case b").status == "awaiting_review"
        assert wait_for(lambda: _settled(out, "APP-20261120-0023"), 240, "case d").status == "needs_documents"
        wait_for(lambda: not list((tmp_path / "inbox" / "incoming").iterdir()), 60, "the inbox to empty")
        runs = prefect_server.flow_runs()
        dd = [r for r in runs if r["name"].startswith("dd-APP-20261120-0011")]
        assert len(dd) == 1 and dd[0]["state"]["type"] == "COMPLETED"
        assert {"product:trade_finance", "branch:杭州分行"} <= set(dd[0]["tags"])
        artifacts = {a["key"]: a for a in prefect_server.post("/artifacts/filter", {"limit": 100})}
        keys = set(artifacts)
        assert {"app-20261120-0011-summary", "app-20261120-0011-ratios", "app-20261120-0011-report"} <= keys
        assert f"{REPORTS}/APP-20261120-0011/report.html" in artifacts["app-20261120-0011-report"]["data"]
        assert "app-20261120-0011-parsing" in keys
        events = CaseStore(f"sqlite:///{out / 'cases.sqlite'}").events("APP-20261120-0011")
        assert [e["kind"] for e in events].count("awaiting_review") == 1
        _screenshot(prefect_server, dd[0]["id"], tmp_path)
        wait_for(lambda: _quiet(prefect_server), 120, "every run to finish")
    finally:
        serve.stop()
    assert " ERROR " not in serve.text() and "Traceback" not in serve.text(), serve.text()[-3000:]


def _screenshot(server: PrefectServer, flow_run_id: str, tmp_path: Path) -> None:
    """The completed run's page in a real headless browser: without the auth string the dashboard
    shows nothing of it; signed in, it renders the run, saved as a PNG."""
    browser = chromium()
    if browser is None:
        pytest.skip("chromium not installed (scripts/bootstrap.sh installs it)")
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=15000"]
    page = f"/runs/flow-run/{flow_run_id}?tab=Artifacts"
    outside = subprocess.run(
        [*common, "--dump-dom", f"http://127.0.0.1:{server.port}{page}"], capture_output=True, text=True, timeout=120
    ).stdout
    assert "dd-APP-20261120-0011" not in outside  # the API refused the page's requests
    proxy = SignedInBrowserProxy(server)
    url = f"http://127.0.0.1:{proxy.port}{page}"
    try:
        dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
        assert "dd-APP-20261120-0011" in dom  # the SPA rendered the run, not just its shell
        png = tmp_path / "dashboard.png"
        subprocess.run(
            [*common, "--window-size=1400,1000", f"--screenshot={png}", url], capture_output=True, timeout=120
        )
    finally:
        proxy.stop()
    assert png.exists() and png.stat().st_size > 20_000
    keep = Path(__file__).resolve().parents[2] / "out" / "dashboard-flow-run.png"
    keep.parent.mkdir(exist_ok=True)
    shutil.copy(png, keep)


@pytest.mark.integration
def test_a_server_killed_mid_run_completes_the_case_once_after_restart(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    """SIGKILL to the serving process group while a case is in progress; after a restart the
    interrupted application completes exactly once and nothing is left in the inbox."""
    serve = _serve(prefect_server, tmp_path, "serve-1.log")
    out = tmp_path / "out"
    try:
        run_credit_dd(
            prefect_server, "submit", str(SAMPLES / "a_healthy_manufacturer"), "--inbox", str(tmp_path / "inbox")
        )
        wait_for(lambda: (c := _case(out, "APP-20261120-0007")) and c.status == "in_progress", 120, "the claim")
        time.sleep(1.0)
    finally:
        serve.kill()
    assert (_case(out, "APP-20261120-0007") or pytest.fail("no case")).status == "in_progress"
    restarted = _serve(prefect_server, tmp_path, "serve-2.log")
    try:
        case = wait_for(lambda: _settled(out, "APP-20261120-0007"), 300, "the interrupted case")
        assert case.status == "awaiting_review"
        wait_for(lambda: not list((tmp_path / "inbox" / "incoming").iterdir()), 60, "the inbox to empty")
    finally:
        restarted.stop()
    kinds = [e["kind"] for e in CaseStore(f"sqlite:///{out / 'cases.sqlite'}").events("APP-20261120-0007")]
    assert kinds.count("awaiting_review") == 1 and kinds.count("received") == 1
    assert "claim_released" in kinds or "claim_recovered" in kinds
    assert len(list((tmp_path / "inbox" / "archive").iterdir())) == 1
    assert (out / "APP-20261120-0007" / "approval_package" / "manifest.json").exists()


@pytest.mark.integration
def test_cron_deployments_get_scheduled_runs(prefect_server: PrefectServer, tmp_path: Path) -> None:
    """The scheduler creates runs for `serve`'s cron deployments (with SQLAlchemy 2.1 under Prefect
    3.8 it silently created none: the reason that pin existed)."""
    serve = credit_dd(
        prefect_server,
        "serve",
        "--inbox",
        str(tmp_path / "inbox"),
        "--out",
        str(tmp_path / "cron-out"),
        "--sweep-cron",
        "*/5 * * * *",
        "--no-watch",
        log=tmp_path / "serve-cron.log",
    )
    try:
        wait_for(lambda: prefect_server.deployed_for(tmp_path / "cron-out"), 90, "the three deployments")
        deployments = {d["name"]: d["id"] for d in prefect_server.post("/deployments/filter", {"limit": 50})}

        def scheduled(name: str) -> list[dict[str, object]]:
            body = {
                "deployments": {"id": {"any_": [deployments[name]]}},
                "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
            }
            return list(prefect_server.post("/flow_runs/filter", body))

        assert wait_for(lambda: scheduled("inbox-sweep"), 60, "scheduled inbox sweeps")
        assert wait_for(lambda: scheduled("portfolio-monitoring"), 60, "scheduled monitoring runs")
    finally:
        serve.stop()
