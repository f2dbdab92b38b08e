"""AML policy: the effective-dated large-value thresholds (PBOC Order 2016 No. 3 and its US-dollar
equivalents), the rates to the dollar, the structuring rule, and the words marking cash and
cross-border rows (``data/aml_thresholds.yaml``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from credit_dd.policy.data import PolicyModel, read_data_model

CHANNELS = ("cash", "corporate_transfer", "individual_domestic_transfer", "individual_cross_border_transfer")


class Thresholds(PolicyModel):
    """One rule's thresholds: in yuan, and in US dollars for foreign currencies (外币折合美元)."""

    effective_from: date
    source: str
    cash: float
    corporate_transfer: float
    individual_domestic_transfer: float
    individual_cross_border_transfer: float
    usd: dict[str, float]  # the same four, as US-dollar equivalents


class Structuring(PolicyModel):
    window_days: int
    min_count: int
    lower_fraction: float


class UsdRates(PolicyModel):
    """Units of US dollars per unit of each currency, from a date."""

    effective_from: date
    source: str
    rates: dict[str, float]


class AmlPolicy(PolicyModel):
    """The effective-dated thresholds and rates, and the words that mark cash and cross-border rows."""

    version: int
    thresholds: list[Thresholds]
    usd_rates: list[UsdRates]
    structuring: Structuring
    cash_words: list[str]
    cross_border_words: list[str]

    def in_force(self, day: date) -> Thresholds | None:
        """The thresholds in force on ``day`` (the latest that had taken effect)."""
        active = [t for t in self.thresholds if t.effective_from <= day]
        return max(active, key=lambda t: t.effective_from) if active else None

    def usd_rate(self, currency: str, day: date) -> float | None:
        """US dollars per unit of ``currency`` on ``day`` (1 for the dollar itself)."""
        if currency == "USD":
            return 1.0
        active = [r for r in self.usd_rates if r.effective_from <= day and currency in r.rates]
        return max(active, key=lambda r: r.effective_from).rates[currency] if active else None

    def limit(self, day: date, currency: str, rule: str) -> float | None:
        """The threshold of ``rule`` on ``day`` in ``currency``; ``None`` when no rule or rate applies."""
        thresholds = self.in_force(day)
        if thresholds is None:
            return None
        if currency == "CNY":
            return float(getattr(thresholds, rule))
        rate = self.usd_rate(currency, day)
        return thresholds.usd[rule] / rate if rate else None


def read_aml_policy(path: Path | None = None) -> AmlPolicy:
    """The AML configuration at ``path``, or the packaged one."""
    return read_data_model(AmlPolicy, "aml_thresholds.yaml", path)
