"""The security behind a loan: exposure to this bank, the collateral's lending value, the cover."""

from __future__ import annotations

from credit_dd.intake.application import Application
from credit_dd.policy.data import CreditPolicy

OUR_BANK = ("本行", "我行", "our bank", "this bank")


def exposure(application: Application) -> float:
    """The request plus what the applicant already owes this bank (existing facilities marked 本行)."""
    ours = sum(f.outstanding for f in application.existing_facilities if f.lender.strip().lower() in OUR_BANK)
    return application.requested_amount + ours


def lending_value(application: Application, policy: CreditPolicy) -> float:
    """The collateral's lending value: appraised value after the kind's haircut and the lien rank's factor."""
    return sum(
        c.appraised_value
        * policy.collateral_haircuts.get(c.kind, policy.collateral_haircuts["other"])
        * policy.lien_rank_factor.get(c.lien_rank, 0.0)
        for c in application.collateral
    )


def security_supported(application: Application, policy: CreditPolicy) -> float:
    """The new loan the security supports: collateral lending value plus the policy's share of the
    guarantors' declared net worth, less what the applicant already owes this bank."""
    guarantees = sum(g.declared_net_worth or 0.0 for g in application.guarantors)
    supported = lending_value(application, policy) + policy.recommendation.guarantee_factor * guarantees
    return max(supported - (exposure(application) - application.requested_amount), 0.0)


def collateral_cover(application: Application, policy: CreditPolicy) -> float:
    """The collateral's lending value (after haircuts and lien rank) over the exposure."""
    return lending_value(application, policy) / exposure(application)
