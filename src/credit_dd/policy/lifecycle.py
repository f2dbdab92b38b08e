"""The case lifecycle: one table of allowed status changes, and how each may happen.

Every change of a case's status goes through :func:`check` (the case store for arrivals, claims,
runs, sweeps and decisions; the review for a package's own decision log), so no path can move a
case where the table does not allow. Each change says *how* it happens: a declined case moves on
only through a new revision of its application, never by a later decision.

::

    received → in_progress → needs_documents | needs_spreading | awaiting_review | failed
    needs_spreading → awaiting_review | needs_spreading (a person's figures, from the workbook)
    awaiting_review → approved | referred (above the checker's authority) | declined | needs_documents (returned)
    referred → approved | referred | declined | needs_documents
    approved → closed (repaid) ;  declined → received only by a new revision
"""

from __future__ import annotations

from typing import Literal

from credit_dd.errors import LifecycleError

Status = Literal[
    "received",
    "in_progress",
    "needs_documents",
    "needs_spreading",
    "awaiting_review",
    "approved",
    "declined",
    "referred",
    "failed",
    "closed",
]
Via = Literal["arrival", "revision", "claim", "run", "claim_released", "decision", "closure", "spreading"]

# (from, to) → the ways that change may happen.
TRANSITIONS: dict[tuple[str, str], frozenset[Via]] = {
    ("received", "in_progress"): frozenset({"claim"}),
    ("received", "failed"): frozenset({"arrival", "run"}),  # a form that cannot be read
    ("received", "received"): frozenset({"revision"}),
    ("in_progress", "needs_documents"): frozenset({"run"}),
    ("in_progress", "awaiting_review"): frozenset({"run"}),
    ("in_progress", "failed"): frozenset({"run"}),
    ("in_progress", "in_progress"): frozenset({"claim"}),  # a dead or expired claim taken over
    ("in_progress", "received"): frozenset({"claim_released"}),
    ("in_progress", "needs_spreading"): frozenset({"run"}),
    ("needs_spreading", "in_progress"): frozenset({"claim"}),
    ("needs_spreading", "received"): frozenset({"revision"}),
    ("needs_spreading", "failed"): frozenset({"arrival"}),
    ("needs_spreading", "awaiting_review"): frozenset({"spreading"}),
    ("needs_spreading", "needs_spreading"): frozenset({"spreading"}),
    ("needs_documents", "in_progress"): frozenset({"claim"}),
    ("needs_documents", "received"): frozenset({"revision"}),
    ("needs_documents", "failed"): frozenset({"arrival"}),
    ("failed", "in_progress"): frozenset({"claim"}),
    ("failed", "received"): frozenset({"revision"}),
    ("failed", "failed"): frozenset({"arrival", "run"}),
    ("awaiting_review", "approved"): frozenset({"decision"}),
    ("awaiting_review", "referred"): frozenset({"decision"}),
    ("awaiting_review", "declined"): frozenset({"decision"}),
    ("awaiting_review", "needs_documents"): frozenset({"decision"}),
    ("awaiting_review", "received"): frozenset({"revision"}),
    ("referred", "approved"): frozenset({"decision"}),
    ("referred", "referred"): frozenset({"decision"}),
    ("referred", "declined"): frozenset({"decision"}),
    ("referred", "needs_documents"): frozenset({"decision"}),
    ("referred", "received"): frozenset({"revision"}),
    ("declined", "received"): frozenset({"revision"}),
    ("approved", "closed"): frozenset({"closure"}),
}
FINAL: frozenset[str] = frozenset({"approved", "declined", "closed"})
REVIEWABLE: frozenset[str] = frozenset({"awaiting_review", "referred"})


def allowed(current: str, target: str, via: Via) -> bool:
    return via in TRANSITIONS.get((current, target), frozenset())


def check(current: str, target: str, via: Via) -> None:
    """Raises:
    LifecycleError: the table does not allow ``current → target`` this way (the message says what would)."""
    if allowed(current, target, via):
        return
    ways = sorted(TRANSITIONS.get((current, target), frozenset()))
    if ways:
        raise LifecycleError(f"a case that is {current} becomes {target} only by {' or '.join(ways)}, not by {via}")
    if current == "declined":
        raise LifecycleError("a declined case is final: it moves on only through a new revision of its application")
    if current in FINAL:
        raise LifecycleError(f"a case that is {current} is final: it cannot become {target}")
    raise LifecycleError(f"a case that is {current} cannot become {target}")
