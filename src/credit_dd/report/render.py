"""The due-diligence report and the deficiency notice, rendered from templates.

The templates receive a ready view model (plain strings and lists); they run with
``StrictUndefined`` and autoescaping, because every text from the form is untrusted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from credit_dd.analysis.ratios import CATALOGUE
from credit_dd.case import CaseResult
from credit_dd.documents.files import bank_statements
from credit_dd.documents.labels import STATEMENT_KINDS, default_synonyms
from credit_dd.documents.statements import SourcedValue
from credit_dd.masking import mask_id, mask_text
from credit_dd.policy.findings import bilingual, message_in, term
from credit_dd.report.charts import flows_chart, line_chart
from credit_dd.settings import TEMPLATES


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load(files("credit_dd").joinpath("data/labels_i18n.yaml").read_text(encoding="utf-8"))


def label_table(lang: str) -> dict[str, dict[str, str]]:
    """Display names in one language: ``{"items": {...}, "ratios": {...}, "sections": {...}}``."""
    index = 0 if lang == "zh" else 1
    tables = {group: {key: names[index] for key, names in table.items()} for group, table in _labels().items()}
    return tables | {"ratios": {name: r.label("zh" if lang == "zh" else "en") for name, r in CATALOGUE.items()}}


def _source(value: SourcedValue, lang: str = "en") -> str:
    """Where a figure was printed; a derived one says it was computed (from the subtotals on that page)."""
    derived = ("（由小计推算）" if lang == "zh" else " (derived)") if value.derived else ""
    return f"{value.file} p.{value.page}{derived}"


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _spread(case: CaseResult, names: dict[str, str], statuses: dict[str, str]) -> dict[str, Any]:
    """The statement table: each figure with its source and the mark of its verification status."""
    history = case.history
    periods = history.periods
    order = [item for kind in STATEMENT_KINDS for item in default_synonyms().items(kind)]
    marks = {status: text.split()[0] for status, text in statuses.items()}
    rows = []
    shown: set[str] = set()
    for item in order:
        cells = [history.values.get(p, {}).get(item) for p in periods]
        figures = [case.figures.get(p, item) for p in periods]
        if any(cells):
            shown |= {f.status for f in figures if f}
            rows.append(
                {
                    "label": names.get(item, item),
                    "cells": [
                        {
                            "value": _money(c.value) if c else "—",
                            "source": _source(c, case.lang) if c else "",
                            "mark": marks[f.status] if f else "",
                        }
                        for c, f in zip(cells, figures, strict=True)
                    ],
                }
            )
    legend = [text for status, text in statuses.items() if status in shown]
    return {"periods": [p.isoformat() for p in periods], "rows": rows, "currency": history.currency, "legend": legend}


NOTE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^not printed: revenue of this or the previous period$"), "本期或上期营业收入未列示"),
    (re.compile(r"^not printed: (.+)$"), "未列示：{0}"),
    (re.compile(r"^zero denominator \((.+)\)$"), "分母为零（{0}）"),
    (re.compile(r"^negative equity: the ratio has no meaning$"), "所有者权益为负，该比率无意义"),
    (re.compile(r"^previous revenue is zero or negative$"), "上期营业收入为零或负数"),
    (re.compile(r"^unclassified balance sheet.*$"), "未区分流动与非流动的资产负债表（银行或保险公司格式）"),
    (re.compile(r"^not available: scores 0$"), "无数据，计 0 分"),
    (re.compile(r"^page (\d+): transactions table with (\d+) rows$"), "第 {0} 页：流水明细 {1} 笔"),
    (re.compile(r"^page (\d+): (.+) \((consolidated|single|parent)\)$"), "第 {0} 页：{1}（{2}）"),
    (re.compile(r"^page (\d+): (.+)$"), "第 {0} 页：{1}"),
    (
        re.compile(r"^pages (\[.*\]) have no text layer and were read by OCR \(lower confidence\)$"),
        "第 {0} 页无文字层，已用 OCR 识别（可信度较低）",
    ),
    (re.compile(r"^(.*) \(derived\)$"), "{0}（由小计推算）"),
]


SCOPES = {"consolidated": "合并", "single": "单体", "parent": "母公司"}


def _item_names(text: str, items: dict[str, str]) -> str:
    """Line-item keys in a list of them (``total_current_assets / total_current_liabilities``)
    as display names; any other text (a printed heading) stays as printed."""
    if not re.fullmatch(r"[a-z_]+(?:\s*[/,]\s*[a-z_]+)*", text):
        return text
    return re.sub(r"[a-z_]+", lambda m: items.get(m.group(0), m.group(0)), text)


def localise(note: str, lang: str, items: dict[str, str] | None = None) -> str:
    """A note the domain writes in English (a ratio's reason, a document's evidence) in ``lang``;
    line-item keys inside it become their display names."""
    if lang != "zh" or not note:
        return note
    for pattern, template in NOTE_PATTERNS:
        if match := pattern.match(note):
            parts = [SCOPES.get(g) or _item_names(g, items or {}) for g in match.groups()]
            return template.format(*parts)
    return note


def _ratios(case: CaseResult, names: dict[str, str]) -> dict[str, Any]:
    ratios = case.analysis.ratios
    periods = sorted(ratios)
    items = label_table(case.lang)["items"]
    rows = []
    for name in names:
        cells = [ratios[p][name] for p in periods]
        if any(c.value is not None for c in cells):
            rows.append(
                {
                    "label": names[name],
                    "cells": [
                        {"value": CATALOGUE[name].display(c.value), "note": localise(c.reason or "", case.lang, items)}
                        for c in cells
                    ],
                }
            )
    return {"periods": [p.isoformat() for p in periods], "rows": rows}


def _bank(case: CaseResult) -> list[dict[str, str]]:
    out = []
    for s in bank_statements(case.documents):
        out.append(
            {
                "file": s.file,
                "period": f"{s.period_start} – {s.period_end}",
                "count": str(len(s.transactions)),
                "credits": _money(sum(t.credit for t in s.transactions)),
                "debits": _money(sum(t.debit for t in s.transactions)),
                "opening": _money(s.opening_balance),
                "closing": _money(s.closing_balance),
                "currency": s.currency,
            }
        )
    return out


def _applicant(case: CaseResult) -> dict[str, Any]:
    a = case.application.applicant
    return {
        "name": a.name,
        "kind": a.kind,
        "uscc": a.unified_social_credit_code or "",
        "id_number": mask_id(a.id_number),
        "industry_code": a.industry_code or "",
        "established_on": str(a.established_on or ""),
        "registered_capital": _money(a.registered_capital),
        "employees": str(a.employees or ""),
        "legal_representative": a.legal_representative.name if a.legal_representative else "",
        "actual_controller": a.actual_controller.name if a.actual_controller else "",
        "shareholders": [f"{s.name} {s.share_pct:g}%" for s in a.shareholders],
    }


def _flows(case: CaseResult) -> dict[str, Any] | None:
    bank = case.analysis.bank
    if bank is None:
        return None
    return {
        "months": [
            {
                "month": m.month,
                "inflows": _money(m.inflows),
                "outflows": _money(m.outflows),
                "closing": _money(m.closing_balance),
            }
            for m in bank.months
        ],
        "average": _money(bank.average_balance),
        "daily_average": _money(bank.daily_average_balance),
        "overdraft_days": sum(o.days for o in bank.overdrafts),
        "concentration": "—" if bank.top_inflow_share is None else f"{bank.top_inflow_share:.0%}",
        "inflow_cv": "—" if bank.inflow_cv is None else f"{bank.inflow_cv:.2f}",
        "minimum": _money(bank.minimum_balance),
        "minimum_date": bank.minimum_balance_date or "",
        "counterparties": [
            {
                "name": c.name,
                "inflows": _money(c.inflows),
                "outflows": _money(c.outflows),
                "share": f"{c.share_of_inflows:.0%}",
            }
            for c in bank.top_counterparties
        ],
    }


def _charts(case: CaseResult, ratio_names: dict[str, str]) -> list[dict[str, str | Markup]]:
    """Monthly bank flows, the balance over time, and the key ratios across periods, each with its title."""
    charts: list[tuple[str, Markup]] = []
    bank = case.analysis.bank
    if bank is not None:
        title = "月度银行流入流出 Monthly bank inflows and outflows"
        months = [m.month for m in bank.months]
        inflows, outflows = [m.inflows for m in bank.months], [m.outflows for m in bank.months]
        charts.append((title, flows_chart(months, inflows, outflows, title)))
        title = "账户余额 Balance over time"
        charts.append((title, line_chart([d[5:] for d, _ in bank.balances], [b for _, b in bank.balances], title)))
    periods = sorted(case.analysis.ratios)
    for name in (r.name for r in CATALOGUE.values() if r.chart):
        points = [(p.isoformat(), case.analysis.ratios[p][name].value) for p in periods]
        known = [(p, v) for p, v in points if v is not None]
        if len(known) >= 2:
            title = f"{ratio_names[name]} {name}"
            charts.append((title, line_chart([p for p, _ in known], [v for _, v in known], title)))
    return [{"title": title, "svg": svg} for title, svg in charts]


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _repayment(case: CaseResult) -> dict[str, str] | None:
    r = case.analysis.repayment
    if r is None:
        return None
    loan = r.new_loan
    return {
        "period": str(r.period or ""),
        "reason": label_table(case.lang)["constraint_reasons"].get(r.reason or "", r.reason or ""),
        "ocf": _money(r.operating_cash_flow),
        "interest": _money(r.interest_expense),
        "debt": _money(r.debt_due_within_year),
        "existing": _money(r.existing_service if r.period else None),
        "dscr": _times(r.dscr),
        "dscr_after": _times(r.dscr_after),
        "ocf_debt": _times(r.ocf_to_short_term_debt),
        "serviceable": _money(r.serviceable_amount),
        "rate": f"{loan.rate:.2%} ({loan.rate_source})" if loan else "—",
        "new_service": _money(loan.first_year_service if loan else None),
        "monthly": _money(loan.monthly_payment if loan else None),
    }


def _opinion(case: CaseResult, t: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The verdict, the findings behind it, the amount and how it was set, the conditions."""
    opinion, lang = case.analysis.opinion, case.lang
    reasons = [f"{f.code}: {mask_text(message_in(f, lang))}" for f in opinion.reasons]
    if opinion.declined_early:
        reasons.append(t["sections"]["declined_early"])
    elif opinion.recommendation is None:
        reasons = [t["sections"]["awaiting_documents"]]
    elif not reasons:
        reasons = [t["sections"]["no_findings"]]
    constraints = [
        {
            "label": t["constraints"][c.name],
            "amount": _money(c.amount)
            if c.amount is not None
            else f"{t['sections']['not_computed']}（{t['constraint_reasons'].get(c.reason or '', c.reason or '')}）",
            "binding": c.name == opinion.binding_constraint,
        }
        for c in opinion.constraints
    ]
    return {
        "label": t["recommendation"][opinion.recommendation or "none"],
        "code": opinion.recommendation or "none",
        "reasons": reasons,
        "conditions": [c.zh if lang == "zh" else c.en for c in opinion.conditions],
        "amount": "—" if opinion.recommended_amount is None else f"{opinion.recommended_amount:,}",
        "binding": t["constraints"][opinion.binding_constraint] if opinion.binding_constraint else "",
        "constraints": constraints,
    }


