"""Two-person review in the dashboard: the flow pauses for the checker's typed decision."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import FlowPauseTimeout
from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput
from pydantic import BaseModel, Field

from credit_dd.case import CaseResult
from credit_dd.errors import CreditDDError
from credit_dd.package.review import ReviewDecision, record_decision
from credit_dd.package.signing import system_signer
from credit_dd.package.spreading import keyed_line
from credit_dd.package.staff import read_roster
from credit_dd.policy.data import read_governance
from credit_dd.report.dashboard import display_name
from credit_dd.settings import Settings

MAX_REVIEW_ATTEMPTS = 5


class ReviewInput(RunInput):
    """The checker's form in the dashboard (双人核实)."""

    decision: Literal["approve", "reject", "return"] = Field(description="approve / reject / return for more documents")
    reviewer: str = Field(
        min_length=1, description="Your employee id (e.g. CR0207): not the maker's, not an investigator's"
    )
    comment: str = Field(min_length=1, description="Reasons for the decision (required)")


class ReviewSubject(BaseModel):
    """What the checker is asked to decide on."""

    case_id: str
    applicant: str
    recommendation: str | None
    maker: str
    folder: Path
    maker_id: str | None = None

    @classmethod
    def of(cls, case: CaseResult, folder: Path) -> ReviewSubject:
        return cls(
            case_id=case.case_id,
            applicant=display_name(case.application),
            recommendation=case.opinion.recommendation,
            maker=case.application.relationship_manager.name,
            maker_id=case.application.relationship_manager.employee_id,
            folder=folder,
        )


def _description(subject: ReviewSubject, refusal: str | None, referred: ReviewDecision | None = None) -> str:
    lines = [
        f"## Review of {subject.case_id}",
        "",
        f"- applicant: {subject.applicant}",
        f"- recommendation: **{subject.recommendation}**",
        f"- maker: {subject.maker_id or ''} {subject.maker} (the checker must be someone else)",
        "- a decision typed here is signed by the system and recorded as entered in the dashboard;"
        " larger approvals need your own signature (credit-dd review)",
        f"- report: `{subject.folder / 'report.html'}`",
    ]
    if (people := keyed_line(subject.folder)) is not None:
        lines.append(f"- **{people}**")
    if referred is not None:
        lines += [
            "",
            f"**Referred:** {referred.reviewer} {referred.reviewer_name} approved {referred.amount:,.0f}, above their"
            " authority; an approver whose authority covers it (or a committee) must decide.",
        ]
    if refusal:
        lines += ["", f"**The previous decision was not recorded:** {refusal}"]
    return "\n".join(lines)


@task(name="record-review", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def record_review(folder: Path, answer: ReviewInput, settings: Settings) -> ReviewDecision | str:
    """Append the decision to the package's log and re-sign it; a refusal comes back as its reason
    (it is final, so it is returned rather than raised and retried)."""
    try:
        return record_decision(
            folder,
            answer.decision,
            answer.reviewer,
            answer.comment,
            roster=read_roster(settings.roster_path),
            system=system_signer(settings.signing_key),
            personal=None,
            governance=read_governance(settings.governance_path),
        )
    except CreditDDError as exc:
        return str(exc)


def await_review(subject: ReviewSubject, settings: Settings) -> ReviewDecision | None:
    """Pause for the checker's decision; ``None`` when nobody decided before the timeout.

    A refused decision (checker = maker, tampered package) is explained in the next form; an
    approval above the checker's authority refers the case and the form asks again.
    """
    logger = get_run_logger()
    refusal: str | None = None
    referred: ReviewDecision | None = None
    for attempt in range(1, MAX_REVIEW_ATTEMPTS + 1):
        form = ReviewInput.with_initial_data(description=_description(subject, refusal, referred))
        try:
            answer = pause_flow_run(
                wait_for_input=form,
                timeout=settings.review_timeout_seconds,
                poll_interval=settings.review_poll_seconds,
                key=f"review-{attempt}",
            )
        except FlowPauseTimeout:
            logger.warning(
                "no review decision within %ss: case %s stays awaiting_review (use credit-dd review)",
                settings.review_timeout_seconds,
                subject.case_id,
            )
            return None
        decision = record_review(subject.folder, answer, settings)
        if isinstance(decision, str):
            refusal = decision
            logger.warning("review decision refused: %s", refusal)
            continue
        logger.info(
            "case %s: %s by %s: %s", subject.case_id, decision.decision, decision.reviewer, decision.case_status
        )
        if decision.case_status != "referred":
            return decision
        referred, refusal = decision, None
    logger.warning("case %s: no final decision after %d forms", subject.case_id, MAX_REVIEW_ATTEMPTS)
    return referred
