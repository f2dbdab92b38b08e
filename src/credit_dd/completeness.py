"""The product's document checklist against what arrived: one complete deficiency list.

The manual's rule (一次性告知): the customer is told everything missing or wrong at once.
"""

from __future__ import annotations

from datetime import date, timedelta

from credit_dd.documents import ParsedDocument, bank_statements
from credit_dd.findings import Deficiency
from credit_dd.history import StatementHistory
from credit_dd.policy import ChecklistEntry

BLOCKING_CODES = frozenset({"DOC_MISSING", "DOC_STALE"})


def _months_back(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    return date(month_index // 12, month_index % 12 + 1, 1) - timedelta(days=1)


def _statement_entry(entry: ChecklistEntry, history: StatementHistory, received: date) -> list[Deficiency]:
    annual = sorted(
        p for p in history.periods if (p.month, p.day) == (12, 31) and entry.statement in history.kinds.get(p, [])
    )
    if len(annual) < entry.annual_periods:
        have = "、".join(str(p.year) for p in annual) or "无 none"
        return [
            Deficiency(
                code="DOC_MISSING",
                message=f"{entry.name}: 需要最近 {entry.annual_periods} 个年度，已收到 {have} / {entry.annual_periods} fiscal years required, received: {have}",
            )
        ]
    if entry.max_age_months and annual and _months_back(annual[-1], entry.max_age_months + 1) < received:
        return [
            Deficiency(
                code="DOC_STALE",
                message=f"{entry.name}: 最近一期为 {annual[-1]}，已超过 {entry.max_age_months} 个月 / latest period {annual[-1]} is older than {entry.max_age_months} months",
            )
        ]
    return []


def _bank_entry(entry: ChecklistEntry, documents: list[ParsedDocument], received: date) -> list[Deficiency]:
    statements = bank_statements(documents)
    starts = [s.period_start for s in statements if s.period_start]
    ends = [s.period_end for s in statements if s.period_end]
    if not starts or not ends:
        return [
            Deficiency(
                code="DOC_MISSING", message=f"{entry.name}: 未收到可读的银行流水 / no readable bank statement received"
            )
        ]
    start, end = min(starts), max(ends)
    problems = []
    months_covered = (end.year - start.year) * 12 + end.month - start.month + 1
    if months_covered < entry.months:
        problems.append(
            Deficiency(
                code="DOC_MISSING",
                message=f"{entry.name}: 仅覆盖 {start} 至 {end}，需要最近 {entry.months} 个月 / covers only {start} to {end}; {entry.months} months required",
            )
        )
    if entry.ends_within_days is not None and (received - end).days > entry.ends_within_days:
        problems.append(
            Deficiency(
                code="DOC_STALE",
                message=f"{entry.name}: 截止于 {end}，距申请日超过 {entry.ends_within_days} 天 / ends {end}, more than {entry.ends_within_days} days before the application",
            )
        )
    return problems


def check_checklist(
    entries: list[ChecklistEntry], documents: list[ParsedDocument], history: StatementHistory, received: date
) -> list[Deficiency]:
    """Deficiencies of the checklist: missing kinds, too few periods, stale documents."""
    kinds = {d.kind for d in documents if d.duplicate_of is None}
    deficiencies: list[Deficiency] = []
    for entry in entries:
        if entry.statement:
            deficiencies += _statement_entry(entry, history, received)
        elif "bank_statement" in entry.kinds:
            deficiencies += _bank_entry(entry, documents, received)
        elif not kinds & set(entry.kinds):
            deficiencies.append(Deficiency(code="DOC_MISSING", message=f"{entry.name}: 未收到 / not received"))
    return deficiencies


def document_deficiencies(documents: list[ParsedDocument], refused: list[Deficiency]) -> list[Deficiency]:
    """Every problem of every file, named by file."""
    out = list(refused)
    for doc in documents:
        out += [Deficiency(code=issue.code, message=issue.message, document=doc.file) for issue in doc.issues]
    return out


def blocks_analysis(deficiencies: list[Deficiency]) -> bool:
    """Required documents missing or stale: the case waits for the customer."""
    return any(d.code in BLOCKING_CODES for d in deficiencies)
