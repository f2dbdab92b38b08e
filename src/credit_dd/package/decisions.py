"""The checkers' decisions: an append-only log beside the system's manifest, each record signed by
whoever took it.

A record names everything it was taken on: the case, the revision (the application's fingerprint),
the SHA-256 of the manifest (the package), the amount, the checker and the roster it was checked
against (its SHA-256), and the record before it (its SHA-256), so a record copied from another case,
revision or package, or one removed from the middle of the log, never verifies. A decision typed
into the dashboard is signed by the service; every other one by the checker's own key, so nobody
needs the system's key to decide. The log is rewritten whole, aside, and renamed into place: a kill
leaves the old log or the new one.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from credit_dd.errors import PackageError
from credit_dd.package.authority import Decision
from credit_dd.package.folder import DECISIONS, write_atomic
from credit_dd.package.signing import canonical
from credit_dd.policy.lifecycle import Status

EnteredVia = Literal["cli", "dashboard"]
BOUND = ("sequence", "case_id", "revision", "manifest_sha256", "roster_sha256", "decided_at")  # absent: an old record


class ReviewDecision(BaseModel):
    """One checker's decision on one case, as signed."""

    model_config = ConfigDict(extra="forbid")

    sequence: int = Field(ge=1)  # its place in the log
    previous_sha256: str | None  # the record before it (None for the first)
    case_id: str
    revision: str  # the application's fingerprint, as the system's manifest states it
    decision: Decision
    reviewer: str  # employee id
    reviewer_name: str
    roles: list[str]
    comment: str = Field(min_length=1)
    amount: float | None  # what an approval approves (the recommended amount, else the request)
    currency: str
    committee: str | None = None  # the committee minute when a committee took the decision
    entered_via: EnteredVia
    case_status: Status  # where the decision takes the case
    decided_at: datetime  # the case store's clock (the pipeline's), never the checker's own
    manifest_sha256: str  # the package the decision was taken on
    roster_sha256: str  # the roster it was checked against
    roster_version: str
    signature: dict[str, str] = {}

    def signed_part(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"signature"})


def record_sha256(entry: dict[str, Any]) -> str:
    """The SHA-256 of a whole record as stored, signature included (what the next record names)."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def read_decisions(folder: Path) -> list[dict[str, Any]]:
    """Raises:
    PackageError: ``decisions.json`` is not a list of decisions."""
    path = folder / DECISIONS
    if not path.exists():
        return []
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackageError(f"{path}: unreadable ({exc})") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise PackageError(f"{path}: malformed: it must be a list of decisions")
    return entries


def append_decision(package: Path, history: list[dict[str, Any]], entry: ReviewDecision) -> None:
    """The log with ``entry`` added, written aside (outside the package) and renamed into place."""
    text = json.dumps([*history, entry.model_dump(mode="json")], ensure_ascii=False, indent=2)
    write_atomic(package / DECISIONS, text.encode(), aside=package.parent)


def current_status(decisions: list[dict[str, Any]]) -> str:
    """Where a package's decisions have taken its case (awaiting review before the first)."""
    return str(decisions[-1].get("case_status", "awaiting_review")) if decisions else "awaiting_review"
