"""Parsing is cached by document content and the reading code's version; policy changes do not re-parse."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest

import tasks.documents
from credit_dd.documents.files import read_document
from credit_dd.package import freshness
from credit_dd.settings import Settings
from flows.due_diligence import due_diligence
from tests.conftest import SAMPLES, Keys


def test_parse_results_are_reused_until_the_document_or_the_reading_code_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same bytes: cached. Changed bytes or new reading code: parsed again. New policy: not re-parsed."""
    app = Path(shutil.copytree(SAMPLES / "d_incomplete", tmp_path / "app"))
    document = next((app / "documents").iterdir())
    document.write_bytes(document.read_bytes() + f"\n% {uuid.uuid4()}\n".encode())  # bytes no earlier run has seen
    calls: list[str] = []

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[1])
        return read_document(*args, **kwargs)

    monkeypatch.setattr(tasks.documents, "read_document", counting)
    settings = Settings(out_dir=tmp_path / "out", render_pdf=False, isolate_documents=False)

    due_diligence(application_dir=app, settings=settings)
    due_diligence(application_dir=app, settings=settings.model_copy(update={"force_rerun": True}))
    assert len(calls) == 1

    policy = tmp_path / "policy.yaml"
    policy.write_text(
        Path(freshness.__file__)
        .parents[1]
        .joinpath("data", "credit_policy.yaml")
        .read_text(encoding="utf-8")
        .replace('version: "', 'version: "test-'),
        encoding="utf-8",
    )
    outcome = due_diligence(application_dir=app, settings=settings.model_copy(update={"policy_path": policy}))
    assert len(calls) == 1 and '"policy_version": "test-' in (outcome.folder / "summary.json").read_text(
        encoding="utf-8"
    )

    document.write_bytes(document.read_bytes() + b"% edited\n")
    due_diligence(application_dir=app, settings=settings)
    assert len(calls) == 2

    edited = f"test-{uuid.uuid4()}"  # an edit to a reading module: a new reading and a new code version
    monkeypatch.setattr(freshness, "reading_version", lambda: edited)
    monkeypatch.setattr(freshness, "code_version", lambda templates: edited)
    due_diligence(application_dir=app, settings=settings)
    assert len(calls) == 3


def test_an_unchanged_application_is_not_run_again_and_earlier_outputs_are_kept(tmp_path: Path, keys: Keys) -> None:
    """Same inputs: the existing case (with its review decision) is kept as it is. Changed inputs:
    a new case folder, the previous one moved to .history with its decision, never deleted."""
    settings = Settings(out_dir=tmp_path / "out", render_pdf=False, signing_key=keys.system_pem)
    first = due_diligence(application_dir=SAMPLES / "b_english_trading", settings=settings)
    keys.decide(first.folder, "approve", "AP0021")
    again = due_diligence(application_dir=SAMPLES / "b_english_trading", settings=settings)
    assert "unchanged" in again.message and again.recommendation == first.recommendation
    assert (again.folder / "approval_package" / "decisions.json").exists()
    english = due_diligence(
        application_dir=SAMPLES / "b_english_trading", settings=settings.model_copy(update={"lang": "en"})
    )
    assert english.message == "" and not (english.folder / "approval_package" / "decisions.json").exists()
    kept = list((tmp_path / "out" / ".history").glob("*/approval_package/decisions.json"))
    assert len(kept) == 1


def test_a_read_stopped_by_its_deadline_is_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first read of a file is stopped (a timeout, a killed reader): the next run reads it again
    instead of being handed the stopped result from the cache."""
    from credit_dd.documents.isolation import _failed

    app = Path(shutil.copytree(SAMPLES / "d_incomplete", tmp_path / "app"))
    document = next((app / "documents").iterdir())
    document.write_bytes(document.read_bytes() + f"\n% {uuid.uuid4()}\n".encode())
    calls: list[str] = []

    def stopped_once(path, file, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(file)
        if len(calls) == 1:
            return _failed(path, file, "reading took longer than 300 s and was stopped")
        return read_document(path, file, *args, **kwargs)

    monkeypatch.setattr(tasks.documents, "read_document", stopped_once)
    settings = Settings(out_dir=tmp_path / "out", render_pdf=False, isolate_documents=False)
    first = due_diligence(application_dir=app, settings=settings)
    summary = json.loads((first.folder / "summary.json").read_text(encoding="utf-8"))
    assert any("was stopped" in i for d in summary["documents"] for i in d["issues"])
    second = due_diligence(application_dir=app, settings=settings.model_copy(update={"force_rerun": True}))
    assert len(calls) == 2
    summary = json.loads((second.folder / "summary.json").read_text(encoding="utf-8"))
    assert not any("was stopped" in i for d in summary["documents"] for i in d["issues"])
