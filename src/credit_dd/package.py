"""The case folder and the approval package: written whole or not at all.

Everything is written into a temporary sibling folder and renamed into place, so a crash
never leaves a half-written package. ``manifest.json`` lists every file with its SHA-256
and is signed with HMAC-SHA256 when a signing key is configured.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
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
from credit_dd.documents import sha256_file
from credit_dd.errors import PackageError
from credit_dd.masking import mask_text

PACKAGE = "approval_package"


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
    """Every extracted value with its source, one row each."""
    rows = [
        {
            "period": p.isoformat(),
            "item": item,
            "value": f"{v.value:.2f}",
            "currency": case.history.currency,
            "file": v.file,
            "page": v.page,
            "label": v.label,
        }
        for p, items in sorted(case.history.values.items())
        for item, v in items.items()
    ]
    return _csv(rows, ["period", "item", "value", "currency", "file", "page", "label"])


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
        for d in case.documents
        if d.bank_statement
        for t in d.bank_statement.transactions
    ]
    return _csv(
        rows,
        ["file", "date", "raw_date", "description", "counterparty", "debit", "credit", "balance", "currency", "page"],
    )


def build_manifest(folder: Path, key: bytes | None) -> dict[str, Any]:
    """SHA-256 of every file under ``folder`` (but the manifest), signed when a key is given."""
    files = {
        p.relative_to(folder).as_posix(): sha256_file(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }
    body = json.dumps(files, sort_keys=True, ensure_ascii=False).encode()
    signature = hmac.new(key, body, hashlib.sha256).hexdigest() if key else None
    return {
        "algorithm": "sha256",
        "files": files,
        "signature": {"hmac_sha256": signature} if signature else None,
        "signed": signature is not None,
        "note": None if signature else "no signing key configured: this package is NOT signed",
    }


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


class PackageCheck(BaseModel):
    """What ``verify_package`` found: every difference from the manifest, and the signature."""

    added: list[str]
    removed: list[str]
    changed: list[str]
    signed: bool
    signature_valid: bool | None

    @property
    def intact(self) -> bool:
        return not (self.added or self.removed or self.changed) and self.signature_valid is not False


def verify_package(folder: Path, key: bytes | None) -> PackageCheck:
    """Compare a package folder with its manifest and check the manifest's HMAC-SHA256.

    Raises:
        PackageError: the folder has no readable manifest.
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
    signature = (manifest.get("signature") or {}).get("hmac_sha256")
    valid = None
    if signature and key:
        body = json.dumps(listed, sort_keys=True, ensure_ascii=False).encode()
        valid = hmac.compare_digest(signature, hmac.new(key, body, hashlib.sha256).hexdigest())
    elif signature and not key:
        valid = None
    return PackageCheck(
        added=sorted(set(present) - set(listed)),
        removed=sorted(set(listed) - set(present)),
        changed=changed,
        signed=bool(signature),
        signature_valid=valid,
    )
