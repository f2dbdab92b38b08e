"""What the Prefect dashboard shows of a case, as plain data in the reader's language (the tasks
publish it): the run's name and outcome, a markdown conclusion with the key figures and a link
that opens the report over http, a table of ratios. Personal data is masked throughout."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from credit_dd.case import CaseResult
from credit_dd.errors import CreditDDError
from credit_dd.intake.application import Application, accept
from credit_dd.masking import mask_text, printable
from credit_dd.names import romanise
from credit_dd.policy.formats import Lang, whole_money
from credit_dd.policy.ratios import CATALOGUE
from credit_dd.report.labels import label_table
from credit_dd.report.reader import Reader

KEY_RATIOS = ("debt_to_assets", "current_ratio", "interest_coverage")  # the markdown's key figures


def artifact_key(case_id: str) -> str:
    """Prefect artifact keys allow only ``[a-z0-9-]``."""
    return re.sub(r"[^a-z0-9-]+", "-", case_id.lower()).strip("-") or "case"


def outcome_key(status: str, recommendation: str | None) -> str:
    """What a run ended with, as ops ask it: the recommendation of a completed case, else its status
    (``needs_documents``, ``rejected_input`` …). A key of ``labels_i18n.yaml``'s ``outcome``."""
    return recommendation if status == "completed" and recommendation else status


def outcome_name(key: str, lang: Lang) -> str:
    """The outcome in ops' words (有条件同意 / Approve with conditions); an unknown key as it is."""
    return label_table(lang)["outcome"].get(key, key)


def outcome_message(case: CaseResult) -> str:
    """One line for the run's final state: the outcome, the amount and what set it, or what is missing."""
    r = Reader.of(case)
    key = outcome_key(case.status, case.opinion.recommendation)
    parts = [outcome_name(key, r.lang)]
    opinion = case.opinion
    if case.status == "completed" and opinion.recommended_amount is not None and key != "decline":
        amount = whole_money(opinion.recommended_amount, r.currency, r.lang)
        binding = r.t["constraints"][opinion.binding_constraint] if opinion.binding_constraint else ""
        parts.append(f"{r.s['recommended_amount']} {amount}{_aside(binding, r.lang)}")
    critical = sum(f.severity == "critical" for f in case.findings)
    if critical:
        parts.append(f"{r.s['critical_findings']} {critical}")
    if case.deficiencies:
        parts.append(r.say("notice_see", count=len(case.deficiencies)))
    return " · ".join(parts)


def _aside(text: str, lang: Lang) -> str:
    """``text`` in brackets after what it explains: （…） in Chinese, (…) in English; nothing when empty."""
    if not text:
        return ""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def report_url(base_url: str | None, case_id: str, name: str = "report.html") -> str | None:
    """Where a browser opens a case's file: under the URL the bank publishes ``out/`` at."""
    if not base_url:
        return None
    return f"{base_url.rstrip('/')}/{quote(case_id)}/{name}"


def _key_figures(case: CaseResult, r: Reader) -> list[tuple[str, str]]:
    app, opinion, analysis = case.application, case.opinion, case.analysis
    rows = [
        (r.s["product"], r.name("product", app.product)),
        (r.s["amount"], r.money(app.requested_amount, bare=False)),
    ]
    if opinion.recommended_amount is not None:
        binding = r.t["constraints"][opinion.binding_constraint] if opinion.binding_constraint else ""
        amount = whole_money(opinion.recommended_amount, r.currency, r.lang)
        rows.append((r.s["recommended_amount"], " · ".join(x for x in (amount, binding) if x)))
    if analysis.rating:
        rows.append((r.s["rating"], f"{analysis.rating.grade} · {analysis.rating.score:.1f} / 100"))
    if analysis.ratios:
        latest = max(analysis.ratios)
        rows += [
            (f"{CATALOGUE[n].label(r.lang)} {latest}", CATALOGUE[n].display(analysis.ratios[latest][n].value, r.lang))
            for n in KEY_RATIOS
        ]
    if analysis.repayment and analysis.repayment.dscr_after is not None:
        rows.append((r.s["dscr_after"], r.figure(analysis.repayment.dscr_after, "times")))
    if analysis.bank and analysis.bank.daily_average_balance is not None:
        rows.append((r.s["daily_average"], r.money(analysis.bank.daily_average_balance, bare=False)))
    counts = {s: sum(c.status == s for c in case.checks) for s in ("passed", "failed", "not_checked")}
    rows.append((r.s["validation_short"], r.say("checks_count", **counts)))
    return rows


