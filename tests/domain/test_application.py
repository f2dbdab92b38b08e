"""Intake of application.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from credit_dd.application import case_id_for, derive_application_id, load_application_text, read_application
from credit_dd.errors import FormError, InputError
from tests.conftest import SAMPLES

VALID = (SAMPLES / "a_healthy_manufacturer" / "application.yaml").read_text(encoding="utf-8")


def _with(change: dict[str, object]) -> str:
    data = yaml.safe_load(VALID)
    for dotted, value in change.items():
        target = data
        *parents, last = dotted.split(".")
        for key in parents:
            target = target[key]
        if value is None:
            del target[last]
        else:
            target[last] = value
    return yaml.safe_dump(data, allow_unicode=True)


def test_it_accepts_every_sample_form() -> None:
    """It accepts every sample application form."""
    for folder in SAMPLES.iterdir():
        if (folder / "application.yaml").exists():
            assert read_application(folder).schema_version == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"product": "car_loan"}, "product"),
        ({"requested_amount": -5}, "requested_amount"),
        ({"requested_amount": "lots"}, "requested_amount"),
        ({"applicant.name": None}, "applicant.name"),
        ({"received_at": None}, "received_at"),
        ({"schema_version": 2}, "schema_version"),
        ({"tenor_months": 0}, "tenor_months"),
        ({"applicant.shareholders": [{"name": "x", "share_pct": 170}]}, "applicant.shareholders[0].share_pct"),
        ({"collateral": [{"kind": "real_estate", "appraised_value": -1}]}, "collateral[0].appraised_value"),
    ],
)
def test_it_rejects_a_bad_field_naming_its_path(change: dict[str, object], field: str) -> None:
    """It rejects a bad field and names the field's path."""
    with pytest.raises(FormError) as caught:
        load_application_text(_with(change))
    assert caught.value.field == field
    assert field in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["a: [unclosed", "!!python/object/apply:os.system ['echo pwned']", "just a string", "- a\n- list"],
)
def test_it_rejects_yaml_that_is_not_a_form(text: str) -> None:
    """It rejects YAML syntax errors, Python tags and non-mappings with a one-line message."""
    with pytest.raises(FormError) as caught:
        load_application_text(text)
    assert "\n" not in str(caught.value)


def test_it_rejects_a_folder_without_a_form(tmp_path: Path) -> None:
    """It says the form is missing rather than failing later."""
    with pytest.raises(InputError, match="application.yaml is missing"):
        read_application(tmp_path)


def test_it_rejects_non_utf8_text(tmp_path: Path) -> None:
    """It rejects a form that is not UTF-8 instead of guessing its encoding."""
    (tmp_path / "application.yaml").write_bytes(VALID.encode("gbk", errors="replace"))
    with pytest.raises(FormError, match="not UTF-8"):
        read_application(tmp_path)


def test_it_derives_a_stable_id_when_none_is_given() -> None:
    """The same form without an id gets the same derived id every time."""
    text = _with({"application_id": None})
    first, second = (
        derive_application_id(load_application_text(text)),
        derive_application_id(load_application_text(text)),
    )
    assert first == second and first.startswith("APP-20261120-")
    assert case_id_for("APP 2026/11:20") == "APP-2026-11-20"
