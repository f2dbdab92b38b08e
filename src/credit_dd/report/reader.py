"""The reader of a report or notice: their language, the case's currency, and the words for both.

Every string a template prints is made through a ``Reader``: names from the label tables, figures
through ``policy.formats`` (one place), sentences filled from their parameters in that language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from credit_dd.case import CaseResult
from credit_dd.masking import mask_text
from credit_dd.policy.findings import evidence_in, fill, message_in
from credit_dd.policy.formats import Lang, Unit, figure, local_time, money
from credit_dd.report.labels import label_table, named
from credit_dd.report.notes import localise


@dataclass(frozen=True)
class Reader:
    """One reader's language, the case's currency and time zone, and the label tables in that language."""

    lang: Lang
    currency: str
    zone: tzinfo | None
    t: dict[str, dict[str, str]]

    @classmethod
    def of(cls, case: CaseResult) -> Reader:
        app = case.application
        return cls(case.lang, app.currency, app.received_at.tzinfo, label_table(case.lang))

    @property
    def s(self) -> dict[str, str]:
        """The sections' words (headings, column names, sentences)."""
        return self.t["sections"]

    def name(self, group: str, key: str | None) -> str:
        """A catalogued value's name (a product, a document kind); the form's own words as they are."""
        return named(self.t, group, key)

    def say(self, key: str, **params: Any) -> str:
        """A sentence of the sections table filled from ``params`` (figures by their unit spec)."""
        return fill(self.s[key], params, self.lang, self.currency)

    def money(self, value: float | None, bare: bool = True) -> str:
        """An amount in the case's currency; ``bare`` in a table whose header names the currency."""
        return money(value, self.currency, self.lang, bare=bare)

    def figure(self, value: float | None, unit: Unit) -> str:
        return figure(value, unit, self.lang, self.currency)

    def time(self, moment: datetime) -> str:
        """A moment in the application's time zone."""
        return local_time(moment, self.zone, self.lang)

    def message(self, item: Any) -> str:
        """A finding's, deficiency's or issue's message in this language, personal numbers masked (an
        English one starts with a capital: it is a line of its own)."""
        text = mask_text(message_in(item, self.lang, self.currency))
        starts_with_a_word = re.match(r"[a-z]+[\s,:;']", text)  # not a file name (documents/…)
        return text[:1].upper() + text[1:] if self.lang == "en" and starts_with_a_word else text

    def evidence(self, item: Any) -> list[str]:
        """A finding's evidence lines in this language, personal numbers masked."""
        items = self.t["items"]
        return [mask_text(localise(e, self.lang, items)) for e in evidence_in(item, self.lang, self.currency)]

    def note(self, text: str) -> str:
        """A note an earlier stage wrote in English, in this language."""
        return localise(text, self.lang, self.t["items"])
