"""Approval controls an auditor would try to get round: identities, the lifecycle, signatures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, get_args

import pytest

from credit_dd.errors import LifecycleError, ReviewError
from credit_dd.package.manifest import build_manifest, package_facts, read_manifest, reseal_package, seal_package
from credit_dd.package.review import record_decision
from credit_dd.package.signing import Signer
from credit_dd.package.verify import verify_package
from credit_dd.policy.data import read_governance
from credit_dd.policy.lifecycle import Status
from tests.conftest import Keys

GOVERNANCE = read_governance()


def _decisions(case: Path) -> list[dict[str, Any]]:
    path = case / "approval_package" / "decisions.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


# 1. People by identity ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reviewer", "reason"),
    [
        ("RM0451", "is the maker of this case"),
        ("rm0451", "is the maker of this case"),  # the id as typed, in any case
        ("王 磊", "is not an employee id on the staff roster"),  # a display name is not an identity
        ("IV0318", "investigated this case on site"),  # 陈静: a credit reviewer, but she visited the site
        ("IV0322", "holds no checker's role"),
        ("XX9999", "is not an employee id on the staff roster"),
    ],
)
def test_the_checker_is_identified_by_employee_id_and_may_not_be_maker_or_investigator(
    case: Path, keys: Keys, reviewer: str, reason: str
) -> None:
    with pytest.raises(ReviewError, match=reason):
        keys.decide(case, "approve", reviewer, personal=keys.signers["CR0207"])
    assert _decisions(case) == []


def test_a_maker_named_with_a_space_and_no_id_is_still_the_maker(case: Path, keys: Keys) -> None:
    """A form that names its manager "王 磊" without an id: RM0451 is still the maker."""
    from credit_dd.package.authority import eligible_checker

    audit = {"maker": "王 磊", "maker_id": None, "investigators": ["Ａ Ｂ"]}
    with pytest.raises(ReviewError, match="maker"):
        eligible_checker(
            keys.roster.model_copy(
                update={
                    "staff": [
                        p.model_copy(update={"roles": ["credit_reviewer"]}) if p.employee_id == "RM0451" else p
                        for p in keys.roster.staff
                    ]
                }
            ),
            "RM0451",
            audit,
        )
    assert eligible_checker(keys.roster, "CR0207", audit).employee_id == "CR0207"


@pytest.mark.parametrize("case", ["b"], indirect=True)
def test_an_amount_above_the_checkers_authority_is_referred_until_one_whose_authority_covers_it(
    case: Path, keys: Keys
) -> None:
    """b recommends 4,830,000: CR0207 (limit 3,000,000) refers it; AP0021 (10,000,000) approves it."""
    first = keys.decide(case, "approve", "CR0207")
    assert (first.case_status, first.amount) == ("referred", 4_830_000)
    second = keys.decide(case, "approve", "AP0021")
    assert second.case_status == "approved"
    assert [d["reviewer"] for d in _decisions(case)] == ["CR0207", "AP0021"]
    with pytest.raises(ReviewError, match="is already approved .*approve by AP0021.* an approved case is final"):
        keys.decide(case, "reject", "AP0003")


@pytest.mark.parametrize("case", ["b"], indirect=True)
def test_a_committee_decision_is_recorded_by_an_approver_as_such(case: Path, keys: Keys) -> None:
    with pytest.raises(ReviewError, match="not an approver"):
        keys.decide(case, "approve", "CR0207", committee="信审会 2026-12-03 第14号")
    entry = keys.decide(case, "approve", "AP0021", committee="信审会 2026-12-03 第14号")
    assert entry.committee == "信审会 2026-12-03 第14号" and entry.case_status == "approved"


# 2. A guarded lifecycle (the package's own decision log) -------------------------------------------


def test_after_a_reject_no_later_decision_is_taken_not_even_from_a_third_person(case: Path, keys: Keys) -> None:
    keys.decide(case, "reject", "CR0207", comment="cash flow cannot service the loan")
    for reviewer in ("AP0021", "AP0003"):
        with pytest.raises(ReviewError, match="declined case is final"):
            keys.decide(case, "approve", reviewer)
    assert [d["case_status"] for d in _decisions(case)] == ["declined"]


def test_a_returned_case_takes_no_decision_until_a_new_revision_is_run(case: Path, keys: Keys) -> None:
    keys.decide(case, "return", "CR0207", comment="need the 2024 statements")
    with pytest.raises(ReviewError, match="needs_documents cannot become approved"):
        keys.decide(case, "approve", "AP0021")


@pytest.mark.parametrize("case", ["d"], indirect=True)
def test_an_approve_on_a_case_waiting_for_documents_is_refused(case: Path, keys: Keys) -> None:
    with pytest.raises(ReviewError, match="needs_documents has no opinion to approve"):
        keys.decide(case, "approve", "CR0207")
    assert _decisions(case) == []


# 3. Signatures per person -----------------------------------------------------------------------------


def test_each_decision_carries_its_checkers_signature_and_verify_names_who_signed(case: Path, keys: Keys) -> None:
    keys.decide(case, "approve", "CR0207")
    check = verify_package(case / "approval_package", keys.roster)
    assert check.verified
    assert [(d.reviewer, d.signer, d.entered_via, d.valid) for d in check.decisions] == [
        ("CR0207", "CR0207", "cli", True)
    ]


def test_a_decision_rewritten_and_the_manifest_re_signed_by_the_system_still_fails(case: Path, keys: Keys) -> None:
    """Whoever holds the system key can re-sign the manifest, but not forge the checker's signature."""
    keys.decide(case, "reject", "CR0207", comment="too much debt")
    package = case / "approval_package"
    log = _decisions(case)
    log[0]["decision"], log[0]["case_status"] = "approve", "approved"
    (package / "decisions.json").write_text(json.dumps(log, ensure_ascii=False), encoding="utf-8")
    reseal_package(case, keys.system, "an insider's re-seal")
    check = verify_package(package, keys.roster)
    assert check.intact and check.signature_valid and not check.verified
    assert "not CR0207's on the roster, or the entry was changed" in (check.decisions[0].problem or "")


