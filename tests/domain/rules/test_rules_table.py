"""Credit rules and the recommendation, as tables of inputs and expected findings."""

from __future__ import annotations

from datetime import date

import pytest

from credit_dd.analysis.ratios import compute
from credit_dd.documents.history import StatementHistory
from credit_dd.intake.application import load_application_text
from credit_dd.policy.data import read_policy
from credit_dd.policy.findings import Finding
from credit_dd.rules.credit import financial_findings, kyc_findings, site_visit_findings
from credit_dd.rules.recommendation import decide
from tests.conftest import SAMPLES, SOUND, history_of

END = date(2025, 12, 31)


def _findings(change: dict[str, float]) -> list[tuple[str, str]]:
    history = history_of(SOUND | change)
    return [(f.code, f.severity) for f in financial_findings(history, compute(history), read_policy())]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, []),
        (
            {"total_equity": -10.0, "total_liabilities": 1010.0},
            [("NEGATIVE_EQUITY", "critical"), ("HIGH_LEVERAGE", "critical")],
        ),
        ({"total_equity": 0.0, "total_liabilities": 1000.0}, [("HIGH_LEVERAGE", "critical")]),
        (
            {"net_profit": -1.0, "total_profit": -1.0},
            [("LOSS_MAKING", "warning"), ("LOW_INTEREST_COVERAGE", "critical")],
        ),
        ({"total_current_assets": 399.0}, [("LOW_CURRENT_RATIO", "warning")]),
        ({"total_current_liabilities": 0.0}, []),
        ({"total_liabilities": 750.0}, [("HIGH_LEVERAGE", "warning")]),
        ({"total_profit": 5.0}, [("LOW_INTEREST_COVERAGE", "warning")]),
        ({"interest_expense": 0.0}, []),
    ],
)
def test_financial_rules(change: dict[str, float], expected: list[tuple[str, str]]) -> None:
    """Thresholds from the policy file; zero denominators raise nothing rather than crash."""
    assert sorted(_findings(change)) == sorted(expected)


def test_no_statements_at_all_is_critical() -> None:
    """Without any statement the company cannot be assessed."""
    assert [f.code for f in financial_findings(StatementHistory(), {}, read_policy())] == ["NO_FINANCIAL_DATA"]


FORM = (SAMPLES / "a_healthy_manufacturer" / "application.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("unified_social_credit_code: 91330106", "unified_social_credit_code: 91330107", "KYC_USCC_INVALID"),
        ("id_number: '3301061980010112", "id_number: '3301061980013112", "KYC_ID_INVALID"),
        ("- 陈静", "- 王磊", "TWO_PERSON_RULE"),
    ],
)
def test_identity_and_process_rules(old: str, new: str, code: str) -> None:
    """A wrong check digit, an impossible birth date and a one-person site visit are each caught."""
    assert old in FORM
    application = load_application_text(FORM.replace(old, new, 1))
    codes = [f.code for f in kyc_findings(application, None) + site_visit_findings(application)]
    assert code in codes
    assert kyc_findings(load_application_text(FORM), None) + site_visit_findings(load_application_text(FORM)) == []


def _f(code: str, severity: str) -> Finding:
    return Finding(code=code, severity=severity, message=code)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("findings", "complete", "recommendation"),
    [
        ([], True, "approve"),
        ([_f("LOW_CURRENT_RATIO", "warning")], True, "approve_with_conditions"),
        ([_f("WATCHLIST_UNAVAILABLE", "warning")], True, "approve_with_conditions"),
        ([_f("TWO_PERSON_RULE", "critical")], True, "refer"),
        ([_f("NEGATIVE_EQUITY", "critical"), _f("LOW_CURRENT_RATIO", "warning")], True, "decline"),
        ([_f("WATCHLIST_HIT", "critical")], True, "decline"),
        ([], False, None),
    ],
)
def test_recommendation_policy(findings: list[Finding], complete: bool, recommendation: str | None) -> None:
    """A critical finding never yields approve; decline codes decline; other criticals refer."""
    opinion = decide(findings, read_policy(), complete)
    assert opinion.recommendation == recommendation
    if recommendation in ("approve", "approve_with_conditions"):
        assert opinion.conditions


def test_thresholds_come_from_the_policy_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Changing a threshold in a policy file changes the rule: nothing is hard-coded."""
    import yaml

    from credit_dd.policy.data import AnalysisSettings

    data = yaml.safe_load(
        (SAMPLES.parents[1] / "src" / "credit_dd" / "data" / "credit_policy.yaml").read_text(encoding="utf-8")
    )
    assert read_policy().analysis == AnalysisSettings.model_validate(data["analysis"])
    data["thresholds"]["min_current_ratio"] = 2.0
    (tmp_path / "policy.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    strict = read_policy(tmp_path / "policy.yaml")
    history = history_of(SOUND)
    assert [f.code for f in financial_findings(history, compute(history), strict)] == ["LOW_CURRENT_RATIO"]
