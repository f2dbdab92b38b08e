"""Personal data and secrets: a full run's logs, artifacts, run names and case events are scanned."""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest
import yaml
from prefect.client.orchestration import get_client

from credit_dd.operations.inbox import Inbox, submit
from credit_dd.settings import Settings
from flows.operations import process_application
from tasks.operations import case_store
from tests.conftest import SAMPLES, Keys

PASSWORD = "hunter2-NEVER-LOG"


def _personal_numbers() -> set[str]:
    """Every ID number in the sample forms, and the bank account number printed on a statement."""
    numbers = set()
    for form in SAMPLES.glob("*/application.yaml"):
        numbers |= set(re.findall(r"\b\d{17}[\dX]\b", form.read_text(encoding="utf-8")))
    numbers.add("3301040001234567890")
    return numbers


def test_no_personal_number_or_secret_reaches_logs_artifacts_or_the_dashboard(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, keys: Keys
) -> None:
    secret = keys.system_pem.get_secret_value().splitlines()[1]  # the key's base64 body
    app = tmp_path / "app"
    shutil.copytree(SAMPLES / "a_healthy_manufacturer", app)
    form = yaml.safe_load((app / "application.yaml").read_text(encoding="utf-8"))
    form["document_passwords"] = {"采购合同.pdf": PASSWORD}
    form["purpose"] = (
        f"{form['purpose']}；联系人手机 13812345678，身份证 {form['applicant']['legal_representative']['id_number']}"
    )
    (app / "application.yaml").write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
    bank = next((app / "documents").glob("银行流水*.pdf"))
    bank.rename(bank.with_name("流水_账号3301040001234567890.pdf"))  # an account number in a file name
    settings = Settings(
        out_dir=tmp_path / "out",
        inbox_dir=tmp_path / "inbox",
        render_pdf=False,
        signing_key=keys.system_pem,
    )
    folder, _ = submit(app, Inbox(settings.inbox_dir))
    with caplog.at_level(logging.DEBUG):
        outcome = process_application(application_dir=str(folder), settings=settings)
    assert outcome.action == "processed"
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts()
        flow_runs = client.read_flow_runs()
        task_runs = client.read_task_runs()
    seen = {
        "logs": "\n".join(r.getMessage() for r in caplog.records),
        "artifacts": json.dumps([[a.key, a.description, a.data] for a in artifacts], ensure_ascii=False, default=str),
        "run names": json.dumps([r.name for r in flow_runs] + [t.name for t in task_runs], ensure_ascii=False),
        "run parameters": json.dumps([r.parameters for r in flow_runs], ensure_ascii=False, default=str),
        "case events": json.dumps(
            case_store(settings.case_store_url).events(outcome.case_id or ""), default=str, ensure_ascii=False
        ),
        "audit.json": (settings.out_dir / (outcome.case_id or "") / "approval_package" / "audit.json").read_text(
            encoding="utf-8"
        ),
    }
    assert "parse-" in seen["run names"] and "app-20261120-0007-summary" in seen["artifacts"]  # scanned for real
    for place, text in seen.items():
        for number in _personal_numbers() | {"13812345678"}:
            assert number not in text, f"{number[:4]}… unmasked in {place}"
        assert secret not in text and PASSWORD not in text, f"a secret in {place}"
