"""Verifying a package: every file against the system's signed manifest, every decision in the log
(``decision_check.py``), ``approval_package.zip`` against both, and, when the case store is at hand,
the log against the decisions the store recorded (a decision removed from the end of the log leaves
no gap in the chain, but the store still has it). Verifying needs no secret.

A stale or truncated zip (a kill while it was rebuilt, a copy cut short) is rebuilt from the folder
by :func:`repair_zip`, and only from a folder that verifies.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from credit_dd.documents.files import sha256_file
from credit_dd.errors import PackageError
from credit_dd.package.decision_check import DecisionCheck, PackageContext, check_log
from credit_dd.package.decisions import read_decisions, record_sha256
from credit_dd.package.folder import DECISIONS, MANIFEST, PACKAGE, zip_folder
from credit_dd.package.manifest import manifest_sha256, manifest_signature, package_facts, read_manifest
from credit_dd.package.staff import Roster


class PackageCheck(BaseModel):
    """What ``verify_package`` found: every difference from the manifest, who signed it, each decision,
    the zip, and what the case store knows that the log does not."""

    added: list[str]
    removed: list[str]
    changed: list[str]
    signed: bool
    signature_valid: bool | None
    signer: str | None = None
    signature_problem: str | None = None
    decisions: list[DecisionCheck] = []
    zip_checked: bool = False
    zip_problem: str | None = None
    store_problems: list[str] = []

    @property
    def intact(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def folder_verified(self) -> bool:
        """The folder intact, signed by the system, every decision valid, none missing from the log."""
        valid = self.signature_valid is True and all(d.valid for d in self.decisions)
        return self.intact and valid and not self.store_problems

    @property
    def verified(self) -> bool:
        """The folder verified and its zip holding exactly the same files."""
        return self.folder_verified and self.zip_problem is None

    def problems(self) -> list[str]:
        found = [f"{label}: {name}" for label in ("added", "removed", "changed") for name in getattr(self, label)]
        if not self.signed:
            found.append("the package is not signed")
        elif self.signature_valid is not True:
            found.append(f"manifest signature: {self.signature_problem}")
        found += [f"decision {d.index}: {d.problem}" for d in self.decisions if not d.valid]
        found += self.store_problems
        if self.zip_problem:
            found.append(self.zip_problem)
        return found


def case_zip(folder: Path) -> Path | None:
    """Where a package folder's zip is: beside it in its case folder (None for a package folder on its own)."""
    if folder.name == PACKAGE and (folder.parent / "summary.json").is_file():
        return folder.parent / f"{PACKAGE}.zip"
    return None


def verify_package(
    folder: Path,
    roster: Roster,
    *,
    archive: Sequence[Roster] = (),
    recorded: Sequence[dict[str, Any]] | None = None,
    now: datetime | None = None,
) -> PackageCheck:
    """Check a package folder against its manifest, the manifest's signature and each decision
    against the roster (or an archived roster a decision names), its zip, and the decisions the case
    store ``recorded`` for it (``decision_sha256``, ``manifest_sha256`` of each), when given.

    Raises:
        PackageError: the folder has no readable manifest, a malformed one, or holds a link.
    """
    manifest = read_manifest(folder)
    listed: dict[str, str] = manifest["files"]
    differences = _differences(folder, listed)  # first: a link is refused before anything is read through it
    valid, signer, problem = manifest_signature(manifest, roster)
    entries = read_decisions(folder)
    context = _context(folder, manifest)
    zip_path = case_zip(folder)
    return PackageCheck(
        **differences,
        signed=isinstance(manifest.get("signature"), dict),
        signature_valid=valid,
        signer=signer,
        signature_problem=problem,
        decisions=check_log(entries, context, [roster, *archive], now or datetime.now(UTC)),
        zip_checked=zip_path is not None,
        zip_problem=zip_problem(zip_path, folder, listed) if zip_path else None,
        store_problems=_missing_from_log(entries, context, recorded or []),
    )


