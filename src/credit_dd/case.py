"""A due-diligence case: what came in, what was read, what was concluded."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from credit_dd.analysis import Analysis
from credit_dd.application import Application
from credit_dd.documents import ParsedDocument
from credit_dd.findings import Deficiency
from credit_dd.history import StatementHistory
from credit_dd.quality import ExpectationOutcome

CaseStatus = Literal["completed", "needs_documents", "rejected_input"]


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
    checks: list[ExpectationOutcome] = []
    generated_at: datetime
    code_version: str
    policy_version: str
    lang: Literal["zh", "en"] = "zh"
    operator: str = ""
    flow_run_id: str | None = None
    signed: bool = False
