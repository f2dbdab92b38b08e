"""Review and approval (双人核实 / 审批): a checker's signed decision, appended to the package.

Who may decide is settled by employee id against the staff roster: the checker holds the
credit-reviewer or approver role and is neither the maker (the relationship manager who
submitted the case) nor one of its site investigators. An approval within the checker's
authority (审批权限) approves the case; above it the case is *referred* until a checker whose
authority covers the amount, or a committee, approves it.

Each decision is signed: with the checker's own Ed25519 key from the CLI, or with the system's
key when it was typed into the dashboard (recorded as such; above a policy amount an approval
needs a personal signature). The case's status after each decision follows the lifecycle table:
a rejected or returned case takes no further decision until a new revision is run. Decisions are
appended, never rewritten, and the system re-signs the manifest. A package that does not verify
takes no decision.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from credit_dd.errors import LifecycleError, ReviewError
from credit_dd.package.folder import (
    DECISIONS,
    PACKAGE,
    read_decisions,
    seal_package,
    verify_package,
    write_text,
)
from credit_dd.package.signing import Signer
from credit_dd.package.staff import CHECKER_ROLES, Roster, StaffMember, same_person
from credit_dd.policy import lifecycle
from credit_dd.policy.data import Governance
from credit_dd.policy.lifecycle import Status

Decision = Literal["approve", "reject", "return"]
EnteredVia = Literal["cli", "dashboard"]


class ReviewDecision(BaseModel):
    """One checker's decision on one case, as signed."""

    case_id: str
    decision: Decision
    reviewer: str  # employee id
    reviewer_name: str
    roles: list[str]
    comment: str = Field(min_length=1)
    amount: float | None  # what an approval approves (the recommended amount, else the request)
    committee: str | None = None  # the committee minute when a committee took the decision
    entered_via: EnteredVia
    case_status: Status  # where the decision takes the case
    decided_at: datetime
    manifest_sha256: str  # the manifest the decision was taken on
    signature: dict[str, str] = {}

    def signed_part(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"signature"})


def read_audit(package: Path) -> dict[str, Any]:
    """The package's audit trail (the maker, the investigators, the request).

    Raises:
        ReviewError: it cannot be read.
    """
    return _read(package, "audit.json")