def test_a_decision_signed_with_someone_elses_key_is_refused(case: Path, keys: Keys) -> None:
    with pytest.raises(ReviewError, match="the key given is AP0021's"):
        keys.decide(case, "approve", "CR0207", personal=keys.signers["AP0021"])
    impostor = Signer("CR0207", keys.signers["AP0021"].key)  # a key file renamed
    with pytest.raises(ReviewError, match="does not match CR0207"):
        keys.decide(case, "approve", "CR0207", personal=impostor)


def test_a_dashboard_decision_is_signed_by_the_system_and_large_approvals_need_a_personal_signature(
    cases: dict[str, Path], tmp_path: Path, keys: Keys
) -> None:
    """Under a threshold of 3,000,000 (the package's own, as the service stated it), a dashboard
    approval of 2,970,000 stands, signed by the system; one of 4,830,000 is refused."""
    cheap = GOVERNANCE.model_copy(
        update={"review": GOVERNANCE.review.model_copy(update={"personal_signature_above": 3_000_000})}
    )
    small = under_threshold(Path(shutil.copytree(cases["a"], tmp_path / "a")), keys, 3_000_000)
    entry = record_decision(
        small, "approve", "CR0207", "ok", roster=keys.roster, system=keys.system, personal=None, governance=cheap
    )
    assert entry.entered_via == "dashboard" and entry.signature["signer"] == "system"
    check = verify_package(small / "approval_package", keys.roster)
    assert check.verified and check.decisions[0].entered_via == "dashboard"
    large = under_threshold(Path(shutil.copytree(cases["b"], tmp_path / "b")), keys, 3_000_000)
    with pytest.raises(ReviewError, match="must carry the checker's own signature"):
        record_decision(
            large,
            "approve",
            "AP0021",
            "ok",
            roster=keys.roster,
            system=keys.system,
            personal=None,
            governance=GOVERNANCE,
        )


def under_threshold(case: Path, keys: Keys, threshold: float) -> Path:
    """The case as the service would have written it under a governance with this personal-signature threshold."""
    package = case / "approval_package"
    facts = package_facts(read_manifest(package))
    assert facts is not None
    seal_package(case, keys.system, facts.model_copy(update={"personal_signature_above": threshold}))
    return case


