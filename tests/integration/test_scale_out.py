"""The scale-out set-up: prefect server and the case store on PostgreSQL, a process work pool, two workers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from credit_dd.store import CaseStore
from tests.conftest import SAMPLES
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


@pytest.mark.integration
def test_a_sweep_fans_out_to_two_workers_on_postgresql(postgres: Postgres, tmp_path: Path) -> None:
    """Both databases on PostgreSQL; `credit-dd sweep --fan-out` over a full inbox; both workers take
    runs; every case ends once in the case store; the pool's concurrency limit is in place."""
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
        ids = fill_inbox(tmp_path / "inbox" / "incoming", 4)
        swept = run_credit_dd(server, "sweep", "--fan-out", *common)
        assert swept.returncode == 0, swept.stderr
        assert "4 application(s)" in swept.stdout and swept.stdout.count("Completed") == 4, swept.stdout
        store = CaseStore(store_url)
        assert sorted(c.case_id for c in store.cases()) == ids
        assert {c.status for c in store.cases()} <= {"awaiting_review", "needs_documents"}
        for case_id in ids:
            kinds = [e["kind"] for e in store.events(case_id)]
            assert kinds.count("claimed") == 1, (case_id, kinds)
        taken = [len(re.findall(r"Submitting flow run|submitting flow run", w.text())) for w in workers]
        assert all(n >= 1 for n in taken), taken
        pool = server.post("/work_pools/filter", {})
        assert [p["concurrency_limit"] for p in pool if p["name"] == "credit-dd"] == [2]
    finally:
        for process in (*workers, serve):
            process.stop()
        server.stop()
