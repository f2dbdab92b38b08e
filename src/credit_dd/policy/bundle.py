"""Every policy a case is judged by, read once a run from the files the settings name.

The bundle is read by one step and handed down: a rule gets its thresholds from its caller,
never from a cached module global, so a run judged under a bank's own files is judged under
them throughout, and a test states the policy it runs under.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from credit_dd.policy.aml import AmlPolicy, read_aml_policy
from credit_dd.policy.data import Checklists, CreditPolicy, Governance, read_checklists, read_governance, read_policy
from credit_dd.policy.industry import IndustryPolicy, read_industry_policy
from credit_dd.policy.scorecard import Scorecard, read_scorecard
from credit_dd.policy.spreading import SpreadingPolicy, read_spreading_policy
from credit_dd.settings import Settings


class Policies(BaseModel):
    """The credit policy, the document checklists, the scorecard, the industry and AML policies, and
    the figures the decision needs (spreading) and the governance (the deficiency notice's reply period)."""

    model_config = ConfigDict(frozen=True)

    credit: CreditPolicy
    checklists: Checklists
    scorecard: Scorecard
    industries: IndustryPolicy
    aml: AmlPolicy
    spreading: SpreadingPolicy
    governance: Governance

    @property
    def version(self) -> str:
        """The credit policy's version, as the case records it."""
        return self.credit.version


def read_policies(settings: Settings) -> Policies:
    """The policies the settings name (a bank's own credit policy and checklists), the rest packaged.

    Raises:
        PolicyError: a file is unreadable or not of its shape, naming the file and the field.
    """
    return Policies(
        credit=read_policy(settings.policy_path),
        checklists=read_checklists(settings.checklist_path),
        scorecard=read_scorecard(),
        industries=read_industry_policy(),
        aml=read_aml_policy(),
        spreading=read_spreading_policy(),
        governance=read_governance(settings.governance_path),
    )
