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
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from credit_dd.errors import CreditDDError
from credit_dd.operations.store import CaseStore
from credit_dd.package.folder import PACKAGE, seal_package, write_text
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


def _status_since(store: CaseStore, case_id: str, status: str) -> datetime | None:
    """When the case last entered ``status``."""
    moments = [e["at"] for e in store.events(case_id) if e["status"] == status and e["kind"] != "retention_removed"]
    return moments[-1] if moments else None


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
    """Package paths of the copies of identity documents (by the kind each document was read as)."""
    try:
        summary = json.loads((folder / PACKAGE / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(  # a document's file is named as in the application (documents/…), as in the package
        str(d["file"])
        for d in summary.get("documents", [])
        if isinstance(d, dict) and d.get("kind") in kinds and (folder / PACKAGE / str(d["file"])).is_file()
    )


def due(out_dir: Path, store: CaseStore, policy: RetentionPolicy, now: datetime | None = None) -> list[DueItem]:
    """Everything past its retention period, case by case."""
    now = now or datetime.now(UTC)
    items: list[DueItem] = []
    for case in store.cases():
        if case.status in PROTECTED:
            continue
        folder = out_dir / case.case_id
        ended = _status_since(store, case.case_id, case.status) if case.status in FINAL_FOR_FOLDERS else None
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


def _remove_copies(item: DueItem, system: Signer | None, actor: str) -> None:
    if system is None:
        raise CreditDDError("no system signing key: the package could not be re-signed after removing copies")
    package = item.path / PACKAGE
    log = package / "retention.json"
    earlier = json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
    for name in item.files:
        (package / name).unlink()
    record = {"removed": list(item.files), "at": datetime.now(UTC).isoformat(), "rule": item.rule, "by": actor}
    write_text(log, json.dumps([*earlier, record], ensure_ascii=False, indent=2))
    seal_package(item.path, system)


def apply(items: list[DueItem], store: CaseStore, actor: str, system: Signer | None = None) -> list[DueItem]:
    """Remove what is due, each removal recorded in the case's event log first; returns what was removed."""
    removed = []
    for item in items:
        detail = {"record": item.kind, "path": str(item.path), "rule": item.rule, "files": list(item.files)}
        store.record(item.case_id, "retention_removed", actor=actor, **detail)
        try:
            if item.kind == "identity_copies":
                _remove_copies(item, system, actor)
            else:
                shutil.rmtree(item.path)
        except (OSError, CreditDDError) as exc:
            store.record(item.case_id, "retention_removal_failed", actor=actor, error=str(exc), **detail)
            continue
        removed.append(item)
    return removed
