"""Records retention: what is due and when, removals on the record, protected cases never touched."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from credit_dd.operations.direct import run_case
from credit_dd.operations.retention import apply, due
from credit_dd.operations.store import CaseStore
from credit_dd.package.verify import verify_package
from credit_dd.policy.data import read_governance
from credit_dd.settings import Settings
from tests.conftest import SAMPLES, Keys

POLICY = read_governance().retention


def _identity_copy(path: Path) -> None:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.drawString(72, 760, "Identity card (copy)")
    page.drawString(72, 740, "Name: Zhang Wei")
    page.save()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Path:
    """Three cases in a store: c declined (with an identity copy and an earlier revision in .history),
    a approved and outstanding, b awaiting review."""
    tmp_path = tmp_path_factory.mktemp("retention")
    out = tmp_path / "out"
    store = CaseStore(f"sqlite:///{out / 'cases.sqlite'}")
    declined_app = Path(shutil.copytree(SAMPLES / "c_distressed", tmp_path / "c"))
    _identity_copy(declined_app / "documents" / "法定代表人身份证.pdf")
    settings = Settings(out_dir=out, render_pdf=False, signing_key=keys.system_pem)
    for app, final in (
        (declined_app, "declined"),
        (SAMPLES / "a_healthy_manufacturer", "approved"),
        (SAMPLES / "b_english_trading", None),
    ):
        case, folder = run_case(app, settings)
        store.register(case.case_id, case.case_id, str(app))
        store.claim(case.case_id)
        store.finish(case.case_id, "awaiting_review", folder=str(folder))
        if final:
            store.decide(case.case_id, final, "reject" if final == "declined" else "approve", "AP0021")
    run_case(declined_app, settings.model_copy(update={"lang": "en"}))  # the zh revision goes to .history
    store.engine.dispose()
    return out


@pytest.fixture()
def world(pristine: Path, tmp_path: Path) -> tuple[Path, CaseStore]:
    """A copy of the three cases and their store for one test to change."""
    out = Path(shutil.copytree(pristine, tmp_path / "out", symlinks=True))
    return out, CaseStore(f"sqlite:///{out / 'cases.sqlite'}")


def test_nothing_is_due_today_and_protected_cases_are_never_due(world: tuple[Path, CaseStore]) -> None:
    out, store = world
    assert due(out, store, POLICY) == []
    far = due(out, store, POLICY, now=datetime.now(UTC) + timedelta(days=20_000))
    assert {item.case_id for item in far} == {"APP-20261120-0019"}  # not the approved a, not b under review


def test_each_rule_starts_at_its_own_event_and_removals_are_recorded_first(
    world: tuple[Path, CaseStore], keys: Keys
) -> None:
    out, store = world
    case_id = "APP-20261120-0019"
    soon = datetime.now(UTC) + timedelta(days=POLICY.identity_copies_after_decline_days + 1)
    items = due(out, store, POLICY, now=soon)
    assert [(i.kind, i.files) for i in items] == [("identity_copies", ("documents/法定代表人身份证.pdf",))]
    assert apply(items, store, "ops-user", keys.system) == items
    package = out / case_id / "approval_package"
    assert not (package / "documents" / "法定代表人身份证.pdf").exists()
    assert (package / "documents" / "财报.pdf").exists()  # only identity copies go
    assert verify_package(package, keys.roster).verified  # re-signed by the system, retention.json inside
    assert "法定代表人身份证.pdf" in (package / "retention.json").read_text(encoding="utf-8")
    events = [e for e in store.events(case_id) if e["kind"] == "retention_removed"]
    assert len(events) == 1 and events[0]["detail"]["actor"] == "ops-user"

    later = datetime.now(UTC) + timedelta(days=POLICY.history_revisions_days + 1)
    assert [i.kind for i in due(out, store, POLICY, now=later)] == ["history_revision"]

    final = datetime.now(UTC) + timedelta(days=POLICY.case_after_final_decision_days + 1)
    items = due(out, store, POLICY, now=final)
    assert sorted(i.kind for i in items) == ["case_folder", "history_revision"]
    apply(items, store, "ops-user", keys.system)
    assert not (out / case_id).exists() and not list((out / ".history").glob(f"{case_id}-*"))
    assert (out / "APP-20261120-0007").exists() and (out / "APP-20261120-0011").exists()
    kinds = [e["kind"] for e in store.events(case_id)]
    assert kinds.count("retention_removed") == 3  # one per removal, each before it was made


def test_a_closed_loan_starts_its_period_and_the_command_lists_before_it_removes(
    world: tuple[Path, CaseStore], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli.main import main

    monkeypatch.delenv("PREFECT_SERVER_ANALYTICS_ENABLED", raising=False)  # main() sets it: undo after
    out, store = world
    store.close("APP-20261120-0007", "AP0021", "repaid 2027-11-20")
    final = datetime.now(UTC) + timedelta(days=POLICY.case_after_final_decision_days + 1)
    assert "APP-20261120-0007" in {i.case_id for i in due(out, store, POLICY, now=final)}
    assert main(["retention", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip().endswith("0 due for removal (run with --apply to remove them)")


def test_a_decline_recorded_by_a_slow_clock_is_kept_its_full_period(world: tuple[Path, CaseStore]) -> None:
    """A review on a machine whose clock was six years slow left a decline dated 2020-12-07: the case's
    period starts when its package was generated (this year), so nothing is removed; and retention
    counts by the store's clock, not by a local clock running decades ahead."""
    from sqlalchemy import update

    from credit_dd.operations.store import EventRow

    out, store = world
    case_id = "APP-20261120-0019"
    with store._session() as session:  # as the slow machine wrote it
        session.execute(
            update(EventRow).where(EventRow.case_id == case_id).values(at=datetime(2020, 12, 7, tzinfo=UTC))
        )
    assert [i for i in due(out, store, POLICY) if i.kind == "case_folder"] == []
    decided = store.now() + timedelta(days=POLICY.case_after_final_decision_days + 1)
    assert [i.kind for i in due(out, store, POLICY, now=decided)].count("case_folder") == 1