def case_markdown(case: CaseResult, folder: Path, base_url: str | None = None) -> str:
    """The conclusion, the key figures, the reasons and conditions, what is missing, and the report's link."""
    r = Reader.of(case)
    key = outcome_key(case.status, case.opinion.recommendation)
    lines = [f"# {case.case_id} {display_name(case.application)}{r.s['colon']}{outcome_name(key, r.lang)}", ""]
    lines += [f"| {r.s['item']} | {r.s['value']} |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in _key_figures(case, r)]
    url = report_url(base_url, case.case_id)
    link = f"**{r.s['report_link']}**: [{case.case_id}/report.html]({url})" if url else ""
    lines += ["", link or r.say("report_at", path=str(folder / "report.html"))]
    if case.deficiencies and (notice := report_url(base_url, case.case_id, "deficiency_notice.pdf")):
        lines.append(f"**{r.s['notice_title']}**: [{case.case_id}/deficiency_notice.pdf]({notice})")
    if case.findings:
        header = f"| {r.s['severity_label']} | {r.s['code']} | {r.s['finding']} |"
        lines += ["", f"## {r.s['findings']}", "", header, "|---|---|---|"]
        lines += [f"| {r.t['severity'][f.severity]} | {f.code} | {r.message(f)} |" for f in case.findings]
    if case.opinion.conditions:
        lines += ["", f"## {r.s['conditions']}", ""]
        lines += [f"{i}. {c.zh if r.lang == 'zh' else c.en}" for i, c in enumerate(case.opinion.conditions, 1)]
    if case.deficiencies:
        lines += ["", f"## {r.s['deficiencies']}", ""] + [f"- {r.message(d)}" for d in case.deficiencies]
    return "\n".join(lines)


def ratio_rows(case: CaseResult) -> list[dict[str, str]]:
    """One row per ratio with its name in the reader's language, one column per period, each value
    written by its unit (a table artifact takes a list of dicts)."""
    r = Reader.of(case)
    ratios = case.analysis.ratios
    periods = sorted(ratios)
    rows = []
    for name, ratio in CATALOGUE.items():
        if any(name in ratios[p] for p in periods):
            values = {p.isoformat(): ratio.display(ratios[p][name].value, r.lang) for p in periods}
            rows.append({r.s["ratio"]: ratio.label(r.lang), **values})
    return rows


def display_name(application: Application) -> str:
    """The applicant as the dashboard may show it: a company by name, a person by surname only."""
    name = application.applicant.name.strip()
    if application.applicant.kind == "individual":
        return name[:1] + "*" * max(len(name) - 1, 1)
    return mask_text(name)


def run_name(application: Application, case_id: str, prefix: str = "dd") -> str:
    """``dd-<case id>-<applicant>``: findable in the dashboard, with no personal data."""
    return f"{prefix}-{case_id}-{display_name(application)}"


def process_run_name(folder: Path) -> str:
    """``inbox-<case id>-<applicant>`` for the run taking a folder from the inbox; the folder's name
    when its form cannot be read."""
    try:
        accepted = accept(folder)
    except CreditDDError:
        return f"inbox-{printable(folder.name)}"
    return run_name(accepted.application, accepted.case_id, prefix="inbox")


def run_tags(application: Application) -> list[str]:
    """Tags to filter the dashboard by: product, industry, branch."""
    tags = [f"product:{application.product}"]
    if application.applicant.industry_code:
        tags.append(f"industry:{application.applicant.industry_code}")
    if application.branch:
        tags.append(f"branch:{application.branch}")
    return tags


def graph_label(text: str) -> str:
    """A name for the run graph, whose font draws only ASCII: Chinese gets its pinyin beside it
    (``documents/年报.pdf`` → ``documents/年报.pdf (nianbao.pdf)``), so the node
    still reads where the characters cannot be drawn; the run list shows both."""
    if text.isascii():
        return text
    gloss = re.sub(r"[^\x20-\x7e]+", "", _romanised(text.rsplit("/", 1)[-1]))
    return f"{text} ({gloss})"


def _romanised(text: str) -> str:
    """Each run of Chinese characters as pinyin syllables run together; everything else as it is."""
    return re.sub(r"[\u4e00-\u9fff]+", lambda m: romanise(m.group(0)).replace(" ", ""), text)
