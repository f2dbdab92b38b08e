"""The conclusion a committee reads first: on the report's first page, read back from the PDF."""

from __future__ import annotations

import pytest

from credit_dd.report.reader import Reader
from tests.conftest import SAMPLE_NAMES
from tests.domain.report.conftest import squeeze


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_first_page_has_the_whole_conclusion(rendered: dict, name: str, lang: str) -> None:  # type: ignore[type-arg]
    """Recommendation, amount, binding constraint, every critical finding and every condition precedent."""
    report = rendered[(name, lang)]
    case, reader = report.case, Reader.of(report.case)
    first = squeeze(report.text(first_page=True))
    opinion = case.opinion
    expected = [reader.t["recommendation"][opinion.recommendation or "none"]]
    expected.append(reader.money(case.application.requested_amount))
    if opinion.recommended_amount is not None:
        expected.append(f"{opinion.recommended_amount:,}")
    if opinion.binding_constraint:
        expected.append(reader.t["constraints"][opinion.binding_constraint])
    expected += [reader.message(f) for f in case.findings if f.severity == "critical"]
    expected += [c.zh if lang == "zh" else c.en for c in opinion.conditions]
    missing = [text for text in expected if squeeze(text) not in first]
    assert missing == [], f"not on page 1 of {name} ({lang})"


def test_a_decline_lists_every_critical_finding_not_only_the_one_that_declined_early(rendered: dict) -> None:  # type: ignore[type-arg]
    """The distressed sample declines early on negative equity; its leverage, interest cover and rating
    are critical too, and a committee sees all four at once."""
    report = rendered[("c_distressed", "zh")]
    critical = [f for f in report.case.findings if f.severity == "critical"]
    assert len(critical) == 4 and len(report.case.opinion.reasons) == 1
    first = squeeze(report.text(first_page=True))
    assert all(squeeze(Reader.of(report.case).message(f)) in first for f in critical)


def test_conditions_are_on_the_first_page_of_an_approval(rendered: dict) -> None:  # type: ignore[type-arg]
    """The healthy sample's three conditions precedent are read on page 1, not only in section 13."""
    report = rendered[("a_healthy_manufacturer", "zh")]
    first = squeeze(report.text(first_page=True))
    assert len(report.case.opinion.conditions) == 3
    assert all(squeeze(c.zh) in first for c in report.case.opinion.conditions)
    assert "授信金额不超过2,970,000元" in first
