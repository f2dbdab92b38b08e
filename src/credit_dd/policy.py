"""Typed credit policy and document checklists, loaded from versioned YAML."""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from credit_dd.errors import PolicyError
from credit_dd.findings import Template

M = TypeVar("M", bound=BaseModel)


class Thresholds(BaseModel):
    min_current_ratio: float
    max_debt_to_assets: float
    critical_debt_to_assets: float
    min_interest_coverage: float
    critical_interest_coverage: float
    balance_tolerance_units: float


class SizingSettings(BaseModel):
    """The definitional choices of the working-capital reference method (DESIGN.md)."""

    margin_profit: Literal["total_profit", "net_profit", "operating_profit"] = "total_profit"
    averages: Literal["average", "closing"] = "average"
    own_working_capital: Literal["current_assets_minus_current_liabilities", "none"] = (
        "current_assets_minus_current_liabilities"
    )
    default_growth: Literal["last_year", "zero"] = "last_year"
    max_growth: float = 0.30


class AnalysisSettings(BaseModel):
    """Thresholds of the bank-flow, repayment and cross-document checks."""

    revenue_band: tuple[float, float] = (0.5, 1.6)
    vat_rate: float = 0.13
    restricted_cash_allowance: float = (
        0.10  # cash_flow_vs_cash: a gap within this share of closing cash is restricted cash
    )
    min_dscr: float = 1.0
    max_tenor_to_cycle: float = 4.0  # a working-capital tenor beyond this many cash cycles: TENOR_MISMATCH
    overdraft_days: int = 1  # OVERDRAFT_DAYS from this many days ending overdrawn
    concentration_top: int = 3  # INFLOW_CONCENTRATION: the share of the largest counterparties ...
    max_inflow_concentration: float = 0.80  # ... above this
    max_inflow_cv: float = 0.60  # INFLOW_VOLATILITY: monthly inflows' coefficient of variation above this
    max_working_capital_tenor_months: int = 36
    related_party_match: float = 90.0
    round_trip_days: int = 30
    round_trip_tolerance: float = 0.10
    watchlist_match: float = 90.0


class ReferenceRate(BaseModel):
    """The loan prime rates (LPR) in force from a date."""

    model_config = ConfigDict(extra="forbid")

    effective_from: date
    one_year: float
    five_year: float
    source: str


class Pricing(BaseModel):
    """The pricing assumption for the new loan: reference rate plus the product's spread."""

    model_config = ConfigDict(extra="forbid")

    reference_rates: list[ReferenceRate]
    spreads: dict[str, float]

    def rate(self, product: str, tenor_months: int, on: date) -> tuple[float, ReferenceRate]:
        """The annual rate for a loan of ``product`` and tenor agreed ``on`` (LPR 5Y above five years).

        Raises:
            PolicyError: no reference rate had taken effect by ``on``.
        """
        active = [r for r in self.reference_rates if r.effective_from <= on]
        if not active:
            raise PolicyError(f"pricing: no reference rate in force on {on}")
        reference = max(active, key=lambda r: r.effective_from)
        base = reference.five_year if tenor_months > 60 else reference.one_year
        return base + self.spreads.get(product, self.spreads.get("default", 0.0)), reference


class RecommendationPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decline_codes: list[str]
    conditions: dict[str, Template]
    always: list[Template]
    min_share_of_request: float = 0.5  # a recommended amount below this share of the request: refer
    amount_rounding: float = 10_000  # the recommended amount is rounded down to this
    guarantee_factor: float = 0.5  # share of a guarantor's declared net worth counted as support
    min_balance_to_payment: float = 1.0  # LOW_AVERAGE_BALANCE below this multiple of the monthly payment


class CreditPolicy(BaseModel):
    """All thresholds and settings the rules apply."""

    version: str
    thresholds: Thresholds
    sizing: SizingSettings
    analysis: AnalysisSettings = AnalysisSettings()
    collateral_haircuts: dict[str, float]
    lien_rank_factor: dict[int, float]
    recommendation: RecommendationPolicy
    pricing: Pricing


class ChecklistEntry(BaseModel):
    name: str
    kinds: list[str] = []
    statement: str | None = None
    annual_periods: int = 0
    max_age_months: int | None = None
    months: int = 0
    ends_within_days: int | None = None
    basis: str = ""  # the rule the entry comes from, for the reviewer


class Checklists(BaseModel):
    version: int
    products: dict[str, list[ChecklistEntry]]


def read_data_model(model: type[M], packaged: str, path: Path | None = None) -> M:
    """A versioned YAML data file (``path``, or the one packaged under data/) as a typed model.

    Raises:
        PolicyError: the file is not valid YAML or not of the model's shape.
    """
    name = str(path or packaged)
    try:
        text = (
            path.read_text(encoding="utf-8")
            if path
            else files("credit_dd").joinpath(f"data/{packaged}").read_text(encoding="utf-8")
        )
        return model.model_validate(yaml.safe_load(text))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise PolicyError(f"{name}: invalid: {str(exc).splitlines()[0]}") from None


def read_policy(path: Path | None = None) -> CreditPolicy:
    """The credit policy at ``path``, or the packaged default."""
    return read_data_model(CreditPolicy, "credit_policy.yaml", path)


def read_checklists(path: Path | None = None) -> Checklists:
    """The document checklists at ``path``, or the packaged default."""
    return read_data_model(Checklists, "checklists.yaml", path)


class ReviewPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    personal_signature_above: float = Field(ge=0)


class RetentionPolicy(BaseModel):
    """档案保管期限: how long each kind of record is kept, in days from the event that starts it."""

    model_config = ConfigDict(extra="forbid")

    case_after_final_decision_days: int = Field(ge=1)
    history_revisions_days: int = Field(ge=1)
    identity_copies_after_decline_days: int = Field(ge=1)
    identity_kinds: list[str]


class Governance(BaseModel):
    """Approval controls and records retention."""

    model_config = ConfigDict(extra="forbid")

    version: str
    review: ReviewPolicy
    retention: RetentionPolicy


def read_governance(path: Path | None = None) -> Governance:
    """The governance policy at ``path``, or the packaged default."""
    return read_data_model(Governance, "governance.yaml", path)
