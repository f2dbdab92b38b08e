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
import unicodedata
from pathlib import Path

from pydantic import BaseModel
from rapidfuzz import fuzz

LEGAL_FORMS = re.compile(
    r"\b(?:co|company|corp|corporation|inc|incorporated|ltd|limited|llc|plc|gmbh|sa|ag|jsc|pjsc|ooo|"
    r"holdings?|group|international|intl|trading|the)\b|有限责任公司|股份有限公司|有限公司|集团|公司",
    re.I,
)
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
_HAN = re.compile(r"[\u4e00-\u9fff]")
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


def normalise_name(name: str) -> str:
    """Case, width, punctuation and legal forms removed: ``"Acme Co., Ltd."`` → ``"acme"``."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[^\w\u4e00-\u9fff]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def identifier_key(identifier: str) -> str:
    """An identifier compared without case, spaces, dots, dashes or slashes."""
    return re.sub(r"[\s./-]+", "", unicodedata.normalize("NFKC", identifier)).upper()


def remark_identifiers(remarks: str) -> list[str]:
    """Passport, ID, registration and tax numbers named in an SDN entry's remarks."""
    return list(dict.fromkeys(identifier_key(m.group(1)) for m in _REMARK_ID.finditer(remarks)))


def romanise(name: str) -> str:
    """A name in Latin letters for comparing across scripts: Han characters by their pinyin
    (pypinyin, tone marks dropped), then normalised: ``"陈明"`` → ``"chen ming"``, ``"李方伟"`` →
    ``"li fangwei"`` as passports and sanctions lists write it. Empty when the name has no Han
    characters."""
    if not _HAN.search(name):
        return ""
    from pypinyin import Style, lazy_pinyin  # its dictionaries cost a moment to load: only when needed

    key = normalise_name(name)
    syllables = lazy_pinyin(key, style=Style.NORMAL, errors="default")
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", key):  # a person: surname, then the given name written as one word
        return f"{syllables[0]} {''.join(syllables[1:])}"
    return normalise_name(" ".join(syllables))


MAX_READINGS = 8  # of a name with characters read more than one way (曾 zeng / ceng, 单 shan / dan)


def romanisations(name: str) -> list[str]:
    """Every pinyin reading of a name (up to ``MAX_READINGS``), the usual one first: a surname such
    as 曾 is read zeng, not the ceng a dictionary gives first, so each reading must be tried."""
    first = romanise(name)
    if not first:
        return []
    from itertools import islice, product

    from pypinyin import Style, pinyin

    key = normalise_name(name)
    readings = pinyin(key, style=Style.NORMAL, heteronym=True, errors="default")
    person = bool(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", key))
    out = [first]
    for combo in islice(product(*readings), MAX_READINGS * 4):
        text = f"{combo[0]} {''.join(combo[1:])}" if person else normalise_name(" ".join(combo))
        if text not in out:
            out.append(text)
    return out[:MAX_READINGS]


def same_person(a: str, b: str) -> bool:
    """Whether two printed names are one person's: equal without spaces and dots (王 磊 = 王磊), or
    equal in pinyin across scripts (陈明 = Chen Ming = CHEN, Ming)."""
    key = lambda n: re.sub(r"[\s·.．,，]+", "", unicodedata.normalize("NFKC", n)).casefold()  # noqa: E731
    if key(a) and key(a) == key(b):
        return True
    readings = [romanisations(n) or [normalise_name(n)] for n in (a, b)]
    return any(x and sorted(x.split()) == sorted(y.split()) for x in readings[0] for y in readings[1])


def company_key(name: str) -> str:
    """A company name reduced for comparing two documents' spelling of it.

    Width, case, spacing, punctuation and legal forms go (Co., Ltd. / Company Limited /
    有限公司 / （有限公司） / 股份有限公司): "Riverside Components Co., Ltd." and
    "RIVERSIDE COMPONENTS LIMITED" are one company.
    """
    return normalise_name(name).replace(" ", "")


def same_company(a: str, b: str) -> bool:
    """Whether two printed names are the same company (see ``company_key``)."""
    return bool(company_key(a)) and company_key(a) == company_key(b)


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
