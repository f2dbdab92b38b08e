"""Inline SVG charts: well-formed, escaped, one mark per value."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from credit_dd.report.charts import flows_chart, line_chart, short_amount

SVG = "{http://www.w3.org/2000/svg}"


def test_flow_bars_are_one_pair_per_month_and_labels_are_escaped() -> None:
    """Two bars a month; a hostile title is text, not markup."""
    svg = flows_chart(
        ["2026-01", "2026-02"], [100.0, 200.0], [50.0, 250.0], "<script>alert(1)</script>", ("in", "out"), str
    )
    root = ET.fromstring(str(svg))
    assert len(root.findall(f"{SVG}rect")) == 4 + 2  # bars + legend swatches
    assert "<script>" not in str(svg) and "&lt;script&gt;" in str(svg)


def test_a_line_has_a_point_per_value() -> None:
    """A series of three values draws three markers and one path."""
    root = ET.fromstring(str(line_chart(["a", "b", "c"], [1.0, -2.0, 3.0], "balance", str)))
    assert len(root.findall(f"{SVG}circle")) == 3 and len(root.findall(f"{SVG}path")) == 1
    assert str(line_chart([], [], "empty", str)) == ""


def test_axis_amounts_are_written_in_the_readers_units() -> None:
    """万 and 亿 for a Chinese reader, K and M for an English one."""
    assert [short_amount("zh")(v) for v in (8_900_000.0, 120_000_000.0, 0.0)] == ["890万", "1.2亿", "0.00"]
    assert [short_amount("en")(v) for v in (8_900_000.0, 120_000.0, 0.0)] == ["8.9M", "120K", "0.00"]


def test_every_line_item_the_synonym_table_knows_has_a_display_name() -> None:
    """No spread row shows a raw key: every item has a Chinese and an English label."""
    from credit_dd.documents.labels import STATEMENT_KINDS, default_synonyms
    from credit_dd.report.render import label_table

    items = {item for kind in STATEMENT_KINDS for item in default_synonyms().items(kind)}
    for lang in ("zh", "en"):
        assert items <= set(label_table(lang)["items"])