def test_review_refuses_a_package_that_does_not_verify(case: Path, keys: Keys) -> None:
    """An edited summary (even re-listed in an unsigned manifest) takes no decision and is not re-signed."""
    package = case / "approval_package"
    summary = json.loads((package / "summary.json").read_text(encoding="utf-8"))
    summary["recommended_amount"] = 1
    (package / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    with pytest.raises(ReviewError, match="does not verify"):
        keys.decide(case, "approve", "CR0207")
    (package / "manifest.json").write_text(json.dumps(build_manifest(package, None)), encoding="utf-8")
    with pytest.raises(ReviewError, match="not signed"):
        keys.decide(case, "approve", "CR0207")
    assert not verify_package(package, keys.roster).verified


def test_the_cli_refuses_maker_investigator_and_unknown_ids_with_exit_2_and_records_a_checker(
    case: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    monkeypatch.delenv("PREFECT_SERVER_ANALYTICS_ENABLED", raising=False)  # main() sets it: undo after
    monkeypatch.setenv("CREDIT_DD_SIGNING_KEY_FILE", str(keys.key_files["system"]))
    base = ["review", str(case), "--decision", "approve", "--comment", "ok", "--roster", str(keys.roster_path)]
    for reviewer, reason in (("RM0451", "maker"), ("IV0318", "investigated"), ("NOPE", "not an employee id")):
        assert main([*base, "--reviewer", reviewer]) == 2
        assert reason in capsys.readouterr().err
    assert main([*base, "--reviewer", "CR0207", "--key", str(keys.key_files["CR0207"])]) == 0
    assert "the case is now approved" in capsys.readouterr().out
    assert main(["verify", str(case), "--roster", str(keys.roster_path)]) == 0
    assert "decision 1: approve by CR0207 (own key): signature valid" in capsys.readouterr().out


def test_keys_writes_a_private_key_only_its_owner_can_read_and_never_overwrites(
    tmp_path: Path, keys: Keys, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main
    from credit_dd.package.signing import parse_public_key, read_private_key

    target = tmp_path / "k" / "CR0207.pem"
    assert main(["keys", "CR0207", "--out", str(target), "--roster", str(keys.roster_path)]) == 0
    out = capsys.readouterr().out
    public = out.split("public_key: ")[1].split()[0]
    parse_public_key(public)
    assert target.stat().st_mode & 0o777 == 0o600
    assert read_private_key(target)
    assert main(["keys", "CR0207", "--out", str(target), "--roster", str(keys.roster_path)]) == 2
    assert "never overwritten" in capsys.readouterr().err
    assert main(["keys", "ZZ0000", "--out", str(tmp_path / "z.pem"), "--roster", str(keys.roster_path)]) == 2
    target.chmod(0o644)
    with pytest.raises(Exception, match="readable by others"):
        read_private_key(target)


# 2. A guarded lifecycle (the case store, every path) ---------------------------------------------------


def _store_at(tmp_path: Path, status: str):  # type: ignore[no-untyped-def]
    """A store with one case forced to ``status`` (as if it had got there)."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from credit_dd.operations.store import CaseRow, CaseStore, this_process

    store = CaseStore(f"sqlite:///{tmp_path / 'cases.sqlite'}")
    store.register("APP-1", "print-1", "inbox/APP-1")
    live = {"claimed_by": this_process(), "lease_until": datetime.now(UTC) + timedelta(hours=1)}
    with store._session() as session:  # in progress: held by a live claim (this process)
        values = {"status": status, "version": CaseRow.version + 1, **(live if status == "in_progress" else {})}
        session.execute(update(CaseRow).values(**values))
    return store


def _must(done: bool, what: str) -> None:
    if not done:
        raise LifecycleError(what)


OPERATIONS = {
    "claim": lambda s: _must(s.claim("APP-1", by="elsewhere:1"), "not claimed"),
    "finish_awaiting_review": lambda s: s.finish("APP-1", "awaiting_review"),
    "finish_failed": lambda s: s.finish("APP-1", "failed"),
    "approve": lambda s: s.decide("APP-1", "approved", "approve", "AP0021"),
    "reject": lambda s: s.decide("APP-1", "declined", "reject", "AP0021"),
    "return": lambda s: s.decide("APP-1", "needs_documents", "return", "AP0021"),
    "refer": lambda s: s.decide("APP-1", "referred", "approve", "CR0207"),
    "close": lambda s: s.close("APP-1", "AP0021", "repaid"),
    "revision": lambda s: _must(s.register("APP-1", "print-2", "inbox/APP-1").outcome != "refused", "refused"),
}
EXPECTED_TARGET = {
    "claim": ("in_progress", "claim"),
    "finish_awaiting_review": ("awaiting_review", "run"),
    "finish_failed": ("failed", "run"),
    "approve": ("approved", "decision"),
    "reject": ("declined", "decision"),
    "return": ("needs_documents", "decision"),
    "refer": ("referred", "decision"),
    "close": ("closed", "closure"),
    "revision": ("received", "revision"),
}


@pytest.mark.parametrize("status", get_args(Status))
def test_every_path_through_the_store_follows_the_one_transition_table(tmp_path: Path, status: str) -> None:
    """From each status, every operation the store offers succeeds exactly when the table allows it;
    a refused one changes nothing, an allowed one is logged with its actor."""
    from credit_dd.policy import lifecycle

    for name, operation in OPERATIONS.items():
        store = _store_at(tmp_path / name, status)
        target, via = EXPECTED_TARGET[name]
        allowed = lifecycle.allowed(status, target, via) or (name == "revision" and status == "in_progress")
        if name == "claim" and status == "in_progress":
            allowed = False  # a live claim is not taken over
        before = len(store.events("APP-1"))
        if allowed:
            operation(store)
            assert store.get("APP-1").status in (target, "in_progress"), name
            assert store.events("APP-1")[-1]["detail"]["actor"], name
        else:
            with pytest.raises(LifecycleError):
                operation(store)
            assert store.get("APP-1").status == status, f"{name} moved a {status} case"
            assert all(e["kind"] in ("revision_refused",) for e in store.events("APP-1")[before:]), name


def test_received_to_approved_and_declined_to_approved_are_refused(tmp_path: Path) -> None:
    """The two moves the auditor made: both refused, both leave the case where it was."""
    for status in ("received", "declined"):
        store = _store_at(tmp_path / status, status)
        with pytest.raises(LifecycleError):
            store.decide("APP-1", "approved", "approve", "AP0003")
        assert store.get("APP-1").status == status
    store = _store_at(tmp_path / "again", "declined")
    assert store.register("APP-1", "print-2", "inbox/APP-1").outcome == "new_revision"  # the only way on
    assert store.get("APP-1").status == "received"
