"""The words of what people read, in one language: display names from ``labels_i18n.yaml``, the
ratio catalogue's names, and industries by their GB/T 4754 code (``industries.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from credit_dd.policy.formats import Lang
from credit_dd.policy.ratios import CATALOGUE


def _data(name: str) -> Any:
    return yaml.safe_load(files("credit_dd").joinpath(f"data/{name}").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, list[str]]]:
    return dict(_data("labels_i18n.yaml"))


def label_table(lang: Lang) -> dict[str, dict[str, str]]:
    """Display names in one language: ``{"items": {...}, "ratios": {...}, "sections": {...}}``."""
    index = 0 if lang == "zh" else 1
    tables = {group: {key: names[index] for key, names in table.items()} for group, table in _labels().items()}
    return tables | {"ratios": {name: r.label(lang) for name, r in CATALOGUE.items()}}


def named(table: dict[str, dict[str, str]], group: str, key: str | None) -> str:
    """``key``'s name in ``group``; a value the table does not know (the form's own words) as it is."""
    if not key:
        return ""
    return table.get(group, {}).get(key, key)


@lru_cache(maxsize=1)
def _industries() -> dict[str, dict[str, list[str]]]:
    return dict(_data("industries.yaml"))


def industry_name(code: str | None, lang: Lang) -> str:
    """The industry of a GB/T 4754 code by its division, with its section: ``通用设备制造业（制造业）``;
    empty for a code the table does not know."""
    if not code:
        return ""
    index = 0 if lang == "zh" else 1
    table = _industries()
    section = table["sections"].get(code[:1].upper())
    division = table["divisions"].get(code[1:3])
    if section is None or division is None:
        return section[index] if section else ""
    return f"{division[index]}（{section[index]}）" if lang == "zh" else f"{division[index]} ({section[index]})"
