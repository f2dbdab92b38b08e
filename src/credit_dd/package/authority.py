"""Who may decide a case, what their decision does, and with which key: one set of rules, applied
when a decision is recorded and again, to every decision in the log, when a package is verified.

- The checker holds the credit-reviewer or approver role and is neither the maker (the
  relationship manager who submitted the case) nor one of its site investigators, by employee id
  and, for the record, by key.
- An approval within the checker's authority (审批权限) approves the case; above it the case is
  *referred* until a checker whose authority covers the amount, or a committee (recorded by an
  approver), approves it.
- A decision typed into the dashboard is signed by the service; above the policy amount an approval
  needs the checker's own signature.
"""

from __future__ import annotations

from typing import Any, Literal

from credit_dd.errors import ReviewError
from credit_dd.package.staff import CHECKER_ROLES, Roster, StaffMember, same_person
from credit_dd.policy.lifecycle import Status

Decision = Literal["approve", "reject", "return"]


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


def amount_decided(summary: dict[str, Any], audit: dict[str, Any]) -> float | None:
    """What an approval approves: the recommended amount, or the request when there is none."""
    recommended = summary.get("recommended_amount")
    if isinstance(recommended, int | float) and recommended > 0:
        return float(recommended)
    requested = audit.get("requested_amount")
    return float(requested) if isinstance(requested, int | float) else None


def target_status(decision: Decision, person: StaffMember, amount: float | None, committee: str | None) -> Status:
    """Where a decision takes the case."""
    if decision == "reject":
        return "declined"
    if decision == "return":
        return "needs_documents"
    if committee or amount is None or person.approval_limit >= amount:
        return "approved"
    return "referred"


def may_decide(person: StaffMember, decision: str, summary: dict[str, Any], committee: str | None) -> None:
    """Raises:
    ReviewError: an approval of a case with no opinion, or a committee decision not recorded by an approver."""
    status = str(summary.get("status"))
    if decision == "approve" and status != "completed":
        raise ReviewError(f"a case that is {status} has no opinion to approve; it can only be returned or rejected")
    if committee and "approver" not in person.roles:
        raise ReviewError(f"{person.label} is not an approver: a committee decision is recorded by an approver")


def approvers_for(roster: Roster, amount: float, audit: dict[str, Any]) -> list[StaffMember]:
    """Everyone who may approve ``amount`` on this case alone: a checker whose authority covers it
    and who is neither its maker nor an investigator."""
    found = []
    for member in sorted(roster.staff, key=lambda m: (m.approval_limit, m.employee_id)):
        if member.approval_limit < amount:
            continue
        try:
            found.append(eligible_checker(roster, member.employee_id, audit))
        except ReviewError:
            continue
    return found


def referral_reason(person: StaffMember, amount: float, currency: str, roster: Roster, audit: dict[str, Any]) -> str:
    """Why an approval referred the case, and who may now approve it."""
    who = ", ".join(f"{m.label} (up to {m.approval_limit:,.0f})" for m in approvers_for(roster, amount, audit))
    return (
        f"referred: {amount:,.0f} {currency} is above {person.label}'s approval authority of "
        f"{person.approval_limit:,.0f}; it may be approved by {who or 'nobody on the roster alone'}, "
        "or by a credit committee (recorded by an approver with --committee)"
    )


def key_problem(public_key: str, person: StaffMember, roster: Roster, audit: dict[str, Any]) -> str | None:
    """Why a personal signature with ``public_key`` cannot be ``person``'s decision, if it cannot:
    the key must be the checker's own on the roster, and not the system's, the maker's or an
    investigator's (compared by key, not only by id)."""
    if roster.is_system_key(public_key):
        return "signed with the system's key, not the checker's own"
    if person.public_key != public_key:
        holder = roster.holder(public_key)
        return f"signed with {holder.label}'s key" if holder else f"the key is not {person.label}'s on the roster"
    makers = [str(audit.get("maker_id") or ""), str(audit.get("maker") or "")]
    for role, written in [
        *(("the maker", w) for w in makers),
        *(("an investigator", str(i)) for i in _investigators(audit)),
    ]:
        other = roster.find(written) if written else None
        if other is not None and other.public_key == public_key:
            return f"signed with the key of {role} ({other.label})"
    return None


def _investigators(audit: dict[str, Any]) -> list[Any]:
    return list(audit.get("investigators") or [])


def dashboard_limit_problem(decision: str, amount: float | None, threshold: float) -> str | None:
    """Why a decision typed into the dashboard (signed by the service) cannot stand, if it cannot."""
    if decision == "approve" and amount is not None and amount > threshold:
        return (
            f"an approval of {amount:,.0f} (above {threshold:,.0f}) must carry the checker's own signature: "
            "record it with credit-dd review and your key"
        )
    return None
