"""Inline SVG charts: well-formed, escaped, one mark per value."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from credit_dd.report.charts import flows_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_flow_bars_are_one_pair_per_month_and_labels_are_escaped() -> None:
    """Two bars a month; a hostile title is text, not markup."""
    svg = flows_chart(["2026-01", "2026-02"], [100.0, 200.0], [50.0, 250.0], "<script>alert(1)</script>")
    root = ET.fromstring(str(svg))
    assert len(root.findall(f"{SVG}rect")) == 4 + 2  # bars + legend swatches
    assert "<script>" not in str(svg) and "&lt;script&gt;" in str(svg)


def test_a_line_has_a_point_per_value() -> None:
    """A series of three values draws three markers and one path."""
    root = ET.fromstring(str(line_chart(["a", "b", "c"], [1.0, -2.0, 3.0], "balance")))
    assert len(root.findall(f"{SVG}circle")) == 3 and len(root.findall(f"{SVG}path")) == 1
    assert str(line_chart([], [], "empty")) == ""


def test_every_line_item_the_synonym_table_knows_has_a_display_name() -> None:
    """No spread row shows a raw key: every item has a Chinese and an English label."""
    from credit_dd.documents.labels import STATEMENT_KINDS, default_synonyms
    from credit_dd.report.render import label_table

    items = {item for kind in STATEMENT_KINDS for item in default_synonyms().items(kind)}
    for lang in ("zh", "en"):
        assert items <= set(label_table(lang)["items"])
