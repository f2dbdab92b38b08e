"""One freshness rule: editing any input a parse or a case depends on misses the cache; editing
anything else does not re-parse."""

from __future__ import annotations

import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from credit_dd.intake.application import load_application_text
from credit_dd.package import freshness
from credit_dd.settings import Settings
from tests.conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package (its data: templates and expectation suites included), the flows and tasks."""
    root = tmp_path_factory.mktemp("checkout")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(freshness.PACKAGE, root / "src" / "credit_dd", ignore=ignore)
    for folder in ("flows", "tasks"):
        shutil.copytree(ROOT / folder, root / folder, ignore=ignore)
    return root


def _edited(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\n")


def _reading(root: Path) -> str:
    return freshness.digest_of(freshness.reading_inputs(root / "src" / "credit_dd"))


def _case(root: Path) -> str:
    return freshness.digest_of(
        freshness.case_inputs(
            root / "src" / "credit_dd",
            root / "src" / "credit_dd" / "data" / "templates",
            (root / "flows", root / "tasks"),
        )
    )


def test_every_input_of_a_parse_changes_its_version_and_nothing_else_does(checkout: Path) -> None:
    package = checkout / "src" / "credit_dd"
    inputs = freshness.reading_inputs(package)
    names = {p.name for p in inputs}
    assert {"files.py", "statements.py", "bankstatements.py", "pdftext.py", "line_items.yaml"} <= names
    assert not {"render.py", "credit.py", "credit_policy.yaml", "scorecard.yaml"} & names
    seen = {_reading(checkout)}
    for path in inputs:
        _edited(path)
        seen.add(_reading(checkout))
    assert len(seen) == len(inputs) + 1, "an edit to a reading input left the parse version unchanged"
    before = _reading(checkout)
    for path in (
        package / "report" / "render.py",
        package / "data" / "credit_policy.yaml",
        package / "data" / "templates" / "report.html.j2",
    ):
        _edited(path)
    assert _reading(checkout) == before, "a change outside reading re-parses every document"


def test_every_input_of_a_case_changes_its_version(checkout: Path) -> None:
    """The code, every data file (scorecard, industry, AML, labels …), the templates, the suites."""
    inputs = freshness.case_inputs(
        checkout / "src" / "credit_dd",
        checkout / "src" / "credit_dd" / "data" / "templates",
        (checkout / "flows", checkout / "tasks"),
    )
    names = {p.name for p in inputs}
    assert {
        "scorecard.yaml",
        "industry_policy.yaml",
        "aml_thresholds.yaml",
        "labels_i18n.yaml",
        "line_items.yaml",
    } <= names
    assert {"report.html.j2", "_style.html.j2", "balance_sheet.json", "due_diligence.py", "outputs.py"} <= names
    seen = {_case(checkout)}
    for path in inputs:
        _edited(path)
        seen.add(_case(checkout))
    assert len(seen) == len(inputs) + 1, "an edit to a case input left the case 'unchanged'"


def test_every_data_file_a_reading_module_loads_is_a_reading_input() -> None:
    """A reading module that starts to read another data file must list it in READING_DATA."""
    named = set()
    for module in freshness.reading_modules():
        named |= set(re.findall(r"data/([\w.-]+\.ya?ml)", module.read_text(encoding="utf-8")))
    listed = set(freshness.READING_DATA) | set(freshness.NOT_PARSE_INPUTS)
    assert named and named <= listed, sorted(named - listed)


def test_the_parse_key_and_the_case_digest_follow_the_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    application = load_application_text((SAMPLES / "d_incomplete" / "application.yaml").read_text(encoding="utf-8"))
    document = next((SAMPLES / "d_incomplete" / "documents").iterdir())
    settings = Settings(out_dir=tmp_path)
    parse, case = (
        freshness.parse_cache_key(document, document.name, application, settings),
        freshness.inputs_digest(SAMPLES / "d_incomplete", settings),
    )
    monkeypatch.setattr(freshness, "code_version", lambda templates: "edited")
    assert freshness.parse_cache_key(document, document.name, application, settings) == parse
    assert freshness.inputs_digest(SAMPLES / "d_incomplete", settings) != case
    monkeypatch.setattr(freshness, "reading_version", lambda: "edited")
    assert freshness.parse_cache_key(document, document.name, application, settings) != parse
    monitoring = tmp_path / "monitoring.yaml"
    monitoring.write_text("version: x\n", encoding="utf-8")
    named = settings.model_copy(update={"monitoring_policy_path": monitoring})
    before = freshness.inputs_digest(SAMPLES / "d_incomplete", named)
    _edited(monitoring)
    assert freshness.inputs_digest(SAMPLES / "d_incomplete", named) != before


def test_threads_asking_for_the_reading_version_at_once_compute_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Parse tasks compute their cache keys on several threads; two ast.parse calls at once can
    # raise SystemError on CPython 3.11, so one thread computes and the others wait for it.
    computing: list[str] = []

    def slow_inputs() -> list[Path]:
        computing.append(threading.current_thread().name)
        time.sleep(0.2)
        return [ROOT / "README.md"]

    monkeypatch.setattr(freshness, "reading_inputs", slow_inputs)
    freshness._reading_version.cache_clear()
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            versions = list(pool.map(lambda _: freshness.reading_version(), range(4)))
    finally:
        freshness._reading_version.cache_clear()
    assert len(computing) == 1, computing
    assert len(set(versions)) == 1
