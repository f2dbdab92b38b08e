"""Issue 24's insider attacks on decisions, each done for real: a decision replayed into another case,
a dashboard approval forged with the system's key, a decision deleted, one key under two ids, a slow
or a fast clock. Each fails without its control."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from credit_dd.errors import PolicyError, ReviewError
from credit_dd.operations.store import CaseStore
from credit_dd.package.decisions import ReviewDecision, read_decisions, record_sha256
from credit_dd.package.manifest import manifest_sha256, package_facts, read_manifest, reseal_package, seal_package
from credit_dd.package.review import record_decision
from credit_dd.package.signing import Signer
from credit_dd.package.staff import Roster, read_roster
from credit_dd.package.verify import verify_package
from credit_dd.policy.data import read_governance
from tests.conftest import Keys

PACKAGE = "approval_package"


def _problems(case: Path, keys: Keys, **options: Any) -> list[str | None]:
    check = verify_package(case / PACKAGE, keys.roster, **options)
    assert not check.verified
    return [d.problem for d in check.decisions]


def _append(case: Path, signer: Signer, **changes: Any) -> dict[str, Any]:
    """A record appended as an insider would write it: chained correctly, signed by ``signer``."""
    package = case / PACKAGE
    history = read_decisions(package)
    last = history[-1]
    record = {
        **{k: v for k, v in last.items() if k != "signature"},
        "sequence": len(history) + 1,
        "previous_sha256": record_sha256(last),
        **changes,
    }
    record["signature"] = signer.signature(record)
    (package / "decisions.json").write_text(json.dumps([*history, record], ensure_ascii=False), encoding="utf-8")
    return record


# 1. Decisions bound to what was decided ---------------------------------------------------------------


@pytest.mark.parametrize("case", ["b"], indirect=True)
def test_a_decision_copied_into_another_case_and_resealed_never_verifies(
    case: Path, cases: dict[str, Path], tmp_path: Path, keys: Keys
) -> None:
    """CR0207's signed approval of case a (2,970,000) copied into case b's package (4,830,000, above
    CR0207's authority) and re-sealed with the system key: b does not verify."""
    a = Path(shutil.copytree(cases["a"], tmp_path / "a"))
    keys.decide(a, "approve", "CR0207")
    shutil.copy(a / PACKAGE / "decisions.json", case / PACKAGE / "decisions.json")
    reseal_package(case, keys.system, "an insider's re-seal")
    assert _problems(case, keys) == ["taken on case APP-20261120-0007, not on this one (APP-20261120-0011)"]


def test_a_decision_on_another_revision_or_another_package_never_verifies(case: Path, keys: Keys) -> None:
    keys.decide(case, "approve", "CR0207")
    facts = package_facts(read_manifest(case / PACKAGE))
    assert facts is not None
    seal_package(case, keys.system, facts.model_copy(update={"revision": "0" * 64}))  # the next revision's package
    assert _problems(case, keys) == ["taken on another revision of the application, not on this one"]
    seal_package(case, keys.system, facts)  # the same revision, the report changed: another package
    (case / PACKAGE / "report.html").write_text("<p>rewritten</p>", encoding="utf-8")
    seal_package(case, keys.system, facts)
    assert _problems(case, keys)[0].startswith("taken on another package (manifest ")  # type: ignore[union-attr]


def test_each_decision_names_case_revision_package_amount_reviewer_and_roster(case: Path, keys: Keys) -> None:
    entry = keys.decide(case, "approve", "CR0207")
    facts = package_facts(read_manifest(case / PACKAGE))
    assert facts is not None
    assert (entry.case_id, entry.revision, entry.amount, entry.reviewer) == (
        facts.case_id,
        facts.revision,
        2_970_000,
        "CR0207",
    )
    assert entry.manifest_sha256 == manifest_sha256(case / PACKAGE)
    assert (entry.roster_sha256, entry.roster_version) == (keys.roster.digest, keys.roster.version)
    assert entry.sequence == 1 and entry.previous_sha256 is None


# 2. The system key stays with the service -----------------------------------------------------------------


@pytest.mark.parametrize("case", ["b"], indirect=True)
def test_a_dashboard_approval_forged_with_the_system_key_does_not_verify(case: Path, keys: Keys) -> None:
    """Holding the system's key, an insider writes 'entered in the dashboard' approvals: of 50,000,000,
    and of the package's own 4,830,000 by an approver whose authority covers it. Neither verifies: the
    amount is the package's, and a dashboard approval above 1,000,000 needs a personal signature."""
    keys.decide(case, "approve", "CR0207")  # referred: the log has a first record to chain to
    forged = {"decision": "approve", "case_status": "approved", "entered_via": "dashboard", "reviewer": "AP0003"}
    forged |= {"reviewer_name": "孙立", "roles": ["approver"]}
    _append(case, keys.system, **forged, amount=50_000_000)
    assert _problems(case, keys)[1] == "names the amount 50,000,000, where the package's is 4,830,000"
    history = read_decisions(case / PACKAGE)[:1]
    (case / PACKAGE / "decisions.json").write_text(json.dumps(history, ensure_ascii=False), encoding="utf-8")
    _append(case, keys.system, **forged)
    assert "must carry the checker's own signature" in (_problems(case, keys)[1] or "")


def test_a_checker_decides_without_the_system_key_and_the_systems_signature_is_untouched(
    case: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    monkeypatch.delenv("PREFECT_SERVER_ANALYTICS_ENABLED", raising=False)  # main() sets it: undo after
    for name in ("CREDIT_DD_SIGNING_KEY", "CREDIT_DD_SIGNING_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    manifest = (case / PACKAGE / "manifest.json").read_bytes()
    review = ["review", str(case), "--decision", "approve", "--reviewer", "CR0207", "--comment", "checked"]
    assert main([*review, "--key", str(keys.key_files["CR0207"]), "--roster", str(keys.roster_path)]) == 0
    assert "recorded and signed; the case is now approved" in capsys.readouterr().out
    assert (case / PACKAGE / "manifest.json").read_bytes() == manifest  # what the system signed, as it was
    assert main(["verify", str(case), "--roster", str(keys.roster_path)]) == 0


def test_a_rejection_deleted_from_the_log_is_found_through_the_case_store(case: Path, keys: Keys) -> None:
    """A rejection removed from the end of the log leaves no gap in the chain; the case store still
    has it. One removed from the middle breaks the chain by itself."""
    store = CaseStore(f"sqlite:///{case.parent / 'cases.sqlite'}")
    store.register(case.name, "print", "inbox/a")
    store.claim(case.name)
    store.finish(case.name, "awaiting_review")
    entry = keys.decide(case, "reject", "CR0207", comment="cash flow too thin")
    digest = record_sha256(entry.model_dump(mode="json"))
    store.decide(
        case.name, "declined", "reject", "CR0207", decision_sha256=digest, manifest_sha256=entry.manifest_sha256
    )
    (case / PACKAGE / "decisions.json").write_text("[]", encoding="utf-8")
    check = verify_package(case / PACKAGE, keys.roster, recorded=store.recorded_decisions(case.name))
    assert not check.verified and "does not hold: it was removed" in check.store_problems[0]


@pytest.mark.parametrize("case", ["b"], indirect=True)
def test_a_decision_removed_from_the_middle_of_the_log_breaks_the_chain(case: Path, keys: Keys) -> None:
    keys.decide(case, "approve", "CR0207")  # referred
    keys.decide(case, "approve", "AP0021")  # approved
    log = read_decisions(case / PACKAGE)
    (case / PACKAGE / "decisions.json").write_text(json.dumps(log[1:], ensure_ascii=False), encoding="utf-8")
    assert _problems(case, keys) == ["out of its place in the log (an entry before it was removed, added or changed)"]


@pytest.mark.parametrize(
    ("signer", "changes", "problem"),
    [
        ("AP0021", {"decision": "approve", "case_status": "approved"}, "out of order: a case that is declined cannot"),
        ("RM0451", {"decision": "reject", "case_status": "declined"}, "signed with the key of the maker (RM0451 王磊)"),
    ],
)
def test_a_record_written_past_review_by_someone_holding_their_own_key_does_not_verify(
    case: Path, keys: Keys, signer: str, changes: dict[str, str], problem: str
) -> None:
    """An approver appends an approval after a rejection; the maker appends a decision of their own:
    each signed with the signer's own key, each refused by the rules review applies."""
    keys.decide(case, "reject", "CR0207", comment="cash flow too thin")
    person = keys.roster.person(signer)
    who = {"reviewer": signer, "reviewer_name": person.name, "roles": list(person.roles)}
    _append(case, keys.signers[signer], **who, **changes)
    assert problem in (_problems(case, keys)[1] or "")


def test_the_roster_refuses_one_key_under_two_ids(keys: Keys, tmp_path: Path) -> None:
    """The maker lists their own public key under a second employee id (an approver's), or the
    system's key under a person: the roster is refused, naming both ids."""
    raw = yaml.safe_load(keys.roster_path.read_text(encoding="utf-8"))
    maker_key = next(p["public_key"] for p in raw["staff"] if p["employee_id"] == "RM0451")
    twice = {**raw, "staff": [*raw["staff"], {"employee_id": "AP0099", "name": "影子", "roles": ["approver"]}]}
    twice["staff"][-1]["public_key"] = maker_key
    path = tmp_path / "twice.yaml"
    path.write_text(yaml.safe_dump(twice, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PolicyError, match="one public key listed under two ids \\(RM0451 and AP0099\\)"):
        read_roster(path)
    system_as_person = {**raw, "staff": [{**raw["staff"][0], "public_key": raw["system_keys"][0]["public_key"]}]}
    path.write_text(yaml.safe_dump(system_as_person, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PolicyError, match="RM0451 and system_keys"):
        read_roster(path)


def test_the_maker_check_compares_keys_as_well_as_ids(case: Path, keys: Keys) -> None:
    """A roster that slipped past its own check (built unchecked here) lists the maker's key under an
    approver's id: the decision is refused by key, and verify refuses such a record."""
    approver = keys.roster.person("AP0021")
    maker_key = keys.roster.person("RM0451").public_key
    staff = [p.model_copy(update={"public_key": maker_key}) if p is approver else p for p in keys.roster.staff]
    shared = Roster.model_construct(version="shared", system_keys=keys.roster.system_keys, staff=staff)
    with pytest.raises(ReviewError, match="signed with the key of the maker \\(RM0451"):
        record_decision(
            case,
            "approve",
            "AP0021",
            "ok",
            roster=shared,
            system=None,
            personal=Signer("AP0021", keys.signers["RM0451"].key),
            governance=read_governance(),
        )


# 3. Trusted time ----------------------------------------------------------------------------------------


def test_a_review_on_a_machine_whose_clock_is_six_years_slow_is_refused(case: Path, keys: Keys) -> None:
    slow = datetime.now(UTC) - timedelta(days=6 * 365)
    with pytest.raises(ReviewError, match="before this package was generated"):
        keys.decide(case, "reject", "CR0207", clock=lambda: slow)
    assert read_decisions(case / PACKAGE) == []


@pytest.mark.parametrize(("year", "problem"), [(2023, "before the package was generated"), (2106, "in the future")])
def test_decisions_dated_before_the_package_or_in_the_future_do_not_verify(
    case: Path, keys: Keys, year: int, problem: str
) -> None:
    """The checker signs, with their own key, a record dated 2023 or 2106 (as a wrong clock would)."""
    entry = keys.decide(case, "approve", "CR0207")
    dated = entry.model_copy(update={"decided_at": entry.decided_at.replace(year=year), "signature": {}})
    dated.signature = keys.signers["CR0207"].signature(dated.signed_part())
    (case / PACKAGE / "decisions.json").write_text(json.dumps([dated.model_dump(mode="json")]), encoding="utf-8")
    assert problem in (_problems(case, keys)[0] or "")


def test_a_decision_takes_the_case_stores_clock_not_the_checkers(
    case: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review records the store's time; the store writes its events by the database's clock even
    when the calling process's own clock is six years slow."""
    import credit_dd.operations.store as store_module

    class Slow(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Slow:  # type: ignore[override]
            return cls(2020, 12, 7, tzinfo=UTC)

    monkeypatch.setattr(store_module, "datetime", Slow)
    store = CaseStore(f"sqlite:///{case.parent / 'cases.sqlite'}")
    store.register(case.name, "print", "inbox/a")
    assert abs(store.events(case.name)[0]["at"] - datetime.now(UTC)) < timedelta(minutes=1)
    entry = keys.decide(case, "approve", "CR0207", clock=store.now)
    assert abs(entry.decided_at - datetime.now(UTC)) < timedelta(minutes=1)


def test_a_record_outside_the_fields_it_signs_is_refused(case: Path, keys: Keys) -> None:
    """A record with a field the log does not know (added after signing, or signed with it) is malformed."""
    entry = keys.decide(case, "approve", "CR0207")
    extra = {**entry.model_dump(mode="json"), "approved_limit": 50_000_000}
    extra["signature"] = keys.signers["CR0207"].signature({k: v for k, v in extra.items() if k != "signature"})
    (case / PACKAGE / "decisions.json").write_text(json.dumps([extra]), encoding="utf-8")
    assert (_problems(case, keys)[0] or "").startswith("malformed")
    assert ReviewDecision.model_fields.keys() >= {"case_id", "revision", "manifest_sha256", "roster_sha256"}
