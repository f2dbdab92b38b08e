"""Intake of application.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from credit_dd.errors import FormError, InputError
from credit_dd.intake.application import case_id_for, derive_application_id, load_application_text, read_application
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


# --- hostile forms (issue 14, point 5) ----------------------------------------------------------


def test_a_key_given_twice_is_refused_naming_it() -> None:
    """A second requested_amount of 800,000,000 was once used silently: YAML keeps the last."""
    with pytest.raises(FormError, match="'requested_amount' appears twice"):
        load_application_text(VALID + "requested_amount: 800000000\n")
    nested = VALID.replace(
        "  name: 杭州示例机械制造有限公司\n", "  name: 杭州示例机械制造有限公司\n  name: 别的公司\n", 1
    )
    with pytest.raises(FormError, match="'name' appears twice"):
        load_application_text(nested)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("requested_amount", 1.0e300, "less than or equal to 10000000000"),
        ("application_id", "A" * 300, "300 characters; at most 64"),
        ("application_id", "../../etc/passwd", "slashes"),
        ("application_id", "", "must not be empty"),
    ],
)
def test_absurd_amounts_and_unusable_ids_are_refused_at_intake(field: str, value: object, words: str) -> None:
    with pytest.raises(FormError, match=words) as caught:
        load_application_text(_with({field: value}))
    assert caught.value.field == field


def test_ids_in_another_script_stay_distinct_cases() -> None:
    """贷款申请甲 and 贷款申请乙 both became case CASE, the second replacing the first."""
    first, second = case_id_for("贷款申请甲"), case_id_for("贷款申请乙")
    assert first != second and first.startswith("CASE-") and second.startswith("CASE-")
    assert case_id_for("申请-001甲") != case_id_for("申请-001乙")
    assert case_id_for("APP-20261120-0007") == "APP-20261120-0007"


def test_id_numbers_in_full_width_digits_or_with_spaces_are_checked_as_typed_plainly() -> None:
    from credit_dd.rules.credit import kyc_findings

    wide = VALID.replace("id_number: '330106198001011235'", "id_number: '３３０１０６ １９８００１０１ １２３５'", 1)
    application = load_application_text(wide)
    assert application.applicant.legal_representative.id_number == "330106198001011235"  # type: ignore[union-attr]
    assert kyc_findings(application, None) == []
    broken = VALID.replace("id_number: '330106198001011235'", "id_number: '３３０１０６１９８００１０１１２３６'", 1)
    assert [f.code for f in kyc_findings(load_application_text(broken), None)] == ["KYC_ID_INVALID"]
