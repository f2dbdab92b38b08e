"""The report's sections on the applicant, the documents and the statements, as ready strings."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup

from credit_dd.case import CaseResult
from credit_dd.documents.labels import STATEMENT_KINDS, default_synonyms
from credit_dd.documents.statements import SourcedValue
from credit_dd.masking import mask_id
from credit_dd.policy.formats import currency_name
from credit_dd.policy.ratios import CATALOGUE
from credit_dd.report.charts import flows_chart, line_chart, short_amount
from credit_dd.report.labels import industry_name
from credit_dd.report.reader import Reader


def applicant(case: CaseResult, r: Reader) -> dict[str, Any]:
    """Who is applying: identity, industry by name beside its code, capital, people."""
    a = case.application.applicant
    industry = " ".join(x for x in (a.industry_code or "", industry_name(a.industry_code, r.lang)) if x)
    return {
        "name": a.name,
        "kind": r.name("applicant_kind", a.kind),
        "uscc": a.unified_social_credit_code or "",
        "id_number": mask_id(a.id_number),
        "industry": industry,
        "established_on": str(a.established_on or ""),
        "registered_capital": r.money(a.registered_capital, bare=False) if a.registered_capital else "",
        "employees": str(a.employees or ""),
        "legal_representative": a.legal_representative.name if a.legal_representative else "",
        "actual_controller": a.actual_controller.name if a.actual_controller else "",
        "shareholders": [f"{s.name} {s.share_pct:g}%" for s in a.shareholders],
    }


def documents(case: CaseResult, r: Reader) -> list[dict[str, str]]:
    """Each document: its kind by name, pages, digest, how it was told, what is wrong with it."""
    join = "；" if r.lang == "zh" else "; "
    return [
        {
            "file": d.file,
            "kind": r.name("document_kind", d.kind),
            "pages": str(d.pages),
            "sha256": d.sha256[:12],
            "evidence": join.join(r.note(e) for e in d.evidence),
            "issues": join.join(r.message(i) for i in d.issues),
        }
        for d in case.documents
    ]


def checks(case: CaseResult, r: Reader) -> list[dict[str, str]]:
    """One line per named check, with both figures, and the result; "not checked" with the reason,
    never ✔ without the data. (The expectation names stay in validation.json.)"""
    rows = []
    for check in case.checks:
        if check.status == "not_checked":
            reason = r.name("check_reasons", check.reason)
            result, figures = f"{r.t['check_status']['not_checked']}{'：' if r.lang == 'zh' else ': '}{reason}", ""
        else:
            result = r.t["check_status"][check.status]
            figures = (
                f"{check.left:,.0f} / {check.right:,.0f}"
                if check.operator == "/" and check.left is not None and check.right is not None
                else f"{r.money(check.left)} {check.operator} {r.money(check.right)}"
            )
        where = " ".join(x for x in (check.period, check.file) if x)
        rows.append(
            {
                "check": r.name("checks", check.name),
                "where": where,
                "figures": figures,
                "result": result,
                "status": check.status,
            }
        )
    return rows


def by_a_person(case: CaseResult, period: date, item: str, r: Reader) -> str:
    """The mark of a figure a person keyed or confirmed: 人工录入：RM0451，2026-12-07 / keyed by RM0451, 2026-12-07."""
    figure = case.figures.get(period, item)
    if figure is None or figure.status not in ("keyed", "confirmed") or figure.at is None:
        return ""
    return r.say(f"figure_{figure.status}", by=figure.by, on=f"{figure.at:%Y-%m-%d}")


def figure_cell(value: SourcedValue | None, r: Reader, person: str = "", status: str | None = None) -> dict[str, str]:
    """One statement figure as the spread shows it: the amount, the mark of its verification status
    (the legend under the table says what each means), where it was printed, whether it was derived or
    read by OCR from a scan, and who keyed or confirmed it (one cell, rendered by the templates'
    ``figure_cell`` macro)."""
    mark = r.t["figure_status"][status].split()[0] if status else ""
    if value is None:
        return {"value": r.money(None), "mark": mark, "source": person}
    page = f"{value.file} 第 {value.page} 页" if r.lang == "zh" else f"{value.file} p.{value.page}"
    derived = r.s["figure_derived"] if value.derived else ""
    ocr = r.s["figure_ocr"] if value.ocr else ""
    source = " · ".join(x for x in (page + derived + ocr, person) if x)
    return {"value": r.money(value.value), "mark": mark, "source": source}


def spread(case: CaseResult, r: Reader) -> dict[str, Any]:
    """The statements by period, one row per line item printed in any period."""
    history = case.history
    order = [item for kind in STATEMENT_KINDS for item in default_synonyms().items(kind)]
    rows, shown = [], set()
    for item in order:
        cells = [history.values.get(p, {}).get(item) for p in history.periods]
        if any(cells):
            figures = [case.figures.get(p, item) for p in history.periods]
            statuses = [f.status if f else None for f in figures]
            shown |= {s for s in statuses if s}
            people = [by_a_person(case, p, item, r) for p in history.periods]
            shown_cells = [
                figure_cell(c, r, person, status) for c, person, status in zip(cells, people, statuses, strict=True)
            ]
            rows.append({"label": r.t["items"].get(item, item), "cells": shown_cells})
    unit = r.say("amount_unit", currency=currency_name(history.currency or r.currency, r.lang))
    legend = [text for status, text in r.t["figure_status"].items() if status in shown]
    return {"periods": [p.isoformat() for p in history.periods], "rows": rows, "unit": unit, "legend": legend}


def ratios(case: CaseResult, r: Reader) -> dict[str, Any]:
    """Every catalogued ratio by period, written by its unit, with the reason where it is absent."""
    values = case.analysis.ratios
    periods = sorted(values)
    rows = []
    for name, ratio in CATALOGUE.items():
        cells = [values[p][name] for p in periods if name in values[p]]
        if any(c.value is not None for c in cells):
            rows.append(
                {
                    "label": ratio.label(r.lang),
                    "cells": [{"value": ratio.display(c.value, r.lang), "note": r.note(c.reason or "")} for c in cells],
                }
            )
    return {"periods": [p.isoformat() for p in periods], "rows": rows}


def charts(case: CaseResult, r: Reader) -> list[dict[str, str | Markup]]:
    """Monthly bank flows, the balance over time, and the charted ratios across periods."""
    drawn: list[tuple[str, Markup]] = []
    bank, tick = case.analysis.bank, short_amount(r.lang)
    if bank is not None:
        title = r.s["chart_flows"]
        months = [m.month for m in bank.months]
        legend = (r.s["inflows"], r.s["outflows"])
        inflows, outflows = [m.inflows for m in bank.months], [m.outflows for m in bank.months]
        drawn.append((title, flows_chart(months, inflows, outflows, title, legend, tick)))
        title = r.s["chart_balance"]
        drawn.append((title, line_chart([d[5:] for d, _ in bank.balances], [b for _, b in bank.balances], title, tick)))
    periods: list[date] = sorted(case.analysis.ratios)
    for ratio in (x for x in CATALOGUE.values() if x.chart):
        known = [(p.isoformat(), v) for p in periods if (v := case.analysis.ratios[p][ratio.name].value) is not None]
        if len(known) >= 2:
            title = ratio.label(r.lang)
            values = [v for _, v in known]
            drawn.append((title, line_chart([p for p, _ in known], values, title, _ratio_tick(ratio.unit, r))))
    return [{"title": title, "svg": svg} for title, svg in drawn]


def _ratio_tick(unit: str, r: Reader) -> Any:
    if unit == "percent":
        return lambda v: f"{v * 100:.0f}%"
    return lambda v: f"{v:,.2f}"
