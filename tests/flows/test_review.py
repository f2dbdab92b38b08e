"""Two-person review as a paused flow, the signing key from a Secret block, the audit trail."""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path
from uuid import UUID

import pytest
from prefect.blocks.system import Secret
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName
from prefect.flow_runs import resume_flow_run

from credit_dd.package.verify import verify_package
from credit_dd.settings import SIGNING_KEY_BLOCK, Settings
from flows.due_diligence import RunOutcome, due_diligence
from tests.conftest import ROOT, SAMPLES, Keys

SAMPLE = SAMPLES / "b_english_trading"


def _paused_run(name: str, after: set[str], deadline: float = 60) -> UUID:
    """The id of the flow run named ``name`` once it is paused with a pause key not in ``after``."""
    stop = time.monotonic() + deadline
    with get_client(sync_client=True) as client:
        while time.monotonic() < stop:
            for run in client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=name))):
                key = run.state.state_details.pause_key if run.state else None
                if run.state and run.state.is_paused() and key not in after:
                    after.add(key or "")
                    return run.id
            time.sleep(0.3)
    raise AssertionError(f"{name} never paused")


@pytest.fixture()
def signing_block(keys: Keys) -> object:
    Secret(value=keys.system_pem.get_secret_value()).save(SIGNING_KEY_BLOCK, overwrite=True)
    yield
    Secret.delete(SIGNING_KEY_BLOCK)  # type: ignore[call-arg]


def test_the_checker_decides_in_a_paused_flow_and_the_maker_cannot(
    tmp_path: Path, signing_block: object, keys: Keys
) -> None:
    """The run pauses for a typed form; the maker's own id is refused and asked again; an approval above
    the checker's authority refers the case and the form asks again; an approver's approval ends it.
    Each decision typed in the dashboard is signed by the system (the Secret block's key) and says so."""
    governance = tmp_path / "governance.yaml"
    text = (ROOT / "src" / "credit_dd" / "data" / "governance.yaml").read_text(encoding="utf-8")
    governance.write_text(text.replace("personal_signature_above: 1000000", "personal_signature_above: 9000000"))
    settings = Settings(
        out_dir=tmp_path / "out",
        render_pdf=False,
        review=True,
        review_poll_seconds=1,
        review_timeout_seconds=120,
        roster_path=keys.roster_path,
        governance_path=governance,
    )
    result: dict[str, RunOutcome] = {}
    runner = threading.Thread(
        target=lambda: result.update(outcome=due_diligence(application_dir=SAMPLE, settings=settings))
    )
    runner.start()
    seen: set[str] = set()
    for reviewer in ("RM0451", "CR0207", "AP0021"):  # the maker; a reviewer with 3,000,000; an approver
        resume_flow_run(
            _paused_run("APP-20261120-0011", seen),
            run_input={"decision": "approve", "reviewer": reviewer, "comment": "figures checked"},
        )
    runner.join(timeout=120)
    outcome = result["outcome"]
    assert outcome.review == "approve"
    package = outcome.folder / "approval_package"
    decisions = json.loads((package / "decisions.json").read_text(encoding="utf-8"))
    assert [(d["reviewer"], d["case_status"], d["entered_via"], d["signature"]["signer"]) for d in decisions] == [
        ("CR0207", "referred", "dashboard", "system"),
        ("AP0021", "approved", "dashboard", "system"),
    ]
    assert json.loads((package / "audit.json").read_text(encoding="utf-8"))["maker_id"] == "RM0451"
    check = verify_package(package, keys.roster)
    assert check.verified and [d.valid for d in check.decisions] == [True, True]
    report = (outcome.folder / "report.html").read_text(encoding="utf-8")
    assert "本审批包未签名" not in report and "Ed25519" in report


def test_no_decision_before_the_timeout_leaves_the_case_awaiting_review(tmp_path: Path, keys: Keys) -> None:
    """Nobody answers: the run ends with the case written and no decision; nothing is lost."""
    settings = Settings(
        out_dir=tmp_path, render_pdf=False, review=True, review_poll_seconds=1, review_timeout_seconds=2
    )
    outcome = due_diligence(application_dir=SAMPLE, settings=settings)
    assert outcome.review is None and outcome.status == "completed"
    assert not (outcome.folder / "approval_package" / "decisions.json").exists()
    assert verify_package(outcome.folder / "approval_package", keys.roster).intact


def test_the_audit_trail_names_every_task_run_and_an_unsigned_package_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """audit.json lists the task runs with their states and timings; without a key, report and manifest say unsigned."""
    with caplog.at_level(logging.INFO):
        outcome = due_diligence(application_dir=SAMPLE, settings=Settings(out_dir=tmp_path, render_pdf=False))
    assert "Finished in state" in caplog.text and "record_task_run" not in caplog.text  # the trail's hook is quiet
    package = outcome.folder / "approval_package"
    audit = json.loads((package / "audit.json").read_text(encoding="utf-8"))
    runs = audit["task_runs"]
    for task in ("intake-application", "list-documents", "parse-", "validate-documents", "analyse-case"):
        assert any(r["name"].startswith(task) for r in runs), task
    assert not any(r["name"].startswith("write-case-outputs") for r in runs)  # the run writing the trail
    assert all(r["state"] in {"Completed", "Cached"} and r["seconds"] >= 0 and r["end_time"] for r in runs)
    assert audit["flow_run_id"] and audit["policy_version"] and audit["code_version"]
    assert audit["parameters"]["settings"]["out_dir"] == str(tmp_path)
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["signed"] is False and "NOT signed" in manifest["note"]
    assert "本审批包未签名" in (outcome.folder / "report.html").read_text(encoding="utf-8")
