"""The report's sections on money seen from outside the statements: bank statements and flows,
screening, collateral and guarantees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from credit_dd.case import CaseResult
from credit_dd.documents.files import bank_statements
from credit_dd.report.reader import Reader


def statements(case: CaseResult, r: Reader) -> list[dict[str, str]]:
    """Each bank statement: period, rows, opening, money in and out, closing."""
    return [
        {
            "file": s.file + (r.s["figure_ocr"] if s.ocr else ""),
            "period": f"{s.period_start or ''} – {s.period_end or ''}",
            "count": f"{len(s.transactions):,}",
            "credits": r.money(sum(t.credit for t in s.transactions)),
            "debits": r.money(sum(t.debit for t in s.transactions)),
            "opening": r.money(s.opening_balance),
            "closing": r.money(s.closing_balance),
            "currency": s.currency,
        }
        for s in bank_statements(case.documents)
    ]


def flows(case: CaseResult, r: Reader) -> dict[str, Any] | None:
    """What the statements show: the day-weighted average balance (日均余额, the one average the
    report uses, with its basis), overdrafts, concentration, stability, months and counterparties."""
    bank = case.analysis.bank
    if bank is None:
        return None
    days = [d for d, _ in bank.balances]
    return {
        "months": [
            {
                "month": m.month,
                "inflows": r.money(m.inflows),
                "outflows": r.money(m.outflows),
                "closing": r.money(m.closing_balance),
            }
            for m in bank.months
        ],
        "daily_average": r.money(bank.daily_average_balance, bare=False),
        "average_basis": r.say("average_basis", start=days[0], end=days[-1]) if days else "",
        "overdraft_days": r.figure(sum(o.days for o in bank.overdrafts), "days"),
        "concentration": r.figure(bank.top_inflow_share, "percent"),
        "inflow_cv": r.figure(bank.inflow_cv, "number"),
        "minimum": r.money(bank.minimum_balance, bare=False),
        "minimum_date": bank.minimum_balance_date or "",
        "counterparties": [
            {
                "name": c.name,
                "inflows": r.money(c.inflows),
                "outflows": r.money(c.outflows),
                "share": r.figure(c.share_of_inflows, "percent") if c.inflows else r.money(None),
            }
            for c in bank.top_counterparties
        ],
    }


def screening(case: CaseResult, r: Reader) -> dict[str, Any]:
    """The lists screened and every hit, in a sentence of the reader's language."""
    hits = [
        r.say(
            "hit",
            role=h.role,
            party=h.party,
            list_name=h.entry.list_name,
            entry_id=h.entry.entry_id,
            matched=h.matched_name,
            on=h.on,
            score=h.score,
        )
        for h in case.analysis.watchlist_hits
    ]
    return {"lists": [Path(w).name for w in case.analysis.watchlists], "hits": hits}


def security(case: CaseResult, r: Reader) -> dict[str, Any]:
    """Collateral and guarantees as the form gives them, and the cover they give."""
    app = case.application
    rows = [
        {
            "kind": r.name("collateral_kind", c.kind),
            "description": c.description,
            "value": r.money(c.appraised_value),
            "lien_rank": str(c.lien_rank),
        }
        for c in app.collateral
    ]
    rows += [
        {
            "kind": r.name("guarantor_kind", g.kind),
            "description": g.name,
            "value": r.money(g.declared_net_worth),
            "lien_rank": "",
        }
        for g in app.guarantors
    ]
    return {"rows": rows, "cover": r.figure(case.analysis.collateral_cover, "percent")}
