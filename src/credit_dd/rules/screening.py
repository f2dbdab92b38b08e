"""Rules on screening: a watchlist hit is critical; a list that could not be used is never "no hits"."""

from __future__ import annotations

from credit_dd.analysis.watchlist import Watchlist, WatchlistHit
from credit_dd.policy.findings import Finding, finding, line


def watchlist_findings(hits: list[WatchlistHit], lists: list[Watchlist]) -> list[Finding]:
    """Hits are critical; a list that could not be used is never "no hits"."""
    findings = [
        finding("WATCHLIST_UNAVAILABLE", variant="list", source=w.source, error=w.error or "empty")
        for w in lists
        if not w.available
    ]
    if not lists:
        findings.append(finding("WATCHLIST_UNAVAILABLE", variant="none"))
    findings += [
        finding(
            "WATCHLIST_HIT",
            role=h.role,
            party=h.party,
            list_name=h.entry.list_name,
            entry_id=h.entry.entry_id,
            matched=h.matched_name,
            score=h.score,
            on=h.on,
            evidence=[
                line(
                    "watchlist_entry",
                    list_name=h.entry.list_name,
                    entry_id=h.entry.entry_id,
                    names="; ".join(h.entry.names[:3]),
                    program=h.entry.program,
                )
            ],
        )
        for h in hits
    ]
    return findings