def _read(package: Path, name: str) -> dict[str, Any]:
    try:
        value = json.loads((package / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReviewError(f"{package / name}: unreadable ({exc})") from None
    if not isinstance(value, dict):
        raise ReviewError(f"{package / name}: malformed")
    return value


def amount_decided(summary: dict[str, Any], audit: dict[str, Any]) -> float | None:
    """What an approval approves: the recommended amount, or the request when there is none."""
    recommended = summary.get("recommended_amount")
    if isinstance(recommended, int | float) and recommended > 0:
        return float(recommended)
    requested = audit.get("requested_amount")
    return float(requested) if isinstance(requested, int | float) else None


def eligible_checker(roster: Roster, employee_id: str, audit: dict[str, Any]) -> StaffMember:
    """The checker, refused when unknown, without a checker's role, the maker or an investigator.

    Raises:
        ReviewError: naming the reason.
    """
    person = roster.person(employee_id)
    maker_id, maker_name = str(audit.get("maker_id") or ""), str(audit.get("maker") or "")
    if maker_id and person.employee_id == maker_id.upper() or maker_name and same_person(person, maker_name, roster):
        raise ReviewError(
            f"{person.label} is the maker of this case: two-person review (双人核实) needs a second person"
        )
    for investigator in audit.get("investigators") or []:
        if same_person(person, str(investigator), roster):
            raise ReviewError(f"{person.label} investigated this case on site: an investigator cannot be its checker")
    if not CHECKER_ROLES & set(person.roles):
        raise ReviewError(
            f"{person.label} holds no checker's role (credit_reviewer or approver): only they may decide a case"
        )
    return person


def _target(decision: Decision, person: StaffMember, amount: float | None, committee: str | None) -> Status:
    if decision == "reject":
        return "declined"
    if decision == "return":
        return "needs_documents"
    if committee or amount is None or person.approval_limit >= amount:
        return "approved"
    return "referred"


def _check_signer(
    personal: Signer | None, person: StaffMember, decision: Decision, amount: float | None, governance: Governance
) -> None:
    """The checker's own key must be the one on the roster; a dashboard approval stays under the policy amount."""

    threshold = governance.review.personal_signature_above
    if personal is None and decision == "approve" and amount is not None and amount > threshold:
        raise ReviewError(
            f"an approval of {amount:,.0f} (above {threshold:,.0f}) must carry the checker's own signature: "
            "record it with credit-dd review and your key"
        )
    if personal is not None:
        if personal.signer != person.employee_id:
            raise ReviewError(f"the key given is {personal.signer}'s, not {person.employee_id}'s")
        if person.public_key is None:
            raise ReviewError(
                f"{person.label} has no public key on the staff roster: create one with "
                f"`credit-dd keys {person.employee_id}` and have it added"
            )
        if personal.public_key != person.public_key:
            raise ReviewError(f"the key given does not match {person.label}'s public key on the staff roster")


def current_status(decisions: list[dict[str, Any]]) -> str:
    """Where a package's decisions have taken its case (awaiting review before the first)."""
    return str(decisions[-1].get("case_status", "awaiting_review")) if decisions else "awaiting_review"


def record_decision(
    case_folder: Path,
    decision: Decision,
    reviewer: str,
    comment: str,
    *,
    roster: Roster,
    system: Signer | None,
    personal: Signer | None,
    governance: Governance,
    committee: str | None = None,
    before_recording: Callable[[ReviewDecision], None] | None = None,
) -> ReviewDecision:
    """Check, sign and append the checker's decision; re-sign the manifest and rebuild the zip.

    ``personal`` is the checker's own signer (the CLI); ``None`` means the decision was typed
    into the dashboard and the system signs it. ``before_recording(entry)`` runs after every
    check and before anything is written (the case store's own lifecycle check).

    Raises:
        ReviewError: the package does not verify, the checker may not decide, the step is not
            allowed, or the signature cannot be made.
    """
    package = case_folder / PACKAGE
    check = verify_package(package, roster)
    if not check.verified:
        raise ReviewError(
            f"{package}: the package does not verify ({'; '.join(check.problems())}); no decision recorded"
        )
    if system is None:
        raise ReviewError("no system signing key configured: the package could not be re-signed; no decision recorded")
    audit, summary = _read(package, "audit.json"), _read(package, "summary.json")
    person = eligible_checker(roster, reviewer, audit)
    if not comment.strip():
        raise ReviewError("a comment is required with every decision")
    status = str(summary.get("status"))
    if decision == "approve" and status != "completed":
        raise ReviewError(f"a case that is {status} has no opinion to approve; it can only be returned or rejected")
    if committee and "approver" not in person.roles:
        raise ReviewError(f"{person.label} is not an approver: a committee decision is recorded by an approver")
    amount = amount_decided(summary, audit)
    target = _target(decision, person, amount, committee)
    history = read_decisions(package)
    try:
        lifecycle.check(current_status(history), target, "decision")
    except LifecycleError as exc:
        raise ReviewError(f"{exc}; no decision recorded") from None
    _check_signer(personal, person, decision, amount, governance)
    entry = ReviewDecision(
        case_id=str(audit.get("case_id") or case_folder.name),
        decision=decision,
        reviewer=person.employee_id,
        reviewer_name=person.name,
        roles=list(person.roles),
        comment=comment.strip(),
        amount=amount,
        committee=committee.strip() if committee else None,
        entered_via="cli" if personal else "dashboard",
        case_status=target,
        decided_at=datetime.now(UTC),
        manifest_sha256=hashlib.sha256((package / "manifest.json").read_bytes()).hexdigest(),
    )
    entry.signature = (personal or system).signature(entry.signed_part())
    if before_recording is not None:
        before_recording(entry)
    write_text(
        package / DECISIONS,
        json.dumps([*history, entry.model_dump(mode="json")], ensure_ascii=False, indent=2),
    )
    seal_package(case_folder, system)
    return entry
