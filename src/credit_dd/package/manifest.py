"""The system's manifest: every file of the package with its SHA-256, and what the system states
about the package, signed with the system's own Ed25519 key.

The system's statement (``package``) names the case and its revision (the application's
fingerprint: the form's bytes and every document's SHA-256), when the pipeline generated it (its
own clock), and the governance it was made under (the personal-signature threshold a dashboard
decision is held to). A checker's decision names the SHA-256 of this manifest, so a decision is
bound to exactly what it was taken on.

The checkers' decisions are not in the manifest: they are a log of their own beside it
(``decisions.py``), so recording a decision never needs the system's key. Only the service re-signs
a manifest (retention removing identity copies); the new one lists the earlier one's SHA-256 in
``supersedes``, so the decisions taken on the earlier one still verify.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from credit_dd.documents.files import sha256_file
from credit_dd.errors import PackageError
from credit_dd.package.folder import DECISIONS, MANIFEST, PACKAGE, write_atomic, zip_folder
from credit_dd.package.signing import SYSTEM, Signer, verifies
from credit_dd.package.staff import Roster

NOT_LISTED = frozenset({MANIFEST, DECISIONS})  # the manifest itself, and the checkers' log beside it


class Superseded(BaseModel):
    """An earlier manifest of the same package, replaced by the service (retention)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sha256: str
    at: datetime
    reason: str


class PackageFacts(BaseModel):
    """What the system states about a package when it signs its manifest."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_id: str
    revision: str  # the application's fingerprint (form bytes, every document's SHA-256): the case store's revision
    generated_at: datetime  # the pipeline's own clock
    currency: str
    personal_signature_above: float  # an approval above this typed into the dashboard is not valid
    governance_version: str
    supersedes: list[Superseded] = []


def listed_files(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of the package the manifest lists."""
    return {
        p.relative_to(folder).as_posix(): sha256_file(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() not in NOT_LISTED
    }


def signed_body(manifest: dict[str, Any]) -> dict[str, Any]:
    """The part of a manifest the system's signature covers (a manifest from before the system's
    statement has no ``package``)."""
    return {key: manifest.get(key) for key in ("algorithm", "files", "package") if key in manifest}


def build_manifest(folder: Path, system: Signer | None, facts: PackageFacts | None = None) -> dict[str, Any]:
    """The manifest of ``folder``, signed by the system when it has a key."""
    body: dict[str, Any] = {"algorithm": "sha256", "files": listed_files(folder)}
    if facts is not None:
        body["package"] = facts.model_dump(mode="json")
    signature = {**system.signature(body), "public_key": system.public_key} if system else None
    return {
        **body,
        "signature": signature,
        "signed": signature is not None,
        "note": None if signature else "no system signing key configured: this package is NOT signed",
    }


def seal_package(case_folder: Path, system: Signer | None, facts: PackageFacts) -> None:
    """Write the package's manifest and its zip: the last step of writing a case folder."""
    package = case_folder / PACKAGE
    manifest = build_manifest(package, system, facts)
    write_atomic(package / MANIFEST, _json(manifest), aside=case_folder)
    zip_folder(package, case_folder / f"{PACKAGE}.zip")


def reseal_package(case_folder: Path, system: Signer, reason: str, now: datetime | None = None) -> None:
    """The service's new manifest after it changed a package (retention), naming the one it replaces.

    Raises:
        PackageError: the package has no readable manifest with the system's statement.
    """
    package = case_folder / PACKAGE
    manifest = read_manifest(package)
    facts = package_facts(manifest)
    if facts is None:
        raise PackageError(f"{package}: the manifest states no case; it cannot be re-signed")
    earlier = Superseded(sha256=manifest_sha256(package), at=now or datetime.now(UTC), reason=reason)
    seal_package(case_folder, system, facts.model_copy(update={"supersedes": [*facts.supersedes, earlier]}))


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode()


def read_manifest(folder: Path) -> dict[str, Any]:
    """Raises:
    PackageError: no readable manifest, or its ``files`` is not a map of names to SHA-256."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        listed = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PackageError(f"{folder}: no readable manifest.json ({exc})") from None
    if not isinstance(listed, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in listed.items()):
        raise PackageError(f"{folder}: manifest.json is malformed: 'files' must map each file to its SHA-256")
    return dict(manifest)


def manifest_sha256(folder: Path) -> str:
    """The package's digest: the SHA-256 of its manifest's bytes (what a decision is taken on)."""
    return hashlib.sha256((folder / MANIFEST).read_bytes()).hexdigest()


def package_facts(manifest: dict[str, Any]) -> PackageFacts | None:
    """The system's statement in a manifest; ``None`` for a manifest from before there was one."""
    raw = manifest.get("package")
    try:
        return PackageFacts.model_validate(raw) if isinstance(raw, dict) else None
    except ValueError:
        return None


def manifest_signature(manifest: dict[str, Any], roster: Roster) -> tuple[bool, str | None, str | None]:
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
        holder = roster.holder(public_key)
        who = f"{holder.label}, not by the system" if holder else "a key that is not the system's on the roster"
        return False, holder.employee_id if holder else None, f"signed by {who}"
    if not verifies(public_key, signed_body(manifest), value):
        return False, SYSTEM, "does not verify: the manifest was changed after the system signed it"
    return True, SYSTEM, None
