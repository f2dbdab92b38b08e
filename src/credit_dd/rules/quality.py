"""Findings on the data itself: failed expectations (identities, bank rows, the form, the
documents against each other), documents that look tampered with, and a validation that could
not run."""

from __future__ import annotations

from typing import Any

from credit_dd.documents.files import ParsedDocument, originals
from credit_dd.policy.findings import EvidenceLine, Finding, fill, finding, line
from credit_dd.validation.dating import PeriodDoubt, Redating
from credit_dd.validation.quality import ExpectationOutcome
from credit_dd.validation.suites import ValidationReport


def integrity_findings(documents: list[ParsedDocument]) -> list[Finding]:
    """DOC_TAMPER_SUSPECTED: a warning for a person to judge, one per document; DOC_ACTIVE_CONTENT:
    a document that would run scripts or launch programs for whoever opens it (from the package too)."""
    tampered = [
        finding("DOC_TAMPER_SUSPECTED", file=d.file, evidence=d.integrity[:5])
        for d in originals(documents)
        if d.integrity
    ]
    return tampered + [
        finding(
            "DOC_ACTIVE_CONTENT",
            file=d.file,
            scripts=sum("JavaScript" in a for a in d.active_content),
            launches=sum("launches" in a for a in d.active_content),
            evidence=d.active_content[:5],
        )
        for d in originals(documents)
        if d.active_content
    ]


def _evidence(entry: str | dict[str, Any], row: dict[str, Any]) -> str | EvidenceLine:
    """A suite's evidence entry for a failing row: a catalogued line (``{"kind": …}``) filled from the
    row, or a text template (``{assets_balance_figures}``: the figures as printed)."""
    if isinstance(entry, dict):
        return line(entry["kind"], **row)
    return fill(entry, row)


def findings_from(outcomes: list[ExpectationOutcome]) -> list[Finding]:
    """Each failed expectation's rows as findings: the code and variant in its meta (or the row's
    own), the message from the finding catalogue filled from the row."""
    findings = []
    for outcome in outcomes:
        if outcome.success:
            continue
        rows = outcome.failing_rows[:1] if outcome.meta.get("first_only") else outcome.failing_rows
        for row in rows:
            code = str(row.get("code") or outcome.meta["code"])
            severity = row.get("severity") or outcome.meta.get("severity")
            fields = {k: v for k, v in row.items() if k not in ("code", "severity", "ok", "params", "variant")}
            params = {**fields, **outcome.meta.get("params", {}), **(row.get("params") or {})}
            findings.append(
                finding(
                    code,
                    severity,
                    variant=row.get("variant") or outcome.meta.get("variant"),
                    evidence=[_evidence(e, row) for e in outcome.meta.get("evidence", [])],
                    **params,
                )
            )
    return findings


def quality_findings(report: ValidationReport, documents: list[ParsedDocument]) -> list[Finding]:
    """Every finding the validation's results call for."""
    if report.error is not None:
        return [finding("VALIDATION_UNAVAILABLE", error=report.error)]
    return read_by_ocr(findings_from(report.outcomes), documents) + integrity_findings(documents)


OCR_DOUBTS = ("BANK_BALANCE_BREAK", "BANK_SUMMARY_MISMATCH")


def read_by_ocr(findings: list[Finding], documents: list[ParsedDocument]) -> list[Finding]:
    """A break or a summary that disagrees on a bank statement whose rows OCR read from a scan may be
    the OCR's misreading, not the statement's: such a finding says so, naming the pages OCR read
    rows from, to compare with the paper before the customer is asked (a row's break only when
    that row's page is one of them)."""
    scanned = {
        d.file: sorted({t.page for t in d.bank_statement.transactions if t.ocr})
        for d in documents
        if d.bank_statement is not None
    }
    out = []
    for f in findings:
        pages = scanned.get(str(f.params.get("file"))) if f.code in OCR_DOUBTS else None
        if pages and f.params.get("page", pages[0]) in pages:  # a row's break: that row's page was OCR's
            note = line("read_by_ocr", pages=", ".join(map(str, pages)))
            f = finding(f.code, f.severity, variant=f.variant, evidence=[*f.lines, note], **f.params)
        out.append(f)
    return out


STATEMENT_NAMES = {
    "balance_sheet": "balance sheet",
    "income_statement": "income statement",
    "cash_flow": "cash-flow statement",
}


def period_findings(redated: list[Redating], doubts: list[PeriodDoubt]) -> list[Finding]:
    """What the case must be told: every statement re-dated, every column whose period is in doubt."""
    moved = [
        finding(
            "PERIOD_REASSIGNED",
            file=r.file,
            page=r.page,
            statement=STATEMENT_NAMES[r.kind],
            old=", ".join(d.isoformat() for d in r.old),
            new=", ".join(d.isoformat() for d in r.new),
        )
        for r in redated
    ]
    return moved + [
        finding(
            "PERIOD_CONFLICT",
            file=d.file,
            page=d.page,
            statement=STATEMENT_NAMES[d.kind],
            period=d.period.isoformat(),
            tied=", ".join(day.isoformat() for day in d.tied),
        )
        for d in doubts
    ]
