"""Findings (what analysis concluded) and deficiencies (what the customer must fix).

Codes are a contract with people, dashboards and tests: add new ones, never rename.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["info", "warning", "critical"]
SEVERITY_ORDER: dict[str, int] = {"critical": 0, "warning": 1, "info": 2}

FINDING_CODES = frozenset(
    [
        "DOC_MISSING",
        "DOC_UNREADABLE",
        "DOC_ENCRYPTED",
        "DOC_NO_TEXT",
        "UNIT_ASSUMED",
        "DOC_DUPLICATE",
        "DOC_STALE",
        "DOC_TAMPER_SUSPECTED",
        "DOC_UNRECOGNISED",
        "BS_IMBALANCE",
        "STATEMENT_MISREAD",
        "UNIT_SUSPECT",
        "BANK_BALANCE_BREAK",
        "BANK_PERIOD_GAP",
        "REVENUE_BANK_MISMATCH",
        "NEGATIVE_EQUITY",
        "LOSS_MAKING",
        "LOW_CURRENT_RATIO",
        "HIGH_LEVERAGE",
        "LOW_INTEREST_COVERAGE",
        "AMOUNT_EXCEEDS_CAPACITY",
        "COLLATERAL_SHORTFALL",
        "AML_LARGE_CASH",
        "AML_LARGE_TRANSFER",
        "AML_STRUCTURING",
        "RELATED_PARTY_FLOWS",
        "WATCHLIST_HIT",
        "WATCHLIST_UNAVAILABLE",
        "KYC_USCC_INVALID",
        "KYC_ID_INVALID",
        "LICENSE_EXPIRED",
        "INDUSTRY_RESTRICTED",
        "TWO_PERSON_RULE",
        "NO_FINANCIAL_DATA",
    ]
)


class Finding(BaseModel):
    """One conclusion of the analysis, with the evidence a reviewer can check."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    evidence: list[str] = []


class Deficiency(BaseModel):
    """One thing missing or wrong in what the customer supplied (一次性告知: all at once)."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    document: str | None = None


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Critical first, then warnings, then information; stable within a severity."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def has_critical(findings: list[Finding]) -> bool:
    """True when any finding is critical (and so the case can never be approved)."""
    return any(f.severity == "critical" for f in findings)
