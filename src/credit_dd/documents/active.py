"""Active content in a PDF: what a viewer may run for whoever opens it.

A loan file is opened by the relationship manager, the checker and later an auditor, from the
approval package. A PDF can carry JavaScript (run on opening, on a page, on a field, from a link)
and Launch actions (start a program, open another file). Neither has any business in a financial
statement or a bank statement, and either is a way in: each is reported on its document, with where
it sits. Only the places a viewer triggers actions from are looked at (the document's open action
and additional actions, its named scripts, its form fields, every page's additional actions and
annotations, and each action's ``/Next`` chain); the walk is bounded and never fails the reading.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral, literal_name

from credit_dd.masking import printable

ACTIVE = {"JavaScript": "runs JavaScript", "Launch": "launches a program or opens a file"}
MAX_DEPTH = 24  # action chains and field trees deeper than this are not followed
MAX_OBJECTS = 5_000  # nor more objects than this in all


class _Walk:
    """One bounded walk over a document's triggers."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.seen: set[int] = set()
        self.budget = MAX_OBJECTS

    def resolve(self, value: Any) -> Any:
        """The object ``value`` refers to, once: a reference seen before (a loop) gives ``None``."""
        if isinstance(value, PDFObjRef):
            if value.objid in self.seen or self.budget <= 0:
                return None
            self.seen.add(value.objid)
            self.budget -= 1
            return resolve1(value)
        return value

    def action(self, value: Any, where: str, depth: int = 0) -> None:
        value = self.resolve(value)
        if depth > MAX_DEPTH or value is None:
            return
        if isinstance(value, list):
            for item in value:
                self.action(item, where, depth + 1)
            return
        if not isinstance(value, dict):
            return
        kind = _name(value.get("S"))
        if kind in ACTIVE:
            self.found.append(f"{where}: {ACTIVE[kind]}")
        elif "JS" in value:
            self.found.append(f"{where}: {ACTIVE['JavaScript']}")
        self.action(value.get("Next"), where, depth + 1)

    def triggers(self, value: Any, where: str) -> None:
        """Additional actions (``/AA``): one action per trigger (open, close, keystroke …)."""
        value = self.resolve(value)
        if isinstance(value, dict):
            for trigger, action in value.items():
                self.action(action, f"{where} ({trigger})")

    def fields(self, value: Any, depth: int = 0) -> None:
        for field in self._items(value):
            if depth <= MAX_DEPTH and isinstance(field, dict):
                name = printable(_text(field.get("T"))) or "a form field"
                self.action(field.get("A"), f"form field {name}")
                self.triggers(field.get("AA"), f"form field {name}")
                self.fields(field.get("Kids"), depth + 1)

    def _items(self, value: Any) -> Iterator[Any]:
        value = self.resolve(value)
        for item in value if isinstance(value, list) else []:
            yield self.resolve(item)


def active_content(catalog: dict[str, Any], pages: list[dict[str, Any]]) -> list[str]:
    """Where the document runs something, one line each (empty for a plain document)."""
    walk = _Walk()
    with contextlib.suppress(Exception):  # a malformed object: what was found so far stands; reading goes on
        walk.action(catalog.get("OpenAction"), "on opening the document")
        walk.triggers(catalog.get("AA"), "the document")
        names = walk.resolve(catalog.get("Names"))
        if isinstance(names, dict) and names.get("JavaScript") is not None:
            walk.found.append(f"named document scripts: {ACTIVE['JavaScript']}")
        acroform = walk.resolve(catalog.get("AcroForm"))
        if isinstance(acroform, dict):
            walk.fields(acroform.get("Fields"))
        for number, page in enumerate(pages, start=1):
            walk.triggers(page.get("AA"), f"page {number}")
            for annotation in walk._items(page.get("Annots")):
                if isinstance(annotation, dict):
                    walk.action(annotation.get("A"), f"page {number}, a link or annotation")
                    walk.triggers(annotation.get("AA"), f"page {number}, an annotation")
    return list(dict.fromkeys(walk.found))


def _name(value: Any) -> str | None:
    return literal_name(value) if isinstance(value, PSLiteral) else value if isinstance(value, str) else None


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1", "replace")[:40]
    return str(value)[:40] if isinstance(value, str) else ""
