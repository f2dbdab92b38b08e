"""The validation step: what the documents add up to against the checklist and the suites."""

from __future__ import annotations

from pydantic import BaseModel

from credit_dd.documents.files import DocumentIssue, ParsedDocument
from credit_dd.documents.history import StatementHistory, merge_statements
from credit_dd.intake.application import Application
from credit_dd.policy.bundle import Policies
from credit_dd.policy.findings import Deficiency
from credit_dd.validation.completeness import blocks_analysis, check_checklist, document_deficiencies
from credit_dd.validation.dating import PeriodDoubt, Redating, verify_periods
from credit_dd.validation.figures import FigureSheet, build_sheet
from credit_dd.validation.spreading import Spread, SpreadLedger, corrected_history, spread_figures
from credit_dd.validation.suites import ValidationReport, validate_case


class Validation(BaseModel):
    """What the documents add up to: the statement history, every deficiency, every check, every
    figure's verification status, the statements whose periods were corrected or are in doubt, and
    (once spread) people's figures applied (``history`` then holds the keyed ones)."""

    history: StatementHistory
    deficiencies: list[Deficiency]
    complete: bool
    checks: ValidationReport
    figures: FigureSheet = FigureSheet()
    redated: list[Redating] = []
    period_doubts: list[PeriodDoubt] = []
    spread: Spread | None = None

    @property
    def figures_settled(self) -> bool:
        """No figure the decision needs waits for a person."""
        return self.spread is None or not self.spread.pending

    @property
    def sheet(self) -> FigureSheet:
        """Every figure's status: the spread's (people's figures applied) once spread, else the reading's."""
        return self.spread.sheet if self.spread is not None else self.figures


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
    return Validation(
        history=history,
        deficiencies=deficiencies,
        complete=not blocks_analysis(deficiencies),
        checks=validate_case(application, documents, history, policies.credit),
        figures=build_sheet(dating, history),
        redated=dating.redated,
        period_doubts=dating.doubts,
    )


def with_spread(
    validation: Validation,
    application: Application,
    documents: list[ParsedDocument],
    ledger: SpreadLedger,
    policies: Policies,
) -> Validation:
    """The validation with people's figures (the case's ledger) applied on top of every figure's status.

    When a person's figure is in force, the checks run again on the corrected statements (a total
    keyed in place of a misread one no longer shows an imbalance); each figure's status stays the
    reading's, or the person's.
    """
    digests = {d.file: d.sha256 for d in documents}
    spread = spread_figures(validation.figures, validation.history, ledger, digests, policies.spreading)
    if not spread.applied:
        return validation.model_copy(update={"spread": spread})
    history = corrected_history(validation.history, spread)
    checks = validate_case(application, documents, history, policies.credit)
    return validation.model_copy(update={"history": history, "checks": checks, "spread": spread})
