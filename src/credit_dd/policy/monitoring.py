"""Post-loan monitoring policy (贷后检查): how far each ratio may deteriorate, the covenants, the
balance drop that warns. Which way a ratio deteriorates comes from the ratio catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import model_validator

from credit_dd.policy.data import PolicyModel, read_data_model
from credit_dd.policy.ratios import CATALOGUE


class Deterioration(PolicyModel):
    """How far a ratio may move against the borrower; which way is against comes from the ratio
    catalogue (a ratio where higher is better deteriorates downwards)."""

    direction: Literal["up", "down"] | None = None
    relative: float | None = None
    absolute: float | None = None


class Covenant(PolicyModel):
    min: float | None = None
    max: float | None = None


def _against(name: str) -> Literal["up", "down"]:
    ratio = CATALOGUE.get(name)
    if ratio is None:
        raise ValueError(f"{name}: not a ratio (ratios.CATALOGUE)")
    if ratio.better == "neither":
        raise ValueError(f"{name}: neither direction is worse, so it cannot deteriorate")
    return "down" if ratio.better == "higher" else "up"


class MonitoringPolicy(PolicyModel):
    version: str
    deterioration: dict[str, Deterioration]
    covenants: dict[str, Covenant]
    balance_drop: float

    @model_validator(mode="after")
    def _ratios_of_the_catalogue(self) -> MonitoringPolicy:
        for name, rule in self.deterioration.items():
            against = _against(name)
            if rule.direction not in (None, against):
                raise ValueError(f"{name}: deteriorates {against}, not {rule.direction} (ratios.CATALOGUE)")
            rule.direction = against
        if unknown := sorted(set(self.covenants) - set(CATALOGUE)):
            raise ValueError(f"covenants on {unknown}: not ratios (ratios.CATALOGUE)")
        return self


def read_monitoring_policy(path: Path | None = None) -> MonitoringPolicy:
    return read_data_model(MonitoringPolicy, "monitoring.yaml", path)
