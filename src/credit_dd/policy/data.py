"""Typed credit policy and document checklists, loaded from versioned YAML."""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from credit_dd.errors import PolicyError
from credit_dd.policy.findings import Template, catalogue
from credit_dd.policy.ratios import CATALOGUE

M = TypeVar("M", bound=BaseModel)


class PolicyModel(BaseModel):
    """A part of a policy data file: a key it does not know is refused (a misspelt setting would
    otherwise be ignored and its default used, silently)."""

    model_config = ConfigDict(extra="forbid")


def ratio_thresholds() -> set[str]:
    """The threshold names the ratio catalogue's limits use (``min_current_ratio`` …)."""
    return {name for r in CATALOGUE.values() if r.limit for name in (r.limit.warning, r.limit.critical) if name}


class Thresholds(PolicyModel):
    """The ratio limits' thresholds, by the names the ratio catalogue gives them: every one it
    names, and no other (a misspelt threshold is refused, never silently ignored)."""

    model_config = ConfigDict(extra="allow")

    balance_tolerance_units: float

    @model_validator(mode="before")
    @classmethod
    def _named_by_the_catalogue(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        given, needed = set(data) - set(cls.model_fields), ratio_thresholds()
        if unknown := sorted(given - needed):
            raise ValueError(f"unknown thresholds {unknown}: no ratio limit uses them (ratios.CATALOGUE)")
        if missing := sorted(needed - given):
            raise ValueError(f"thresholds {missing} missing: a ratio limit needs them (ratios.CATALOGUE)")
        if wrong := sorted(k for k in needed if isinstance(data[k], bool) or not isinstance(data[k], int | float)):
            raise ValueError(f"thresholds {wrong} must be numbers")
        return data

    def value(self, name: str) -> float:
        """A threshold by name."""
        return float(getattr(self, name))

    def replaced(self, overrides: dict[str, float]) -> Thresholds:
        """These thresholds with some replaced (an industry's own); unknown names refused.

        Raises:
            PolicyError: a name no ratio limit uses.
        """
        try:
            return Thresholds.model_validate(self.model_dump() | overrides)
        except ValidationError as exc:
            raise PolicyError(f"thresholds: {exc.errors()[0]['msg']}") from None


class SizingSettings(PolicyModel):
    """The definitional choices of the working-capital reference method (DESIGN.md).

    Their values live in the policy file only (``data/credit_policy.yaml`` is the packaged one):
    no field has a default here, so a policy file that leaves one out is refused, naming it."""

    margin_profit: Literal["total_profit", "net_profit", "operating_profit"]
    averages: Literal["average", "closing"]
    own_working_capital: Literal["current_assets_minus_current_liabilities", "none"]
    default_growth: Literal["last_year", "zero"]
    max_growth: float


class AnalysisSettings(PolicyModel):
    """Thresholds of the bank-flow, repayment and cross-document checks (values: the policy file)."""

    revenue_band: tuple[float, float]
    vat_rate: float
    restricted_cash_allowance: float  # cash_flow_vs_cash: a gap within this share of closing cash is restricted cash
    min_dscr: float
    max_tenor_to_cycle: float  # a working-capital tenor beyond this many cash cycles: TENOR_MISMATCH
    overdraft_days: int  # OVERDRAFT_DAYS from this many days ending overdrawn
    concentration_top: int  # INFLOW_CONCENTRATION: the share of the largest counterparties ...
    max_inflow_concentration: float  # ... above this
    max_inflow_cv: float  # INFLOW_VOLATILITY: monthly inflows' coefficient of variation above this
    max_working_capital_tenor_months: int
    related_party_match: float
    round_trip_days: int
    round_trip_tolerance: float
    watchlist_match: float


class ReferenceRate(PolicyModel):
    """The loan prime rates (LPR) in force from a date."""

    effective_from: date
    one_year: float
    five_year: float
    source: str


class Pricing(PolicyModel):
    """The pricing assumption for the new loan: reference rate plus the product's spread."""

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


class RecommendationPolicy(PolicyModel):
    decline_codes: list[str]
    conditions: dict[str, Template] = {}  # replacing the catalogue's condition of a code (findings.yaml)
    always: list[Template]
    min_share_of_request: float  # a recommended amount below this share of the request: refer
    amount_rounding: float  # the recommended amount is rounded down to this
    guarantee_factor: float  # share of a guarantor's declared net worth counted as support
    min_balance_to_payment: float  # LOW_AVERAGE_BALANCE below this multiple of the monthly payment

    @field_validator("decline_codes", "conditions")
    @classmethod
    def _catalogued(cls, codes: list[str] | dict[str, Template]) -> list[str] | dict[str, Template]:
        if unknown := sorted(set(codes) - set(catalogue().codes)):
            raise ValueError(f"codes {unknown}: not in the finding catalogue (data/findings.yaml)")
        return codes

    def condition(self, code: str) -> Template | None:
        """The condition precedent a warning of ``code`` sets: this policy's, else the catalogue's."""
        entry = catalogue().codes.get(code)
        return self.conditions.get(code) or (entry.condition if entry else None)


class CreditPolicy(PolicyModel):
    """All thresholds and settings the rules apply."""

    version: str
    thresholds: Thresholds
    sizing: SizingSettings
    analysis: AnalysisSettings
    collateral_haircuts: dict[str, float]
    lien_rank_factor: dict[int, float]
    recommendation: RecommendationPolicy
    pricing: Pricing


class ChecklistEntry(PolicyModel):
    name: str
    kinds: list[str] = []
    statement: str | None = None
    annual_periods: int = 0
    max_age_months: int | None = None
    months: int = 0
    ends_within_days: int | None = None
    basis: str = ""  # the rule the entry comes from, for the reviewer


class Checklists(PolicyModel):
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
    except ValidationError as exc:
        raise PolicyError(f"{name}: invalid: {_first_error(exc)}") from None
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyError(f"{name}: invalid: {str(exc).splitlines()[0]}") from None


def _first_error(exc: ValidationError) -> str:
    """Where and what the first error is (``thresholds: Value error, unknown thresholds …``), and
    how many more there are."""
    errors = exc.errors()
    where = ".".join(str(part) for part in errors[0]["loc"])
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where + ': ' if where else ''}{errors[0]['msg']}{more}"


def read_policy(path: Path | None = None) -> CreditPolicy:
    """The credit policy at ``path``, or the packaged default."""
    return read_data_model(CreditPolicy, "credit_policy.yaml", path)


def read_checklists(path: Path | None = None) -> Checklists:
    """The document checklists at ``path``, or the packaged default."""
    return read_data_model(Checklists, "checklists.yaml", path)


class ReviewPolicy(PolicyModel):
    personal_signature_above: float = Field(ge=0)


class RetentionPolicy(PolicyModel):
    """档案保管期限: how long each kind of record is kept, in days from the event that starts it."""

    case_after_final_decision_days: int = Field(ge=1)
    history_revisions_days: int = Field(ge=1)
    identity_copies_after_decline_days: int = Field(ge=1)
    identity_kinds: list[str]


class NoticePolicy(PolicyModel):
    """The deficiency notice (资料补充通知书): the customer replies within this many days of it."""

    reply_within_days: int = Field(ge=1)


class Governance(PolicyModel):
    """Approval controls, the deficiency notice's reply period, and records retention."""

    version: str
    review: ReviewPolicy
    notice: NoticePolicy
    retention: RetentionPolicy


def read_governance(path: Path | None = None) -> Governance:
    """The governance policy at ``path``, or the packaged default."""
    return read_data_model(Governance, "governance.yaml", path)
