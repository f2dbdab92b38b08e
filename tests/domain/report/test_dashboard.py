"""What ops see in the dashboard: run names, the outcome, the conclusion with a link that opens over
http, tables in the reader's language."""

from __future__ import annotations

from pathlib import Path

from credit_dd.report.dashboard import (
    case_markdown,
    graph_label,
    outcome_key,
    outcome_message,
    outcome_name,
    process_run_name,
    ratio_rows,
    report_url,
)
from tests.conftest import SAMPLES


def test_the_conclusion_links_to_the_report_over_http_when_the_bank_publishes_out(sample_cases: dict) -> None:  # type: ignore[type-arg]
    """With a base URL the link is http(s) under it; without one the markdown says where the file is and
    how to get a link; never a file:// URL a browser will not open from the dashboard."""
    case = sample_cases["a_healthy_manufacturer"]
    linked = case_markdown(case, Path("out") / case.case_id, "https://dd.bank.example/out/")
    assert "(https://dd.bank.example/out/APP-20261120-0007/report.html)" in linked
    plain = case_markdown(case, Path("out") / case.case_id)
    assert "CREDIT_DD_REPORT_BASE_URL" in plain and "file://" not in plain + linked
    assert report_url(None, "X") is None


def test_the_conclusion_has_the_key_figures_in_the_reports_language(sample_cases: dict) -> None:  # type: ignore[type-arg]
    case = sample_cases["a_healthy_manufacturer"]
    text = case_markdown(case, Path("out"))
    assert text.startswith("# APP-20261120-0007 杭州示例机械制造有限公司：有条件同意")
    for row in (
        "| 申请金额 | 5,000,000.00 元 |",
        "| 资产负债率 2025-12-31 | 44.86% |",
        "| 流动比率 2025-12-31 | 1.50× |",
    ):
        assert row in text
    english = case_markdown(case.model_copy(update={"lang": "en"}), Path("out"))
    assert "| Debt to assets 2025-12-31 | 44.86% |" in english and "Approve with conditions" in english


def test_the_ratio_table_has_localised_names_and_formatted_numbers(sample_cases: dict) -> None:  # type: ignore[type-arg]
    rows = ratio_rows(sample_cases["a_healthy_manufacturer"])
    leverage = next(r for r in rows if r["指标"] == "资产负债率")
    assert leverage == {"指标": "资产负债率", "2024-12-31": "45.00%", "2025-12-31": "44.86%"}
    assert all(isinstance(v, str) and "_" not in k for r in rows for k, v in r.items())


def test_each_outcome_has_a_name_and_a_one_line_message(sample_cases: dict) -> None:  # type: ignore[type-arg]
    """Approve, refer, decline and needs documents read differently in the run list."""
    declined, incomplete = sample_cases["c_distressed"], sample_cases["d_incomplete"]
    assert outcome_key(declined.status, declined.opinion.recommendation) == "decline"
    assert outcome_message(declined).startswith("不同意 · 严重风险发现 4 · ")
    assert outcome_message(sample_cases["a_healthy_manufacturer"]).startswith(
        "有条件同意 · 建议授信金额 2,970,000 元（流动资金贷款需求测算）"
    )
    assert outcome_key(incomplete.status, None) == "needs_documents"
    assert outcome_message(incomplete) == "待补充资料 · 详见资料补充通知书（共 5 项）"
    assert [outcome_name(k, "en") for k in ("approve", "refer", "decline", "needs_documents")] == [
        "Approve",
        "Refer",
        "Decline",
        "Needs documents",
    ]


def test_inbox_runs_are_named_by_case_and_applicant_and_graph_names_stay_readable() -> None:
    """``inbox-<case>-<applicant>``, not ``inbox-<folder>``; a Chinese file name keeps its characters and
    gets pinyin beside them for the run graph, whose font draws only ASCII."""
    assert process_run_name(SAMPLES / "a_healthy_manufacturer") == "inbox-APP-20261120-0007-杭州示例机械制造有限公司"
    assert process_run_name(Path("/nowhere/newe-f1b72db36041")) == "inbox-newe-f1b72db36041"
    label = graph_label("documents/2025年度财务报表.pdf")
    assert label == "documents/2025年度财务报表.pdf (2025nianducaiwubaobiao.pdf)"
    assert label.split(" (")[1].isascii() and graph_label("documents/licence.pdf") == "documents/licence.pdf"
