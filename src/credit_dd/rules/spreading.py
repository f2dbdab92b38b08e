"""Findings about the spread: figures still waiting for a person, people's figures in force, and
people's figures a changed document set aside."""

from __future__ import annotations

from credit_dd.policy.findings import Finding, finding, line
from credit_dd.validation.spreading import Spread


def _listed(figures: list[str], limit: int = 8) -> list[str]:
    """The first figures by name (``total_current_assets 2025-12-31``: each reader gets the item's own
    name), and how many more."""
    return figures[:limit] + ([f"+{len(figures) - limit}"] if len(figures) > limit else [])


def spreading_findings(spread: Spread | None) -> list[Finding]:
    """FIGURES_UNCONFIRMED while a needed figure waits; FIGURES_KEYED when people's figures are in
    force (a reviewer sees how many before signing); FIGURE_ENTRY_INVALIDATED for each set aside."""
    if spread is None:
        return []
    found = []
    if spread.pending:
        names = [f"{p.item} {p.period}" for p in spread.pending]
        lines = [line("figure_status", item=p.item, period=p.period, status=p.figure.status) for p in spread.pending]
        found.append(finding("FIGURES_UNCONFIRMED", count=len(names), figures=_listed(names), evidence=lines))
    people = [
        (period, item, figure)
        for period, items in sorted(spread.sheet.figures.items())
        for item, figure in sorted(items.items())
        if figure.status in ("keyed", "confirmed")
    ]
    by_person = [f"{item} {period}" for period, item, _ in people]
    lines = [line("figure_by", item=i, period=p, status=f.status, by=f.by) for p, i, f in people]
    if by_person:
        found.append(
            finding(
                "FIGURES_KEYED",
                keyed=spread.count("keyed"),
                confirmed=spread.count("confirmed"),
                figures=_listed(by_person),
                evidence=lines,
            )
        )
    for gone in spread.invalidated:
        e = gone.entry
        found.append(
            finding(
                "FIGURE_ENTRY_INVALIDATED",
                variant=gone.reason,
                period=e.period,
                item=e.item,
                by=e.by,
                at=f"{e.at:%Y-%m-%d}",
                action=e.action,
                file=gone.file,
                value=e.value,
                now=gone.now,
            )
        )
    return found