def test_retention_takes_its_time_from_the_store_not_the_local_clock(
    world: tuple[Path, CaseStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    import credit_dd.operations.retention as retention

    class Fast(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Fast:  # type: ignore[override]
            return cls(2040, 1, 1, tzinfo=UTC)

    monkeypatch.setattr(retention, "datetime", Fast)
    out, store = world
    assert due(out, store, POLICY) == []


def test_a_removal_of_identity_copies_killed_before_the_re_signing_completes_when_run_again(
    world: tuple[Path, CaseStore], keys: Keys
) -> None:
    out, store = world
    package = out / "APP-20261120-0019" / "approval_package"
    soon = datetime.now(UTC) + timedelta(days=POLICY.identity_copies_after_decline_days + 1)
    (item,) = due(out, store, POLICY, now=soon)
    (package / item.files[0]).unlink()  # the kill: the copy gone, the manifest not yet re-signed
    assert not verify_package(package, keys.roster).intact
    (again,) = due(out, store, POLICY, now=soon)  # still listed in the manifest: due again
    assert apply([again], store, "ops-user", keys.system) == [again]
    assert verify_package(package, keys.roster).verified
    assert due(out, store, POLICY, now=soon) == []


def test_decisions_taken_before_the_service_re_signed_a_package_still_verify(
    world: tuple[Path, CaseStore], keys: Keys
) -> None:
    """Removing identity copies re-signs the manifest; the new one names the one it replaces, so the
    rejection taken on it is still bound to this package."""
    out, store = world
    case = out / "APP-20261120-0019"
    keys.decide(case, "reject", "CR0207", comment="negative equity")
    soon = datetime.now(UTC) + timedelta(days=POLICY.identity_copies_after_decline_days + 1)
    apply(due(out, store, POLICY, now=soon), store, "ops-user", keys.system)
    check = verify_package(case / "approval_package", keys.roster)
    assert check.verified and [d.valid for d in check.decisions] == [True]
