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
    waiting = opinion.recommendation is None and case.status == "needs_spreading"
    expected = [
        reader.t["outcome"]["needs_spreading"]
        if waiting
        else reader.t["recommendation"][opinion.recommendation or "none"]
    ]
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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_case_waiting_for_figures_says_so_not_that_documents_are_missing(rendered: dict, lang: str) -> None:  # type: ignore[type-arg]
    """Every document of the smudged sample is in; what waits is one figure for a person to key. Its
    conclusion said "awaiting documents: documents are missing or out of date", sending the officer
    after papers the customer already gave."""
    report = rendered[("e_needs_spreading", lang)]
    reader = Reader.of(report.case)
    assert report.case.status == "needs_spreading" and report.case.opinion.recommendation is None
    first = squeeze(report.text(first_page=True))
    (pending,) = report.case.spreading.pending
    assert squeeze(reader.t["outcome"]["needs_spreading"]) in first
    assert squeeze(f"{pending.period} {reader.name('items', pending.item)}") in first
    assert squeeze(reader.s["awaiting_figures"].split("{")[0]) in first
    assert squeeze(reader.s["awaiting_documents"]) not in first
