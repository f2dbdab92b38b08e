"""The inbox: where applications arrive, and where they go once processed. Nothing is deleted.

::

    inbox/incoming/<application>/     waiting (submit copies here, atomically)
    inbox/archive/<stamp>-<name>/      processed (or a duplicate of a processed one)
    inbox/quarantine/<stamp>-<name>/   could not be processed; <stamp>-<name>.reason.txt beside it
    inbox/monitoring/<case_id>/        follow-up documents of approved loans
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from credit_dd.errors import InputError
from credit_dd.package.freshness import fingerprint

ANNOUNCED = ".announced"


@dataclass(frozen=True)
class Inbox:
    root: Path

    @property
    def incoming(self) -> Path:
        return self.root / "incoming"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def monitoring(self) -> Path:
        return self.root / "monitoring"

    def create(self) -> Inbox:
        for folder in (self.incoming, self.archive, self.quarantine, self.monitoring):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def submit(application_dir: Path, inbox: Inbox) -> tuple[Path, bool]:
    """Copy an application into ``incoming/`` atomically; (its inbox folder, whether it is new).

    Links are copied as links, never followed (the pipeline refuses them later, by name).

    Raises:
        InputError: not a folder with an ``application.yaml``.
    """
    if not (application_dir / "application.yaml").is_file():
        raise InputError(f"{application_dir}: not an application folder (no application.yaml)")
    inbox.create()
    target = inbox.incoming / f"{application_dir.name}-{fingerprint(application_dir)[:12]}"
    if target.exists():
        return target, False
    staging = inbox.incoming / f".{target.name}.tmp-{uuid.uuid4().hex[:8]}"
    shutil.copytree(application_dir, staging, symlinks=True)
    os.rename(staging, target)
    return target, True


def pending(inbox: Inbox) -> list[Path]:
    """Application folders waiting in ``incoming/`` (hidden staging folders excluded), oldest first."""
    if not inbox.incoming.is_dir():
        return []
    folders = [p for p in inbox.incoming.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted(folders, key=lambda p: (p.stat().st_mtime, p.name))


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S")


def move_aside(folder: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    target = into / f"{_stamp()}-{folder.name}"
    while target.exists():
        target = into / f"{_stamp()}-{uuid.uuid4().hex[:4]}-{folder.name}"
    os.rename(folder, target)
    return target


def archive(folder: Path, inbox: Inbox) -> Path:
    """Move a processed application to the archive."""
    return move_aside(folder, inbox.archive)


def quarantine(folder: Path, inbox: Inbox, reason: str) -> Path:
    """Move an application that could not be processed aside, with the reason written beside it."""
    target = move_aside(folder, inbox.quarantine)
    target.with_name(target.name + ".reason.txt").write_text(reason.rstrip() + "\n", encoding="utf-8")
    return target


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    entries = []
    for path in sorted(folder.rglob("*")):
        try:
            info = path.lstat()
        except OSError:
            continue
        entries.append((path.relative_to(folder).as_posix(), info.st_size, info.st_mtime_ns))
    return tuple(entries)


@dataclass
class InboxWatcher:
    """Finds applications dropped into ``incoming/`` by other means, once they stop changing.

    A folder is announced once it looks the same on two consecutive scans (a copy in progress
    is not announced half-way) and is marked with ``.announced`` so restarts do not repeat it.
    """

    inbox: Inbox
    _seen: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)

    def scan(self) -> list[Path]:
        ready = []
        for folder in pending(self.inbox):
            if (folder / ANNOUNCED).exists() or not (folder / "application.yaml").is_file():
                continue
            signature = _signature(folder)
            if self._seen.get(folder.name) == signature:
                ready.append(folder)
                del self._seen[folder.name]
            else:
                self._seen[folder.name] = signature
        return ready


def announced_within(folder: Path, seconds: float) -> bool:
    """True when the folder's arrival event was emitted less than ``seconds`` ago."""
    marker = folder / ANNOUNCED
    try:
        return datetime.now(UTC).timestamp() - marker.stat().st_mtime < seconds
    except OSError:
        return False


def mark_announced(folder: Path) -> None:
    """Record that the arrival event of this folder was emitted."""
    (folder / ANNOUNCED).write_text(_stamp() + "\n", encoding="utf-8")
