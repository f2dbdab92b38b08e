"""The case folder and the approval package: written whole or not at all.

Everything is written into a temporary sibling folder and renamed into place, so a crash
never leaves a half-written package. ``manifest.json`` lists every file with its SHA-256
and is signed by the system's own Ed25519 key when one is configured; each review decision in
``decisions.json`` carries the signature of the person who took it (or of the system, for a
decision typed into the dashboard). ``verify_package`` checks all of them against the roster.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from credit_dd.case import CaseResult
from credit_dd.documents.files import originals, sha256_file
from credit_dd.errors import CreditDDError, PackageError
from credit_dd.masking import mask_text
from credit_dd.package.signing import SYSTEM, Signer, verifies
from credit_dd.package.staff import Roster

PACKAGE = "approval_package"
DECISIONS = "decisions.json"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(…)`` in a counterparty's name)
    gets a leading apostrophe, as OWASP advises for CSV injection; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def spreads_csv(case: CaseResult) -> str:
    """Every extracted value with its source and verification status (and the checks that prove it),
    one row each; a core figure no statement printed is a row with status ``missing``."""
    rows = []
    for p in sorted(set(case.history.values) | set(case.figures.figures)):
        read, figures = case.history.values.get(p, {}), case.figures.figures.get(p, {})
        for item in [*read, *(i for i in figures if i not in read)]:
            v, figure = read.get(item), figures.get(item)
            rows.append(
                {
                    "period": p.isoformat(),
                    "item": item,
                    "value": f"{v.value:.2f}" if v else "",
                    "currency": case.history.currency,
                    "file": v.file if v else "",
                    "page": v.page if v else "",
                    "label": v.label if v else "",
                    "status": figure.status if figure else "read",
                    "checks": " ".join(figure.checks or figure.failed) if figure else "",
                }
            )
    return _csv(rows, ["period", "item", "value", "currency", "file", "page", "label", "status", "checks"])


def ratios_csv(case: CaseResult) -> str:
    """Every ratio of every period, with the reason when it is null."""
    rows = [
        {
            "period": p.isoformat(),
            "ratio": name,
            "value": "" if r.value is None else f"{r.value:.6f}",
            "reason": r.reason or "",
        }
        for p, ratios in sorted(case.analysis.ratios.items())
        for name, r in ratios.items()
    ]
    return _csv(rows, ["period", "ratio", "value", "reason"])


def transactions_csv(case: CaseResult) -> str:
    """Every bank-statement row read, with personal numbers masked."""
    rows = [
        {
            "file": d.file,
            "date": t.date.isoformat() if t.date else "",
            "raw_date": t.raw_date,
            "description": mask_text(t.description),
            "counterparty": t.counterparty or "",
            "debit": f"{t.debit:.2f}",
            "credit": f"{t.credit:.2f}",
            "balance": "" if t.balance is None else f"{t.balance:.2f}",
            "currency": t.currency,
            "page": t.page,
        }
        for d in originals(case.documents)
        if d.bank_statement
        for t in d.bank_statement.transactions
    ]
    return _csv(
        rows,
        ["file", "date", "raw_date", "description", "counterparty", "debit", "credit", "balance", "currency", "page"],
    )


def build_manifest(folder: Path, system: Signer | None) -> dict[str, Any]:
    """SHA-256 of every file under ``folder`` (but the manifest), signed by the system when it has a key."""
    files = {
        p.relative_to(folder).as_posix(): sha256_file(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }
    signed = {"algorithm": "sha256", "files": files}
    signature = {**system.signature(signed), "public_key": system.public_key} if system else None
    return {
        **signed,
        "signature": signature,
        "signed": signature is not None,
        "note": None if signature else "no system signing key configured: this package is NOT signed",
    }


def seal_package(case_folder: Path, system: Signer | None) -> None:
    """Write the package's manifest (signed by the system when it has a key) and rebuild its zip:
    the last step of every change to a package."""
    package = case_folder / PACKAGE
    write_text(package / "manifest.json", json.dumps(build_manifest(package, system), ensure_ascii=False, indent=2))
    zip_folder(package, case_folder / f"{PACKAGE}.zip")


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def zip_folder(folder: Path, target: Path) -> None:
    """A deterministic zip of a folder (sorted names, fixed timestamps)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(
                    f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0)
                )
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())


