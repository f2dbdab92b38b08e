"""A real `prefect server` and `credit-dd serve`: arrivals trigger runs, a killed server recovers."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from credit_dd.operations.store import CaseStore, CaseView
from tests.conftest import ROOT, SAMPLES, Keys
from tests.integration.conftest import (
    VENV_BIN,
    PrefectServer,
    Process,
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


def _flow_run_processes(root: int) -> list[int]:
    """Processes under ``root`` that multiprocessing spawned (a flow run's, and its readers'): a run
    reported complete may still be tearing down its process (Ctrl-C then prints a traceback)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue

    def under_root(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == root:
                return True
        return False

    def spawned(pid: int) -> bool:
        try:
            return b"spawn_main" in (Path("/proc") / str(pid) / "cmdline").read_bytes()
        except OSError:
            return False

    return [pid for pid in parents if under_root(pid) and spawned(pid)]


def _paused(server: PrefectServer, key: str) -> dict[str, Any] | None:
    """The flow run paused for the review form ``key`` (review-1, review-2 …), once it is."""
    for run in server.flow_runs():
        details = run["state"]["state_details"] if run["state"] else {}
        if run["state"] and run["state"]["type"] == "PAUSED" and details.get("pause_key") == key:
            return run
    return None


def _form_input(server: PrefectServer, run: dict[str, Any], part: str) -> str | None:
    """A part of the resume form (its ``schema`` or ``description``), once the paused run has saved it."""
    key = run["state"]["state_details"]["run_input_keyset"][part]
    response = httpx.get(f"{server.url}/flow_runs/{run['id']}/input/{key}", auth=server.auth, timeout=30)
    if response.status_code == 404:
        return None
    response.raise_for_status()
    value = response.json()
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _decide(server: PrefectServer, form: str, reviewer: str) -> tuple[str, str]:
    """Wait for the form, read it, answer it as the checker would in the dashboard; the form's text and
    the paused run's id. (The run paused for review may be the arrival's or the catch-up sweep's:
    whichever claimed the case.)"""
    run = wait_for(lambda: _paused(server, form), 300, f"the paused form {form}")
    wait_for(lambda: _form_input(server, run, "schema"), 60, f"the form {form} to be saved")
    text = _form_input(server, run, "description") or ""
    answer = {"decision": "approve", "reviewer": reviewer, "comment": "figures checked against the statements"}
    wait_for(lambda: _resumed(server, run["id"], answer), 60, f"the form {form} to take the answer")
    return text, run["id"]


def _finished(server: PrefectServer, run_id: str) -> bool:
    """The run has reached a final state (its process may still be tearing down)."""
    state = httpx.get(f"{server.url}/flow_runs/{run_id}", auth=server.auth, timeout=30).json().get("state") or {}
    return state.get("type") in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _resumed(server: PrefectServer, run_id: str, answer: dict[str, str]) -> bool:
    """Submit the form; a busy server (503, as the dashboard too would meet) is asked again."""
    reply = httpx.post(
        f"{server.url}/flow_runs/{run_id}/resume", json={"run_input": answer}, auth=server.auth, timeout=30
    )
    if reply.status_code == 503:
        return False
    reply.raise_for_status()
    assert reply.json()["status"] == "ACCEPT", reply.text
    return True


@pytest.mark.integration
def test_a_review_in_the_dashboard_works_end_to_end(
    prefect_server: PrefectServer, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`serve --review --roster R` with the signing key from a file (CREDIT_DD_SIGNING_KEY_FILE), as the
    CLI takes them: through the resume form the maker is refused by the two-person rule (the next form
    says why), a reviewer's approval of 4,830,000 refers the case (the next form says why and who may
    approve), and an approver's approval approves it; the package verifies afterwards."""
    keys = Keys(tmp_path_factory.mktemp("served-keys"))
    governance = tmp_path / "governance.yaml"  # dashboard approvals up to 9,000,000 without a personal signature
    text = (ROOT / "src" / "credit_dd" / "data" / "governance.yaml").read_text(encoding="utf-8")
    governance.write_text(text.replace("personal_signature_above: 1000000", "personal_signature_above: 9000000"))
    env = {**prefect_server.env, "CREDIT_DD_SIGNING_KEY_FILE": str(keys.key_files["system"])}
    env.pop("CREDIT_DD_ROSTER", None)
    out, inbox = tmp_path / "out", tmp_path / "inbox"
    args = ["serve", "--review", "--review-poll-seconds", "2", "--inbox", str(inbox), "--out", str(out)]
    args += ["--sweep-cron", "0 0 1 1 *"]
    args += ["--roster", str(keys.roster_path), "--governance", str(governance)]
    serve = Process([str(VENV_BIN / "credit-dd"), *args], env, tmp_path / "serve-review.log")
    try:
        wait_for(lambda: prefect_server.deployed_for(out), 90, "the three deployments")
        time.sleep(2)
        run_credit_dd(prefect_server, "submit", str(SAMPLES / "b_english_trading"), "--inbox", str(inbox))
        first, _ = _decide(prefect_server, "review-1", "RM0451")  # the maker
        assert "## Review of APP-20261120-0011" in first
        refused, _ = _decide(prefect_server, "review-2", "CR0207")  # a reviewer, authority 3,000,000
        assert "The previous decision was not recorded:** RM0451 王磊 is the maker of this case" in refused
        referred, last = _decide(prefect_server, "review-3", "AP0021")  # an approver, authority 10,000,000
        assert "4,830,000 CNY is above CR0207 刘洋's approval authority of 3,000,000" in referred
        assert "it may be approved by AP0021 赵敏 (up to 10,000,000), AP0003 孙立 (up to 50,000,000)" in referred
        case = wait_for(
            lambda: (c := _case(out, "APP-20261120-0011")) and c.status == "approved" and c, 120, "approval"
        )
        assert case.status == "approved"
        # Earlier tests of this module may leave runs behind (a killed server's stays RUNNING): only
        # this serve's own runs are waited for, to their final state (the case is approved before its run
        # ends) and their processes' end.
        wait_for(lambda: _finished(prefect_server, last), 120, "the reviewed run to finish")
        wait_for(lambda: not _flow_run_processes(serve.popen.pid), 120, "the runs' processes to exit")
    finally:
        serve.stop()
    assert "no system signing key" not in serve.text() and "Traceback" not in serve.text(), serve.text()[-3000:]
    verified = subprocess.run(
        [str(VENV_BIN / "credit-dd"), "verify", str(out / "APP-20261120-0011"), "--roster", str(keys.roster_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "decision 1: approve by CR0207 (typed in the dashboard, signed by the system)" in verified.stdout
    assert "decision 2: approve by AP0021 (typed in the dashboard, signed by the system)" in verified.stdout
