"""Reading accuracy on documents nobody on this project wrote, against their truth files.

    .venv/bin/python benchmarks/accuracy.py [FOLDER] [--jobs 2] [--json out.json]
    .venv/bin/python benchmarks/accuracy.py --layouts 300 [--seed 20001]
    .venv/bin/python benchmarks/accuracy.py --wide [FOLDER] [--jobs 2]    # real filings without truth: see wide.py

FOLDER (default ``../shared/realdata/corpus``) is searched recursively for ``X.truth.json``
beside ``X.pdf`` (schema: the corpus README). Each document is read exactly as the pipeline
reads it (``read_document``), and the figures it yields are compared with the truth:

- statements: each core field in each truth column, in whole currency units, equal to the
  truth within half the printed rounding step; columns named ``bank_…`` (a bank's own,
  parent-only figures printed beside the group's) are compared with the parent statements;
- bank statements: opening and closing balance, money in and out, the transaction count
  (and sum, for the card statement) where the truth gives them. A card statement's expected
  rows that carry last month's balance are its opening balance, not transactions.

With ``--layouts N`` it first writes N generated layouts (``scripts/layout_variants.py``, each
with its truth) into a temporary folder and measures those instead.

Documents read by OCR (any page without a text layer) are totalled again in their own section,
``scans:``, with the seconds each OCR'd page took. ``--scans N`` measures N image-only scans of
generated documents instead (``scripts/scans.py``: statement layouts and bank statements,
alternately, each with its truth).

Prints one block per document and a total line; exits 1 when any value is wrong or missing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT.parent / "shared" / "realdata" / "corpus"
DEFAULT_WIDE = ROOT.parent / "shared" / "realdata" / "wide"
sys.path.insert(0, str(Path(__file__).resolve().parent))
CORE_FIELDS = {
    "total_assets": "balance_sheet",
    "total_current_assets": "balance_sheet",
    "total_liabilities": "balance_sheet",
    "total_current_liabilities": "balance_sheet",
    "total_equity": "balance_sheet",
    "total_liabilities_and_equity": "balance_sheet",
    "revenue": "income_statement",
    "net_profit": "income_statement",
    "net_cash_from_operating": "cash_flow",
}
PARENT_PREFIX = "bank_"


OUTCOMES = ("right and verified", "right and unverified", "wrong and flagged", "wrong and unflagged", "missing")


@dataclass
class Check:
    """One compared value, and what the reader said of it (its figure's status)."""

    name: str
    expected: float | int | None
    got: float | int | None
    ok: bool
    status: str = ""  # the figure's verification status; "" for bank-statement values

    @property
    def outcome(self) -> str:
        """Right or wrong against the truth, crossed with whether the reader vouched for it.

        Only ``verified`` (or a person's ``confirmed`` / ``keyed``) vouches; ``read``, ``conflict``
        and ``missing`` are marks a credit officer sees. Wrong and unflagged is the failure that
        must not happen: a wrong figure presented as proven.
        """
        vouched = self.status in ("verified", "confirmed", "keyed") or not self.status
        if self.got is None:
            return "missing"
        if self.ok:
            return "right and verified" if vouched else "right and unverified"
        return "wrong and unflagged" if vouched else "wrong and flagged"


@dataclass
class DocumentResult:
    """What was read from one document and how it compares with its truth."""

    file: str
    kind: str
    seconds: float
    found: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    error: str | None = None
    signals: list[str] = field(default_factory=list)  # integrity signals: none expected on genuine documents
    named: dict[str, int] = field(default_factory=dict)  # the report's named checks by status
    failed_checks: list[str] = field(default_factory=list)  # a failure on a genuine report is a false alarm
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR: the document is counted as a scan

    @property
    def right(self) -> int:
        return sum(c.ok for c in self.checks)

    def tally(self) -> dict[str, int]:
        """How many values fall in each outcome (``OUTCOMES``)."""
        return {outcome: sum(c.outcome == outcome for c in self.checks) for outcome in OUTCOMES}


def _close(expected: float, got: float | None, step: float) -> bool:
    return got is not None and abs(expected - got) <= max(step / 2, 0.005) + 1e-9 * abs(expected)


def _leading_date(text: str | None) -> date | None:
    """The ISO date a truth field starts with ("2016-01-03 (day after …)"), if any."""
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def _column_end(truth: dict[str, Any], column: str) -> date:
    spec = truth["period_end_dates"][column]
    end = _leading_date(spec.get("date") or spec["end"])
    assert end is not None, spec
    if spec.get("type") == "balance_at" and (end.month, end.day) == (1, 1):
        return date(end.year - 1, 12, 31)  # an opening balance is the previous year end's closing one
    return end


def _column_start(truth: dict[str, Any], column: str) -> date | None:
    return _leading_date(truth["period_end_dates"][column].get("start"))


def check_statements(path: Path, truth: dict[str, Any]) -> DocumentResult:
    """Compare the statements read from one report with its truth file."""
    from credit_dd.documents.files import read_document
    from credit_dd.documents.history import merge_statements
    from credit_dd.validation.dating import Dating, verify_periods
    from credit_dd.validation.figures import build_sheet

    started = time.perf_counter()
    doc = read_document(path, path.name, default_currency=truth.get("currency", "CNY"))
    result = DocumentResult(path.name, doc.kind, 0.0, signals=doc.integrity, ocr_pages=doc.ocr_pages)
    dated = verify_periods([doc]).statements.get(doc.file, doc.statements)
    groups = {"group": [s for s in dated if s.scope != "parent"], "parent": doc.parent_statements}
    for scope, statements in groups.items():
        for s in statements:
            periods = ", ".join(f"{s.starts.get(end, '')}→{end}" for end in sorted(s.values))
            result.found.append(
                f"{scope} {s.kind} p.{s.pages[0]}-{s.pages[-1]} unit {s.unit}"
                f"{' (assumed)' if s.unit_assumed else ''} {s.currency or '?'} [{periods}]"
            )
    histories = {scope: merge_statements(statements, doc_currency(truth)) for scope, statements in groups.items()}
    sheets = {
        scope: build_sheet(Dating(statements={doc.file: statements}), histories[scope])
        for scope, statements in groups.items()
    }
    multiplier = float(truth.get("multiplier_to_whole_units", 1))
    for item, spec in truth["values"].items():
        if item not in CORE_FIELDS or not spec:
            continue
        for column, cell in spec["values"].items():
            if cell is None or cell.get("value") is None:
                continue
            scope = "parent" if column.startswith(PARENT_PREFIX) else "group"
            end = _column_end(truth, column)
            history = histories[scope]
            got = history.get(end, item)
            start = _column_start(truth, column)
            ok = _close(float(cell["value"]), got, multiplier)
            if ok and start is not None and history.starts.get(end) not in (None, start):
                ok = False  # the right figure under the wrong period length (a quarter taken for a year)
            figure = sheets[scope].get(end, item)
            status = figure.status if figure else ("missing" if got is None else "read")
            result.checks.append(Check(f"{item} {column}", cell["value"], got, ok, status))
    _named_checks(histories["group"], result)
    result.seconds = time.perf_counter() - started
    return result


def _named_checks(history: Any, result: DocumentResult) -> None:
    """The report's named checks (identities and the checks across statements) on what was read."""
    from credit_dd.policy.data import read_policy
    from credit_dd.validation.checks import cash_flow_vs_cash, identity_checks, retained_earnings_rollforward
    from credit_dd.validation.suites import IDENTITIES, identity_frame

    policy = read_policy()  # the packaged policy, as a case without a bank's own is judged
    checks = []
    for kind, identities in IDENTITIES.items():
        frame = identity_frame(history, kind, policy.thresholds.balance_tolerance_units)
        checks += identity_checks(history, kind, frame, [n for n, _, _ in identities])
    checks += cash_flow_vs_cash(history, policy.analysis.restricted_cash_allowance)
    checks += retained_earnings_rollforward(history)
    for check in checks:
        result.named[check.status] = result.named.get(check.status, 0) + 1
    result.failed_checks = [c.detail for c in checks if c.status == "failed"]


def doc_currency(truth: dict[str, Any]) -> str:
    return str(truth.get("currency") or "CNY")


def check_bank(path: Path, truth: dict[str, Any]) -> DocumentResult:
    """Compare a bank or card statement's balances, totals and rows with its truth file."""
    from credit_dd.documents.files import read_document

    started = time.perf_counter()
    doc = read_document(path, path.name, default_currency=truth.get("currency", "USD"))
    result = DocumentResult(path.name, doc.kind, 0.0, signals=doc.integrity, ocr_pages=doc.ocr_pages)
    statement = doc.bank_statement
    if statement is not None:
        result.found.append(
            f"bank statement {statement.currency} {statement.period_start}→{statement.period_end}, "
            f"{len(statement.transactions)} rows"
        )
    rows = statement.transactions if statement else []
    got: dict[str, float | int | None] = {
        "opening_balance": statement.opening_balance if statement else None,
        "closing_balance": statement.closing_balance if statement else None,
        "total_in": round(sum(t.credit for t in rows), 2) if statement else None,
        "total_out": round(sum(t.debit for t in rows), 2) if statement else None,
        "transactions": len(rows),
        "transactions_sum": round(sum(t.credit - t.debit for t in rows), 2) if statement else None,
    }
    truth = _card_rows_as_balances(path, truth)
    for name, value in got.items():
        if name in truth and truth[name] is not None:
            expected = truth[name]
            ok = value == expected if name == "transactions" else value is not None and _close(expected, value, 0.01)
            result.checks.append(Check(name, expected, value, ok))
    if truth.get("currency") and statement is not None:
        result.checks.append(
            Check("currency", truth["currency"], statement.currency, statement.currency == truth["currency"])
        )  # type: ignore[arg-type]
    result.seconds = time.perf_counter() - started
    return result


def _card_rows_as_balances(path: Path, truth: dict[str, Any]) -> dict[str, Any]:
    """Move "LAST MONTH'S BALANCE" rows of a card's expected CSV into its opening balance."""
    name = truth.get("expected_transactions")
    if not name:
        return truth
    import csv

    rows = list(csv.DictReader((path.parent / name).open(encoding="utf-8")))
    balance = [r for r in rows if "BALANCE" in r["description"].upper()]
    moves = [r for r in rows if r not in balance]
    return truth | {
        "transactions": len(moves),
        "transactions_sum": round(sum(float(r["amount"]) for r in moves), 2),
        "opening_balance": round(-sum(float(r["amount"]) for r in balance), 2) if balance else None,
    }


def check_document(truth_path: Path) -> DocumentResult:
    """Read one document and compare it with its truth; never raises."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pdf = truth_path.with_name(truth_path.name.removesuffix(".truth.json") + ".pdf")
    try:
        if "values" in truth:
            return check_statements(pdf, truth)
        return check_bank(pdf, truth)
    except Exception as exc:  # a benchmark reports a crash as a result, and goes on
        return DocumentResult(pdf.name, "crashed", 0.0, error=f"{type(exc).__name__}: {exc}")


def _print(result: DocumentResult, verbose: bool) -> None:
    total = len(result.checks)
    mark = "ok " if result.right == total and not result.error else "BAD"
    print(f"{mark} {result.file}: {result.kind}, {result.right}/{total} values right ({result.seconds:.1f} s)")
    for line in result.found:
        print(f"      {line}")
    if result.error:
        print(f"      error: {result.error}")
    for signal in result.signals:
        print(f"      integrity signal: {signal}")
    for failed in result.failed_checks:
        print(f"      check failed: {failed}")
    if any(c.status for c in result.checks):
        print("      " + ", ".join(f"{outcome} {count}" for outcome, count in result.tally().items()))
    for check in result.checks:
        if verbose or not check.ok:
            mark = "ok" if check.ok else "WRONG"
            print(f"      {mark} {check.name}: expected {check.expected}, got {check.got} ({check.status or 'n/a'})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--verbose", action="store_true", help="list every value, not only the wrong ones")
    parser.add_argument("--layouts", type=int, default=0, help="measure N generated layouts instead of FOLDER")
    parser.add_argument("--seed", type=int, default=20001, help="first seed of the generated layouts")
    parser.add_argument("--wide", nargs="?", type=Path, const=DEFAULT_WIDE, help="coverage on filings without truth")
    parser.add_argument("--largest", type=int, default=3, help="--wide: documents whose floor is timed on every page")
    parser.add_argument(
        "--only", default="", help="--wide: only files whose name contains one of these (comma-separated)"
    )
    parser.add_argument("--scans", type=int, default=0, help="measure N scans of generated documents instead")
    args = parser.parse_args(argv)
    if args.wide:
        return _measure_wide(args)
    if args.scans:
        with tempfile.TemporaryDirectory() as folder:
            _write_scans(Path(folder), args.scans, args.seed)
            return _measure(Path(folder), args)
    if args.layouts:
        with tempfile.TemporaryDirectory() as folder:
            _write_layouts(Path(folder), args.layouts, args.seed)
            return _measure(Path(folder), args)
    return _measure(args.folder, args)


def _write_layouts(folder: Path, count: int, seed: int) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from layout_variants import make_variant
    from sample_pdf import register_cjk_font

    register_cjk_font()
    for number in range(seed, seed + count):
        make_variant(number, folder)


def _write_scans(folder: Path, count: int, seed: int) -> None:
    """Image-only scans of generated documents: statement layouts and bank statements, alternately."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bank_variants import make_variant as bank_variant
    from layout_variants import make_variant
    from sample_pdf import register_cjk_font
    from scans import scan_pdf

    register_cjk_font()
    with tempfile.TemporaryDirectory() as printed:
        for number in range(seed, seed + count):
            made = (make_variant if number % 2 else bank_variant)(number, Path(printed))
            scan_pdf(made, folder / f"scan_{made.name}", seed=number)


def _print_scans(results: list[DocumentResult]) -> None:
    """The documents read by OCR, totalled on their own: their figures are lower-confidence evidence."""
    scans = [r for r in results if r.ocr_pages]
    if not scans:
        return
    pages = sum(len(r.ocr_pages) for r in scans)
    right, total = sum(r.right for r in scans), sum(len(r.checks) for r in scans)
    print("---- scans (read by OCR) ----")
    for r in scans:
        print(f"scan {r.file}: {r.right}/{len(r.checks)} values right, OCR pages {r.ocr_pages}")
    print(
        f"scans: {right}/{total} values right; {sum(r.right == len(r.checks) for r in scans)}/{len(scans)} "
        f"documents fully right; {pages} pages by OCR, {sum(r.seconds for r in scans) / pages:.1f} s a page"
    )


def _measure(folder: Path, args: argparse.Namespace) -> int:
    truths = sorted(folder.rglob("*.truth.json"))
    if not truths:
        print(f"no truth files under {folder}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(check_document, truths))
    for result in results:
        _print(result, args.verbose)
    right = sum(r.right for r in results)
    total = sum(len(r.checks) for r in results)
    perfect = sum(1 for r in results if r.right == len(r.checks) and not r.error)
    print(
        f"total: {right}/{total} values right; {perfect}/{len(results)} documents fully right; "
        f"{sum(1 for r in results if r.signals)} with integrity signals ({time.perf_counter() - started:.0f} s)"
    )
    _print_outcomes(results)
    named = {s: sum(r.named.get(s, 0) for r in results) for s in ("passed", "failed", "not_checked")}
    if any(named.values()):
        print(f"named checks: {named['passed']} passed, {named['failed']} failed, {named['not_checked']} not checked")
    _print_scans(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1, default=str), encoding="utf-8")
    return 0 if right == total and perfect == len(results) else 1


def _measure_wide(args: argparse.Namespace) -> int:
    import wide

    paths = sorted(args.wide.rglob("*.pdf"))
    if not paths:
        print(f"no PDFs under {args.wide}", file=sys.stderr)
        return 2
    halves = wide.split_halves(paths)
    paths = [p for p in paths if any(part in p.name for part in args.only.split(","))]
    biggest = set(sorted(paths, key=lambda p: -p.stat().st_size)[: args.largest])
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        layers = wide.text_layers(args.wide)
        futures = [pool.submit(wide.measure, p, halves[p], p in biggest, layers.get(p.name)) for p in paths]
        results = sorted((f.result() for f in futures), key=lambda r: (r.half, r.file))
    for result in results:
        wide.print_result(result)
    summary = {
        name: wide.totals([r for r in results if r.half in halves_], name)
        for name, halves_ in (
            ("development", ("dev",)),
            ("opened at stop 32", ("opened",)),
            ("opened at stop 33", ("opened33",)),
            ("held-out", ("held",)),
            ("held-out before stop 33", ("opened33", "held")),
            ("held-out before stop 32", ("opened", "opened33", "held")),
            ("total", ("dev", "opened", "opened33", "held")),
        )
    }
    wide.largest(results, args.largest)
    print(f"wall time {time.perf_counter() - started:.0f} s with {args.jobs} jobs")
    if args.json:
        args.json.write_text(json.dumps({"documents": [asdict(r) for r in results], "totals": summary}, indent=1))
    return 0


def _print_outcomes(results: list[DocumentResult]) -> None:
    """The total block: each outcome of the statement values, and the automation rate."""
    totals = {
        outcome: sum(r.tally()[outcome] for r in results if any(c.status for c in r.checks)) for outcome in OUTCOMES
    }
    values = sum(totals.values())
    if not values:
        return
    for outcome in OUTCOMES:
        print(f"{outcome}: {totals[outcome]}")
    verified = sum(c.status == "verified" for r in results for c in r.checks)
    print(f"automation rate: {verified}/{values} = {verified / values:.1%} of the core figures verified with no person")


if __name__ == "__main__":
    sys.exit(main())
