"""Two-person review (双人核实): the checker's decision, appended to the package and re-signed.

The maker is the relationship manager who submitted the case (recorded in ``audit.json``);
the checker must be someone else. Decisions are appended to ``decisions.json`` and never
rewritten; each records the manifest digest it was taken on, so a later change is visible.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from credit_dd.errors import PackageError
from credit_dd.package import PACKAGE, build_manifest, verify_package, write_text, zip_folder

Decision = Literal["approve", "reject", "return"]
DECISIONS = "decisions.json"


class ReviewDecision(BaseModel):
    """One checker's decision on one case."""

    decision: Decision
    reviewer: str = Field(min_length=1)
    comment: str = Field(min_length=1)
    decided_at: datetime
    manifest_sha256: str


def _maker(package: Path) -> str:
    try:
        return str(json.loads((package / "audit.json").read_text(encoding="utf-8"))["maker"])
    except (OSError, ValueError, KeyError) as exc:
        raise PackageError(f"{package}: the audit trail does not name the maker ({exc})") from None


def _status(package: Path) -> str:
    try:
        return str(json.loads((package / "summary.json").read_text(encoding="utf-8"))["status"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PackageError(f"{package}: summary.json does not give the case's status ({exc})") from None


def record_decision(
    case_folder: Path, decision: Decision, reviewer: str, comment: str, key: bytes | None
) -> ReviewDecision:
    """Append the checker's decision, re-sign the manifest and rebuild the zip.

    Raises:
        PackageError: the package is tampered with, the checker is the maker, or the comment is empty.
    """
    package = case_folder / PACKAGE
    check = verify_package(package, key)
    if not check.intact:
        raise PackageError(
            f"{package}: not intact (changed {check.changed}, added {check.added}, removed {check.removed}); no decision recorded"
        )
    if reviewer.strip() == _maker(package).strip():
        raise PackageError(
            f"the checker must not be the maker ({reviewer}): two-person review (双人核实) needs a second person"
        )
    if not comment.strip():
        raise PackageError("a comment is required with every decision")
    status = _status(package)
    if decision == "approve" and status != "completed":
        raise PackageError(f"a case that is {status} has no opinion to approve; it can only be returned or rejected")
    digest = hashlib.sha256((package / "manifest.json").read_bytes()).hexdigest()
    entry = ReviewDecision(
        decision=decision,
        reviewer=reviewer.strip(),
        comment=comment.strip(),
        decided_at=datetime.now(UTC),
        manifest_sha256=digest,
    )
    log = package / DECISIONS
    history = json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
    write_text(log, json.dumps([*history, entry.model_dump(mode="json")], ensure_ascii=False, indent=2))
    write_text(package / "manifest.json", json.dumps(build_manifest(package, key), ensure_ascii=False, indent=2))
    zip_folder(package, case_folder / f"{PACKAGE}.zip")
    return entry
