"""Review and approval (双人核实 / 审批): a checker's signed decision, appended to the package's log.

Who may decide and what a decision does are settled by ``authority.py`` against the staff roster.
Each decision is signed: with the checker's own Ed25519 key from the CLI, or with the service's key
when it was typed into the dashboard (recorded as such; above a policy amount an approval needs a
personal signature). Recording one never touches what the system signed: the log beside the
manifest gets one more record, written aside and renamed into place, and the zip is rebuilt, so a
checker needs no system key and a kill leaves the old log or the new one. The same decision given
again (a re-run after a kill) is recognised and completed, not recorded twice.

A decision takes its time from the case store's clock when there is a store, and is refused when
that time is before the package was generated. A package that does not verify takes no decision.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from credit_dd.errors import DecisionAlreadyRecorded, LifecycleError, ReviewError
from credit_dd.package.authority import (
    Decision,
    amount_decided,
    dashboard_limit_problem,
    eligible_checker,
    key_problem,
    may_decide,
    referral_reason,
    target_status,
)
from credit_dd.package.decision_check import CLOCK_SKEW
from credit_dd.package.decisions import (
    ReviewDecision,
    append_decision,
    current_status,
    read_decisions,
    record_sha256,
)
from credit_dd.package.folder import PACKAGE, zip_folder
from credit_dd.package.manifest import PackageFacts, manifest_sha256, package_facts, read_manifest
from credit_dd.package.signing import Signer
from credit_dd.package.staff import Roster, StaffMember
from credit_dd.package.verify import verify_package
from credit_dd.policy import lifecycle
from credit_dd.policy.data import Governance

Clock = Callable[[], datetime]


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


def _local_clock() -> datetime:
    return datetime.now(UTC)


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
    clock: Clock | None = None,
    recorded: Sequence[dict[str, Any]] | None = None,
) -> ReviewDecision:
    """Check, sign and append the checker's decision; rebuild the zip.

    ``personal`` is the checker's own signer (the CLI); ``None`` means the decision was typed into
    the dashboard and the service signs it with ``system``. ``before_recording(entry)`` runs after
    every check and before anything is written (the case store's own lifecycle check). ``clock``
    gives the time (the case store's; this machine's without one); ``recorded`` the decisions the
    case store holds for the case (one removed from the log is found). A dashboard approval is held
    to the package's personal-signature threshold, or ``governance``'s when that is lower.

    Raises:
        DecisionAlreadyRecorded: this very decision is the log's last (the zip is brought up to date).
        ReviewError: the package does not verify, the checker may not decide, the step is not
            allowed, the clock is wrong, or the signature cannot be made.
    """
    package = case_folder / PACKAGE
    facts = _verified_facts(package, roster, recorded)
    audit, summary = read_audit(package), _read(package, "summary.json")
    person = eligible_checker(roster, reviewer, audit)
    if not comment.strip():
        raise ReviewError("a comment is required with every decision")
    history = read_decisions(package)
    _not_again(history, case_folder, person, decision, comment, committee)
    may_decide(person, decision, summary, committee)
    amount = amount_decided(summary, audit)
    target = target_status(decision, person, amount, committee)
    _allowed(history, target, facts.case_id)
    # The package's own threshold (what verify holds it to), or today's policy when that is stricter.
    threshold = min(facts.personal_signature_above, governance.review.personal_signature_above)
    signer = _signer(personal, system, person, roster, audit, dashboard_limit_problem(decision, amount, threshold))
    entry = ReviewDecision(
        **_bound_to(package, facts, history, roster),
        decision=decision,
        reviewer=person.employee_id,
        reviewer_name=person.name,
        roles=list(person.roles),
        comment=comment.strip(),
        amount=amount,
        committee=committee.strip() if committee else None,
        entered_via="cli" if personal else "dashboard",
        case_status=target,
        decided_at=_decision_time(clock or _local_clock, facts, history),
    )
    entry.signature = signer.signature(entry.signed_part())
    if before_recording is not None:
        before_recording(entry)
    append_decision(package, history, entry)
    zip_folder(package, case_folder / f"{PACKAGE}.zip")
    return entry


def _bound_to(package: Path, facts: PackageFacts, history: list[dict[str, Any]], roster: Roster) -> dict[str, Any]:
    """What a new record names besides the decision: its place in the log, the case, revision and
    package it is taken on, and the roster it was checked against."""
    return {
        "sequence": len(history) + 1,
        "previous_sha256": record_sha256(history[-1]) if history else None,
        "case_id": facts.case_id,
        "revision": facts.revision,
        "currency": facts.currency,
        "manifest_sha256": manifest_sha256(package),
        "roster_sha256": roster.digest,
        "roster_version": roster.version,
    }


def _verified_facts(package: Path, roster: Roster, recorded: Sequence[dict[str, Any]] | None) -> PackageFacts:
    """The system's statement of a package whose folder verifies (its zip is rebuilt anyway).

    Raises:
        ReviewError: it does not verify, or states no case."""
    check = verify_package(package, roster, recorded=recorded)
    if not check.folder_verified:
        problems = "; ".join(p for p in check.problems() if p != check.zip_problem)
        raise ReviewError(f"{package}: the package does not verify ({problems}); no decision recorded")
    facts = package_facts(read_manifest(package))
    if facts is None:
        raise ReviewError(f"{package}: the manifest states no case (made before decisions were bound): run it again")
    return facts


def _not_again(
    history: list[dict[str, Any]],
    case_folder: Path,
    person: StaffMember,
    decision: Decision,
    comment: str,
    committee: str | None,
) -> None:
    """Raises:
    DecisionAlreadyRecorded: the log's last record is this same decision (a re-run after a kill)."""
    if not history:
        return
    last = history[-1]
    same = (last.get("reviewer"), last.get("decision"), last.get("comment"), last.get("committee"))
    if same == (person.employee_id, decision, comment.strip(), committee.strip() if committee else None):
        zip_folder(case_folder / PACKAGE, case_folder / f"{PACKAGE}.zip")
        raise DecisionAlreadyRecorded(
            f"this decision is already recorded ({decision} by {person.label} at {last.get('decided_at')}); "
            "nothing new written, the package's zip is up to date",
            entry=ReviewDecision.model_validate(last),
        )


def _allowed(history: list[dict[str, Any]], target: str, case_id: str) -> None:
    """Raises:
    ReviewError: the lifecycle does not allow the decision, said as a person would say it."""
    status = current_status(history)
    try:
        lifecycle.check(status, target, "decision")
    except LifecycleError as exc:
        raise ReviewError(f"{_why_not(status, history, case_id) or exc}; no decision recorded") from None


def _why_not(status: str, history: list[dict[str, Any]], case_id: str) -> str | None:
    if not history:
        return None
    last = history[-1]
    by = f"{last.get('decision')} by {last.get('reviewer')} {last.get('reviewer_name', '')}".rstrip()
    when = str(last.get("decided_at", ""))[:16].replace("T", " ")
    if status == "approved":
        return f"case {case_id} is already approved ({by}, {when} UTC): an approved case is final"
    if status == "declined":
        return (
            f"case {case_id} was declined ({by}, {when} UTC): a declined case is final; "
            "it moves on only through a new revision of its application"
        )
    if status == "needs_documents":
        return (
            f"case {case_id} was returned for documents ({by}, {when} UTC): it takes no decision "
            "until a new revision of the application is run (needs_documents cannot become approved)"
        )
    return None


def _signer(
    personal: Signer | None,
    system: Signer | None,
    person: StaffMember,
    roster: Roster,
    audit: dict[str, Any],
    over_dashboard_limit: str | None,
) -> Signer:
    """The checker's own signer (its key the roster's for them, and nobody else's); for a dashboard
    decision within the threshold, the service's.

    Raises:
        ReviewError: the wrong key, a dashboard approval above the threshold, or no service key."""
    if personal is None:
        if over_dashboard_limit:
            raise ReviewError(over_dashboard_limit)
        if system is None:
            raise ReviewError("no system signing key configured for the dashboard's decisions; no decision recorded")
        return system
    return _own_key(personal, person, roster, audit)


def _own_key(personal: Signer, person: StaffMember, roster: Roster, audit: dict[str, Any]) -> Signer:
    """Raises:
    ReviewError: the key is not the checker's own on the roster (or is also someone else's)."""
    if personal.signer != person.employee_id:
        raise ReviewError(f"the key given is {personal.signer}'s, not {person.employee_id}'s")
    if person.public_key is None:
        raise ReviewError(
            f"{person.label} has no public key on the staff roster: create one with "
            f"`credit-dd keys {person.employee_id}` and have it added"
        )
    if personal.public_key != person.public_key:
        raise ReviewError(f"the key given does not match {person.label}'s public key on the staff roster")
    if problem := key_problem(personal.public_key, person, roster, audit):
        raise ReviewError(f"{problem}; no decision recorded")
    return personal


def _decision_time(clock: Clock, facts: PackageFacts, history: list[dict[str, Any]]) -> datetime:
    """Raises:
    ReviewError: the clock says the decision comes before the package, or before the last decision."""
    now = clock().astimezone(UTC)
    floor = facts.generated_at
    if history and isinstance(history[-1].get("decided_at"), str):
        floor = max(floor, datetime.fromisoformat(history[-1]["decided_at"]))
    if now < floor - CLOCK_SKEW:
        raise ReviewError(
            f"the clock says {now:%Y-%m-%d %H:%M} UTC, before this package was generated or last decided "
            f"({floor:%Y-%m-%d %H:%M} UTC): a decision cannot precede what it decides on; check the clock "
            "(no decision recorded)"
        )
    return now


def referral_message(entry: ReviewDecision, roster: Roster, audit: dict[str, Any]) -> str | None:
    """For an approval that referred the case: why, and who may now approve it."""
    if entry.case_status != "referred" or entry.amount is None:
        return None
    person = roster.person(entry.reviewer)
    return referral_reason(person, entry.amount, entry.currency, roster, audit)
