"""Each decision in a package's log, checked as an auditor would: bound to this case, revision and
package; in its place in the chain; signed by whom it names with a key that is theirs alone; taken
by someone the roster lets take it, to the status the rules give, in an order the lifecycle allows;
a dashboard approval within the personal-signature threshold; dated after the package was generated
and not in the future. The same rules as recording a decision (``authority.py``): a log that
``review`` would not have written does not verify.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ValidationError

from credit_dd.errors import CreditDDError
from credit_dd.package.authority import (
    amount_decided,
    dashboard_limit_problem,
    eligible_checker,
    key_problem,
    may_decide,
    target_status,
)
from credit_dd.package.decisions import BOUND, ReviewDecision, record_sha256
from credit_dd.package.manifest import PackageFacts
from credit_dd.package.signing import SYSTEM, verifies
from credit_dd.package.staff import Roster
from credit_dd.policy import lifecycle

# Two machines' clocks (the pipeline's and the store's) may differ by this much without a decision
# being taken for one dated before its package or in the future.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class PackageContext:
    """What a package says about itself, for checking its decisions."""

    facts: PackageFacts | None  # the system's signed statement (None: a package from before it)
    manifests: frozenset[str]  # SHA-256 of the current manifest and of every one it supersedes
    audit: dict[str, Any]
    summary: dict[str, Any]


class DecisionCheck(BaseModel):
    """One entry of ``decisions.json`` and whether it holds."""

    index: int
    decision: str
    reviewer: str
    signer: str
    entered_via: str
    valid: bool
    problem: str | None = None
    note: str | None = None  # the roster it was checked against, when not the one it names


@dataclass(frozen=True)
class _Entry:
    index: int
    raw: dict[str, Any]
    record: ReviewDecision
    previous: dict[str, Any] | None
    status_before: str
    roster: Roster
    context: PackageContext
    now: datetime


def check_log(
    entries: list[dict[str, Any]], context: PackageContext, rosters: Sequence[Roster], now: datetime
) -> list[DecisionCheck]:
    """Every entry checked, in order; the case's status replayed from ``awaiting_review``."""
    checks, previous, status = [], None, "awaiting_review"
    for index, raw in enumerate(entries, start=1):
        checks.append(_check(index, raw, previous, status, context, rosters, now))
        previous, status = raw, str(raw.get("case_status"))
    return checks


def roster_for(entry: dict[str, Any], rosters: Sequence[Roster]) -> tuple[Roster, str | None]:
    """The roster the entry names, when it is among those given; else the first, with a note."""
    wanted = str(entry.get("roster_sha256"))
    for roster in rosters:
        if roster.digest == wanted:
            return roster, None
    current = rosters[0]
    return current, (
        f"taken under roster {wanted[:12]}, checked against the roster given "
        f"(version {current.version}, {current.digest[:12]})"
    )


def _check(
    index: int,
    raw: dict[str, Any],
    previous: dict[str, Any] | None,
    status: str,
    context: PackageContext,
    rosters: Sequence[Roster],
    now: datetime,
) -> DecisionCheck:
    signature = raw.get("signature") if isinstance(raw.get("signature"), dict) else {}
    roster, note = roster_for(raw, rosters)
    seen = DecisionCheck(
        index=index,
        decision=str(raw.get("decision", "?")),
        reviewer=str(raw.get("reviewer", "?")),
        signer=str((signature or {}).get("signer", "nobody")),
        entered_via=str(raw.get("entered_via", "?")),
        valid=False,
        note=note,
    )
    missing = [key for key in BOUND if key not in raw]
    if missing:
        return seen.model_copy(update={"problem": "an old record, not bound to its case, revision and package"})
    try:
        record = ReviewDecision.model_validate(raw)
    except ValidationError as exc:
        return seen.model_copy(update={"problem": f"malformed ({exc.errors()[0]['msg']})"})
    entry = _Entry(index, raw, record, previous, status, roster, context, now)
    for rule in RULES:
        problem = rule(entry)
        if problem:
            return seen.model_copy(update={"problem": problem})
    return seen.model_copy(update={"valid": True})


