"""Records retention (档案保管期限): what is past its period, and its removal, each on the record.

Three rules, with periods in the governance policy:

- a case folder (with its earlier revisions in ``.history/``) once the case has been declined
  or closed (the loan repaid) for ``case_after_final_decision_days``;
- an earlier revision in ``.history/`` once it was superseded ``history_revisions_days`` ago;
- the copies of identity documents in a declined case's package after
  ``identity_copies_after_decline_days`` (the package is re-signed by the system, and
  ``retention.json`` in it says what was removed, when and under which rule).

A case under review, in progress, or approved and still outstanding is never touched, and
neither is a folder the case store does not know. Every removal is written to the case's
event log before it is made; a removal that fails is recorded as failed.

Time is the store's, never the local machine's: "now" is the case store's clock, and a period
starts at the latest moment any record gives for the event that starts it (the store's event, the
decision in the package's log, the package's own generation on the pipeline's clock). A decision
recorded by a machine whose clock ran six years slow therefore does not age the case by six years:
its package was generated this year, so its period starts this year.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from credit_dd.errors import CreditDDError
from credit_dd.operations.store import CaseStore
from credit_dd.package.decisions import read_decisions
from credit_dd.package.folder import PACKAGE, write_text
from credit_dd.package.manifest import package_facts, read_manifest, reseal_package
from credit_dd.package.signing import Signer
from credit_dd.policy.data import RetentionPolicy

FINAL_FOR_FOLDERS = frozenset({"declined", "closed"})
PROTECTED = frozenset({"received", "in_progress", "awaiting_review", "referred", "approved"})
HISTORY_STAMP = "%Y%m%dT%H%M%S"

Kind = Literal["case_folder", "history_revision", "identity_copies"]


@dataclass(frozen=True)
class DueItem:
    """One record past its retention period."""

    case_id: str
    kind: Kind
    path: Path
    since: datetime  # when its period started
    rule: str
    files: tuple[str, ...] = ()  # for identity copies: the package files removed

    def describe(self) -> str:
        what = f"{len(self.files)} identity document copies in {self.path}" if self.files else str(self.path)
        return f"{self.case_id}: {self.kind} {what} ({self.rule})"


def _status_since(store: CaseStore, case_id: str, status: str, folder: Path) -> datetime | None:
    """When the case last entered ``status``: the latest of the store's event, the last decision in
    the package's log, and the package's generation (the earliest a decision on it can be)."""
    moments = [e["at"] for e in store.events(case_id) if e["status"] == status and e["kind"] != "retention_removed"]
    if not moments:
        return None
    return max([moments[-1], *_package_moments(folder / PACKAGE)])


def _package_moments(package: Path) -> list[datetime]:
    """The package's generation and its last decision, as the package records them (none when unreadable)."""
    found = []
    try:
        facts = package_facts(read_manifest(package))
        decisions = read_decisions(package)
    except CreditDDError:
        return []
    if facts is not None:
        found.append(facts.generated_at)
    if decisions and isinstance(decisions[-1].get("decided_at"), str):
        with contextlib.suppress(ValueError):
            found.append(datetime.fromisoformat(decisions[-1]["decided_at"]))
    return [moment if moment.tzinfo else moment.replace(tzinfo=UTC) for moment in found]


def _history_of(out_dir: Path, case_id: str) -> list[tuple[Path, datetime]]:
    """The case's earlier revisions in ``.history/`` with when each was superseded."""
    found = []
    for path in sorted((out_dir / ".history").glob(f"{case_id}-*")):
        stamp = path.name.removeprefix(f"{case_id}-").split("-")[0]
        try:
            found.append((path, datetime.strptime(stamp, HISTORY_STAMP).replace(tzinfo=UTC)))
        except ValueError:
            continue  # not one of ours: left alone
    return found


