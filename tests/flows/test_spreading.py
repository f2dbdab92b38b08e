"""A person completes the spread in the dashboard (issue 25, point 3): the run pauses, the form's input resumes it."""

from __future__ import annotations

import json
import threading
import time
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, FlowRunFilterName
from prefect.flow_runs import resume_flow_run

from credit_dd.package.verify import verify_package
from credit_dd.settings import Settings
from flows.due_diligence import RunOutcome, due_diligence
from tests.conftest import SAMPLES, Keys, truth

SAMPLE = SAMPLES / "e_needs_spreading"


def _paused(name: str, key: str, deadline: float = 90) -> UUID:
    """The id of the flow run named ``name`` once it is paused with pause key ``key``."""
    stop = time.monotonic() + deadline
    with get_client(sync_client=True) as client:
        while time.monotonic() < stop:
            for run in client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=name))):
                if run.state and run.state.is_paused() and run.state.state_details.pause_key == key:
                    return run.id
            time.sleep(0.3)
    raise AssertionError(f"{name} never paused with {key}")


def _artifact(key: str) -> str:
    with get_client(sync_client=True) as client:
        (found,) = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])), limit=1)
    return str(found.data)


def test_a_needs_spreading_run_pauses_for_the_figures_and_finishes_with_them(tmp_path, keys: Keys) -> None:  # type: ignore[no-untyped-def]
    """The run writes the case as needs_spreading, shows the figure with its page and crop, pauses for the form;
    an id not on the roster is refused and asked again; the officer's keyed figure resumes it and the case
    completes, the figure marked keyed by them in the summary, audit trail, signed package and report."""
    settings = Settings(
        out_dir=tmp_path,
        render_pdf=False,
        spreading_form=True,
        review_poll_seconds=1,
        spreading_timeout_seconds=120,
        roster_path=keys.roster_path,
        signing_key=keys.system_pem,
    )
    result: dict[str, RunOutcome] = {}
    runner = threading.Thread(
        target=lambda: result.update(outcome=due_diligence(application_dir=SAMPLE, settings=settings))
    )
    runner.start()
    value = truth("e_needs_spreading")["smudged"]["2025-12-31"]["total_current_assets"]
    figures = [{"period": "2025-12-31", "item": "total_current_assets", "action": "key", "value": value}]
    resume_flow_run(
        _paused("APP-20261120-0031", "spreading-1-1"), run_input={"employee_id": "XX9999", "figures": figures}
    )
    waiting = json.loads((tmp_path / "APP-20261120-0031" / "summary.json").read_text(encoding="utf-8"))
    assert (waiting["status"], waiting["recommendation"]) == ("needs_spreading", None)
    listed = _artifact("app-20261120-0031-spreading")
    assert "total_current_assets" in listed and "p.1" in listed and "2025-12-31-total-current-assets.png" in listed
    assert _artifact("app-20261120-0031-crop-2025-12-31-total-current-assets").startswith("data:image/png;base64,")
    resume_flow_run(
        _paused("APP-20261120-0031", "spreading-1-2"), run_input={"employee_id": "RM0451", "figures": figures}
    )
    runner.join(timeout=120)
    outcome = result["outcome"]
    assert outcome.status == "completed"
    assert outcome.recommendation in truth("e_needs_spreading")["expected"]["after_keying"]["recommendation"]
    summary = json.loads((outcome.folder / "summary.json").read_text(encoding="utf-8"))
    keyed = summary["figures"]["2025-12-31"]["total_current_assets"]
    assert (keyed["status"], keyed["by"], keyed["value"]) == ("keyed", "RM0451", value)
    assert summary["statements"]["2025-12-31"]["total_current_assets"] == value
    package = outcome.folder / "approval_package"
    (entry,) = json.loads((package / "audit.json").read_text(encoding="utf-8"))["spreading"]
    assert (entry["who"], entry["old"], entry["new"], entry["source"]["page"], entry["via"]) == (
        "RM0451",
        None,
        value,
        1,
        "dashboard",
    )
    assert (package / "spreading.json").is_file() and verify_package(package, keys.roster).verified
    assert "人工录入：RM0451" in (outcome.folder / "report.html").read_text(encoding="utf-8")