def write_case_folder(out_dir: Path, case_id: str, fill: Callable[[Path], None]) -> Path:
    """Let ``fill`` write a case folder into a temporary place, then swap it in atomically.

    A case folder already there moves to ``.history/`` first (a crash between the two renames
    leaves the old one there and no current one; the next run writes it again)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / case_id
    staging = out_dir / f".{case_id}.tmp-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        fill(staging)
        if final.exists():  # the earlier outputs (and any review decisions) are kept, not deleted
            history = out_dir / ".history"
            history.mkdir(exist_ok=True)
            os.rename(final, history / f"{case_id}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}")
            os.rename(staging, final)
        else:
            os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def copy_documents(application_dir: Path, case: CaseResult, target: Path) -> None:
    """Copies of the input documents, as received (links are never followed out)."""
    for doc in case.documents:
        source = application_dir / doc.file
        if source.is_file() and not source.is_symlink():
            destination = target / doc.file
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


class DecisionCheck(BaseModel):
    """One entry of ``decisions.json`` and whether its signature holds against the roster."""

    index: int
    decision: str
    reviewer: str
    signer: str
    entered_via: str
    valid: bool
    problem: str | None = None


class PackageCheck(BaseModel):
    """What ``verify_package`` found: every difference from the manifest, who signed it, each decision."""

    added: list[str]
    removed: list[str]
    changed: list[str]
    signed: bool
    signature_valid: bool | None
    signer: str | None = None
    signature_problem: str | None = None
    decisions: list[DecisionCheck] = []

    @property
    def intact(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def verified(self) -> bool:
        """Intact, signed by the system, and every decision signed by whom it names."""
        return self.intact and self.signature_valid is True and all(d.valid for d in self.decisions)

    def problems(self) -> list[str]:
        found = [f"{label}: {name}" for label in ("added", "removed", "changed") for name in getattr(self, label)]
        if not self.signed:
            found.append("the package is not signed")
        elif self.signature_valid is not True:
            found.append(f"manifest signature: {self.signature_problem}")
        found += [f"decision {d.index}: {d.problem}" for d in self.decisions if not d.valid]
        return found


def _manifest_signature(manifest: dict[str, Any], roster: Roster) -> tuple[bool, str | None, str | None]:
    """(valid, signer, problem) of the manifest's signature: it must be the system's, on the roster."""
    signature = manifest.get("signature")
    if not isinstance(signature, dict):
        return False, None, "none"
    if "hmac_sha256" in signature:
        return False, None, "a shared-key HMAC signature, no longer accepted: anyone holding the key could forge it"
    public_key, value = signature.get("public_key"), signature.get("value")
    if signature.get("algorithm") != "ed25519" or not isinstance(public_key, str) or not isinstance(value, str):
        return False, None, "not an Ed25519 signature block"
    if not roster.is_system_key(public_key):
        holder = next((m for m in roster.staff if m.public_key == public_key), None)
        who = f"{holder.label}, not by the system" if holder else "a key that is not the system's on the roster"
        return False, holder.employee_id if holder else None, f"signed by {who}"
    body = {"algorithm": manifest.get("algorithm"), "files": manifest.get("files")}
    if not verifies(public_key, body, value):
        return False, SYSTEM, "does not verify: the manifest was changed after the system signed it"
    return True, SYSTEM, None


def check_decision(index: int, entry: dict[str, Any], roster: Roster) -> DecisionCheck:
    """A decision's signature against the roster: a personal decision by its reviewer's own key,
    a dashboard decision by the system's key."""
    raw = entry.get("signature")
    signature: dict[str, Any] = raw if isinstance(raw, dict) else {}
    reviewer, via = str(entry.get("reviewer", "?")), str(entry.get("entered_via", "?"))
    signer = str(signature.get("signer", "nobody"))
    seen = DecisionCheck(
        index=index,
        decision=str(entry.get("decision", "?")),
        reviewer=reviewer,
        signer=signer,
        entered_via=via,
        valid=False,
    )
    body = {k: v for k, v in entry.items() if k != "signature"}
    value = signature.get("value")
    if not isinstance(value, str):
        return seen.model_copy(update={"problem": "not signed"})
    if via == "dashboard":
        if signer != SYSTEM:
            return seen.model_copy(update={"problem": f"entered in the dashboard but signed by {signer}"})
        keys = [k.public_key for k in roster.system_keys]
    else:
        if signer != reviewer:
            return seen.model_copy(update={"problem": f"taken by {reviewer} but signed by {signer}"})
        try:
            member = roster.person(signer)
        except CreditDDError:
            return seen.model_copy(update={"problem": f"signer {signer} is not on the staff roster"})
        keys = [member.public_key] if member.public_key else []
    if not any(verifies(key, body, value) for key in keys):
        return seen.model_copy(
            update={"problem": f"the signature is not {signer}'s on the roster, or the entry was changed"}
        )
    return seen.model_copy(update={"valid": True})


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


def verify_package(folder: Path, roster: Roster) -> PackageCheck:
    """Compare a package folder with its manifest; check the system's signature on the manifest and
    each decision's signature, all against the roster.

    Raises:
        PackageError: the folder has no readable manifest, a malformed one, or holds a link.
    """
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        listed: dict[str, str] = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PackageError(f"{folder}: no readable manifest.json ({exc})") from None
    if not isinstance(listed, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in listed.items()):
        raise PackageError(f"{folder}: manifest.json is malformed: 'files' must map each file to its SHA-256")
    links = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_symlink())
    if links:
        raise PackageError(f"{folder}: {', '.join(links)}: a link, not a file of the package; the package is refused")
    present = {
        p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"
    }
    changed = sorted(
        name for name, digest in listed.items() if name in present and sha256_file(present[name]) != digest
    )
    valid, signer, problem = _manifest_signature(manifest, roster)
    return PackageCheck(
        added=sorted(set(present) - set(listed)),
        removed=sorted(set(listed) - set(present)),
        changed=changed,
        signed=isinstance(manifest.get("signature"), dict),
        signature_valid=valid,
        signer=signer,
        signature_problem=problem,
        decisions=[check_decision(i, e, roster) for i, e in enumerate(read_decisions(folder), start=1)],
    )
