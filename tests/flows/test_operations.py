"""Operations under the Prefect harness: the inbox sweep, revisions, and post-loan monitoring."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from credit_dd.operations.inbox import Inbox, submit
from credit_dd.settings import Settings
from flows.operations import inbox_sweep, portfolio_monitoring, process_application
from tasks.operations import case_store
from tests.conftest import SAMPLES


def _settings(tmp_path: Path, **extra) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(out_dir=tmp_path / "out", inbox_dir=tmp_path / "inbox", render_pdf=False, **extra)


def test_the_sweep_processes_each_application_once_and_no_folder_stalls_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An inbox with an application, the same application again under another name, a corrupt form,
    and folders that once stalled every sweep: a form nested 200,000 deep (it killed the process), a
    GBK file name, a symlinked documents/, and one that fails in a way nobody foresaw. One case
    processed, the copy archived as a duplicate, every other folder quarantined with its reason, and
    the sweep goes on past each."""
    settings = _settings(tmp_path)
    box = Inbox(settings.inbox_dir).create()
    _hostile_folders(box, monkeypatch)
    submit(SAMPLES / "b_english_trading", box)
    shutil.copytree(SAMPLES / "b_english_trading", box.incoming / "resent-by-email")
    corrupt = box.incoming / "corrupt"
    (corrupt / "documents").mkdir(parents=True)
    (corrupt / "application.yaml").write_bytes(b"schema_version: 1\nproduct: [unclosed\n\xff\xfe")
    outcome = inbox_sweep(settings=settings)
    assert outcome.found == 7
    results = dict(outcome.results)
    assert results.pop("4-explodes").startswith("quarantined: could not be processed: RuntimeError: an unforeseen")
    processed = f"APP-20261120-0011: approve_with_conditions (awaiting_review) → {settings.out_dir / 'APP-20261120-0011' / 'report.html'}"
    assert sorted(results.values()) == sorted(
        [
            processed,
            "APP-20261120-0011: duplicate (awaiting_review)",
            *[f"{name}: rejected (failed)" for name in ("corrupt", "1-nested", "2-gbk", "3-linked")],
        ]
    )
    assert not list(box.incoming.iterdir())
    assert len(list(box.archive.iterdir())) == 2
    reasons = {p.name.split("-", 1)[1]: p.read_text(encoding="utf-8") for p in box.quarantine.glob("*.reason.txt")}
    assert "application.yaml" in reasons["corrupt.reason.txt"]
    assert "nested more than 32 deep" in reasons["1-nested.reason.txt"]
    assert "in GBK it reads “documents/营业执照.pdf”" in reasons["2-gbk.reason.txt"]
    assert "documents/ is a link" in reasons["3-linked.reason.txt"]
    assert "an unforeseen failure" in reasons["4-explodes.reason.txt"]
    store = case_store(settings.case_store_url)
    assert [(c.case_id, c.status) for c in store.cases() if not c.case_id[0].isdigit()] == [
        ("APP-20261120-0011", "awaiting_review"),
        ("corrupt", "failed"),
    ]
    kinds = [e["kind"] for e in store.events("APP-20261120-0011")]
    assert kinds == ["received", "claimed", "awaiting_review", "screened", "duplicate"]
    assert inbox_sweep(settings=settings).found == 0  # nothing left, nothing run again
    _inbox_runs_are_named_for_the_case_and_keep_their_tags()


