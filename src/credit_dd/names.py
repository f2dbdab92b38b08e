"""Names and identifiers as compared, once for every comparison in the pipeline.

Every place that asks "is this the same person / company / identifier?" (the licence against the
form, screening against watchlists, bank counterparties against related parties, the roster's
checker against the maker and the investigators) uses these helpers, so two places never strip
different characters.

- ``plain``: width folded (NFKC), spaces and name dots (· . ・ ，,) gone, case-free: 王 磊 = 王磊.
- ``normalise_name``: ``plain``'s folding plus punctuation and legal forms removed, words kept:
  ``"Acme Co., Ltd."`` → ``"acme"``.
- ``romanise`` / ``romanisations``: a Han name in pinyin, for comparing across scripts.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import islice, product

LEGAL_FORMS = re.compile(
    r"\b(?:co|company|corp|corporation|inc|incorporated|ltd|limited|llc|plc|gmbh|sa|ag|jsc|pjsc|ooo|"
    r"holdings?|group|international|intl|trading|the)\b|有限责任公司|股份有限公司|有限公司|集团|公司",
    re.I,
)
_NAME_DOTS = re.compile(r"[\s·.．・,，]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}")  # a Chinese person's name: surname, then the given name
MAX_READINGS = 8  # of a name with characters read more than one way (曾 zeng / ceng, 单 shan / dan)


def plain(name: str) -> str:
    """A name as compared for identity: full-width folded, no spaces or name dots, case-free."""
    return _NAME_DOTS.sub("", unicodedata.normalize("NFKC", name)).casefold()


def normalise_name(name: str) -> str:
    """Case, width, punctuation and legal forms removed: ``"Acme Co., Ltd."`` → ``"acme"``."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[^\w\u4e00-\u9fff]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def identifier_key(identifier: str) -> str:
    """An identifier compared without case, spaces, dots, dashes or slashes."""
    return re.sub(r"[\s./-]+", "", unicodedata.normalize("NFKC", identifier)).upper()


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
    if _PERSON.fullmatch(key):
        return f"{syllables[0]} {''.join(syllables[1:])}"
    return normalise_name(" ".join(syllables))


def romanisations(name: str) -> list[str]:
    """Every pinyin reading of a name (up to ``MAX_READINGS``), the usual one first: a surname such
    as 曾 is read zeng, not the ceng a dictionary gives first, so each reading must be tried."""
    first = romanise(name)
    if not first:
        return []
    from pypinyin import Style, pinyin

    key = normalise_name(name)
    readings = pinyin(key, style=Style.NORMAL, heteronym=True, errors="default")
    person = bool(_PERSON.fullmatch(key))
    out = [first]
    for combo in islice(product(*readings), MAX_READINGS * 4):
        text = f"{combo[0]} {''.join(combo[1:])}" if person else normalise_name(" ".join(combo))
        if text not in out:
            out.append(text)
    return out[:MAX_READINGS]


def same_person(a: str, b: str) -> bool:
    """Whether two printed names are one person's: equal as ``plain`` names (王 磊 = 王磊), or
    equal in pinyin across scripts (陈明 = Chen Ming = CHEN, Ming)."""
    if plain(a) and plain(a) == plain(b):
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
