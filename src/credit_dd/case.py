"""A due-diligence case: what came in, what was read, what was concluded."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel

from credit_dd import __version__
from credit_dd.analysis.analyse import Analysis
from credit_dd.documents.files import ParsedDocument
from credit_dd.documents.history import StatementHistory
from credit_dd.intake.application import Application, Intake
from credit_dd.policy.findings import Deficiency
from credit_dd.settings import Settings
from credit_dd.validation.checks import Check
from credit_dd.validation.figures import FigureSheet
from credit_dd.validation.outcome import Validation
from credit_dd.validation.quality import ExpectationOutcome

CaseStatus = Literal["completed", "needs_documents", "rejected_input"]


def case_status(documents_complete: bool, recommendation: str | None) -> CaseStatus:
    """Completed when every document is in, or when what is at hand already declines the case."""
    return "completed" if documents_complete or recommendation == "decline" else "needs_documents"


class CaseResult(BaseModel):
    """Everything the outputs (summary, report, package) are made from."""

    case_id: str
    application_id: str
    status: CaseStatus
    application: Application
    documents: list[ParsedDocument]
    deficiencies: list[Deficiency]
    history: StatementHistory
    figures: FigureSheet = FigureSheet()  # every statement value's verification status
    analysis: Analysis
    expectations: list[ExpectationOutcome] = []  # every expectation's result (the package's validation.json)
    checks: list[Check] = []  # the named checks the report lists
    generated_at: datetime
    code_version: str
    policy_version: str
    lang: Literal["zh", "en"] = "zh"
    operator: str = ""
    flow_run_id: str | None = None
    signed: bool = False


def assemble_case(
    accepted: Intake,
    documents: list[ParsedDocument],
    validation: Validation,
    analysis: Analysis,
    policy_version: str,
    settings: Settings,
    flow_run_id: str | None = None,
) -> CaseResult:
    """The case as the outputs see it."""
    return CaseResult(
        case_id=accepted.case_id,
        application_id=accepted.application_id,
        status=case_status(validation.complete, analysis.opinion.recommendation),
        application=accepted.application,
        documents=documents,
        deficiencies=validation.deficiencies,
        history=validation.history,
        figures=validation.figures,
        analysis=analysis,
        expectations=validation.checks.outcomes,
        checks=validation.checks.checks,
        generated_at=datetime.now(UTC),
        code_version=__version__,
        policy_version=policy_version,
        lang=settings.lang,
        operator=settings.operator,
        flow_run_id=flow_run_id,
        signed=settings.signing_key is not None,
    )