def _chain(entry: _Entry) -> str | None:
    expected = record_sha256(entry.previous) if entry.previous is not None else None
    if entry.record.previous_sha256 != expected or entry.record.sequence != entry.index:
        return "out of its place in the log (an entry before it was removed, added or changed)"
    return None


def _binding(entry: _Entry) -> str | None:
    facts, record = entry.context.facts, entry.record
    if facts is None:
        return "the package's manifest states no case (it predates bound decisions)"
    if record.case_id != facts.case_id:
        return f"taken on case {record.case_id}, not on this one ({facts.case_id})"
    if record.revision != facts.revision:
        return "taken on another revision of the application, not on this one"
    if record.manifest_sha256 not in entry.context.manifests:
        return f"taken on another package (manifest {record.manifest_sha256[:12]}), not on this one"
    return None


def _signature(entry: _Entry) -> str | None:
    record, roster = entry.record, entry.roster
    signer, value = record.signature.get("signer"), record.signature.get("value")
    body = {k: v for k, v in entry.raw.items() if k != "signature"}
    if not isinstance(value, str):
        return "not signed"
    if record.entered_via == "dashboard":
        if signer != SYSTEM:
            return f"entered in the dashboard but signed by {signer}"
        keys = [k.public_key for k in roster.system_keys]
    else:
        if signer != record.reviewer:
            return f"taken by {record.reviewer} but signed by {signer}"
        try:
            member = roster.person(record.reviewer)
        except CreditDDError:
            return f"signer {signer} is not on the staff roster"
        if member.public_key is None or (
            problem := key_problem(member.public_key, member, roster, entry.context.audit)
        ):
            return problem or f"{member.label} has no public key on the staff roster"
        keys = [member.public_key]
    if not any(verifies(key, body, value) for key in keys):
        return f"the signature is not {signer}'s on the roster, or the entry was changed"
    return None


def _authority(entry: _Entry) -> str | None:
    record, context = entry.record, entry.context
    try:
        person = eligible_checker(entry.roster, record.reviewer, context.audit)
        may_decide(person, record.decision, context.summary, record.committee)
    except CreditDDError as exc:
        return str(exc)
    amount = amount_decided(context.summary, context.audit)
    if record.amount != amount:
        return f"names the amount {_money(record.amount)}, where the package's is {_money(amount)}"
    target = target_status(record.decision, person, amount, record.committee)
    if record.case_status != target:
        return f"a {record.decision} by {person.label} takes the case to {target}, not {record.case_status}"
    if not lifecycle.allowed(entry.status_before, target, "decision"):
        return f"out of order: a case that is {entry.status_before} cannot become {target} by a decision"
    if record.entered_via == "dashboard" and context.facts is not None:
        return dashboard_limit_problem(record.decision, amount, context.facts.personal_signature_above)
    return None


def _money(amount: float | None) -> str:
    return "none" if amount is None else f"{amount:,.0f}"


def _time(entry: _Entry) -> str | None:
    decided, facts = entry.record.decided_at, entry.context.facts
    if facts is not None and decided < facts.generated_at - CLOCK_SKEW:
        return f"dated {decided:%Y-%m-%d %H:%M} UTC, before the package was generated ({facts.generated_at:%Y-%m-%d %H:%M} UTC)"
    if decided > entry.now + CLOCK_SKEW:
        return f"dated {decided:%Y-%m-%d %H:%M} UTC, in the future"
    before = entry.previous.get("decided_at") if entry.previous else None
    if isinstance(before, str) and decided < datetime.fromisoformat(before) - CLOCK_SKEW:
        return f"dated {decided:%Y-%m-%d %H:%M} UTC, before the decision it follows"
    return None


RULES: tuple[Callable[[_Entry], str | None], ...] = (_signature, _chain, _binding, _authority, _time)