def _identity_copies(folder: Path, kinds: list[str]) -> tuple[str, ...]:
    """Package paths of the copies of identity documents (by the kind each document was read as)
    that the package's manifest still lists: a removal killed before the re-signing is due again."""
    try:
        summary = json.loads((folder / PACKAGE / "summary.json").read_text(encoding="utf-8"))
        listed = read_manifest(folder / PACKAGE)["files"]
    except (OSError, ValueError, CreditDDError):
        return ()
    return tuple(  # a document's file is named as in the application (documents/…), as in the package
        str(d["file"])
        for d in summary.get("documents", [])
        if isinstance(d, dict) and d.get("kind") in kinds and str(d["file"]) in listed
    )


def due(out_dir: Path, store: CaseStore, policy: RetentionPolicy, now: datetime | None = None) -> list[DueItem]:
    """Everything past its retention period, case by case."""
    now = now or store.now()
    items: list[DueItem] = []
    for case in store.cases():
        if case.status in PROTECTED:
            continue
        folder = out_dir / case.case_id
        ended = _status_since(store, case.case_id, case.status, folder) if case.status in FINAL_FOR_FOLDERS else None
        keep = timedelta(days=policy.case_after_final_decision_days)
        if ended and now - ended > keep:
            rule = f"{case.status} on {ended:%Y-%m-%d}; kept {policy.case_after_final_decision_days} days"
            if folder.exists():
                items.append(DueItem(case.case_id, "case_folder", folder, ended, rule))
            items += [
                DueItem(case.case_id, "history_revision", p, ended, rule) for p, _ in _history_of(out_dir, case.case_id)
            ]
            continue
        for path, superseded in _history_of(out_dir, case.case_id):
            if now - superseded > timedelta(days=policy.history_revisions_days):
                rule = f"superseded on {superseded:%Y-%m-%d}; kept {policy.history_revisions_days} days"
                items.append(DueItem(case.case_id, "history_revision", path, superseded, rule))
        declined = ended if case.status == "declined" else None
        if declined and now - declined > timedelta(days=policy.identity_copies_after_decline_days):
            copies = _identity_copies(folder, policy.identity_kinds)
            if copies:
                rule = f"declined on {declined:%Y-%m-%d}; identity copies kept {policy.identity_copies_after_decline_days} days"
                items.append(DueItem(case.case_id, "identity_copies", folder, declined, rule, copies))
    return items


def _remove_copies(item: DueItem, system: Signer | None, actor: str, now: datetime) -> None:
    """Remove the copies, say so in ``retention.json`` and re-sign; run again after a kill, it
    completes (a copy already gone is not an error)."""
    if system is None:
        raise CreditDDError("no system signing key: the package could not be re-signed after removing copies")
    package = item.path / PACKAGE
    log = package / "retention.json"
    earlier = json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
    for name in item.files:
        (package / name).unlink(missing_ok=True)
    record = {"removed": list(item.files), "at": now.isoformat(), "rule": item.rule, "by": actor}
    if not earlier or earlier[-1].get("removed") != record["removed"]:  # not twice after a kill
        write_text(log, json.dumps([*earlier, record], ensure_ascii=False, indent=2))
    reseal_package(item.path, system, f"retention: {item.rule}", now)


def apply(items: list[DueItem], store: CaseStore, actor: str, system: Signer | None = None) -> list[DueItem]:
    """Remove what is due, each removal recorded in the case's event log first; returns what was removed."""
    removed = []
    now = store.now()
    for item in items:
        detail = {"record": item.kind, "path": str(item.path), "rule": item.rule, "files": list(item.files)}
        store.record(item.case_id, "retention_removed", actor=actor, **detail)
        try:
            if item.kind == "identity_copies":
                _remove_copies(item, system, actor, now)
            else:
                shutil.rmtree(item.path)
        except (OSError, CreditDDError) as exc:
            store.record(item.case_id, "retention_removal_failed", actor=actor, error=str(exc), **detail)
            continue
        removed.append(item)
    return removed
