"""The validation step: what the documents add up to against the checklist and the suites."""

from __future__ import annotations

from pydantic import BaseModel

from credit_dd.documents.files import DocumentIssue, ParsedDocument, originals
from credit_dd.documents.history import StatementHistory, merge_statements
from credit_dd.intake.application import Application
from credit_dd.policy.bundle import Policies
from credit_dd.policy.findings import Deficiency
from credit_dd.validation.completeness import blocks_analysis, check_checklist, document_deficiencies
from credit_dd.validation.suites import ValidationReport, validate_case


class Validation(BaseModel):
    """What the documents add up to: the statement history, every deficiency, every check."""

    history: StatementHistory
    deficiencies: list[Deficiency]
    complete: bool
    checks: ValidationReport


def validate(
    application: Application, documents: list[ParsedDocument], refused: list[DocumentIssue], policies: Policies
) -> Validation:
    """Merge the statements and list every deficiency against the product's checklist."""
    history = merge_statements([s for d in originals(documents) for s in d.statements], application.currency)
    deficiencies = document_deficiencies(documents, refused)
    deficiencies += check_checklist(
        policies.checklists.products[application.product], documents, history, application.received_at.date()
    )
    checks = validate_case(application, documents, history, policies.credit)
    return Validation(
        history=history, deficiencies=deficiencies, complete=not blocks_analysis(deficiencies), checks=checks
    )
