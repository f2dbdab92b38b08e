"""The case store: lifecycle, idempotency, revisions, claims and the event log."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from credit_dd.operations.store import CaseStore
from credit_dd.package.freshness import fingerprint
from credit_dd.settings import Settings
from tests.conftest import SAMPLES


def _store(tmp_path: Path, **kwargs) -> CaseStore:  # type: ignore[no-untyped-def]
    return CaseStore(Settings(out_dir=tmp_path).case_store_url, **kwargs)


def test_the_same_application_twice_is_one_case_and_a_changed_one_a_new_revision(tmp_path: Path) -> None:
    """Same form and documents by content → duplicate; a document added → revision 2 of the same case."""
    store = _store(tmp_path)
    copy = tmp_path / "copy"
    shutil.copytree(SAMPLES / "d_incomplete", copy)
    first = store.register("APP-1", fingerprint(SAMPLES / "d_incomplete"), "inbox/a")
    again = store.register("APP-1", fingerprint(copy), "inbox/b")
    assert (first.outcome, again.outcome) == ("new_case", "duplicate")
    store.claim("APP-1")
    store.finish("APP-1", "needs_documents", reason="4 documents missing")
    shutil.copy(
        next((SAMPLES / "a_healthy_manufacturer" / "documents").glob("*.pdf")), copy / "documents" / "licence.pdf"
    )
    revised = store.register("APP-1", fingerprint(copy), "inbox/c")
    assert revised.outcome == "new_revision" and revised.revision == 2
    case = store.get("APP-1")
    assert case is not None and case.status == "received" and case.revision == 2
    kinds = [e["kind"] for e in store.events("APP-1")]
    assert kinds == ["received", "duplicate", "claimed", "needs_documents", "revision"]


def test_only_one_claimant_wins_and_a_finished_case_is_not_claimed_again(tmp_path: Path) -> None:
    """A trigger and a sweep racing for one case: the second claim fails; after completion nobody claims it."""
    store = _store(tmp_path)
    store.register("APP-2", "f" * 64, "inbox/x")
    assert store.claim("APP-2", by="host:1") is True
    assert store.claim("APP-2", by="host:2") is False
    store.finish("APP-2", "awaiting_review")
    assert store.claim("APP-2", by="host:3") is False
    store.decide("APP-2", "approved", "approve", "AP0021", baseline={"current_ratio": 1.5})
    case = store.get("APP-2")
    assert case is not None and case.status == "approved" and case.baseline == {"current_ratio": 1.5}


def test_a_claim_of_a_dead_process_or_an_expired_lease_is_recovered(tmp_path: Path) -> None:
    """A process killed mid-run leaves a claim; it is released (dead pid) or taken over (lease out)."""
    store = _store(tmp_path)
    store.register("APP-3", "a" * 64, "inbox/y")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    from credit_dd.operations.store import this_process

    host = this_process().rpartition(":")[0]
    assert store.claim("APP-3", by=f"{host}:{dead.stdout.strip()}")
    assert store.release_dead_claims() == ["APP-3"]
    expired = _store(tmp_path, lease=timedelta(seconds=-1))
    assert expired.claim("APP-3", by="other-host:1")  # its lease is already over
    assert store.claim("APP-3", by="other-host:2")
    assert [e["kind"] for e in store.events("APP-3")][-2:] == ["claim_recovered", "claimed"]


def test_event_details_are_masked(tmp_path: Path) -> None:
    """Personal numbers never reach the event log."""
    store = _store(tmp_path)
    store.register("APP-4", "b" * 64, "inbox/z")
    store.record("APP-4", "warning", message="account 6222021234567890123 dropped")
    assert "6222021234567890123" not in str(store.events("APP-4"))
