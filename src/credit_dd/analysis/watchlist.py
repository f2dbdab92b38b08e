"""Watchlists (sanctions and internal blacklists) and screening of names and identifiers.

Two formats load: the OFAC SDN CSV as published (no header, 12 columns, ``-0-`` for null,
aliases inside the remarks as ``a.k.a. 'NAME'``, a trailing Ctrl-Z) and a simple CSV with a
header (``name,id_number,list,remarks``; ``aliases`` separated by ``;``). A list that is
missing, empty or unreadable is *unavailable*, never "no hits".
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from pydantic import BaseModel
from rapidfuzz import fuzz

from credit_dd.documents.files import ParsedDocument, bank_statements
from credit_dd.intake.application import Application
from credit_dd.names import identifier_key, normalise_name, romanisations

_AKA = re.compile(r"a\.k\.a\.?\s*'([^']+)'", re.I)
# Identifiers printed in the SDN remarks: "Passport E12345678 (China); National ID No. 1101…;
# Unified Social Credit Code (USCC) 9113…XK (China); Registration Number 1027…".
_REMARK_ID = re.compile(
    r"(?:Passport|National ID No\.|Registration ID|Registration Number|Business Registration (?:Number|Document #)|"
    r"Unified Social Credit Code \(USCC\)|Identification Number|Tax ID No\.|Personal ID Card|Cedula No\.|"
    r"Residency Number|Chinese Commercial Code|C\.U\.R\.P\. #|Trade License No\.|Company Number)"
    r"\s+([A-Z0-9][A-Z0-9./-]*(?: [0-9][0-9./-]*)*)",
    re.I,
)
NAME_THRESHOLD = 90.0


class WatchlistEntry(BaseModel):
    """One listed party with every name it is known by."""

    list_name: str
    entry_id: str
    names: list[str]
    identifiers: list[str] = []
    program: str = ""
    remarks: str = ""


class Watchlist(BaseModel):
    """A loaded list, or the reason it could not be used."""

    source: str
    entries: list[WatchlistEntry] = []
    error: str | None = None

    @property
    def available(self) -> bool:
        return self.error is None and bool(self.entries)


class WatchlistHit(BaseModel):
    """A screened party that matches a list entry, with the score (100 = identical)."""

    party: str
    role: str
    entry: WatchlistEntry
    matched_name: str
    score: float
    on: str  # "identifier", "name" or "alias (pinyin)"


def remark_identifiers(remarks: str) -> list[str]:
    """Passport, ID, registration and tax numbers named in an SDN entry's remarks."""
    return list(dict.fromkeys(identifier_key(m.group(1)) for m in _REMARK_ID.finditer(remarks)))


def _read_text(path: Path) -> str:
    raw = path.read_bytes().rstrip(b"\x1a\r\n ")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _sdn_entries(text: str, list_name: str) -> list[WatchlistEntry]:
    entries = []
    for row in csv.reader(io.StringIO(text)):
        if len(row) < 12 or not row[0].strip().isdigit():
            continue
        clean = [("" if c.strip() == "-0-" else c.strip()) for c in row]
        names = [clean[1], *_AKA.findall(clean[11])]
        entries.append(
            WatchlistEntry(
                list_name=list_name,
                entry_id=clean[0],
                names=[n for n in names if n],
                identifiers=remark_identifiers(clean[11]),
                program=clean[3],
                remarks=clean[11][:300],
            )
        )
    return entries


def _simple_entries(text: str, list_name: str) -> list[WatchlistEntry]:
    entries = []
    for index, row in enumerate(csv.DictReader(io.StringIO(text)), start=1):
        name = (row.get("name") or "").strip()
        if not name:
            continue
        aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
        ids = [identifier_key(i) for i in (row.get("id_number") or "").split(";") if i.strip()]
        entries.append(
            WatchlistEntry(
                list_name=row.get("list") or list_name,
                entry_id=row.get("entry_id") or str(index),
                names=[name, *aliases],
                identifiers=ids,
                remarks=row.get("remarks") or "",
            )
        )
    return entries


def read_watchlists(paths: list[Path]) -> list[Watchlist]:
    """Every list named; an unusable one stays in the result as unavailable, never as "no hits"."""
    return [read_watchlist(path) for path in paths]


