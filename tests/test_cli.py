"""The credit-dd command line, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SampleRuns

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def test_a_broken_form_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    """`credit-dd run` on a broken application.yaml exits 2 with one line naming the field."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "application.yaml").write_text("schema_version: 1\nrequested_amount: -3\n", encoding="utf-8")
    result = _cli("run", str(app), "--out", str(tmp_path / "out"), cwd=ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "requested_amount" in result.stderr


def test_yaml_syntax_errors_and_missing_folders_exit_2(tmp_path: Path) -> None:
    """A YAML syntax error and a folder that is not an application both exit 2."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "application.yaml").write_text("a: [unclosed\n", encoding="utf-8")
    assert _cli("run", str(app), "--out", str(tmp_path / "out"), cwd=ROOT).returncode == 2
    missing = _cli("run", str(tmp_path / "nowhere"), cwd=ROOT)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_out_inside_the_application_folder_is_refused(tmp_path: Path) -> None:
    """Case folders inside the application would be read back as its documents on the next run."""
    import shutil

    app = tmp_path / "app"
    shutil.copytree(ROOT / "data" / "samples" / "d_incomplete", app)
    result = _cli("run", str(app), "--out", str(app / "documents" / "out"), "--no-pdf", cwd=ROOT)
    assert result.returncode == 2 and "inside the application folder" in result.stderr
    assert not (app / "documents" / "out").exists()


def test_an_unchanged_application_is_answered_without_starting_prefect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A re-run of an application whose case folder was written from exactly these inputs prints its
    result and starts no flow (embedded mode); a changed setting runs it again."""
    from cli import main as cli
    from credit_dd.operations.direct import run_case
    from credit_dd.settings import Settings
    from tests.conftest import SAMPLES

    for name in ("PREFECT_SERVER_ANALYTICS_ENABLED", "PREFECT_API_URL"):
        monkeypatch.delenv(name, raising=False)
    sample = SAMPLES / "d_incomplete"
    run_case(sample, Settings(out_dir=tmp_path, render_pdf=False, operator="x"))  # what a first run writes
    started: list[Path] = []

    def would_start_prefect(app: Path, _settings: Settings) -> None:
        started.append(app)
        raise RuntimeError("a flow run was started")

    monkeypatch.setattr(cli, "run_flow", would_start_prefect)
    assert cli.main(["run", str(sample), "--out", str(tmp_path), "--no-pdf"]) == 0
    assert capsys.readouterr().out.strip().endswith("(unchanged: outputs kept)") and started == []
    assert cli.main(["run", str(sample), "--out", str(tmp_path), "--no-pdf", "--lang", "en"]) == 1  # runs again
    assert started == [sample]


def test_the_progress_bar_draws_in_place_on_a_terminal_and_stays_silent_elsewhere() -> None:
    import io
    import logging

    from cli.progress import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    bar = ProgressBar()
    for stream, expected in ((Terminal(), "\rAPP-1  [############............]  1/2 documents"), (io.StringIO(), "")):
        bar.stream = stream
        record = logging.LogRecord("credit_dd.progress", logging.INFO, "", 0, "documents read", None, None)
        record.done, record.total, record.case_id = 1, 2, "APP-1"
        bar.emit(record)
        assert stream.getvalue() == expected


def test_each_embedded_run_gets_its_own_copy_of_a_database_migrated_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The template is migrated on first use only; every process runs on a copy of its own; copies
    left by killed processes are removed by the next run."""
    import os

    from cli import embedded

    migrations: list[Path] = []

    def fake_migrate(template: Path) -> None:
        migrations.append(template)
        template.write_bytes(b"migrated")

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.setattr(embedded, "_migrate", fake_migrate)
    runs = tmp_path / "credit-dd" / "runs"
    runs.mkdir(parents=True)
    orphan = runs / "999999999-deadbeef.db"  # a killed run's copy (no such process)
    orphan.write_bytes(b"old")
    os.utime(orphan, (0, 0))
    first, second = embedded.private_database_url(), embedded.private_database_url()
    assert len(migrations) == 1 and first != second
    for url in (first, second):
        assert Path(url.removeprefix("sqlite+aiosqlite:///")).read_bytes() == b"migrated"
    assert not orphan.exists()


def _store_with_a_case(out: Path) -> None:
    """A case store in ``out`` holding one case awaiting review, its folder with a summary.json."""
    import json

    from credit_dd.operations.store import CaseStore

    folder = out / "APP-1"
    folder.mkdir(parents=True)
    summary = {"applicant": "杭州示例机械制造有限公司", "requested_amount": 5e6, "currency": "CNY"}
    summary |= {"recommendation": "approve_with_conditions", "status": "completed"}
    (folder / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    store = CaseStore(f"sqlite:///{(out / 'cases.sqlite').resolve()}")
    store.register("APP-1", "f" * 64, str(out.parent / "inbox" / "app"), product="working_capital_loan")
    assert store.claim("APP-1")
    store.finish("APP-1", "awaiting_review", folder=str(folder))


def test_cases_is_a_readable_table_and_one_cases_events_are_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Id, applicant, amount, status, recommendation and update time under a header; the event log as
    lines of text, not Python dicts."""
    from cli.main import main

    _store_with_a_case(tmp_path / "out")
    assert main(["cases", "--out", str(tmp_path / "out")]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert header.split() == ["case", "applicant", "amount", "status", "recommendation", "updated"]
    assert row.split()[:6] == [
        "APP-1",
        "杭州示例机械制造有限公司",
        "CNY",
        "5,000,000.00",
        "awaiting_review",
        "approve_with_conditions",
    ]
    assert header.index("amount") == row.index("CNY") + len("杭州示例机械制造有限公司")  # Chinese counts double
    assert main(["cases", "APP-1", "--out", str(tmp_path / "out")]) == 0
    events = capsys.readouterr().out
    assert events.startswith("APP-1: awaiting_review (revision 1)") and "{" not in events
    assert "claimed" in events and f"folder: {tmp_path / 'out' / 'APP-1'}" in events


def test_an_unknown_case_or_status_is_an_error_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    _store_with_a_case(tmp_path / "out")
    assert main(["cases", "APP-404", "--out", str(tmp_path / "out")]) == 2
    assert "no case APP-404 in the case store" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["cases", "--status", "bogus", "--out", str(tmp_path / "out")])
    assert exit_.value.code == 2 and "invalid choice: 'bogus'" in capsys.readouterr().err


def test_every_option_has_help() -> None:
    """`credit-dd COMMAND --help` explains every argument (review and verify are documented with the
    review, issue 27.1)."""
    import argparse

    from cli.main import build_parser

    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    bare = [
        (name, action.dest)
        for name, command in commands.items()
        if name not in ("review", "verify")
        for action in command._actions
        if not isinstance(action, argparse._HelpAction) and not action.help
    ]
    assert bare == []


def test_the_inbox_is_not_tracked_by_git() -> None:
    result = subprocess.run(["git", "check-ignore", "-q", "inbox/incoming/app/application.yaml"], cwd=ROOT)
    assert result.returncode == 0


def test_result_lines_name_the_case_and_point_to_what_to_open(tmp_path: Path) -> None:
    """A case needing documents points to its notice (the PDF when there is one); a sweep's line names
    the case, not the inbox folder it came from."""
    from types import SimpleNamespace

    from cli.runs import describe
    from flows.operations import ProcessOutcome

    (tmp_path / "deficiency_notice.pdf").write_bytes(b"%PDF-")
    waiting = SimpleNamespace(recommendation=None, status="needs_documents", folder=tmp_path)
    assert describe("d_incomplete", waiting).endswith(f"→ {tmp_path / 'deficiency_notice.pdf'}")
    done = ProcessOutcome(
        case_id="APP-7", action="processed", status="awaiting_review", recommendation="decline", report=tmp_path / "r"
    )
    assert done.line("newe-f1b72db36041") == f"APP-7: decline (awaiting_review) → {tmp_path / 'r'}"
    duplicate = ProcessOutcome(case_id="APP-7", action="duplicate", status="awaiting_review")
    assert duplicate.line("copy") == "APP-7: duplicate (awaiting_review)"


def test_submit_waits_for_its_event_to_be_sent_before_stopping_the_events_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stopping Prefect's events worker while the arrival event was still queued made it warn "EventsWorker
    - Still processing items: 1 items remaining..." on every submit: the worker is stopped only once its
    queue is empty. A queue whose items were taken but never marked done (as Prefect's worker leaves
    them) does not hold the command: Queue.join() waited out its 30 s after every sweep."""
    import queue
    import threading
    import time

    from prefect.events.worker import EventsWorker

    from cli.main import _deliver_events

    class Worker:  # Prefect's QueueService as far as the command sees it
        def __init__(self) -> None:
            self._queue: queue.Queue[str] = queue.Queue()

        def wait_until_empty(self) -> None:
            self._queue.join()

    busy, taken = Worker(), Worker()
    busy._queue.put("arrival event")
    taken._queue.put("an event taken, never marked done")
    taken._queue.get()
    stopped: list[int] = []
    monkeypatch.setattr(EventsWorker, "_instances", {("a",): busy, ("b",): taken})
    monkeypatch.setattr(
        EventsWorker, "drain_all", classmethod(lambda cls, timeout: stopped.append(busy._queue.qsize()))
    )
    threading.Timer(0.3, busy._queue.get).start()  # the worker sends the event a moment later
    started = time.monotonic()
    _deliver_events(timeout=10)
    assert stopped == [0]  # stopped with nothing left in its queue
    assert time.monotonic() - started < 5  # not the timeout: the taken-but-not-done item does not hold it


@pytest.mark.slow
def test_a_spread_written_keyed_and_applied_from_the_command_line_finishes_the_case(
    tmp_path: Path, sample_runs: SampleRuns
) -> None:
    """The two commands the demo prints for a case waiting for a figure, as a person types them:
    the workbook, the missing figure keyed in its 'correct' column, and --apply re-running the case
    (it ended in an internal error when `spread` lacked an option `run` had)."""
    import json

    import openpyxl

    case = sample_runs.copy("e_needs_spreading", tmp_path / "out")
    assert json.loads((case / "summary.json").read_text(encoding="utf-8"))["status"] == "needs_spreading"
    written = _cli("spread", str(case), cwd=ROOT)
    assert written.returncode == 0 and "1 figure(s)" in written.stdout, written.stdout + written.stderr
    book = openpyxl.load_workbook(case / "spreading.xlsx")
    sheet = book["balance_sheet"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "item")
    rows = {r[0].value: r for r in sheet.iter_rows() if r[0].value}
    missing = header.index("2025-12-31 status")
    assert rows["total_current_assets"][missing].value == "missing"
    total = rows["total_assets"][header.index("2025-12-31 value")].value
    non_current = rows["total_non_current_assets"][header.index("2025-12-31 value")].value
    rows["total_current_assets"][header.index("2025-12-31 correct")].value = round(total - non_current, 2)
    book.save(case / "spreading.xlsx")
    workbook, application = str(case / "spreading.xlsx"), str(SAMPLES / "e_needs_spreading")
    # --application: the case was computed without Prefect, which records no application folder
    applied = _cli(
        "spread", str(case), "--apply", workbook, "--by", "RM0451", "--application", application, "--no-pdf", cwd=ROOT
    )
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "keyed by RM0451" in applied.stdout and "needs_spreading" not in applied.stdout.splitlines()[-1]
    figures = json.loads((case / "summary.json").read_text(encoding="utf-8"))["figures"]
    keyed = figures["2025-12-31"]["total_current_assets"]
    assert keyed["status"] == "keyed" and "RM0451" in str(keyed["by"]), keyed
    assert keyed["value"] == round(total - non_current, 2)
