"""The whole pipeline against the pdfplumber floor, Prefect's overhead, a warm re-run, and workers.

    .venv/bin/python benchmarks/pipeline_benchmark.py [--apps 6] [--annex-pages 60] [--no-workers] [--pool]

N applications of realistic size are generated: the healthy sample's statements, bank
statement, licence and contract, plus an annual-report annex of ``--annex-pages`` pages (a
different one per application, so no cache is shared between them). Then:

(a) floor   plain pdfplumber text extraction of every page of every application
(b) direct  the pipeline's domain functions (``operations.direct.run_case``), report PDF included
(b2)        the same in two plain processes at once, half the applications each: the machine's ceiling
(c) flow    the Prefect flow in embedded mode, cold (empty result cache)
(d) warm    the same flow again on the unchanged applications, in a new process
(e) cli     ``credit-dd run`` on the healthy sample, whole processes: cold (new case) and unchanged
memory      one 100- and one 300-page document read: peak RSS must stay flat
(f) workers the inbox sweep over N new applications on the scale-out path, one then two workers:
            task workers (``credit-dd worker``, warm); with ``--pool`` also process workers on a pool

Each of (a)-(d) runs in its own process (peak RSS is that step's, document readers included);
one-off process costs (imports, the embedded server) are measured separately, not per
application. Prints a table, applications per hour, and writes benchmarks/results/pipeline.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
SAMPLE = ROOT / "data" / "samples" / "a_healthy_manufacturer"


FLOOR = """
import json, resource, sys, time, pdfplumber
from pathlib import Path
start = time.perf_counter(); pages = 0
for path in sorted(Path(sys.argv[1]).glob("*/documents/*.pdf")):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text(); page.close(); pages += 1
print(json.dumps({"seconds": time.perf_counter() - start, "pages": pages,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
WARM_UP = """
import time
started = time.perf_counter()
import great_expectations, weasyprint  # one-off per process: GX ~6 s, WeasyPrint ~1 s
from credit_dd.operations.direct import run_case
from credit_dd.settings import Settings
one_off = time.perf_counter() - started
"""
DIRECT = (
    WARM_UP
    + """
import json, resource, sys
from pathlib import Path
apps = sorted(p for p in Path(sys.argv[1]).iterdir() if p.is_dir())
settings = Settings(out_dir=Path(sys.argv[2]))
start = time.perf_counter()
outcomes = [run_case(app, settings)[0].opinion.recommendation for app in apps]
print(json.dumps({"seconds": time.perf_counter() - start, "one_off": one_off, "outcomes": outcomes,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
)
FLOW = (
    WARM_UP
    + """
import json, resource, sys
from pathlib import Path
from cli.main import use_embedded_api
api = use_embedded_api()  # the temporary API on this process's copy of the pre-migrated database, as the CLI does
from prefect import flow, task
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from flows.due_diligence import due_diligence
apps = sorted(p for p in Path(sys.argv[1]).iterdir() if p.is_dir())
settings = Settings(out_dir=Path(sys.argv[2]))
if api is not None:
    api.wait_until_healthy()
with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
    # One-off per process: the embedded server, the flow and task engines' first use.
    flow(lambda: task(lambda: None, name="warm-up-task")(), name="warm-up")()
    one_off = time.perf_counter() - started
    start = time.perf_counter()
    outcomes = [due_diligence(application_dir=app, settings=settings).recommendation for app in apps]
    end = time.perf_counter()
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": end - start, "one_off": one_off, "outcomes": outcomes,
                  "peak_kib": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, children)}))
