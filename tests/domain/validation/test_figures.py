"""The figure model: a status and its evidence on every statement value (issue 25, point 1)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from credit_dd.validation.figures import Figure, FigureSheet, FigureSource


def test_a_person_never_overwrites_the_reading() -> None:
    """It keeps the figure as read inside the keyed or confirmed one that replaces it."""
    read = Figure(value=100.0, status="read", source=FigureSource(file="a.pdf", page=3, x=400.0, y=210.5))
    at = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    keyed = read.keyed(120.0, by="RM0451", at=at)
    confirmed = read.confirmed(by="CR0207", at=at)
    assert (keyed.status, keyed.value, keyed.by, keyed.replaces) == ("keyed", 120.0, "RM0451", read)
    assert (confirmed.status, confirmed.value, confirmed.replaces) == ("confirmed", 100.0, read)
    assert read.flagged and not keyed.flagged and not confirmed.flagged


def test_the_summary_has_the_keys_design_gives() -> None:
    """It writes status, checks, source {file, page} and by under period and item."""
    figure = Figure(value=5.0, status="verified", checks=["assets_balance"], source=FigureSource(file="a.pdf", page=2))
    sheet = FigureSheet(figures={date(2024, 12, 31): {"total_assets": figure}})
    entry = sheet.summary()["2024-12-31"]["total_assets"]
    assert entry["status"] == "verified" and entry["checks"] == ["assets_balance"] and entry["by"] is None
    assert entry["source"]["file"] == "a.pdf" and entry["source"]["page"] == 2
    assert sheet.count("verified") == 1 and sheet.count("read") == 0
