"""The scale-out set-up: prefect server and the case store on PostgreSQL, a process work pool, two workers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from credit_dd.operations.store import CaseStore
from tests.conftest import SAMPLES, Keys
from tests.integration.conftest import Postgres, PrefectServer, credit_dd, prefect_worker, run_credit_dd, wait_for


def fill_inbox(incoming: Path, copies: int) -> list[str]:
    """``copies`` applications made from the samples, each its own case (its own application_id)."""
    ids = []
    incoming.mkdir(parents=True, exist_ok=True)
    samples = ["b_english_trading", "d_incomplete", "c_distressed"]
    for n in range(copies):
        sample = samples[n % len(samples)]
        target = incoming / f"{sample}-{n:03d}"
        shutil.copytree(SAMPLES / sample, target)
        form = yaml.safe_load((target / "application.yaml").read_text(encoding="utf-8"))
        form["application_id"] = f"BATCH-{n:03d}"
        (target / "application.yaml").write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
        ids.append(f"BATCH-{n:03d}")
    return ids


def each_case_ran_once(store_url: str, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every case is in the store, claimed exactly once, and waiting for review or documents; its events."""
    store = CaseStore(store_url)
    assert sorted(c.case_id for c in store.cases()) == ids
    assert {c.status for c in store.cases()} <= {"awaiting_review", "needs_documents"}
    events = {case_id: store.events(case_id) for case_id in ids}
    for case_id, happened in events.items():
        kinds = [e["kind"] for e in happened]
        assert kinds.count("claimed") == 1, (case_id, kinds)
    return events


def _result_lines(stdout: str, count: int) -> bool:
    """The sweep printed ``count`` result lines, each the case's (``BATCH-000: verdict (status) …``), not a
    folder's name with a state."""
    lines = [line for line in stdout.splitlines() if line.startswith("  ")]
    return len(lines) == count and all(re.match(r"  BATCH-\d{3}: \w+ \(", line) for line in lines)


@pytest.mark.integration
def test_a_sweep_fans_out_to_two_workers_on_postgresql(postgres: Postgres, tmp_path: Path) -> None:
    """Both databases on PostgreSQL; `credit-dd sweep --fan-out` over an inbox of two; both workers take
    a run (each worker takes one at a time, so the second run can only go to the other); every case ends
    once in the case store; the pool's concurrency limit is in place."""
    postgres.create_database("prefect")
    postgres.create_database("credit_dd")
    server = PrefectServer(tmp_path / "home", database_url=postgres.url("prefect", "asyncpg"))
    store_url = postgres.url("credit_dd", "psycopg")
    common = ["--inbox", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), "--store", store_url]
    serve = credit_dd(
        server,
        "serve",
        "--pool",
        "credit-dd",
        "--pool-concurrency",
        "2",
        "--no-watch",
        "--sweep-cron",
        "0 0 1 1 *",
        *common,
        log=tmp_path / "serve.log",
    )
    workers = [prefect_worker(server, "credit-dd", tmp_path / f"worker-{i}.log", tmp_path) for i in range(2)]
    try:
        wait_for(lambda: len(server.deployments()) == 3, 120, "the deployments")
        # Both workers polling first: a worker that came up late would find the second run already taken.
        wait_for(lambda: len(server.post("/work_pools/credit-dd/workers/filter", {})) == 2, 120, "both workers")
        ids = fill_inbox(tmp_path / "inbox" / "incoming", 2)
        swept = run_credit_dd(server, "sweep", "--fan-out", *common)
        assert swept.returncode == 0, swept.stderr
        assert "2 application(s)" in swept.stdout and _result_lines(swept.stdout, 2), swept.stdout
        each_case_ran_once(store_url, ids)
        # "submitting flow run" is logged by both workers when they race for the same run, and the loser's
        # submission is aborted; "submitted to infrastructure" is a run the worker took.
        taken = [len(re.findall(r"Flow run '[^']*' submitted to infrastructure", w.text())) for w in workers]
        assert taken == [1, 1], taken
        pool = server.post("/work_pools/filter", {})
        assert [p["concurrency_limit"] for p in pool if p["name"] == "credit-dd"] == [2]
    finally:
        for process in (*workers, serve):
            process.stop()
        server.stop()


@pytest.mark.integration
def test_a_sweep_hands_applications_to_warm_task_workers_exactly_once(
    postgres: Postgres, tmp_path: Path, keys: Keys
) -> None:
    """`credit-dd sweep --warm-workers`: two long-lived task workers (`credit-dd worker`) run every
    application, each once (a copy of one is archived as a duplicate), under the warm workers'
    concurrency limit (1 here: no two cases are processed at once); the packages are signed by the
    workers with the system key, which never reaches Prefect's parameter storage; the dashboard has
    each case's run."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from cli.serve import warm_concurrency

    postgres.create_database("prefect_warm")
    postgres.create_database("credit_dd_warm")
    server = PrefectServer(tmp_path / "home", database_url=postgres.url("prefect_warm", "asyncpg"))
    server.env["CREDIT_DD_SIGNING_KEY"] = keys.system_pem.get_secret_value()
    store_url = postgres.url("credit_dd_warm", "psycopg")
    common = ["--inbox", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), "--store", store_url]
    workers = [credit_dd(server, "worker", log=tmp_path / f"worker-{i}.log") for i in range(2)]
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.url}):  # as `serve --warm-workers` sets it
            warm_concurrency(1)
        ids = fill_inbox(tmp_path / "inbox" / "incoming", 2)
        shutil.copytree(
            tmp_path / "inbox" / "incoming" / "b_english_trading-000", tmp_path / "inbox" / "incoming" / "copy"
        )
        wait_for(lambda: all("ready" in w.text() for w in workers), 180, "the task workers")
        swept = run_credit_dd(server, "sweep", "--warm-workers", *common)
        assert swept.returncode == 0, swept.stderr
        assert "3 application(s)" in swept.stdout and _result_lines(swept.stdout, 3), swept.stdout
        spans = []
        for events in each_case_ran_once(store_url, ids).values():
            claimed = next(i for i, e in enumerate(events) if e["kind"] == "claimed")
            finished = next(e for e in events[claimed + 1 :] if e["kind"] != "duplicate")  # the run's end
            spans.append((events[claimed]["at"], finished["at"]))
        spans.sort()
        limits = server.post("/v2/concurrency_limits/filter", {})
        assert [(x["name"], x["limit"]) for x in limits] == [("tag:credit-dd-warm-worker", 1)]
        overlaps = [(a, b) for a, b in zip(spans, spans[1:], strict=False) if b[0] < a[1]]
        assert not overlaps, [[t.strftime("%H:%M:%S.%f") for t in span] for span in spans]
        assert len(list((tmp_path / "inbox" / "archive").iterdir())) == 3  # the copy archived too
        for case_id in ids:
            verified = run_credit_dd(
                server, "verify", str(tmp_path / "out" / case_id), "--roster", str(keys.roster_path)
            )
            assert verified.returncode == 0, verified.stdout + verified.stderr
        stored = [p.read_bytes() for p in (tmp_path / "home").rglob("*") if p.is_file()]
        secret = keys.system_pem.get_secret_value().splitlines()[1].encode()
        assert stored and not any(secret in blob for blob in stored)
        names = [run["name"] for run in server.flow_runs()]
        assert all(any(name.startswith(f"dd-{case_id}-") for name in names) for case_id in ids), names
    finally:
        for process in workers:
            process.stop()
        server.stop()