def _inbox_runs_are_named_for_the_case_and_keep_their_tags() -> None:
    """The inbox run reads ``inbox-<case>-<applicant>``, ends named for its outcome, and keeps the
    product, industry and branch tags its arrival added beside the outcome's."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        runs = [r for r in client.read_flow_runs() if r.name == "inbox-APP-20261120-0011-深圳示例贸易有限公司"]
    tags = {"product:trade_finance", "industry:F5179", "branch:杭州分行", "outcome:approve_with_conditions"}
    assert any(tags <= set(r.tags) and r.state and r.state.name == "有条件同意" for r in runs), runs


def _hostile_folders(box: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    import tasks.operations

    for name in ("1-nested", "2-gbk", "3-linked", "4-explodes"):
        shutil.copytree(SAMPLES / "d_incomplete", box.incoming / name)
    (box.incoming / "1-nested" / "application.yaml").write_text("[" * 200_000, encoding="utf-8")
    gbk = box.incoming / "2-gbk" / "documents" / os.fsdecode("营业执照.pdf".encode("gbk"))
    gbk.write_bytes(b"%PDF-1.4\n")
    shutil.rmtree(box.incoming / "3-linked" / "documents")
    (box.incoming / "3-linked" / "documents").symlink_to(SAMPLES / "a_healthy_manufacturer" / "documents")
    fingerprint = tasks.operations.fingerprint

    def unforeseen(folder: Path) -> str:
        if folder.name == "4-explodes":
            raise RuntimeError("an unforeseen failure")
        return fingerprint(folder)

    monkeypatch.setattr(tasks.operations, "fingerprint", unforeseen)


def test_documents_added_after_a_deficiency_notice_continue_the_same_case(tmp_path: Path) -> None:
    """needs_documents, then the same form with more documents: revision 2 of the same case."""
    settings = _settings(tmp_path)
    box = Inbox(settings.inbox_dir).create()
    first, _ = submit(SAMPLES / "d_incomplete", box)
    assert process_application(application_dir=str(first), settings=settings).status == "needs_documents"
    again = tmp_path / "d_again"
    shutil.copytree(SAMPLES / "d_incomplete", again)
    shutil.copy(SAMPLES / "c_distressed" / "documents" / "执照.pdf", again / "documents" / "执照.pdf")
    second, _ = submit(again, box)
    outcome = process_application(application_dir=str(second), settings=settings)
    assert outcome.action == "processed"
    case = case_store(settings.case_store_url).get(outcome.case_id or "")
    assert case is not None and case.revision == 2


def test_monitoring_warns_on_a_deteriorated_follow_up_and_a_new_watchlist_hit(tmp_path: Path) -> None:
    """An approved loan whose follow-up statements are much worse gets early warnings; a list that
    now names the borrower gets a watchlist warning on the next run."""
    settings = _settings(tmp_path)
    box = Inbox(settings.inbox_dir).create()
    folder, _ = submit(SAMPLES / "a_healthy_manufacturer", box)
    outcome = process_application(application_dir=str(folder), settings=settings)
    store = case_store(settings.case_store_url)
    case_id = outcome.case_id or ""
    store.decide(case_id, "approved", "approve", "AP0021")
    assert portfolio_monitoring(settings=settings) == {}  # nothing new, nothing to say
    follow_up = box.monitoring / case_id
    follow_up.mkdir(parents=True)
    for name in ("财报.pdf", "流水.pdf"):
        shutil.copy(SAMPLES / "c_distressed" / "documents" / name, follow_up / name)
    warnings = portfolio_monitoring(settings=settings)[case_id]
    assert "EW_COVENANT_BREACH" in warnings and "EW_RATIO_DETERIORATION" in warnings
    assert not follow_up.exists() and any((box.monitoring / ".processed").iterdir())  # kept, not re-read
    watchlist = tmp_path / "list.csv"
    watchlist.write_text(
        "entry_id,name,aliases,id_number,list,remarks\nIW-9,杭州示例机械制造有限公司,,,internal_watchlist,new\n",
        encoding="utf-8",
    )
    listed = settings.model_copy(update={"watchlists": [watchlist]})
    assert portfolio_monitoring(settings=listed) == {case_id: ["EW_WATCHLIST_HIT"]}
    assert portfolio_monitoring(settings=listed) == {}  # screened once per list version
    assert [e["detail"]["code"] for e in store.events(case_id) if e["kind"] == "early_warning"].count(
        "EW_WATCHLIST_HIT"
    ) == 1


def test_a_changed_application_for_an_approved_case_is_quarantined_not_run(tmp_path: Path) -> None:
    """An approved case is final: a changed form under its id cannot reopen it (received → approved
    and back are both closed paths); it goes to the quarantine with the reason, the case stays approved."""
    from credit_dd.package.freshness import fingerprint

    settings = _settings(tmp_path)
    box = Inbox(settings.inbox_dir).create()
    case_id, store = "APP-20261120-0007", case_store(settings.case_store_url)
    store.register(case_id, fingerprint(SAMPLES / "a_healthy_manufacturer"), "inbox/a")  # as a run leaves it
    store.claim(case_id)
    store.finish(case_id, "awaiting_review")
    store.decide(case_id, "approved", "approve", "AP0021")
    changed = tmp_path / "a_changed"
    shutil.copytree(SAMPLES / "a_healthy_manufacturer", changed)
    (changed / "documents" / "scan_0001.pdf").unlink()
    again, _ = submit(changed, box)
    outcome = process_application(application_dir=str(again), settings=settings)
    assert (outcome.action, outcome.status) == ("rejected", "approved")
    reason = next(box.quarantine.glob("*.reason.txt")).read_text(encoding="utf-8")
    assert "is approved" in reason and "new application_id" in reason
    case = store.get(case_id)
    assert case is not None and case.status == "approved" and case.revision == 1
