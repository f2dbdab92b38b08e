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


def test_an_industry_is_named_beside_its_gb_t_4754_code() -> None:
    """The division and section of the code, in the reader's language; an unknown code names nothing."""
    from credit_dd.report.labels import industry_name

    assert industry_name("C3441", "zh") == "通用设备制造业（制造业）"
    assert industry_name("F5179", "en") == "Wholesale trade (Wholesale and retail trade)"
    assert industry_name("Z12", "zh") == "" and industry_name(None, "en") == ""


def test_sizing_is_shown_only_for_the_products_it_applies_to(sample_cases: dict) -> None:  # type: ignore[type-arg]
    """A trade-finance case says working-capital sizing does not apply, and shows none of its figures."""
    html = render_report_html(sample_cases["b_english_trading"])
    assert "流动资金贷款需求测算仅适用于流动资金贷款，贸易融资不适用" in html
    assert "营运资金周转次数" not in html and "营运资金量" not in html
    assert "营运资金周转次数" in render_report_html(sample_cases["a_healthy_manufacturer"])


def test_a_negative_capacity_is_shown_as_zero_with_the_reason(sample_cases: dict) -> None:  # type: ignore[type-arg]
    """The distressed case's need is below its deductions: 0.00 元 and why, never −3,270,786.32."""
    case = sample_cases["c_distressed"]
    assert case.analysis.sizing.capacity < 0
    html = render_report_html(case)
    assert "-3,270,786.32" not in html and "−3,270,786.32" not in html
    assert '<th>新增流动资金贷款额度</th><td class="num">0.00 元</td>' in html
    assert "营运资金量低于扣减项 3,270,786.32 元，无新增流动资金贷款额度，按 0 计" in html


def test_one_average_balance_the_day_weighted_one_with_its_basis(sample_cases: dict) -> None:  # type: ignore[type-arg]
    """Bank flows show the day-weighted average (日均余额) and say so; no second, plain average beside it."""
    case = sample_cases["a_healthy_manufacturer"]
    html = render_report_html(case)
    assert f"{case.analysis.bank.daily_average_balance:,.2f} 元" in html
    assert "按每日日终余额加权" in html
    assert "平均余额" not in html.replace("日均余额", "") and f"{case.analysis.bank.average_balance:,.2f}" not in html


def test_the_same_figure_reads_the_same_in_the_ratios_and_the_rating(sample_cases: dict) -> None:  # type: ignore[type-arg]
    """Debt to assets is 44.86% in section 6 and in the scorecard table (it was 0.4486 there)."""
    html = render_report_html(sample_cases["a_healthy_manufacturer"])
    assert html.count(">44.86%<") == 2 and "0.4486" not in html
    assert ">1.50×<" in html and ">77.9 天<" in html
