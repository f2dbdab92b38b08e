"""Coverage on real filings without truth files: the statements' own arithmetic is the judge.

    .venv/bin/python benchmarks/accuracy.py --wide [FOLDER] [--jobs 2] [--json out.json]

FOLDER (default ``../shared/realdata/wide``) is searched for PDFs. Each is read exactly as a run
reads it (``read_document``, then the run's period check, merge and figure statuses), and the
benchmark prints per document: the kind it was classified as; the statements found (kind, scope,
pages, unit, currency, periods); the core figures of every period with their status; the checks
that held and failed; CPU seconds against pdfplumber's own floor (``extract_text`` on the same
pages: measured on every page of the largest documents, estimated from an even sample of pages
for the rest).

The documents are split by a fixed rule, alternately by sorted file name, into a development half
(its failures are for looking into) and a held-out half (only its totals are looked at). At stop 32
half of the held-out half was opened by the same rule applied again (every other held-out file,
the first included): its failures are looked into too, and it is printed as its own group. At stop 33
the same rule opened half of the quarter still held out, so an eighth (five filings) keeps measuring
reading nobody tuned. Totals are printed for each group and for all.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WIDE = ROOT.parent / "shared" / "realdata" / "wide"
FLOOR_SAMPLE = 16  # pages timed for the floor of a document that is not among the largest
MARKS = {"verified": "✔", "read": "?", "conflict": "✘", "missing": "∅", "keyed": "✎", "confirmed": "☑"}


@dataclass
class WideResult:
    """What was read from one filing, and how far its arithmetic proves it."""

    file: str
    half: str
    pages: int = 0
    text_layer: bool = False
    kind: str = ""
    seconds: float = 0.0  # CPU seconds to read it as a run does
    floor: float = 0.0  # CPU seconds pdfplumber's extract_text takes on its pages (measured or estimated)
    floor_measured: bool = False
    found: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # the group (or single) statements' kinds
    core: dict[str, dict[str, str]] = field(default_factory=dict)  # period → item → status
    held: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def classified(self) -> bool:
        return self.kind == "financial_statements"

    @property
    def all_three(self) -> bool:
        return {"balance_sheet", "income_statement", "cash_flow"} <= set(self.kinds)

    @property
    def statuses(self) -> Counter[str]:
        return Counter(status for items in self.core.values() for status in items.values())

    @property
    def all_verified(self) -> bool:
        statuses = self.statuses
        return bool(statuses) and set(statuses) == {"verified"}


def text_layers(folder: Path) -> dict[str, bool]:
    """Which files SOURCES.tsv says have a text layer (the benchmark's denominator), by file name."""
    sources = folder / "SOURCES.tsv"
    if not sources.exists():
        return {}
    rows = [line.split("\t") for line in sources.read_text(encoding="utf-8").splitlines()]
    header = rows[0]
    name, layer = header.index("name"), header.index("has_text_layer")
    return {row[name] + ".pdf": row[layer] == "yes" for row in rows[1:] if len(row) > layer}


def split_halves(paths: list[Path]) -> dict[Path, str]:
    """Development half, the quarter opened at stop 32, the eighth opened at stop 33 and the eighth still
    held out: alternately by sorted file name, then alternately again within each held-out part (a fixed
    rule, not a choice)."""
    ordered = sorted(paths, key=lambda p: p.name)
    groups = ("dev", "opened", "dev", "opened33", "dev", "opened", "dev", "held")
    return {path: groups[index % 8] for index, path in enumerate(ordered)}


def floor_seconds(path: Path, pages: int, every_page: bool) -> float:
    """CPU seconds of pdfplumber's ``extract_text`` over the document: every page, or an even sample scaled up."""
    import pdfplumber

    chosen = range(pages) if every_page or pages <= FLOOR_SAMPLE else _spread(pages, FLOOR_SAMPLE)
    started = time.process_time()
    with pdfplumber.open(path) as pdf:
        for index in chosen:
            page = pdf.pages[index]
            page.extract_text()
            page.close()
    spent = time.process_time() - started
    return spent * pages / max(len(chosen), 1)


def _spread(pages: int, count: int) -> list[int]:
    return sorted({round(i * (pages - 1) / (count - 1)) for i in range(count)})


def measure(
    path: Path, half: str, every_page_floor: bool, text_layer: bool | None = None, floor: bool = True
) -> WideResult:
    """Read one filing as a run does and judge its figures; never raises. ``text_layer`` is what the
    folder's SOURCES.tsv says (a file the reader cannot open still counts as having one)."""
    result = WideResult(path.name, half)
    try:
        _read(path, result)
        result.text_layer = result.text_layer if text_layer is None else text_layer
        if floor:
            result.floor = floor_seconds(path, result.pages, every_page_floor)
            result.floor_measured = every_page_floor or result.pages <= FLOOR_SAMPLE
    except Exception as exc:  # a benchmark reports a crash as a result, and goes on
        result.error = f"{type(exc).__name__}: {exc}"
        result.text_layer = bool(text_layer)
    return result


def _read(path: Path, result: WideResult) -> None:
    from credit_dd.documents.files import read_document
    from credit_dd.documents.history import merge_statements
    from credit_dd.rules.quality import period_findings
    from credit_dd.validation.dating import Dating, verify_periods
    from credit_dd.validation.figures import CLASSIFIED_ITEMS, CORE_ITEMS, build_sheet

    started = time.process_time()
    doc = read_document(path, path.name)
    result.seconds = time.process_time() - started
    result.pages, result.text_layer, result.kind = doc.pages, doc.text_layer, doc.kind
    dating = verify_periods([doc])
    statements = dating.statements.get(doc.file, [])
    result.findings = [f.message for f in period_findings(dating.redated, dating.doubts)]
    for s in [*statements, *doc.parent_statements]:
        periods = ", ".join(f"{s.starts[e]}→{e}" if e in s.starts else str(e) for e in sorted(s.values))
        result.found.append(
            f"{s.scope} {s.kind} p.{s.pages[0]}-{s.pages[-1]} {s.unit}{' (assumed)' if s.unit_assumed else ''} "
            f"{s.currency or '?'} [{periods}]"
        )
    result.kinds = sorted({s.kind for s in statements})
    history = merge_statements(statements, "CNY")
    sheet = build_sheet(Dating(statements={doc.file: statements}), history)
    core = {i for items in CORE_ITEMS.values() for i in items} | set(CLASSIFIED_ITEMS)
    for period, figures in sorted(sheet.figures.items()):
        chosen = {item: f.status for item, f in figures.items() if item in core}
        if chosen:
            result.core[period.isoformat()] = chosen
        for figure in figures.values():
            for name in figure.checks:
                result.held[name.split(":")[0]] = result.held.get(name.split(":")[0], 0) + 1
            for name in figure.failed:
                result.failed[name] = result.failed.get(name, 0) + 1


def print_result(result: WideResult) -> None:
    statuses = result.statuses
    verified, total = statuses.get("verified", 0), sum(statuses.values())
    ratio = result.seconds / result.floor if result.floor else float("nan")
    floor = f"floor {result.floor:.1f} s{'' if result.floor_measured else ' est.'}"
    print(
        f"{result.half:6} {result.file}: {result.kind or '?'}, {result.pages} p, {verified}/{total} core figures "
        f"verified; {result.seconds:.1f} s CPU ({result.pages / max(result.seconds, 1e-9):.1f} p/s), {floor}, {ratio:.2f}×"
    )
    if result.error:
        print(f"      error: {result.error}")
    for line in result.found:
        print(f"      {line}")
    for period, items in result.core.items():
        print(f"      {period}: " + " ".join(f"{item} {MARKS[status]}" for item, status in items.items()))
    if result.held:
        print("      held: " + ", ".join(f"{n} ×{c}" for n, c in sorted(result.held.items())))
    if result.failed:
        print("      failed: " + ", ".join(f"{n} ×{c}" for n, c in sorted(result.failed.items())))
    for message in result.findings:
        print(f"      finding: {message}")


def totals(results: list[WideResult], name: str) -> dict[str, Any]:
    """One half's (or both halves') totals, printed and returned."""
    text = [r for r in results if r.text_layer]
    statuses: Counter[str] = Counter()
    for r in results:
        statuses.update(r.statuses)
    core = sum(statuses.values())
    out = {
        "documents": len(results),
        "text_layer": len(text),
        "classified_as_financial_statements": sum(r.classified for r in text),
        "misclassified": [f"{r.file} ({r.kind})" for r in text if not r.classified],
        "all_three_statements": sum(r.all_three for r in results),
        "core_figures_all_verified": sum(r.all_verified for r in results),
        "core_figures": dict(statuses),
        "automation_rate": statuses.get("verified", 0) / core if core else 0.0,
        "seconds": sum(r.seconds for r in results),
        "floor": sum(r.floor for r in results),
        "pages": sum(r.pages for r in results),
    }
    n = len(results)
    print(
        f"{name} ({n} documents): classified as financial statements {out['classified_as_financial_statements']}/"
        f"{len(text)}; all three statements found {out['all_three_statements']}/{n}; core figures all verified "
        f"{out['core_figures_all_verified']}/{n}; automation rate {statuses.get('verified', 0)}/{core} = "
        f"{out['automation_rate']:.1%} ({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}); "
        f"reading {out['seconds']:.0f} s CPU for {out['pages']} pages against the floor's {out['floor']:.0f} s "
        f"({out['seconds'] / max(out['floor'], 1e-9):.2f}×)"
    )
    for line in out["misclassified"]:
        print(f"      misclassified: {line}")
    return out


def largest(results: list[WideResult], count: int) -> None:
    """Seconds against the floor for the largest documents (reading should follow their statement pages)."""
    print(f"largest {count} documents, CPU seconds against the floor:")
    for r in sorted(results, key=lambda r: -r.pages)[:count]:
        print(
            f"      {r.file}: {r.pages} pages, read {r.seconds:.1f} s, floor {r.floor:.1f} s ({r.seconds / max(r.floor, 1e-9):.2f}×)"
        )
