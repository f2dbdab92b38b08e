"""Transient failures are retried and succeed; a permanent one ends clearly, with nothing lost."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

import tasks.documents
from credit_dd.analysis import watchlist
from credit_dd.documents.files import read_document
from credit_dd.operations.inbox import Inbox, submit
from credit_dd.settings import Settings
from flows.due_diligence import due_diligence
from flows.operations import process_application
from tasks.operations import case_store
from tests.conftest import SAMPLES


def _flaky(real, failures: int, calls: list[str]):  # type: ignore[no-untyped-def]
    def call(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("x")
        if len(calls) <= failures:
            raise OSError(5, "Input/output error (simulated)")
        return real(*args, **kwargs)

    return call


def test_a_watchlist_read_that_fails_twice_is_retried_and_screened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list's share fails twice, then answers: the case is screened, not marked unavailable."""
    calls: list[str] = []
    monkeypatch.setattr(watchlist, "_read_text", _flaky(watchlist._read_text, 2, calls))
    outcome = due_diligence(
        application_dir=SAMPLES / "d_incomplete",
        settings=Settings(out_dir=tmp_path, render_pdf=False, force_rerun=True),
    )
    summary = json.loads((outcome.folder / "summary.json").read_text(encoding="utf-8"))
    assert len(calls) == 3
    assert "WATCHLIST_UNAVAILABLE" not in {f["code"] for f in summary["findings"]}


def test_a_document_read_that_fails_twice_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An I/O error reading a document is retried by its task; the third attempt reads it."""
    calls: list[str] = []
    monkeypatch.setattr(tasks.documents, "read_document", _flaky(read_document, 2, calls))
    app = tmp_path / "app"
    import shutil

    shutil.copytree(SAMPLES / "d_incomplete", app)
    document = next((app / "documents").iterdir())
    document.write_bytes(document.read_bytes() + f"\n% {uuid.uuid4()}\n".encode())  # bytes no run has cached
    settings = Settings(out_dir=tmp_path / "out", render_pdf=False, isolate_documents=False)
    outcome = due_diligence(application_dir=app, settings=settings)
    summary = json.loads((outcome.folder / "summary.json").read_text(encoding="utf-8"))
    assert len(calls) == 3 and summary["status"] == "needs_documents"
    assert summary["documents"][0]["pages"] >= 1


def test_a_permanent_failure_ends_failed_with_the_case_and_documents_intact(tmp_path: Path) -> None:
    """The output folder cannot be written (it is a file): retries run out, the run fails, the case
    is `failed` with the reason, and the application waits in quarantine with every document."""
    blocked = tmp_path / "out-is-a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    settings = Settings(
        out_dir=blocked,
        inbox_dir=tmp_path / "inbox",
        render_pdf=False,
        store_url=f"sqlite:///{tmp_path / 'cases.sqlite'}",
    )
    folder, _ = submit(SAMPLES / "d_incomplete", Inbox(settings.inbox_dir))
    with pytest.raises(Exception, match="out-is-a-file|Not a directory|File exists"):
        process_application(application_dir=str(folder), settings=settings)
    case = case_store(settings.case_store_url).cases()[0]
    assert case.status == "failed" and "due diligence failed" in (case.reason or "")
    quarantined = [p for p in Inbox(settings.inbox_dir).quarantine.iterdir() if p.is_dir()]
    assert len(quarantined) == 1
    originals = sorted(p.name for p in (SAMPLES / "d_incomplete" / "documents").iterdir())
    assert sorted(p.name for p in (quarantined[0] / "documents").iterdir()) == originals
    assert "due diligence failed" in quarantined[0].with_name(quarantined[0].name + ".reason.txt").read_text(
        encoding="utf-8"
    )
