"""Every figure is written by what it is, from one place (policy/formats.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from credit_dd.policy.findings import finding, message_in
from credit_dd.policy.formats import figure, local_time, long_date, money, whole_money


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (0.4486, "percent", "zh", "44.86%"),
        (0.4486, "percent", "en", "44.86%"),
        (1.4986, "times", "zh", "1.50×"),
        (77.8642, "days", "zh", "77.9 天"),
        (77.8642, "days", "en", "77.9 days"),
        (38, "days", "zh", "38 天"),
        (14.54, "years", "en", "14.5 years"),
        (-0.00001, "percent", "zh", "0.00%"),
        (None, "times", "en", "—"),
        (float("nan"), "money", "en", "—"),
        (5_000_000.0, "money", "zh", "5,000,000.00 元"),
        (5_000_000.0, "money", "en", "CNY 5,000,000.00"),
        (-0.004, "money", "zh", "0.00 元"),
    ],
)
def test_a_figure_is_written_by_its_unit(value: float | None, unit: str, lang: str, expected: str) -> None:
    assert figure(value, unit, lang, "CNY") == expected  # type: ignore[arg-type]


def test_money_names_its_currency_in_the_readers_way() -> None:
    """元 for yuan and 美元 for dollars in Chinese; the ISO code in English; bare for a table with a unit row."""
    assert money(1234.5, "USD", "zh") == "1,234.50 美元"
    assert money(1234.5, "USD", "en") == "USD 1,234.50"
    assert money(1234.5, "CNY", "zh", bare=True) == "1,234.50"
    assert whole_money(2_970_000, "CNY", "zh") == "2,970,000 元"


def test_a_findings_message_writes_its_figures_as_the_report_does() -> None:
    """Debt to assets reads 44.86% in the finding as in the ratio table (not 0.4486, not 44.9%)."""
    found = finding("HIGH_LEVERAGE", period="2025-12-31", value=0.4486, limit=0.4, currency="CNY")
    assert found.message == "2025-12-31: debt to assets 44.86% is above 40%"
    assert message_in(found, "zh") == "2025-12-31：资产负债率 44.86% 高于 40%"
    capacity = finding("AMOUNT_EXCEEDS_CAPACITY", requested=5e6, capacity=2_974_971.48, currency="CNY")
    assert message_in(capacity, "zh") == "申请金额 5,000,000.00 元 超过测算的流动资金贷款额度 2,974,971.48 元"


def test_dates_and_times_are_local_and_in_the_readers_words() -> None:
    moment = datetime(2026, 12, 6, 14, 16, tzinfo=UTC)
    beijing = timezone(timedelta(hours=8))
    assert local_time(moment, beijing, "zh") == "2026-12-06 22:16（北京时间）"
    assert local_time(moment, beijing, "en") == "2026-12-06 22:16 (UTC+08:00)"
    assert long_date(date(2026, 12, 21), "zh") == "2026年12月21日"
    assert long_date(date(2026, 12, 21), "en") == "21 December 2026"
