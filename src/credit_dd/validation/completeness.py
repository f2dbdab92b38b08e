"""The product's document checklist against what arrived: one complete deficiency list.

The manual's rule (一次性告知): the customer is told everything missing or wrong at once.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from credit_dd.documents.files import DocumentIssue, ParsedDocument, bank_statements, originals
from credit_dd.documents.history import StatementHistory
from credit_dd.policy.data import ChecklistEntry
from credit_dd.policy.findings import Deficiency, bilingual, deficiency

BLOCKING_CODES = frozenset({"DOC_MISSING", "DOC_STALE"})


def _names(entry: ChecklistEntry) -> dict[str, str]:
    """A checklist entry's Chinese and English names (``营业执照 business licence``)."""
    zh, en = bilingual(entry.name)
    return {"name": zh, "name_en": en}


def _months_back(day: date, months: int) -> date:
    """The last day of the month ``months - 1`` after ``day``'s: a statement's age limit runs out there."""
    return day + relativedelta(months=months - 1, day=31)


def _statement_entry(entry: ChecklistEntry, history: StatementHistory, received: date) -> list[Deficiency]:
    annual = sorted(
        p for p in history.periods if (p.month, p.day) == (12, 31) and entry.statement in history.kinds.get(p, [])
    )
    if len(annual) < entry.annual_periods:
        years = [str(p.year) for p in annual]
        missing = [str(y) for y in missing_years([p.year for p in annual], entry.annual_periods, received)]
        return [
            deficiency(
                "DOC_MISSING",
                "periods",
                **_names(entry),
                required=entry.annual_periods,
                missing="、".join(missing),
                missing_en=" and ".join(missing),
                have="、".join(f"{y} 年度" for y in years) or "无",
                have_en=", ".join(years) or "none",
            )
        ]
    if entry.max_age_months and annual and _months_back(annual[-1], entry.max_age_months + 1) < received:
        return [deficiency("DOC_STALE", "statement", **_names(entry), latest=annual[-1], months=entry.max_age_months)]
    return []


def missing_years(have: list[int], required: int, received: date) -> list[int]:
    """The fiscal years still to come, as the customer would name them: the ``required`` latest years
    ending with the latest one received (or, with none, the year before the application) less those in."""
    latest = max(have) if have else received.year - 1
    return [year for year in range(latest - required + 1, latest + 1) if year not in have]


def _bank_entry(entry: ChecklistEntry, documents: list[ParsedDocument], received: date) -> list[Deficiency]:
    statements = bank_statements(documents)
    starts = [s.period_start for s in statements if s.period_start]
    ends = [s.period_end for s in statements if s.period_end]
    if not starts or not ends:
        return [deficiency("DOC_MISSING", "no_bank_statement", **_names(entry), months=entry.months)]
    start, end = min(starts), max(ends)
    problems = []
    months_covered = (end.year - start.year) * 12 + end.month - start.month + 1
    if months_covered < entry.months:
        problems.append(
            deficiency("DOC_MISSING", "bank_months", **_names(entry), start=start, end=end, months=entry.months)
        )
    if entry.ends_within_days is not None and (received - end).days > entry.ends_within_days:
        problems.append(deficiency("DOC_STALE", "bank", **_names(entry), end=end, days=entry.ends_within_days))
    return problems


def check_checklist(
    entries: list[ChecklistEntry], documents: list[ParsedDocument], history: StatementHistory, received: date
) -> list[Deficiency]:
    """Deficiencies of the checklist: missing kinds, too few periods, stale documents."""
    kinds = {d.kind for d in originals(documents)}
    deficiencies: list[Deficiency] = []
    for entry in entries:
        if entry.statement:
            deficiencies += _statement_entry(entry, history, received)
        elif "bank_statement" in entry.kinds:
            deficiencies += _bank_entry(entry, documents, received)
        elif not kinds & set(entry.kinds):
            deficiencies.append(deficiency("DOC_MISSING", "not_received", **_names(entry)))
    return deficiencies


def document_deficiencies(documents: list[ParsedDocument], refused: list[DocumentIssue]) -> list[Deficiency]:
    """Every problem of every file, named by file, and every entry of the folder not read."""
    out = [Deficiency(code=r.code, message=r.message, variant=r.variant, params=r.params) for r in refused]
    for doc in documents:
        out += [
            Deficiency(code=i.code, message=i.message, document=doc.file, variant=i.variant, params=i.params)
            for i in doc.issues
        ]
    return out


def blocks_analysis(deficiencies: list[Deficiency]) -> bool:
    """Required documents missing or stale: the case waits for the customer."""
    return any(d.code in BLOCKING_CODES for d in deficiencies)
