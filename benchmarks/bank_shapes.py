"""Bank statements of generated shapes: recognised, read right, and their planted defects caught.

    .venv/bin/python benchmarks/bank_shapes.py [--count 200] [--seed 50001] [--jobs 2] [--scanned]

Writes ``--count`` statements (``scripts/bank_variants.py``: many column orders and wordings,
one signed column or two, with or without a balance column, summaries at the top or the
bottom, several currencies and date styles, English and Chinese) into a temporary folder,
reads each as the pipeline does, and compares it with its truth: the kind it was classified
as, opening and closing balance, money in and out, the row count; and the bank findings its
validation raises against the codes its planted defects must raise (no more, no fewer). With
``--scanned`` each statement is first rendered to an image-only PDF (``scripts/scans.py``),
so the same comparison measures OCR.

Prints the shapes that fail and a total block; exits 1 when any shape fails.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "benchmarks")]
BANK_CODES = ("BANK_BALANCE_BREAK", "BANK_SUMMARY_MISMATCH")


@dataclass
class ShapeResult:
    """One generated statement as read."""

    file: str
    kind: str
    seconds: float
    values_right: int = 0
    values: int = 0
    wrong: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)
    style: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.kind == "bank_statement" and not self.wrong and self.expected == self.raised


def bank_codes(statement: Any) -> list[str]:
    """The bank finding codes validation raises on one statement (its rows and its summary)."""
    from credit_dd.rules.quality import findings_from
    from credit_dd.validation.quality import run_suite
    from credit_dd.validation.suites import statements_frame, transactions_frame

    outcomes = run_suite("bank_transactions", transactions_frame(statement))
    outcomes += run_suite("bank_statements", statements_frame([statement]))
    return sorted({f.code for f in findings_from(outcomes) if f.code in BANK_CODES})


def check_shape(path: Path) -> ShapeResult:
    """Read one generated statement and compare it with its truth; never raises."""
    from credit_dd.documents.files import read_document

    truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    try:
        doc = read_document(path, path.name, default_currency="unknown")  # the currency must be read too
        statement = doc.bank_statement
        raised = bank_codes(statement) if statement else []
    except Exception as exc:  # a benchmark reports a crash as a result, and goes on
        return ShapeResult(path.name, f"crashed: {type(exc).__name__}: {exc}", 0.0, style=truth["style"])
    result = ShapeResult(path.name, doc.kind, time.perf_counter() - started, style=truth["style"])
    result.expected, result.raised = truth["findings"], raised
    for name, got in _figures(statement).items():
        expected = truth[name]
        ok = got == expected if isinstance(expected, (int, str)) else got is not None and abs(got - expected) < 0.005
        result.values += 1
        result.values_right += ok
        if not ok:
            result.wrong.append(f"{name}: expected {expected}, got {got}")
    return result


def _figures(statement: Any) -> dict[str, Any]:
    rows = statement.transactions if statement else []
    return {
        "opening_balance": statement.opening_balance if statement else None,
        "closing_balance": statement.closing_balance if statement else None,
        "total_in": round(sum(t.credit for t in rows), 2),
        "total_out": round(sum(t.debit for t in rows), 2),
        "transactions": len(rows),
        "currency": statement.currency if statement else None,
        "period_start": str(statement.period_start) if statement else None,
        "period_end": str(statement.period_end) if statement else None,
    }


def write_shapes(folder: Path, count: int, seed: int, scanned: bool) -> list[Path]:
    from bank_variants import make_variant
    from sample_pdf import register_cjk_font

    register_cjk_font()
    paths = [make_variant(number, folder) for number in range(seed, seed + count)]
    if scanned:
        from scans import scan_pdf

        paths = [scan_pdf(p, p, seed=i) for i, p in enumerate(paths)]
    return paths


def report(results: list[ShapeResult], seconds: float) -> int:
    """Print the failures and the totals; the exit status (0 when every shape is right)."""
    for r in results:
        if not r.ok:
            print(f"BAD {r.file}: {r.kind}; findings expected {r.expected}, raised {r.raised}; {r.style}")
            for line in r.wrong:
                print(f"      WRONG {line}")
    planted = [r for r in results if r.expected]
    clean = [r for r in results if not r.expected]
    print(f"shapes: {len(results)} ({len(planted)} with a planted defect), {seconds:.0f} s")
    print(f"recognised as bank statements: {sum(r.kind == 'bank_statement' for r in results)}/{len(results)}")
    right = sum(r.values_right for r in results)
    print(f"values right: {right}/{sum(r.values for r in results)}; shapes fully right: {sum(r.ok for r in results)}")
    print(f"planted defects caught (exact codes): {sum(r.expected == r.raised for r in planted)}/{len(planted)}")
    print(f"clean shapes with a false finding: {sum(bool(r.raised) for r in clean)}/{len(clean)}")
    return 0 if all(r.ok for r in results) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=50_001)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scanned", action="store_true", help="read image-only renderings of them (OCR)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        paths = write_shapes(Path(folder), args.count, args.seed, args.scanned)
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(check_shape, paths))
        return report(results, time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
