"""The credit-dd command line, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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

    monkeypatch.setattr(cli, "_run_flow", would_start_prefect)
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
