"""How a figure is written, by what it is: the one place every reader's text formats numbers.

A figure is money (thousands separators and its currency), a percentage, a multiple (×), days,
years, a count or a plain number. The report, the deficiency notice, the dashboard and every
finding's message write a figure through here, so the same figure reads the same everywhere
(资产负债率 44.86% in the ratios, the rating table and the finding alike). Finding messages ask
for a unit in their format field (``{value:percent}``, ``{requested:money}``): see ``Figure``.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any, Literal

Lang = Literal["zh", "en"]
Unit = Literal["money", "percent", "times", "days", "years", "count", "number"]
UNITS: tuple[Unit, ...] = ("money", "percent", "times", "days", "years", "count", "number")

DASH = "—"  # a figure that is not available

# A currency's name for a Chinese reader (元 for yuan); any other code is written as it is.
CURRENCY_ZH = {
    "CNY": "元",
    "USD": "美元",
    "EUR": "欧元",
    "GBP": "英镑",
    "HKD": "港元",
    "JPY": "日元",
    "SGD": "新加坡元",
    "AUD": "澳元",
    "CAD": "加元",
    "CHF": "瑞士法郎",
}


def _unsigned_zero(value: float, places: int) -> float:
    """``-0.00`` reads as ``0.00``: a value that rounds to zero has no sign."""
    return 0.0 if round(value, places) == 0 else value


def currency_name(currency: str | None, lang: Lang) -> str:
    """The currency as a reader writes it beside an amount: 元 / CNY."""
    code = (currency or "").upper()
    return CURRENCY_ZH.get(code, code) if lang == "zh" else code


def money(value: float | None, currency: str | None, lang: Lang, bare: bool = False) -> str:
    """``5,000,000.00 元`` / ``CNY 5,000,000.00``; ``bare`` leaves the currency to a column header."""
    if value is None or value != value:
        return DASH
    amount = f"{_unsigned_zero(value, 2):,.2f}"
    name = currency_name(currency, lang)
    if bare or not name:
        return amount
    return f"{amount} {name}" if lang == "zh" else f"{name} {amount}"


def whole_money(value: float | None, currency: str | None, lang: Lang) -> str:
    """An amount in whole units (a recommended amount, rounded by policy): ``2,970,000 元``."""
    if value is None:
        return DASH
    name = currency_name(currency, lang)
    amount = f"{round(value):,}"
    return f"{amount} {name}" if lang == "zh" else f"{name} {amount}"


def figure(value: float | None, unit: Unit, lang: Lang, currency: str | None = None) -> str:
    """``value`` written as what it is: 44.86% (percent), 1.50× (times), 77.9 天 (days) …"""
    if value is None or value != value:  # not available (NaN: a message's missing parameter)
        return DASH
    if unit == "money":
        return money(value, currency, lang)
    if unit == "percent":
        return f"{_unsigned_zero(value * 100, 2):.2f}%"
    if unit == "times":
        return f"{_unsigned_zero(value, 2):,.2f}×"
    if unit in ("days", "years"):
        number = f"{value:,}" if isinstance(value, int) else f"{_unsigned_zero(value, 1):,.1f}"
        word = {"days": ("天", "days"), "years": ("年", "years")}[unit][0 if lang == "zh" else 1]
        return f"{number} {word}"
    if unit == "count":
        return f"{round(value):,}"
    return f"{_unsigned_zero(value, 2):,.2f}"


class Figure:
    """A number in a message: a unit as its format spec (``{x:money}``, ``{x:percent}``, ``{x:times}``,
    ``{x:days}``) writes it as ``figure`` does; any other spec (``{x:.0f}``) is Python's own."""

    def __init__(self, value: float, lang: Lang, currency: str | None = None) -> None:
        self.value, self.lang, self.currency = value, lang, currency

    def __format__(self, spec: str) -> str:
        if spec in UNITS:
            return figure(self.value, spec, self.lang, self.currency)
        return format(self.value, spec)

    def __str__(self) -> str:
        return str(self.value)


def as_figures(params: dict[str, Any], lang: Lang, currency: str | None = None) -> dict[str, Any]:
    """A message's parameters with every number ready for a unit spec (bools and text as they are)."""
    return {
        key: Figure(value, lang, currency) if isinstance(value, int | float) and not isinstance(value, bool) else value
        for key, value in params.items()
    }


def local_time(moment: datetime, zone: tzinfo | None, lang: Lang) -> str:
    """A moment in the reader's time zone (the application's): ``2026-12-06 22:16（北京时间）``,
    ``2026-12-06 22:16 (UTC+08:00)``."""
    local = moment.astimezone(zone) if zone else moment.astimezone()
    offset = local.strftime("%z")
    zone_name = f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
    if lang == "zh":
        return f"{local:%Y-%m-%d %H:%M}（{'北京时间' if offset == '+0800' else zone_name}）"
    return f"{local:%Y-%m-%d %H:%M} ({zone_name})"


def long_date(day: date, lang: Lang) -> str:
    """A date as a letter writes it: 2026年12月6日 / 6 December 2026."""
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {day:%B} {day.year}"
