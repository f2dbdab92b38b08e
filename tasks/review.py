"""Two-person review in the dashboard: the flow pauses for the checker's typed decision."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.input import RunInput
from pydantic import BaseModel, Field

from credit_dd.case import CaseResult
from credit_dd.errors import CreditDDError
from credit_dd.package.decisions import ReviewDecision
from credit_dd.package.folder import PACKAGE
from credit_dd.package.review import read_audit, record_decision, referral_message
from credit_dd.package.signing import system_signer
from credit_dd.package.spreading import keyed_line
from credit_dd.package.staff import read_roster
from credit_dd.policy.data import read_governance
from credit_dd.report.dashboard import display_name
from credit_dd.settings import Settings
from tasks.asking import ask
from tasks.operations import case_store
from tasks.settings import resolved

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


def _description(subject: ReviewSubject, refusal: str | None, referral: str | None = None) -> str:
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
    if referral:
        lines += ["", f"**Referred:** {referral}"]
    if refusal:
        lines += ["", f"**The previous decision was not recorded:** {refusal}"]
    return "\n".join(lines)


class ReviewAnswer(BaseModel):
    """What became of a decision typed into the form: recorded (and, for a referral, why and who
    may approve), or refused with the reason."""

    decision: ReviewDecision | None = None
    refusal: str | None = None
    referral: str | None = None


@task(name="record-review", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def record_review(folder: Path, answer: ReviewInput, settings: Settings) -> ReviewAnswer:
    """Append the decision to the package's log, signed by the service (its key, roster and clock
    resolved as every task resolves them); a refusal comes back as its reason (it is final, so it is
    returned rather than raised and retried)."""
    settings = resolved(settings)
    store = case_store(settings.case_store_url)
    try:
        roster = read_roster(settings.roster_path)
        entry = record_decision(
            folder,
            answer.decision,
            answer.reviewer,
            answer.comment,
            roster=roster,
            system=system_signer(settings.signing_key),
            personal=None,
            governance=read_governance(settings.governance_path),
            clock=store.now,
            recorded=store.recorded_decisions(folder.name),
        )
    except CreditDDError as exc:
        return ReviewAnswer(refusal=str(exc))
    return ReviewAnswer(decision=entry, referral=referral_message(entry, roster, read_audit(folder / PACKAGE)))


def await_review(subject: ReviewSubject, settings: Settings) -> ReviewDecision | None:
    """Pause for the checker's decision; ``None`` when nobody decided before the timeout.

    A refused decision (checker = maker, tampered package) is explained in the next form; an
    approval above the checker's authority refers the case and the form asks again, saying why and
    who may approve.
    """
    logger = get_run_logger()
    refusal: str | None = None
    referred: ReviewAnswer | None = None
    for attempt in range(1, MAX_REVIEW_ATTEMPTS + 1):
        form = ReviewInput.with_initial_data(
            description=_description(subject, refusal, referred.referral if referred else None)
        )
        answer = ask(
            form,
            timeout=settings.review_timeout_seconds,
            poll_interval=settings.review_poll_seconds,
            key=f"review-{attempt}",
        )
        if answer is None:
            logger.warning(
                "no review decision within %ss: case %s stays awaiting_review (use credit-dd review)",
                settings.review_timeout_seconds,
                subject.case_id,
            )
            return None
        recorded = record_review(subject.folder, answer, settings)
        if recorded.decision is None:
            refusal = recorded.refusal
            logger.warning("review decision refused: %s", refusal)
            continue
        decision = recorded.decision
        logger.info(
            "case %s: %s by %s: %s", subject.case_id, decision.decision, decision.reviewer, decision.case_status
        )
        if decision.case_status != "referred":
            return decision
        referred, refusal = recorded, None
    logger.warning("case %s: no final decision after %d forms", subject.case_id, MAX_REVIEW_ATTEMPTS)
    return referred.decision if referred else None
