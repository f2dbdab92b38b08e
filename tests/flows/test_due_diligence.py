"""The due-diligence flow over every sample, under the Prefect test harness."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from credit_dd.report.summary import CONTRACT_KEYS
from credit_dd.settings import Settings
from flows.due_diligence import RunOutcome, due_diligence
from tests.conftest import SAMPLE_NAMES, SAMPLES, truth


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunOutcome]:
    out = tmp_path_factory.mktemp("out")
    return {
        name: due_diligence(application_dir=SAMPLES / name, settings=Settings(out_dir=out)) for name in SAMPLE_NAMES
    }


def _summary(outcome: RunOutcome) -> dict[str, object]:
    return json.loads((outcome.folder / "summary.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_ends_as_its_truth_expects(outcomes: dict[str, RunOutcome], name: str) -> None:
    """Status and recommendation are those the truth file expects; summary.json has every contract key."""
    summary = _summary(outcomes[name])
    expected = truth(name)["expected"]
    assert set(CONTRACT_KEYS) <= set(summary)
    assert summary["status"] == expected["status"]
    assert summary["recommendation"] in expected["recommendation"]
    assert summary["statements"] == truth(name)["statements"]


def test_the_incomplete_sample_gets_one_complete_notice(outcomes: dict[str, RunOutcome]) -> None:
    """Everything missing is listed once, in summary.json and in the notice to the customer."""
    outcome = outcomes["d_incomplete"]
    summary = _summary(outcome)
    codes = [d["code"] for d in summary["deficiencies"]]  # type: ignore[index]
    assert codes.count("DOC_MISSING") == 5
    notice = (outcome.folder / "deficiency_notice.html").read_text(encoding="utf-8")
    assert all(name in notice for name in ("营业执照", "银行流水", "资产负债表", "用途证明（购销合同）"))


def test_a_declined_case_still_tells_the_customer_what_is_missing(outcomes: dict[str, RunOutcome]) -> None:
    """The distressed sample lacks its purpose contract, but its negative equity declines it now."""
    summary = _summary(outcomes["c_distressed"])
    assert (summary["status"], summary["recommendation"], summary["recommended_amount"]) == ("completed", "decline", 0)
    assert summary["opinion"]["declined_early"] is True  # type: ignore[index]
    assert [d["code"] for d in summary["deficiencies"]] == ["DOC_MISSING"]  # type: ignore[index]
    notice = (outcomes["c_distressed"].folder / "deficiency_notice.html").read_text(encoding="utf-8")
    assert "用途证明（购销合同）" in notice


def test_summary_has_the_amount_its_constraint_and_every_named_check(outcomes: dict[str, RunOutcome]) -> None:
    """recommended_amount in whole units with its binding constraint; checks never ✔ without data."""
    healthy, incomplete = _summary(outcomes["a_healthy_manufacturer"]), _summary(outcomes["d_incomplete"])
    assert healthy["recommended_amount"] == 2_970_000 and healthy["binding_constraint"] == "working_capital_capacity"
    checks = {(c["name"], c.get("period")): c for c in healthy["checks"]}  # type: ignore[union-attr]
    assert checks[("cash_flow_vs_cash", "2025-12-31")]["status"] == "passed"
    assert checks[("retained_earnings_rollforward", "2025-12-31")]["status"] == "passed"
    assert all(set(c) >= {"name", "status", "detail"} for c in checks.values())
    assert incomplete["recommended_amount"] is None and incomplete["binding_constraint"] is None
    statuses = {c["name"]: c["status"] for c in incomplete["checks"]}  # type: ignore[union-attr]
    assert statuses["cash_flow_vs_cash"] == statuses["bank_reconciliation"] == "not_checked"
    package = outcomes["a_healthy_manufacturer"].folder / "approval_package" / "validation.json"
    expectations = json.loads(package.read_text(encoding="utf-8"))["expectations"]
    assert any(e["expectation"] == "expect_column_values_to_be_between" for e in expectations)


def test_the_package_manifest_hashes_every_file(outcomes: dict[str, RunOutcome]) -> None:
    """manifest.json lists every package file with its SHA-256; the zip holds the same files."""
    folder = outcomes["a_healthy_manufacturer"].folder
    package = folder / "approval_package"
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {
        p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file() and p.name != "manifest.json"
    }
    assert set(manifest["files"]) == on_disk
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((package / name).read_bytes()).hexdigest() == digest
    assert {
        "summary.json",
        "report.html",
        "report.pdf",
        "spreads.csv",
        "ratios.csv",
        "transactions.csv",
        "audit.json",
    } <= on_disk
    with zipfile.ZipFile(folder / "approval_package.zip") as archive:
        assert {n.split("/", 1)[1] for n in archive.namelist()} == on_disk | {"manifest.json"}


def test_the_pdf_report_keeps_its_chinese_text(outcomes: dict[str, RunOutcome]) -> None:
    """Text extracted back from report.pdf holds the Chinese title and the company name (no lost glyphs)."""
    with pdfplumber.open(outcomes["a_healthy_manufacturer"].folder / "report.pdf") as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages)
    assert "授信尽职调查报告" in text and "杭州示例机械制造有限公司" in text and "资产负债率" in text


def test_a_bad_form_ends_as_rejected_input(tmp_path: Path) -> None:
    """A broken form ends the run as rejected_input with the field named, not as a failed run."""
    (tmp_path / "application.yaml").write_text("schema_version: 1\nproduct: car_loan\n", encoding="utf-8")
    outcome = due_diligence(application_dir=tmp_path, settings=Settings(out_dir=tmp_path / "out", render_pdf=False))
    assert outcome.status == "rejected_input" and "product" in outcome.message
    assert json.loads((outcome.folder / "summary.json").read_text(encoding="utf-8"))["status"] == "rejected_input"


def test_a_notice_pdf_is_written_beside_the_html_and_sealed_in_the_package(outcomes: dict[str, RunOutcome]) -> None:
    """The notice a branch prints or sends: a PDF beside the HTML, its text read back, in the package."""
    folder = outcomes["d_incomplete"].folder
    assert (folder / "deficiency_notice.html").is_file() and (folder / "deficiency_notice.pdf").is_file()
    with pdfplumber.open(folder / "deficiency_notice.pdf") as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages)
    assert "资料补充通知书" in text and "宁波示例电子科技有限公司" in text and "示例银行股份有限公司" in text
    manifest = json.loads((folder / "approval_package" / "manifest.json").read_text(encoding="utf-8"))
    assert "deficiency_notice.pdf" in manifest["files"]
    assert not (outcomes["a_healthy_manufacturer"].folder / "deficiency_notice.pdf").exists()


def test_each_run_ends_named_for_its_outcome_with_a_message_and_a_tag(outcomes: dict[str, RunOutcome]) -> None:
    """In the run list a decline, an approval and a case needing documents read differently: the final
    state's name, its message (the amount or what is missing) and an ``outcome:`` tag."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        runs = {r.name: r for r in client.read_flow_runs() if r.name.startswith("dd-APP-20261120-")}
    by_case = {name.split("-")[3]: run for name, run in runs.items()}
    expected = {
        "0007": ("有条件同意", "outcome:approve_with_conditions"),
        "0019": ("不同意", "outcome:decline"),
        "0023": ("待补充资料", "outcome:needs_documents"),
    }
    for case, (state, tag) in expected.items():
        run = by_case[case]
        assert run.state is not None and run.state.is_completed() and run.state.name == state, case
        assert tag in run.tags and run.state.message.startswith(state), (case, run.tags, run.state.message)
    assert "2,970,000 元" in (by_case["0007"].state.message or "")
