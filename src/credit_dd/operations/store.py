"""The case store: each case's status, revisions and an append-only event log.

SQLAlchemy over a SQLite file by default, PostgreSQL by URL. Idempotency comes from the
application's fingerprint (the form's bytes and every document's SHA-256): the same
application submitted twice is one case; a changed one continues the case as a new revision.

Every status change goes through the one table in :mod:`credit_dd.policy.lifecycle` and is written to
the event log with who made it (an employee id, or ``host:pid`` for the pipeline) and why.

A case is *claimed* before it is processed (``in_progress``, with the claiming process and a
lease); only one claimant wins, so a trigger and a sweep racing for the same application run
it once. A claim whose process died or whose lease ran out can be taken again.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from credit_dd.masking import mask_text
from credit_dd.policy import lifecycle
from credit_dd.policy.lifecycle import Status, Via


class Base(DeclarativeBase):
    pass


class CaseRow(Base):
    __tablename__ = "cases"

    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    revision: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    product: Mapped[str] = mapped_column(String(64), default="")
    claimed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    folder: Mapped[str | None] = mapped_column(Text, nullable=True)
    baseline: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    screened_lists: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    # Optimistic locking: every UPDATE checks the version it read, so two claimants cannot both win.
    __mapper_args__ = {"version_id_col": version}


class RevisionRow(Base):
    __tablename__ = "revisions"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.case_id"), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EventRow(Base):
    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.case_id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(64))
    status: Mapped[str | None] = mapped_column(String(32), nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


@dataclass(frozen=True)
class Registration:
    """What registering an application did: a new case, a new revision, or nothing (a duplicate)."""

    case_id: str
    revision: int
    fingerprint: str
    outcome: Literal["new_case", "new_revision", "duplicate", "refused"]
    status: str
    reason: str | None = None


@dataclass(frozen=True)
class CaseView:
    """A case as callers see it."""

    case_id: str
    status: str
    reason: str | None
    revision: int
    fingerprint: str
    product: str
    folder: str | None
    baseline: dict[str, Any] | None
    screened_lists: str | None
    updated_at: datetime | None = None


def this_process() -> str:
    """``host:pid`` of the calling process: who holds a claim."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _claim_is_dead(claimed_by: str | None) -> bool:
    """True when the claim was made on this host by a process that no longer exists."""
    if not claimed_by or ":" not in claimed_by:
        return False
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _clock(session: Session) -> datetime:
    """The database's own clock, in UTC: every time the store writes (an event, a claim's lease, a
    decision's moment) comes from it, never from the machine of whoever calls. With PostgreSQL it is
    the database server's; a SQLite file's is the machine it is written from."""
    if session.get_bind().dialect.name == "sqlite":
        stamp = session.scalar(select(func.strftime("%Y-%m-%d %H:%M:%f", "now")))
        return datetime.fromisoformat(str(stamp)).replace(tzinfo=UTC)
    moment = session.scalar(select(func.now()))
    if not isinstance(moment, datetime):
        raise TypeError(f"the database's clock answered {moment!r}")
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; every time stored here is UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class CaseStore:
    """Cases, revisions and events in one database."""

    def __init__(self, url: str, lease: timedelta = timedelta(minutes=20)) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.lease = lease
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._create_tables()

    def _create_tables(self) -> None:
        """Create the tables if missing; several processes starting on a new database race to do
        it, and the loser sees the winner's table: look again."""
        for attempt in range(5):
            try:
                Base.metadata.create_all(self.engine)
                return
            except DatabaseError:
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    def _event(self, session: Session, case_id: str, kind: str, status: str | None, **detail: Any) -> None:
        detail.setdefault("actor", this_process())
        safe = {k: mask_text(v) if isinstance(v, str) else v for k, v in detail.items()}
        session.add(EventRow(case_id=case_id, at=_clock(session), kind=kind, status=status, detail=safe))

    def _move(self, session: Session, row: CaseRow, target: Status, via: Via, kind: str, **detail: Any) -> None:
        """The one place a status changes: checked against the lifecycle table, then logged.

        Raises:
            LifecycleError: the table does not allow it (nothing is changed).
        """
        lifecycle.check(row.status, target, via)
        previous = row.status
        row.status, row.updated_at = target, _clock(session)
        self._event(session, row.case_id, kind, target, previous=previous, via=via, **detail)

    def register(self, case_id: str, print_: str, source: str, product: str = "") -> Registration:
        """Record an arrival: a new case, a new revision of an existing case, or a duplicate."""
        with self._session() as session:
            row = session.get(CaseRow, case_id, with_for_update=True)
            if row is None:
                now = _clock(session)
                session.add(
                    CaseRow(
                        case_id=case_id,
                        status="received",
                        revision=1,
                        fingerprint=print_,
                        product=product,
                        created_at=now,
                        updated_at=now,
                    )
                )
                session.flush()
                session.add(
                    RevisionRow(case_id=case_id, revision=1, fingerprint=print_, source=source, received_at=now)
                )
                self._event(session, case_id, "received", "received", revision=1, source=source)
                return Registration(case_id, 1, print_, "new_case", "received")
            known = session.scalars(
                select(RevisionRow).where(RevisionRow.case_id == case_id, RevisionRow.fingerprint == print_)
            ).first()
            if known is not None:
                self._event(session, case_id, "duplicate", row.status, revision=known.revision, source=source)
                return Registration(case_id, known.revision, print_, "duplicate", row.status)
            if row.status != "in_progress" and not lifecycle.allowed(row.status, "received", "revision"):
                reason = (
                    f"case {case_id} is {row.status}: a changed application cannot reopen it; "
                    "submit it under a new application_id"
                )
                self._event(session, case_id, "revision_refused", row.status, reason=reason, source=source)
                return Registration(case_id, row.revision, print_, "refused", row.status, reason)
            row.revision += 1
            row.fingerprint = print_
            session.add(
                RevisionRow(
                    case_id=case_id,
                    revision=row.revision,
                    fingerprint=print_,
                    source=source,
                    received_at=_clock(session),
                )
            )
            if row.status == "in_progress":  # the running claim finishes; the sweep then takes the new revision
                self._event(session, case_id, "revision", row.status, revision=row.revision, source=source)
            else:
                row.reason = None
                self._move(session, row, "received", "revision", "revision", revision=row.revision, source=source)
            return Registration(case_id, row.revision, print_, "new_revision", row.status)

    def claim(self, case_id: str, by: str | None = None) -> bool:
        """Take the case for processing; False when someone else holds a live claim or it is done."""
        for attempt in range(6):
            try:
                return self._claim(case_id, by or this_process())
            except StaleDataError:  # another claimant changed the row between our read and write
                return False
            except OperationalError:  # SQLite: another writer holds the file; try again shortly
                time.sleep(0.1 * (attempt + 1))
        return False

    def _claim(self, case_id: str, by: str) -> bool:
        with self._session() as session:
            now = _clock(session)
            row = session.get(CaseRow, case_id, with_for_update=True)
            if row is None:
                return False
            stale = row.status == "in_progress" and (
                _claim_is_dead(row.claimed_by) or (_aware(row.lease_until) or now) <= now
            )
            if row.status == "in_progress" and not stale:
                return False
            if not lifecycle.allowed(row.status, "in_progress", "claim"):
                return False
            if stale:
                self._event(session, case_id, "claim_recovered", "in_progress", previous_claim=row.claimed_by or "")
            row.claimed_by, row.lease_until = by, now + self.lease
            self._move(session, row, "in_progress", "claim", "claimed", by=by, revision=row.revision, actor=by)
            return True

    def finish(
        self,
        case_id: str,
        status: Status,
        reason: str | None = None,
        baseline: dict[str, Any] | None = None,
        via: Via = "run",
        **detail: Any,
    ) -> None:
        """Record where processing ended (releases the claim).

        Raises:
            LifecycleError: the case cannot end there from where it is.
        """
        with self._session() as session:
            row = session.get(CaseRow, case_id, with_for_update=True)
            if row is None:
                raise KeyError(case_id)
            self._move(session, row, status, via, status, reason=reason or "", **detail)
            row.reason, row.claimed_by, row.lease_until = reason, None, None
            if "folder" in detail:
                row.folder = str(detail["folder"])
            if baseline is not None:
                row.baseline = baseline

    def can_decide(self, case_id: str, status: Status) -> None:
        """Raises:
        LifecycleError: a decision cannot move the case to ``status`` now (checked before it is recorded)."""
        view = self.get(case_id)
        if view is None:
            raise KeyError(case_id)
        lifecycle.check(view.status, status, "decision")

    def decide(
        self,
        case_id: str,
        status: Status,
        decision: str,
        reviewer: str,
        reason: str = "",
        baseline: dict[str, Any] | None = None,
        **detail: Any,
    ) -> None:
        """A checker's decision moves the case on; an approval keeps its baseline for monitoring.
        ``detail`` names the decision's record (``decision_sha256``, ``manifest_sha256``), so that
        ``verify`` finds a decision later removed from the package's log.

        Raises:
            LifecycleError: the lifecycle does not allow the move (a declined case approved, …).
        """
        with self._session() as session:
            row = session.get(CaseRow, case_id, with_for_update=True)
            if row is None:
                raise KeyError(case_id)
            self._move(
                session, row, status, "decision", "decision", decision=decision, actor=reviewer, reason=reason, **detail
            )
            if baseline is not None:
                row.baseline = baseline

    def close(self, case_id: str, actor: str, reason: str) -> None:
        """An approved loan repaid and closed (starts its retention period).

        Raises:
            LifecycleError: the case is not approved.
        """
        with self._session() as session:
            row = session.get(CaseRow, case_id, with_for_update=True)
            if row is None:
                raise KeyError(case_id)
            self._move(session, row, "closed", "closure", "closed", actor=actor, reason=reason)

    def record(self, case_id: str, kind: str, **detail: Any) -> None:
        """Append an event (a warning, a re-screening) without changing the status."""
        with self._session() as session:
            row = session.get(CaseRow, case_id)
            if row is None:
                raise KeyError(case_id)
            if kind == "screened" and "lists" in detail:
                row.screened_lists = str(detail["lists"])
            self._event(session, case_id, kind, row.status, **detail)

    def now(self) -> datetime:
        """The store's clock (the database's): the time of a decision or a retention step."""
        with Session(self.engine) as session:
            return _clock(session)

    def get(self, case_id: str) -> CaseView | None:
        with Session(self.engine) as session:
            row = session.get(CaseRow, case_id)
            return _view(row) if row else None

    def cases(self, status: str | None = None) -> list[CaseView]:
        with Session(self.engine) as session:
            query = select(CaseRow).order_by(CaseRow.case_id)
            if status:
                query = query.where(CaseRow.status == status)
            return [_view(row) for row in session.scalars(query)]

    def events(self, case_id: str) -> list[dict[str, Any]]:
        with Session(self.engine) as session:
            rows = session.scalars(select(EventRow).where(EventRow.case_id == case_id).order_by(EventRow.id))
            return [
                {"at": _aware(r.at), "kind": r.kind, "status": r.status, "detail": json.loads(json.dumps(r.detail))}
                for r in rows
            ]

    def recorded_decisions(self, case_id: str) -> list[dict[str, Any]]:
        """The decisions the store recorded for a case, each with its record's SHA-256 when known."""
        return [e["detail"] for e in self.events(case_id) if e["kind"] == "decision"]

    def release_dead_claims(self) -> list[str]:
        """Put back every in-progress case whose claiming process on this host is gone."""
        released = []
        with self._session() as session:
            for row in session.scalars(select(CaseRow).where(CaseRow.status == "in_progress")):
                if _claim_is_dead(row.claimed_by):
                    lifecycle.check(row.status, "received", "claim_released")
                    self._event(session, row.case_id, "claim_released", "received", previous_claim=row.claimed_by or "")
                    released.append(row.case_id)
            if released:
                session.execute(
                    update(CaseRow)
                    .where(CaseRow.case_id.in_(released))
                    .values(
                        status="received",
                        claimed_by=None,
                        lease_until=None,
                        updated_at=_clock(session),
                        version=CaseRow.version + 1,
                    )
                )
        return released


def _view(row: CaseRow) -> CaseView:
    return CaseView(
        case_id=row.case_id,
        status=row.status,
        reason=row.reason,
        revision=row.revision,
        fingerprint=row.fingerprint,
        product=row.product,
        folder=row.folder,
        baseline=row.baseline,
        screened_lists=row.screened_lists,
        updated_at=_aware(row.updated_at),
    )


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL and a busy timeout so several processes can share the file."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
