"""What the Prefect dashboard shows of a case, as plain data (the tasks publish it)."""

from __future__ import annotations

import re
from pathlib import Path

from credit_dd.case import CaseResult
from credit_dd.intake.application import Application
from credit_dd.masking import mask_text


def artifact_key(case_id: str) -> str:
    """Prefect artifact keys allow only ``[a-z0-9-]``."""
    return re.sub(r"[^a-z0-9-]+", "-", case_id.lower()).strip("-") or "case"


def case_markdown(case: CaseResult, folder: Path) -> str:
    """A short markdown summary: opinion, key findings, deficiencies, where the outputs are."""
    opinion = case.opinion
    lines = [
        f"# {case.case_id}: {opinion.recommendation or case.status}",
        "",
        f"- status: **{case.status}**",
        f"- product: {case.application.product}, requested {case.application.requested_amount:,.2f} {case.application.currency}",
        f"- recommended amount: {_amount(case)}",
        f"- checks: {_check_counts(case)}",
        f"- documents: {len(case.documents)}, deficiencies: {len(case.deficiencies)}, findings: {len(case.findings)}",
        f"- report: `{folder / 'report.html'}`",
        "",
    ]
    if case.findings:
        lines += ["## Findings", "", "| severity | code | finding |", "|---|---|---|"]
        lines += [f"| {f.severity} | {f.code} | {mask_text(f.message)} |" for f in case.findings]
    if case.deficiencies:
        lines += ["", "## Deficiencies", ""] + [f"- {d.code}: {mask_text(d.message)}" for d in case.deficiencies]
    return "\n".join(lines)


def _amount(case: CaseResult) -> str:
    opinion = case.opinion
    if opinion.recommended_amount is None:
        return "none (no opinion yet)"
    binding = f" (set by {opinion.binding_constraint})" if opinion.binding_constraint else ""
    return f"{opinion.recommended_amount:,} {case.application.currency}{binding}"


def _check_counts(case: CaseResult) -> str:
    counts = {s: sum(c.status == s for c in case.checks) for s in ("passed", "failed", "not_checked")}
    return f"{counts['passed']} passed, {counts['failed']} failed, {counts['not_checked']} not checked"


def ratio_rows(case: CaseResult) -> list[dict[str, str | float | None]]:
    """One row per ratio, one column per period (a table artifact takes a list of dicts)."""
    periods = sorted(case.analysis.ratios)
    names = list(case.analysis.ratios[periods[0]]) if periods else []
    return [{"ratio": name, **{p.isoformat(): case.analysis.ratios[p][name].value for p in periods}} for name in names]


def display_name(application: Application) -> str:
    """The applicant as the dashboard may show it: a company by name, a person by surname only."""
    name = application.applicant.name.strip()
    if application.applicant.kind == "individual":
        return name[:1] + "*" * max(len(name) - 1, 1)
    return mask_text(name)


def run_name(application: Application, case_id: str) -> str:
    """``dd-<case id>-<applicant>``: findable in the dashboard, with no personal data."""
    return f"dd-{case_id}-{display_name(application)}"


def run_tags(application: Application) -> list[str]:
    """Tags to filter the dashboard by: product, industry, branch."""
    tags = [f"product:{application.product}"]
    if application.applicant.industry_code:
        tags.append(f"industry:{application.applicant.industry_code}")
    if application.branch:
        tags.append(f"branch:{application.branch}")
    return tags
