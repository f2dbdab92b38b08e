"""The report renders untrusted form text as text."""

from __future__ import annotations

from credit_dd.report.render import render_deficiency_notice, render_report_html
from tests.conftest import SampleRuns

HOSTILE = '<script>alert("x")</script>&<b>'


def test_hostile_form_text_is_escaped_everywhere(sample_runs: SampleRuns) -> None:
    """A company name, purpose and site-visit note containing markup appear escaped, never as markup."""
    case, _folder = sample_runs.run("d_incomplete")
    applicant = case.application.applicant.model_copy(update={"name": HOSTILE})
    visit = case.application.site_visit.model_copy(update={"notes": HOSTILE}) if case.application.site_visit else None
    application = case.application.model_copy(update={"applicant": applicant, "purpose": HOSTILE, "site_visit": visit})
    hostile = case.model_copy(update={"application": application})
    for html in (render_report_html(hostile), render_deficiency_notice(hostile)):
        assert "<script>" not in html and "&lt;script&gt;" in html


def test_every_report_label_has_a_chinese_and_an_english_name() -> None:
    """Each label is a pair [zh, en] (an unquoted comma in YAML would split it), and every form
    choice the report prints (product, repayment method) has a name in both languages."""
    from typing import get_args

    from credit_dd.intake.application import Product, RepaymentMethod
    from credit_dd.report.render import _labels

    table = _labels()
    assert not [(group, key) for group, names in table.items() for key, pair in names.items() if len(pair) != 2]
    assert set(table["product"]) == set(get_args(Product))
    assert set(table["repayment_method"]) == set(get_args(RepaymentMethod))