def _differences(folder: Path, listed: dict[str, str]) -> dict[str, list[str]]:
    """Files added, removed or changed since the manifest (the decision log is not listed in it).

    Raises:
        PackageError: the folder holds a link."""
    links = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_symlink())
    if links:
        raise PackageError(f"{folder}: {', '.join(links)}: a link, not a file of the package; the package is refused")
    present = {
        p.relative_to(folder).as_posix(): p
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).as_posix() not in (MANIFEST, DECISIONS)
    }
    return {
        "added": sorted(set(present) - set(listed)),
        "removed": sorted(set(listed) - set(present)),
        "changed": sorted(n for n, digest in listed.items() if n in present and sha256_file(present[n]) != digest),
    }


def _context(folder: Path, manifest: dict[str, Any]) -> PackageContext:
    facts = package_facts(manifest)
    earlier = {s.sha256 for s in facts.supersedes} if facts else set()
    return PackageContext(
        facts=facts,
        manifests=frozenset({manifest_sha256(folder), *earlier}),
        audit=_json_object(folder / "audit.json"),
        summary=_json_object(folder / "summary.json"),
    )


def _json_object(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _missing_from_log(
    entries: list[dict[str, Any]], context: PackageContext, recorded: Sequence[dict[str, Any]]
) -> list[str]:
    """Decisions on this package the case store recorded and the log no longer holds."""
    held = {record_sha256(e) for e in entries}
    return [
        f"the case store recorded a decision ({r.get('decision', '?')} by {r.get('actor', '?')}, "
        f"record {str(r.get('decision_sha256'))[:12]}) that the package's log does not hold: it was removed"
        for r in recorded
        if r.get("manifest_sha256") in context.manifests and r.get("decision_sha256") not in held
    ]


def zip_problem(path: Path, folder: Path, listed: dict[str, str]) -> str | None:
    """What is wrong with the package's zip, if anything: missing, not a zip (truncated), or not
    holding exactly the folder's files (stale)."""
    expected = {f"{PACKAGE}/{name}": digest for name, digest in listed.items()}
    for name in (MANIFEST, DECISIONS):
        if (folder / name).is_file():
            expected[f"{PACKAGE}/{name}"] = sha256_file(folder / name)
    if not path.is_file():
        return f"{path.name} is missing"
    try:
        with zipfile.ZipFile(path) as archive:
            held = {info.filename: _member_sha256(archive, info) for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return (
            f"{path.name} is not a readable zip ({exc}): truncated or damaged; `credit-dd verify --repair` rebuilds it"
        )
    if held != expected:
        differ = sorted(n for n in set(held) | set(expected) if held.get(n) != expected.get(n))
        return (
            f"{path.name} is stale: it does not hold the package's files as they are "
            f"({', '.join(differ[:5])}); `credit-dd verify --repair` rebuilds it"
        )
    return None


def _member_sha256(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with archive.open(info) as member:  # the CRC is checked as it is read: a damaged member raises
        for chunk in iter(lambda: member.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def repair_zip(folder: Path, roster: Roster, archive: Sequence[Roster] = ()) -> PackageCheck:
    """Rebuild a package's zip from its folder, when the folder verifies; the check after it.

    Raises:
        PackageError: the folder is not in a case folder, or does not verify (nothing is rebuilt).
    """
    target = case_zip(folder)
    if target is None:
        raise PackageError(f"{folder}: not the approval package of a case folder; there is no zip to rebuild")
    check = verify_package(folder, roster, archive=archive)
    if not check.folder_verified:
        problems = "; ".join(p for p in check.problems() if p != check.zip_problem)
        raise PackageError(f"{folder}: the folder does not verify ({problems}); the zip is not rebuilt from it")
    zip_folder(folder, target)
    return verify_package(folder, roster, archive=archive)
