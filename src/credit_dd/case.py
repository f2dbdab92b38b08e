"""A due-diligence case: what came in, what was read, what was concluded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel

from credit_dd import __version__
from credit_dd.analysis.analyse import Analysis
from credit_dd.documents.files import ParsedDocument
from credit_dd.documents.history import StatementHistory
from credit_dd.intake.application import Application, Intake
from credit_dd.policy.bundle import Policies
from credit_dd.policy.findings import Deficiency, Finding
from credit_dd.rules.judgement import Judgement
from credit_dd.rules.recommendation import Opinion
from credit_dd.settings import Settings
from credit_dd.validation.checks import Check
from credit_dd.validation.figures import FigureSheet
from credit_dd.validation.outcome import Validation
from credit_dd.validation.quality import ExpectationOutcome
from credit_dd.validation.spreading import Spread

CaseStatus = Literal["completed", "needs_documents", "needs_spreading", "rejected_input"]


def case_status(documents_complete: bool, recommendation: str | None, figures_settled: bool = True) -> CaseStatus:
    """Completed when every document is in and every figure the decision needs is proven or
    confirmed, or when what is at hand already declines the case; a missing document comes first."""
    if recommendation == "decline":
        return "completed"
    if not documents_complete:
        return "needs_documents"
    return "completed" if figures_settled else "needs_spreading"


class CaseResult(BaseModel):
    """Everything the outputs (summary, report, package) are made from."""

    case_id: str
    application_id: str
    status: CaseStatus
    application: Application
    documents: list[ParsedDocument]
    deficiencies: list[Deficiency]
    history: StatementHistory
    analysis: Analysis
    findings: list[Finding]
    opinion: Opinion
    expectations: list[ExpectationOutcome] = []  # every expectation's result (the package's validation.json)
    checks: list[Check] = []  # the named checks the report lists
    figures: FigureSheet = FigureSheet()  # every statement value's status, people's figures applied
    spreading: Spread | None = None  # the ledger of people's figures, what it changed, what still waits
    generated_at: datetime
    code_version: str
    policy_version: str
    lang: Literal["zh", "en"] = "zh"
    operator: str = ""
    flow_run_id: str | None = None
    signed: bool = False
    reply_by: date | None = None  # the deficiency notice's reply-by date (governance), when there is a notice


def assemble_case(
    accepted: Intake,
    documents: list[ParsedDocument],
    validation: Validation,
    analysis: Analysis,
    judgement: Judgement,
    policies: Policies,
    settings: Settings,
    flow_run_id: str | None = None,
) -> CaseResult:
    """The case as the outputs see it; a notice's reply-by date is the governance's reply period
    after today in the application's time zone."""
    now = datetime.now(UTC)
    today = now.astimezone(accepted.application.received_at.tzinfo).date()
    reply = policies.governance.notice.reply_within_days
    reply_by = today + timedelta(days=reply) if validation.deficiencies else None
    return CaseResult(
        case_id=accepted.case_id,
        application_id=accepted.application_id,
        status=case_status(validation.complete, judgement.opinion.recommendation, validation.figures_settled),
        application=accepted.application,
        documents=documents,
        deficiencies=validation.deficiencies,
        history=validation.history,
        analysis=analysis,
        findings=judgement.findings,
        opinion=judgement.opinion,
        expectations=validation.checks.outcomes,
        checks=validation.checks.checks,
        figures=validation.sheet,
        spreading=validation.spread,
        generated_at=now,
        code_version=__version__,
        policy_version=policies.version,
        lang=settings.lang,
        operator=settings.operator,
        flow_run_id=flow_run_id,
        signed=settings.signing_key is not None,
        reply_by=reply_by,
    )
