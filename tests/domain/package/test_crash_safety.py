"""A review killed at any moment, a truncated or stale zip, and the exit codes of review and verify."""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from credit_dd.errors import DecisionAlreadyRecorded
from credit_dd.operations.store import CaseStore
from credit_dd.package import folder as package_folder
from credit_dd.package.decisions import read_decisions
from credit_dd.package.verify import verify_package
from tests.conftest import Keys

PACKAGE = "approval_package"


def _killed_at(point: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a forked child: exit at once, like SIGKILL (no cleanup, no finally), at ``point``."""
    calls = {"replace": 0, "member": 0}
    replace, writestr = os.replace, zipfile.ZipFile.writestr

    def replace_then_maybe_die(source: Any, target: Any) -> None:
        calls["replace"] += 1
        if point == "before the log is renamed" and calls["replace"] == 1:
            os._exit(137)
        replace(source, target)
        if point == "after the log, before the zip" and calls["replace"] == 1:
            os._exit(137)

    def member_then_maybe_die(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        calls["member"] += 1
        if point == "while the zip is written" and calls["member"] == 3:
            self.fp.flush()  # type: ignore[union-attr]  # what was written so far reaches the file
            os._exit(137)
        writestr(self, *args, **kwargs)

    monkeypatch.setattr(package_folder.os, "replace", replace_then_maybe_die)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", member_then_maybe_die)


def _in_a_child(run: Callable[[], object]) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            run()
        finally:
            os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@pytest.mark.parametrize(
    "point", ["before the log is renamed", "after the log, before the zip", "while the zip is written"]
)
def test_a_review_killed_at_any_point_leaves_the_old_state_or_the_new_and_a_rerun_completes(
    case: Path, keys: Keys, point: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def review() -> Any:
        return keys.decide(case, "approve", "CR0207")

    def review_killed() -> None:
        _killed_at(point, monkeypatch)
        review()

    assert _in_a_child(review_killed) == 137
    package = case / PACKAGE
    check = verify_package(package, keys.roster)
    assert check.folder_verified and len(check.decisions) in (0, 1)  # the old log, or the new one
    assert "not a readable zip" not in (check.zip_problem or "")  # never a truncated zip
    assert not [p.name for p in package.rglob(".*")]  # nothing half-written inside the package
    with contextlib.suppress(DecisionAlreadyRecorded):  # the log had it: the re-run completes what was left
        review()
    check = verify_package(package, keys.roster)
    assert check.verified and len(read_decisions(package)) == 1, check.problems()


def _main(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from cli.main import main

    monkeypatch.delenv("PREFECT_SERVER_ANALYTICS_ENABLED", raising=False)  # main() sets it: undo after
    return main


def test_verify_checks_the_zip_and_repair_rebuilds_a_truncated_or_stale_one(
    case: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    main = _main(monkeypatch)
    verify = ["verify", str(case), "--roster", str(keys.roster_path)]
    archive = case / f"{PACKAGE}.zip"
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])  # a kill or a copy cut short
    assert main(verify) == 1
    assert "approval_package.zip is not a readable zip" in capsys.readouterr().out
    assert main([*verify, "--repair"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "package intact and signed: verified"
    before = archive.read_bytes()
    keys.decide(case, "approve", "CR0207")
    archive.write_bytes(before)  # the zip from before the decision
    assert main(verify) == 1
    assert "approval_package.zip is stale" in capsys.readouterr().out
    assert main([*verify, "--repair"]) == 0
    (case / PACKAGE / "summary.json").write_text("{}", encoding="utf-8")  # a tampered folder is never zipped
    archive.write_bytes(before)
    assert main([*verify, "--repair"]) == 1
    assert archive.read_bytes() == before and "changed: summary.json" in capsys.readouterr().out


def test_review_run_again_after_a_kill_completes_the_case_store(
    case: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Killed after the decision reached the package and before the case store: the same command
    again exits 0, writes nothing new, and moves the store on."""
    main = _main(monkeypatch)
    store = CaseStore(f"sqlite:///{case.parent / 'cases.sqlite'}")
    store.register(case.name, "print", "inbox/a")
    store.claim(case.name)
    store.finish(case.name, "awaiting_review")
    keys.decide(case, "approve", "CR0207", comment="checked")  # the package has it; the store does not
    review = ["review", case.name, "--out", str(case.parent), "--decision", "approve", "--reviewer", "CR0207"]
    review += ["--comment", "checked", "--key", str(keys.key_files["CR0207"]), "--roster", str(keys.roster_path)]
    assert main(review) == 0
    assert "was already recorded (nothing new written" in capsys.readouterr().out
    assert store.get(case.name).status == "approved" and len(read_decisions(case / PACKAGE)) == 1  # type: ignore[union-attr]
    assert main(["verify", str(case), "--roster", str(keys.roster_path)]) == 0


def test_review_and_verify_exit_codes_are_documented_and_consistent(
    case: Path, keys: Keys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing to act on: review and verify both exit 2 with the reason on stderr. A package examined
    and not verified: verify exits 1, with what is wrong on stdout."""
    main = _main(monkeypatch)
    roster = ["--roster", str(keys.roster_path)]
    for args in (
        ["verify", str(tmp_path / "missing"), *roster],
        ["verify", str(tmp_path), *roster],  # a folder, but no case and no package
        ["review", str(tmp_path / "missing"), "--decision", "approve", "--reviewer", "CR0207", "--comment", "x"],
    ):
        assert main(args) == 2, args
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.startswith("credit-dd: ") and "Traceback" not in captured.err
    (case / PACKAGE / "report.html").write_text("changed", encoding="utf-8")
    assert main(["verify", str(case), *roster]) == 1
    assert "changed: report.html" in capsys.readouterr().out


@pytest.mark.parametrize("case", ["b"], indirect=True)
def test_a_referral_says_why_and_who_may_approve_and_a_second_approval_says_the_case_is_final(
    case: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    main = _main(monkeypatch)

    def review(reviewer: str, comment: str = "figures checked") -> list[str]:
        args = ["review", str(case), "--decision", "approve", "--reviewer", reviewer, "--comment", comment]
        return [*args, "--key", str(keys.key_files[reviewer]), "--roster", str(keys.roster_path)]

    assert main(review("CR0207")) == 0
    out = capsys.readouterr().out
    assert "the case is now referred" in out
    assert (
        "referred: 4,830,000 CNY is above CR0207 刘洋's approval authority of 3,000,000; it may be approved by "
        "AP0021 赵敏 (up to 10,000,000), AP0003 孙立 (up to 50,000,000), or by a credit committee"
    ) in out
    assert main(review("AP0021")) == 0
    capsys.readouterr()
    assert main(review("AP0003", "me too")) == 2
    err = capsys.readouterr().err
    assert "is already approved (approve by AP0021 赵敏" in err and "an approved case is final" in err
    assert "cannot become approved" not in err