def _rating(case: CaseResult) -> dict[str, Any] | None:
    r = case.analysis.rating
    if r is None:
        return None
    return {
        "score": f"{r.score:.1f}",
        "grade": r.grade,
        "version": r.scorecard_version,
        "factors": [
            {
                "label": bilingual(c.label)[0 if case.lang == "zh" else 1],
                "value": "—" if c.value is None else f"{c.value:,.4g}",
                "score": f"{c.score:.0f}",
                "weight": f"{c.weight:.0f}",
                "points": f"{c.points:.2f}",
                "note": localise(c.note, case.lang),
            }
            for c in r.contributions
        ],
    }


def _checks(case: CaseResult, t: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """One line per named check, in the reader's language: what, with both figures, and the result.

    ``资产总计 = 负债和所有者权益总计: 11,393.40 = 11,393.40 ✔``; a check without its data reads
    "not checked" with the reason, never ✔. (The expectation names stay in validation.json.)
    """
    rows = []
    for check in case.checks:
        if check.status == "not_checked":
            reason = t["check_reasons"].get(check.reason or "", check.reason or "")
            result = f"{t['check_status']['not_checked']}：{reason}" if case.lang == "zh" else f"not checked: {reason}"
            figures = ""
        else:
            result = t["check_status"][check.status]
            figures = (
                f"{check.left:,.0f} / {check.right:,.0f}"
                if check.operator == "/"
                else f"{_money(check.left)} {check.operator} {_money(check.right)}"
            )
        rows.append(
            {
                "check": t["checks"].get(check.name, check.name),
                "where": " ".join(x for x in (check.period, check.file) if x),
                "figures": figures,
                "result": result,
                "status": check.status,
            }
        )
    return rows


def build_view(case: CaseResult) -> dict[str, Any]:
    """The report's view model: every string the templates print, ready and masked."""
    t = label_table(case.lang)
    app, analysis = case.application, case.analysis
    visit = app.site_visit
    return {
        "lang": case.lang,
        "t": t["sections"],
        "sev": t["severity"],
        "case": {
            "case_id": case.case_id,
            "application_id": case.application_id,
            "status": case.status,
            "product": t["product"][app.product],
            "product_code": app.product,
            "repayment_method": t["repayment_method"][app.repayment_method],
            "amount": _money(app.requested_amount),
            "currency": app.currency,
            "tenor": str(app.tenor_months),
            "purpose": app.purpose,
            "received_at": app.received_at.isoformat(),
        },
        "opinion": _opinion(case, t),
        "applicant": _applicant(case),
        "documents": [
            {
                "file": d.file,
                "kind": d.kind,
                "pages": str(d.pages),
                "sha256": d.sha256[:12],
                "evidence": "; ".join(localise(e, case.lang) for e in d.evidence),
                "issues": "; ".join(message_in(i, case.lang) for i in d.issues),
            }
            for d in case.documents
        ],
        "checks": _checks(case, t),
        "charts": _charts(case, t["ratios"]),
        "flows": _flows(case),
        "repayment": _repayment(case),
        "rating": _rating(case),
        "deficiencies": [
            {"code": d.code, "message": mask_text(message_in(d, case.lang)), "document": d.document}
            for d in case.deficiencies
        ],
        "site_visit": {
            "date": str(visit.date or "") if visit else "",
            "investigators": visit.investigators if visit else [],
            "interviewed": visit.interviewed if visit else [],
            "notes": visit.notes if visit else "",
        },
        "related_parties": [f"{r.name}（{r.relation}）" for r in app.related_parties],
        "spread": _spread(case, t["items"], t["figure_status"]),
        "ratios": _ratios(case, t["ratios"]),
        "sizing": (
            analysis.sizing.model_dump()
            | {"reason": t["constraint_reasons"].get(analysis.sizing.reason or "", analysis.sizing.reason or "")}
            if analysis.sizing
            else None
        ),
        "sizing_period": str(analysis.sizing_period or ""),
        "bank": _bank(case),
        "watchlists": [Path(w).name for w in analysis.watchlists],
        "hits": [
            f"{term(h.role, case.lang)} {h.party} → {h.entry.list_name} #{h.entry.entry_id} {h.matched_name} "
            f"({term(h.on, case.lang)}, {h.score:.0f})"
            for h in analysis.watchlist_hits
        ],
        "collateral": [
            {
                "kind": c.kind,
                "description": c.description,
                "value": _money(c.appraised_value),
                "lien_rank": str(c.lien_rank),
            }
            for c in app.collateral
        ],
        "guarantors": [
            {"name": g.name, "kind": g.kind, "net_worth": _money(g.declared_net_worth)} for g in app.guarantors
        ],
        "collateral_cover": f"{analysis.collateral_cover:.0%}",
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "message": mask_text(message_in(f, case.lang)),
                "evidence": [mask_text(e) for e in f.evidence],
            }
            for f in analysis.findings
        ],
        "maker": app.relationship_manager.name,
        "signed": case.signed,
        "footer": {
            "case_id": case.case_id,
            "flow_run_id": case.flow_run_id or "",
            "code_version": case.code_version,
            "policy_version": case.policy_version,
            "generated_at": case.generated_at.isoformat(timespec="seconds"),
        },
    }


def template_environment(templates: Path = TEMPLATES) -> Environment:
    """Jinja2 with autoescaping on and undefined names an error."""
    return Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report_html(case: CaseResult, templates: Path = TEMPLATES) -> str:
    """The report as a standalone HTML page."""
    return template_environment(templates).get_template("report.html.j2").render(**build_view(case))


def render_deficiency_notice(case: CaseResult, templates: Path = TEMPLATES) -> str:
    """The one-time notice to the customer listing every missing or defective document."""
    return template_environment(templates).get_template("deficiency_notice.html.j2").render(**build_view(case))


def warm_up() -> None:
    """Import WeasyPrint now (about 1.2 s): a start-up cost a caller can pay while it waits."""
    import weasyprint  # noqa: F401


def write_pdf(html: str, path: Path) -> None:
    """Render HTML to PDF with WeasyPrint (imported here: it is slow to import)."""
    from weasyprint import HTML

    HTML(string=html).write_pdf(path)
