"""The validation step: what the documents add up to against the checklist and the suites."""

from __future__ import annotations

from pydantic import BaseModel

from credit_dd.documents.files import DocumentIssue, ParsedDocument
from credit_dd.documents.history import StatementHistory, merge_statements
from credit_dd.intake.application import Application
from credit_dd.policy.bundle import Policies
from credit_dd.policy.findings import Deficiency
from credit_dd.validation.completeness import blocks_analysis, check_checklist, document_deficiencies
from credit_dd.validation.dating import period_findings, verify_periods
from credit_dd.validation.figures import FigureSheet, build_sheet
from credit_dd.validation.suites import ValidationReport, validate_case


class Validation(BaseModel):
    """What the documents add up to: the statement history, every deficiency, every check, and
    every figure's verification status."""

    history: StatementHistory
    deficiencies: list[Deficiency]
    complete: bool
    checks: ValidationReport
    figures: FigureSheet = FigureSheet()


def validate(
    application: Application, documents: list[ParsedDocument], refused: list[DocumentIssue], policies: Policies
) -> Validation:
    """Check each statement's periods, merge the statements, give every figure its status, and list
    every deficiency against the product's checklist."""
    dating = verify_periods(documents)
    history = merge_statements(dating.all_statements(), application.currency)
    deficiencies = document_deficiencies(documents, refused)
    deficiencies += check_checklist(
        policies.checklists.products[application.product], documents, history, application.received_at.date()
    )
    checks = validate_case(application, documents, history, policies.credit)
    checks = checks.model_copy(update={"findings": checks.findings + period_findings(dating)})
    return Validation(
        history=history,
        deficiencies=deficiencies,
        complete=not blocks_analysis(deficiencies),
        checks=checks,
        figures=build_sheet(dating, history),
    )
