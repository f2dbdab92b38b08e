"""``credit-dd spread``: the spreading workbook of a case waiting for figures, and a completed one
applied (the entries recorded, the case run again with them)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from cli.runs import GOVERNANCE_HELP, describe, run_flow, settings_of
from credit_dd.errors import CreditDDError
from credit_dd.intake.application import accept
from credit_dd.settings import Settings, roster_from_env


def spreading_hints(cases: list[Path]) -> list[str]:
    """For each case that needs spreading: the two commands a person completes it with."""
    hints = []
    for folder in cases:
        try:
            waiting = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["spreading"]["pending"]
        except (OSError, ValueError, KeyError):
            continue
        if waiting:
            figures = ", ".join(f"{w['period']} {w['item']}" for w in waiting)
            hints += [
                "",
                f"{folder.name} needs spreading ({figures}): write the workbook, type each figure from the page in"
                " its 'correct' column (or 'ok' to confirm a reading), then apply it:",
                f"  .venv/bin/credit-dd spread {folder}",
                f"  .venv/bin/credit-dd spread {folder} --apply {folder / 'spreading.xlsx'} --by RM0451",
            ]
    return hints


def _application_of(case_folder: Path, given: Path | None) -> Path:
    """The application folder a case was run from: ``--application``, else the one its audit trail names."""
    from credit_dd.errors import SpreadingError
    from credit_dd.package.folder import PACKAGE
    from credit_dd.package.review import read_audit

    if given is None:
        named = read_audit(case_folder / PACKAGE).get("parameters", {}).get("application_dir")
        given = Path(named) if named else None
    if given is None or not (given / "application.yaml").is_file():
        raise SpreadingError(
            f"{case_folder.name}: its application folder ({given or 'not recorded'}) is not there; "
            "give it with --application (an archived application is in the archive folder)"
        )
    if accept(given).case_id != case_folder.name:
        raise SpreadingError(f"{given} is the application of case {accept(given).case_id}, not {case_folder.name}")
    return given


def _spread_settings(args: argparse.Namespace, case_folder: Path) -> Settings:
    args.out, args.watchlist = case_folder.parent, args.watchlist or []
    return settings_of(args).model_copy(update={"roster_path": args.roster})


def command(args: argparse.Namespace) -> int:
    """Write the case's spreading workbook, or apply a completed one and run the case again."""
    from credit_dd.package.spreading import new_entries, record_entries, sheet_from_summary
    from credit_dd.package.staff import read_roster
    from credit_dd.package.workbook import read_answers, read_summary, write_workbook

    case_folder = Path(args.case)
    summary = read_summary(case_folder)
    if args.apply is None:
        path = write_workbook(case_folder, args.workbook)
        pending = summary.get("spreading", {}).get("pending", [])
        print(f"spreading workbook written to {path}")
        print(
            f"{len(pending)} figure(s) the decision needs wait for a person: "
            + ", ".join(f"{p['period']} {p['item']} ({p['status']})" for p in pending)
        )
        print(f"then: credit-dd spread {case_folder} --apply {path} --by <your employee id>")
        return 0
    if not args.by:
        raise CreditDDError("--apply needs --by EMPLOYEE_ID: who keyed or confirmed the figures")
    answers = read_answers(args.apply, case_folder)
    digests = {d["file"]: d["sha256"] for d in summary["documents"]}
    sheet = sheet_from_summary(summary.get("figures", {}))
    entries = new_entries(answers, sheet, args.by, read_roster(args.roster), digests, "workbook")
    if not entries:
        print(f"{args.apply}: no 'correct' cell is filled: nothing to record")
        return 0
    application_dir = _application_of(case_folder, args.application)
    record_entries(case_folder, entries)
    for e in entries:
        print(f"{e.action} by {e.by}: {e.period} {e.item}: {e.old_value} ({e.old_status}) → {e.value:,.2f}")
    outcome = run_flow(application_dir, _spread_settings(args, case_folder))
    _after_spreading(case_folder, outcome)
    print(describe(outcome.case_id, outcome))
    return 0


def _after_spreading(case_folder: Path, outcome) -> None:  # type: ignore[no-untyped-def]
    """The case store beside the case folder, told where the person's figures took the case."""
    if not (case_folder.parent / "cases.sqlite").exists():
        return
    from credit_dd.operations.store import CaseStore
    from flows.operations import STATUS_OF

    store = CaseStore(Settings(out_dir=case_folder.parent).case_store_url)
    view = store.get(case_folder.name)
    if view is not None and view.status == "needs_spreading":
        store.finish(case_folder.name, STATUS_OF.get(outcome.status, "failed"), via="spreading", folder=outcome.folder)


def add_command(sub: Any) -> None:
    """``credit-dd spread``: its options, beside the command."""
    spread = sub.add_parser("spread", help="write a case's spreading workbook, or apply a completed one")
    spread.add_argument("case", help="the case folder (out/<case_id>)")
    spread.add_argument("--workbook", type=Path, help="where the workbook goes (default <case>/spreading.xlsx)")
    spread.add_argument("--apply", type=Path, metavar="FILE", help="a completed workbook: record it and run again")
    spread.add_argument("--by", metavar="EMPLOYEE_ID", help="who keyed or confirmed the figures (with --apply)")
    spread.add_argument("--application", type=Path, help="the application folder, when it moved since the run")
    spread.add_argument("--watchlist", action="append", default=[], metavar="PATH", help="as for run")
    spread.add_argument("--lang", choices=["zh", "en"], default="zh", help="report language (default: zh)")
    spread.add_argument("--no-pdf", action="store_true", help="skip report.pdf")
    spread.add_argument("--governance", type=Path, help=GOVERNANCE_HELP)
    spread.add_argument("--verbose", action="store_true", help="Prefect's log on the terminal")
    spread.set_defaults(handler=command)
    spread.add_argument("--roster", type=Path, default=roster_from_env(), help="the staff roster (CREDIT_DD_ROSTER)")