"""
)


def make_annex(path: Path, pages: int, seed: int) -> None:
    """An annual-report annex: notes text and tables of amounts, no statement headings."""
    from sample_pdf import Page, money, register_cjk_font

    register_cjk_font()
    rng = random.Random(seed)
    words = ["应收账款", "存货跌价准备", "关联方交易", "或有事项", "借款", "担保", "固定资产折旧", "收入确认"]
    page = Page(path)
    for number in range(1, pages + 1):
        page.text(60, 50, f"财务报表附注（续） 第 {number} 页", 9)
        for row in range(42):
            y = 80 + row * 16
            page.text(60, y, f"附注{row % 12 + 1}：{rng.choice(words)}说明，本期变动情况如下", 8)
            page.right(535, y, money(rng.uniform(1e4, 5e7)), 8)
        page.next_page()
    page.save()


def parse_memory(folder: Path, pages: int) -> tuple[float, float]:
    """Seconds and peak MiB of reading one ``pages``-page report (benchmarks/parse_benchmark.py)."""
    from parse_benchmark import PIPELINE, make_report
    from parse_benchmark import measure as measure_parse

    report = folder / f"report-{pages}.pdf"
    make_report(report, pages)
    return measure_parse(PIPELINE, str(report), str(pages))


def make_applications(folder: Path, count: int, annex_pages: int, prefix: str = "BENCH") -> None:
    for n in range(count):
        target = folder / f"app-{prefix.lower()}-{n:03d}"
        shutil.copytree(SAMPLE, target)
        (target / "truth.json").unlink(missing_ok=True)
        form = yaml.safe_load((target / "application.yaml").read_text(encoding="utf-8"))
        form["application_id"] = f"{prefix}-{n:03d}"
        (target / "application.yaml").write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
        make_annex(target / "documents" / "年度报告附注.pdf", annex_pages, seed=hash((prefix, n)) & 0xFFFF)


def measure(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=3600
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


SPIN = "import time\nstart = time.perf_counter()\nx = 0\nfor i in range(20_000_000):\n    x += i * i\nprint(time.perf_counter() - start)"


def core_ceiling() -> float:
    """What two cores give here: a CPU-bound loop alone, then two at once (best of three)."""

    def spin(copies: int) -> float:
        started = [subprocess.Popen([sys.executable, "-c", SPIN], stdout=subprocess.PIPE) for _ in range(copies)]
        return max(float(p.communicate()[0]) for p in started)

    return max(2 * spin(1) / spin(2) for _ in range(3))


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by a process, its live descendants and the children they reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = sum(int(x) for x in fields[11:15]) / tick  # utime stime cutime cstime
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(times.get(pid, 0.0) for pid in tree)


def cli_runs(folder: Path, repeats: int = 3) -> dict[str, float]:
    """``credit-dd run`` on the healthy sample as a user runs it, each a whole new process: cold (a
    new case folder; the parses are cached from the first, untimed, run) and unchanged (the same
    folder again). Median wall seconds of ``repeats``."""
    home = folder / "prefect-home-cli"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env["PREFECT_HOME"] = str(home)
    command = [str(ROOT / ".venv" / "bin" / "credit-dd"), "run", str(SAMPLE)]

    def timed(out: Path) -> float:
        begin = time.perf_counter()
        subprocess.run([*command, "--out", str(out)], env=env, check=True, capture_output=True, timeout=600)
        return time.perf_counter() - begin

    first = timed(folder / "cli-first")  # a new Prefect home: its template database is made once
    cold = sorted(timed(folder / f"cli-cold-{n}") for n in range(repeats))
    unchanged = sorted(timed(folder / "cli-cold-0") for _ in range(repeats))
    return {"first_on_new_home": first, "cold": cold[repeats // 2], "unchanged": unchanged[repeats // 2]}


def ceiling_two_processes(apps: Path, out: Path, env: dict[str, str]) -> float:
    """The domain functions in two plain processes at once, each over half the applications:
    seconds until both are done, imports not counted (what two cores can do with this work,
    nothing in between)."""
    names = sorted(p for p in apps.iterdir() if p.is_dir())
    halves = [apps.parent / f"{apps.name}-half-{k}" for k in (0, 1)]
    for k, half in enumerate(halves):
        half.mkdir()
        for app in names[k::2]:
            (half / app.name).symlink_to(app)
    started = [
        subprocess.Popen(
            [sys.executable, "-c", DIRECT, str(half), str(out / half.name)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    seconds = []
    for process in started:
        output, _ = process.communicate(timeout=3600)
        if process.returncode != 0:
            raise SystemExit("the two-process ceiling run failed")
        seconds.append(float(json.loads(output.strip().splitlines()[-1])["seconds"]))
    return max(seconds)  # both import first (not counted, as in (b)), then work at once


def start_workers(server: Any, mode: str, workers: int, folder: Path) -> list[Any]:
    """``workers`` workers of ``mode``, up and listening before the clock starts."""
    from tests.integration.conftest import credit_dd, prefect_worker, wait_for

    if mode == "pool":
        started = [
            prefect_worker(server, "bench", folder / f"worker-{workers}-{i}.log", folder) for i in range(workers)
        ]
        time.sleep(8)  # up and polling
        return started
    started = [credit_dd(server, "worker", log=folder / f"worker-{workers}-{i}.log") for i in range(workers)]
    wait_for(lambda: all("ready" in w.text() for w in started), 180, "task workers")
    time.sleep(2)  # subscribed to the server
    return started


def batch_throughput(folder: Path, count: int, annex_pages: int, mode: str) -> dict[str, float]:
    """The inbox sweep over ``count`` applications on the scale-out path with one, then two workers.

    ``warm``: task workers (``credit-dd worker``), each a long-lived process that paid its imports
    once; ``pool``: Prefect process workers on a work pool, a new process per flow run. One document
    reader per run, so one worker works on one core at a time."""
    from tests.integration.conftest import (
        PG_BIN,
        Postgres,
        PrefectServer,
        credit_dd,
        run_credit_dd,
        wait_for,
    )

    # The scale-out set-up: the Prefect server and the case store on PostgreSQL (SQLite serialises
    # the writes of concurrent runs), when PostgreSQL is installed.
    postgres = None
    if (PG_BIN / "initdb").exists():
        postgres = Postgres(Path(tempfile.mkdtemp(prefix="credit-dd-bench-pg-")))
        postgres.create_database("prefect")
        postgres.create_database("credit_dd")
    server = PrefectServer(
        folder / "prefect-home", database_url=postgres.url("prefect", "asyncpg") if postgres else None
    )
    server.env["PREFECT_WORKER_QUERY_SECONDS"] = "2"  # a process worker looks for work every 2 s (default 10)
    common = ["--inbox", str(folder / "inbox"), "--out", str(folder / "out")]
    if postgres:
        common += ["--store", postgres.url("credit_dd", "psycopg")]
    # pool: the deployments on a process work pool, served by `credit-dd serve --pool`; warm: the
    # sweep hands the applications to the task workers itself, nothing else to serve.
    pool = ["serve", "--pool", "bench", "--no-watch", "--document-workers", "1", "--sweep-cron", "0 0 1 1 *"]
    serve = credit_dd(server, *pool, *common, log=folder / "serve.log") if mode == "pool" else None
    timings: dict[str, float] = {}
    try:
        if serve is not None:
            wait_for(lambda: len(server.deployments()) == 3, 120, "deployments")
        for workers in (1, 2):
            make_applications(folder / "inbox" / "incoming", count, annex_pages, prefix=f"{mode}{workers}")
            started = start_workers(server, mode, workers, folder)
            # Where the CPU goes while the batch runs: the workers (with their flow-run processes and
            # document readers), the Prefect server, PostgreSQL, the serving process.
            roots = {
                "workers": [p.popen.pid for p in started],
                "server": [server.process.popen.pid],
                "serve": [serve.popen.pid] if serve else [],
                "postgres": [postgres.postmaster()] if postgres else [],
            }
            before = {name: sum(map(tree_cpu, pids)) for name, pids in roots.items()}
            begin = time.perf_counter()
            how = "--fan-out" if mode == "pool" else "--warm-workers"
            swept = run_credit_dd(server, "sweep", how, "--document-workers", "1", *common)
            timings[f"{workers}_worker_seconds"] = time.perf_counter() - begin
            for name, pids in roots.items():
                timings[f"{workers}_worker_cpu_{name}"] = round(sum(map(tree_cpu, pids)) - before[name], 1)
            if swept.stdout.count("Completed") != count:
                raise SystemExit(f"{mode} sweep on {workers} worker(s) did not complete every run:\n{swept.stdout}")
            for process in started:
                process.stop()
    finally:
        if serve is not None:
            serve.stop()
        server.stop()
        if postgres:
            postgres.stop()
            shutil.rmtree(postgres.root, ignore_errors=True)
    timings["database"] = 1.0 if postgres else 0.0
    timings["speedup"] = timings["1_worker_seconds"] / timings["2_worker_seconds"]
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=6)
    parser.add_argument("--annex-pages", type=int, default=60)
    parser.add_argument("--no-workers", action="store_true", help="skip (f), the batch on one and two workers")
    parser.add_argument("--pool", action="store_true", help="also the batch on process workers (a process per run)")
    parser.add_argument("--workers-only", action="store_true", help="only (f)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="credit-dd-bench-") as tmp:
        folder = Path(tmp)
        apps = folder / "apps"
        apps.mkdir()
        make_applications(apps, args.apps, args.annex_pages)
        env = {
            **os.environ,
            "PREFECT_HOME": str(folder / "prefect-home-flow"),  # an empty result cache: (c) is cold
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
        }
        env.pop("PREFECT_API_URL", None)
        modes = ["warm", "pool"] if args.pool else ["warm"]
        if args.workers_only:
            for mode in modes:
                print(f"(f) {mode}", batch_throughput(folder / mode, args.apps, args.annex_pages, mode), flush=True)
            return
        floor = measure(FLOOR, str(apps))
        print("(a)", floor, flush=True)
        direct = measure(DIRECT, str(apps), str(folder / "out-direct"), env=env)
        print("(b)", direct, flush=True)
        two = ceiling_two_processes(apps, folder / "out-two", env)
        print("(b2)", two, flush=True)
        flow = measure(FLOW, str(apps), str(folder / "out-flow"), env=env)
        print("(c)", flow, flush=True)
        # (d): the same applications again, in a new process (as tomorrow's re-run would be), same
        # result cache and case folders
        warm = measure(FLOW, str(apps), str(folder / "out-flow"), env=env)
        print("(d)", warm, flush=True)
        cli = cli_runs(folder)
        print("(e)", cli, flush=True)
        memory = {pages: parse_memory(folder, pages) for pages in (100, 300)}
        print("memory", memory, flush=True)
        batches = (
            {}
            if args.no_workers
            else {mode: batch_throughput(folder / mode, args.apps, args.annex_pages, mode) for mode in modes}
        )
        print("(f)", batches, flush=True)
        spin = core_ceiling()
    pages = int(floor["pages"])  # type: ignore[call-overload]
    n = args.apps
    a, b, c = (float(x["seconds"]) for x in (floor, direct, flow))  # type: ignore[arg-type]
    d = float(warm["seconds"])  # type: ignore[arg-type]
    rows = [
        ("(a) pdfplumber floor", a, int(floor["peak_kib"]) // 1024),  # type: ignore[call-overload]
        ("(b) domain functions", b, int(direct["peak_kib"]) // 1024),  # type: ignore[call-overload]
        ("(c) Prefect flow, cold", c, int(flow["peak_kib"]) // 1024),  # type: ignore[call-overload]
        ("(d) Prefect flow, warm re-run", d, int(warm["peak_kib"]) // 1024),  # type: ignore[call-overload]
    ]
    print(f"\n{n} applications, {pages} pages in all ({pages // n} per application)\n")
    print(f"{'step':32} {'seconds':>8} {'s/app':>7} {'pages/s':>8} {'peak MiB':>9}")
    for name, seconds, peak in rows:
        print(f"{name:32} {seconds:8.2f} {seconds / n:7.2f} {pages / seconds:8.1f} {peak:9d}")
    ratios = {"b/a": b / a, "c/b": c / b, "d/c": d / c}
    print(
        f"\nratios: b/a {b / a:.2f} (target ≤ 2.0) · c/b {c / b:.2f} (target < 1.15) · d/c {d / c:.3f} (target < 0.10)"
    )
    print(f"one-off per process: direct {float(direct['one_off']):.1f} s, flow {float(flow['one_off']):.1f} s")  # type: ignore[arg-type]
    if direct["outcomes"] != flow["outcomes"] or flow["outcomes"] != warm["outcomes"]:
        raise SystemExit(f"the runs disagree: {direct['outcomes']} / {flow['outcomes']} / {warm['outcomes']}")
    print(
        f"(e) credit-dd run, healthy sample: cold {cli['cold']:.1f} s (target ≤ 8), unchanged {cli['unchanged']:.1f} s "
        f"(target ≤ 3); the first run on a new Prefect home {cli['first_on_new_home']:.1f} s (makes its template database)"
    )
    for pages, (seconds, peak) in memory.items():
        print(
            f"memory: one {pages}-page document read in {seconds:.1f} s, peak {peak:.0f} MiB (target < 400 MiB, flat)"
        )
    per_hour = {"domain, one process": 3600 * n / b, "domain, two processes at once": 3600 * n / two}
    print(f"two CPU-bound loops at once run {spin:.2f}× as fast as one here (the cores' own ceiling)")
    for mode, timings in batches.items():
        one, both = (3600 * n / timings[f"{k}_worker_seconds"] for k in (1, 2))
        per_hour[f"{mode}, 1 worker"], per_hour[f"{mode}, 2 workers"] = one, both
        target = "  (targets: 1 worker ≥ 85% of the domain in one process, 2 ≥ 90% of two processes)"
        print(
            f"(f) {mode} workers, inbox sweep of {n}: 1 worker {timings['1_worker_seconds']:.1f} s = "
            f"{one / per_hour['domain, one process']:.0%} of the domain in one process; 2 workers "
            f"{timings['2_worker_seconds']:.1f} s = {both / per_hour['domain, two processes at once']:.0%} of two "
            f"processes at once; speed-up {timings['speedup']:.2f}×" + (target if mode == "warm" else "")
        )
        for count in (1, 2):
            cpu = {name: timings[f"{count}_worker_cpu_{name}"] for name in ("workers", "server", "postgres", "serve")}
            print(f"    CPU seconds with {count} worker(s): " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()))
    print("applications per hour: " + " · ".join(f"{k} {v:.0f}" for k, v in per_hour.items()))
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "pipeline.json").write_text(
        json.dumps(
            {
                "applications": n,
                "pages": pages,
                "steps": {name: {"seconds": round(s, 3), "peak_mib": m} for name, s, m in rows},
                "two_processes_seconds": round(two, 3),
                "ratios": {k: round(v, 3) for k, v in ratios.items()},
                "one_off_seconds": {"direct": direct["one_off"], "flow": flow["one_off"]},
                "credit_dd_run": cli,
                "batches": batches,
                "applications_per_hour": {k: round(v) for k, v in per_hour.items()},
                "two_loops_speedup": spin,
                "document_memory": {str(k): {"seconds": v[0], "peak_mib": v[1]} for k, v in memory.items()},
            },
            indent=2,
        )
    )
    print(f"written: {results / 'pipeline.json'}")


if __name__ == "__main__":
    main()