def read_watchlist(path: Path) -> Watchlist:
    """Load a list in either format; problems become ``error``, never an exception."""
    source = str(path)
    if not path.is_file():
        return Watchlist(source=source, error="file not found")
    try:
        text = _read_text(path)
    except OSError as exc:
        return Watchlist(source=source, error=f"cannot be read: {exc.strerror}")
    first = text.split("\n", 1)[0].lower()
    try:
        entries = (
            _simple_entries(text, path.stem)
            if "name" in first.split(",")[0:3] or first.startswith("name")
            else _sdn_entries(text, path.stem)
        )
    except csv.Error as exc:
        return Watchlist(source=source, error=f"not a readable CSV: {exc}")
    if not entries:
        return Watchlist(source=source, error="the list is empty or in an unknown format")
    return Watchlist(source=source, entries=entries)


def screen(
    parties: list[tuple[str, str, str | None]], lists: list[Watchlist], threshold: float = NAME_THRESHOLD
) -> list[WatchlistHit]:
    """Screen (name, role, identifier) parties against every available list."""
    hits: list[WatchlistHit] = []
    for watchlist in lists:
        if not watchlist.available:
            continue
        index = [(entry, name, normalise_name(name), "name") for entry in watchlist.entries for name in entry.names]
        # A listed Chinese name is screened in pinyin too, against parties written in Latin letters.
        index += [
            (entry, name, roman, "alias (pinyin)")
            for entry in watchlist.entries
            for name in entry.names
            for roman in romanisations(name)
        ]
        by_identifier: dict[str, WatchlistEntry] = {i: e for e in watchlist.entries for i in e.identifiers}
        for party, role, identifier in parties:
            hits.extend(_screen_one(party, role, identifier, index, by_identifier, threshold))
    return hits


def _screen_one(
    party: str,
    role: str,
    identifier: str | None,
    index: list[tuple[WatchlistEntry, str, str, str]],
    by_identifier: dict[str, WatchlistEntry],
    threshold: float,
) -> list[WatchlistHit]:
    best: dict[str, WatchlistHit] = {}
    listed = by_identifier.get(identifier_key(identifier)) if identifier else None
    if listed is not None:
        best[listed.entry_id] = WatchlistHit(
            party=party, role=role, entry=listed, matched_name=listed.names[0], score=100.0, on="identifier"
        )
    keys = [(normalise_name(party), "name")]
    keys += [(roman, "alias (pinyin)") for roman in romanisations(party)]  # a Chinese party against Latin entries
    for entry, name, normalised, how in index:
        if entry.entry_id in best and best[entry.entry_id].on == "identifier":
            continue
        for key, party_how in keys:
            if not key or not normalised or abs(len(key) - len(normalised)) > max(len(key), len(normalised)) // 2 + 2:
                continue
            if (how == "name") == (party_how == "name") and how != "name":
                continue  # pinyin against pinyin is not a cross-script comparison
            score = fuzz.token_sort_ratio(key, normalised)
            on = "name" if how == party_how == "name" else "alias (pinyin)"
            if score >= threshold and (entry.entry_id not in best or best[entry.entry_id].score < score):
                best[entry.entry_id] = WatchlistHit(
                    party=party, role=role, entry=entry, matched_name=name, score=round(score, 1), on=on
                )
    return list(best.values())


def screening_parties(application: Application, documents: list[ParsedDocument]) -> list[tuple[str, str, str | None]]:
    """Everyone the bank must screen: applicant, people behind it, guarantors, related parties, counterparties."""
    a = application.applicant
    parties: list[tuple[str, str, str | None]] = [(a.name, "applicant", a.unified_social_credit_code or a.id_number)]
    for role, person in (("legal representative", a.legal_representative), ("actual controller", a.actual_controller)):
        if person:
            parties.append((person.name, role, person.id_number))
    parties += [(s.name, "shareholder", s.id_number) for s in a.shareholders]
    parties += [(g.name, "guarantor", g.id_number or g.unified_social_credit_code) for g in application.guarantors]
    parties += [(r.name, "related party", None) for r in application.related_parties]
    counterparties = {t.counterparty for s in bank_statements(documents) for t in s.transactions if t.counterparty}
    parties += [(name, "bank counterparty", None) for name in sorted(counterparties)]
    return list(dict.fromkeys(parties))
