"""Printed statement labels → canonical line items, through the synonym table in data/.

The table is data (``data/line_items.yaml``) so that a new wording is a one-line diff.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Literal

import yaml

StatementKind = Literal["balance_sheet", "income_statement", "cash_flow"]
STATEMENT_KINDS: tuple[StatementKind, ...] = ("balance_sheet", "income_statement", "cash_flow")

_ENUMERATION = re.compile(
    r"^(?:[ivx]{1,5}\s+(?=[a-z(])|[0-9x]{4,5}\s*(?=[^\dx\s.,])|[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d)|[（(][一二三四五六七八九十\d]+[)）]|[（(](?:[a-z]|[ivx]+)[)）]|[a-z][.)]\s)"
)
_PREFIX = re.compile(r"^(?:其中[:：]?|加[:：]|减[:：]|less[:：]?\s|add[:：]?\s|of which[:：]?\s)", re.IGNORECASE)
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_UNCLOSED = re.compile(r"[（(][^)）]*$")
_SLASHED_ALTERNATIVE = re.compile(r"[/／]\s*[（(][^)）]*[)）]|[（(][^)）]*[)）]\s*[/／]")  # 期內（虧損）／溢利
# Note references printed after the label: 五、1  七（3） 附注5 (note 5)
_NOTE_REFERENCE = re.compile(
    r"\s*(?:附注)?\s*(?:[一二三四五六七八九十]+(?:[、.．]\s*\d+(?:[（(]\d+[)）])?|[（(]\d+[)）])|[（(]?(?:note|附注)\s*\d+[)）]?)$",
    re.IGNORECASE,
)
NOTE_NUMBERS = r"\d{1,3}[A-Za-z]?(?:\s*[,，、&]\s*\d{1,3}[A-Za-z]?)+"  # 4,26 / 5,16,34 / 10, 11 / 12 & 13
_NOTE_LIST = re.compile(rf"(?<=[a-z)])\s+{NOTE_NUMBERS}$")  # Revenue 4,26
# Taiwan's note references: 六(二十二)及七, 六(七)(十)(十一), 七及八
_NOTE_NUMERAL = r"[一二三四五六七八九十]+(?:\s*[（(][一二三四五六七八九十\d]+[)）])*"
_TW_NOTE_REFERENCE = re.compile(rf"\s*{_NOTE_NUMERAL}(?:\s*(?:及|、|和)\s*{_NOTE_NUMERAL})*$")
_CJK = "\u4e00-\u9fff、：（）“”，"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_DROP = re.compile(r"[\s:：*＊#]+")
# Fonts whose ToUnicode maps send common characters to rare look-alikes (兴业银行's report:
# 合并 extracts as 合幵). Only glyphs that ordinary financial Chinese never uses are mapped back.
_GLYPH_REPAIRS = str.maketrans("幵呾癿劢仹讣挄亍丌", "并和的动份认按于不")
_MISREAD_FIVE = re.compile(r"^亏(?=[、.．])")  # 五、净利润 extracted as 亏、净利润


@lru_cache(maxsize=1)
def _line_items() -> dict[str, object]:
    text = files("credit_dd").joinpath("data/line_items.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


@lru_cache(maxsize=1)
def _traditional() -> dict[int, str]:
    table = _line_items()["traditional"]
    assert isinstance(table, dict)
    source, target = "".join(str(table["from"]).split()), "".join(str(table["to"]).split())
    assert len(source) == len(target), "line_items.yaml: traditional from/to differ in length"
    return {ord(a): b for a, b in zip(source, target, strict=True)}


def simplified(text: str) -> str:
    """Traditional characters as their simplified forms (資產負債表 → 资产负债表): Taiwan and Hong Kong
    filings are read with the same vocabulary (their own terms, 稅前淨利 or 權益總計, are listed too)."""
    return text.translate(_traditional())


def repair_glyphs(text: str) -> str:
    """Undo look-alike code points from a broken ToUnicode map (幵 → 并, 呾 → 和, 癿 → 的 …), and read
    traditional characters as simplified."""
    return _MISREAD_FIVE.sub("五", simplified(text).translate(_GLYPH_REPAIRS))


def normalise_label(label: str) -> str:
    """Reduce a printed label to its comparable core.

    ``"四、利润总额（亏损总额以“－”号"`` → ``"利润总额"``; ``"Less: Cost of sales"`` →
    ``"cost of sales"``; ``"Trade receivables (Note 5)"`` → ``"trade receivables"``.
    """
    text = repair_glyphs(label.strip()).lower().replace("\u3000", " ")
    text = _CJK_SPACE.sub("", text)  # 减 ：营业成 本: a font change inside a label splits its words
    for _ in range(3):
        stripped = _PREFIX.sub("", _ENUMERATION.sub("", text.strip()))
        if stripped == text:
            break
        text = stripped
    text = _NOTE_LIST.sub("", _NOTE_REFERENCE.sub("", text))
    stripped = _TW_NOTE_REFERENCE.sub("", text)
    text = stripped if re.search(r"[\u4e00-\u9fff]", stripped) else text  # never the whole label
    # "Profit/(loss)", "(used in)/generated from": keep the plain reading before dropping brackets.
    text = _SLASHED_ALTERNATIVE.sub("", text)
    text = _UNCLOSED.sub("", _BRACKETED.sub("", _BRACKETED.sub("", text)))
    if re.search(r"[a-z]", text) and not re.search(r"[\u4e00-\u9fff]", text):
        text = re.sub(r"\s+", " ", text.replace(":", " ")).strip(" .,;")
        return text.replace("’", "'")
    return _DROP.sub("", text)


@dataclass(frozen=True)
class Synonym:
    item: str
    kind: StatementKind
    priority: int
    exact: str | None
    pattern: re.Pattern[str] | None
    squashed: re.Pattern[str] | None = None  # the pattern with its spaces removed


UNKNOWN_GLYPH = "\ufffd"  # a glyph whose font maps it to no character (U+0000), as the text layer shows it

# The ligatures a font may draw as one glyph with no Unicode value (most often Word's "ti" in Calibri),
# most common first: each is tried in the caption, and only the vocabulary decides.
_LIGATURES = ("ti", "fi", "ff", "fl", "tt", "ft", "ffi", "ffl", "tf", "th")


def _ligature_readings(key: str) -> Iterator[str]:
    """The caption with each unknown glyph read as a ligature: one ligature for all of them first, then
    every mix when there are at most two."""
    parts = key.split(UNKNOWN_GLYPH)
    for ligature in _LIGATURES:
        yield ligature.join(parts)
    if len(parts) == 3:
        for first, second in itertools.product(_LIGATURES, repeat=2):
            yield parts[0] + first + parts[1] + second + parts[2]


@dataclass(frozen=True)
class SynonymTable:
    """The loaded synonym table: lookups by normalised label."""

    version: int
    exact: dict[tuple[StatementKind, str], Synonym]
    patterns: tuple[Synonym, ...]
    additive: frozenset[str]
    squashed: dict[tuple[StatementKind, str], Synonym] = field(default_factory=dict)

    def match(self, kind: StatementKind, label: str) -> Synonym | None:
        """The canonical item a printed label means in a statement of ``kind``, if any.

        English labels whose word spaces the PDF lost ("Netincome") match without spaces.
        """
        key = normalise_label(label)
        if not key:
            return None
        if UNKNOWN_GLYPH in key:
            return next(filter(None, (self._match_key(kind, k) for k in _ligature_readings(key))), None)
        return self._match_key(kind, key)

    def _match_key(self, kind: StatementKind, key: str) -> Synonym | None:
        found = self.exact.get((kind, key)) or self.squashed.get((kind, key.replace(" ", "")))
        if found:
            return found
        for synonym in self.patterns:
            if synonym.kind == kind and synonym.pattern is not None and synonym.pattern.fullmatch(key):
                return synonym
        for synonym in self.patterns:
            if (
                synonym.kind == kind
                and synonym.squashed is not None
                and synonym.squashed.fullmatch(key.replace(" ", ""))
            ):
                return synonym
        return None

    def match_wrapped(self, kind: StatementKind, first_part: str) -> Synonym | None:
        """The item whose label starts with ``first_part``: a label wrapped onto a second line.

        Only a long enough Chinese start that fits exactly one label counts (四、汇率变动对现金及现金等价物 /
        的影响 printed over two lines).
        """
        key = normalise_label(first_part)
        if len(key) < 6 or not re.search(r"[\u4e00-\u9fff]", key):
            return None  # English wraps between words, and "Total capitalization" is a label of its own
        found = {s.item: s for (k, text), s in self.exact.items() if k == kind and text.startswith(key)}
        return next(iter(found.values())) if len(found) == 1 else None

    def items(self, kind: StatementKind) -> list[str]:
        """Canonical item names of one statement kind, in table order."""
        seen: dict[str, None] = {}
        for synonym in sorted(list(self.exact.values()) + list(self.patterns), key=lambda s: s.priority):
            if synonym.kind == kind:
                seen.setdefault(synonym.item, None)
        return list(seen)


def parse_synonym_table(data: dict[str, object]) -> SynonymTable:
    """Build a table from the YAML structure documented in ``data/line_items.yaml``."""
    exact: dict[tuple[StatementKind, str], Synonym] = {}
    patterns: list[Synonym] = []
    priority = 0
    items = data["items"]
    assert isinstance(items, dict)
    for kind in STATEMENT_KINDS:
        for item, labels in items.get(kind, {}).items():
            for label in labels:
                priority += 1
                if str(label).startswith("re:"):
                    source = str(label)[3:]
                    squashed_source = re.sub(r" [?*+]?", "", source)
                    patterns.append(
                        Synonym(item, kind, priority, None, re.compile(source), re.compile(squashed_source))
                    )
                else:
                    exact.setdefault(
                        (kind, normalise_label(str(label))), Synonym(item, kind, priority, str(label), None)
                    )
    additive = data.get("additive", [])
    assert isinstance(additive, list)
    squashed: dict[tuple[StatementKind, str], Synonym] = {}
    for (kind, text), synonym in exact.items():
        squashed.setdefault((kind, text.replace(" ", "")), synonym)
    return SynonymTable(int(str(data.get("version", 1))), exact, tuple(patterns), frozenset(additive), squashed)


@lru_cache(maxsize=1)
def default_synonyms() -> SynonymTable:
    """The synonym table shipped with the package."""
    return parse_synonym_table(_line_items())
