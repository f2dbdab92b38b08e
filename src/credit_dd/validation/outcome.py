"""The validation step: what the documents add up to against the checklist and the suites."""

from __future__ import annotations

from pydantic import BaseModel

from credit_dd.documents.files import DocumentIssue, ParsedDocument, originals
from credit_dd.documents.history import StatementHistory, merge_statements
from credit_dd.intake.application import Application
from credit_dd.policy.bundle import Policies
from credit_dd.policy.findings import Deficiency
from credit_dd.validation.completeness import blocks_analysis, check_checklist, document_deficiencies
from credit_dd.validation.figures import provisional_figure_sheet
from credit_dd.validation.spreading import Spread, SpreadLedger, corrected_history, spread_figures
from credit_dd.validation.suites import ValidationReport, validate_case


class Validation(BaseModel):
    """What the documents add up to: the statement history, every deficiency, every check, and (once
    spread) each figure's status with people's figures applied (``history`` then holds the keyed ones)."""

    history: StatementHistory
    deficiencies: list[Deficiency]
    complete: bool
    checks: ValidationReport
    spread: Spread | None = None

    @property
    def figures_settled(self) -> bool:
        """No figure the decision needs waits for a person."""
        return self.spread is None or not self.spread.pending


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


def with_spread(
    validation: Validation,
    application: Application,
    documents: list[ParsedDocument],
    ledger: SpreadLedger,
    policies: Policies,
) -> Validation:
    """The validation with every figure's status and people's figures (the case's ledger) applied.

    When a person's figure is in force, the checks run again on the corrected statements (a total
    keyed in place of a misread one no longer shows an imbalance); each figure's status stays the
    reading's, or the person's.
    """
    # PLACEHOLDER: the reader's computation of the figure sheet replaces provisional_figure_sheet.
    sheet = provisional_figure_sheet(validation.history, validation.checks.checks)
    digests = {d.file: d.sha256 for d in documents}
    spread = spread_figures(sheet, validation.history, ledger, digests, policies.spreading)
    if not spread.applied:
        return validation.model_copy(update={"spread": spread})
    history = corrected_history(validation.history, spread)
    checks = validate_case(application, documents, history, policies.credit)
    return validation.model_copy(update={"history": history, "checks": checks, "spread": spread})
