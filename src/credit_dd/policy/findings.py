"""Findings (what analysis concluded) and deficiencies (what the customer must fix).

Codes are a contract with people, dashboards and tests: add new ones, never rename. Every
code is catalogued once in ``data/findings.yaml``: its usual severity, whether a missing
document could cure it, and its message in Chinese and English. A finding is made with
``finding(code, **params)``: the English message is rendered for ``summary.json``, the
parameters are kept, and the report renders the message again in its reader's language.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Any, Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from credit_dd.policy.formats import as_figures

Severity = Literal["info", "warning", "critical"]
Lang = Literal["zh", "en"]
SEVERITY_ORDER: dict[str, int] = {"critical": 0, "warning": 1, "info": 2}


class Template(BaseModel):
    """A message in both languages, with ``{name}`` fields filled from a finding's parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str


class CodeEntry(BaseModel):
    """One finding code: its usual severity, whether a document could cure it, its messages,
    the condition precedent it implies."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Severity
    curable: bool = True
    zh: str | None = None
    en: str | None = None
    variants: dict[str, Template] = {}
    condition: Template | None = None  # the condition precedent a warning of this code sets on an approval

    def template(self, variant: str | None) -> Template | None:
        if variant:
            return self.variants.get(variant)
        return Template(zh=self.zh, en=self.en) if self.zh and self.en else None


class FindingCatalogue(BaseModel):
    """``data/findings.yaml``: every code, and the words a parameter may carry (roles, channels)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    codes: dict[str, CodeEntry]
    evidence: dict[str, Template] = {}  # the kinds of evidence line, each in both languages
    terms: dict[str, str] = {}  # an English parameter value → its Chinese


@lru_cache(maxsize=1)
def catalogue() -> FindingCatalogue:
    """The packaged finding catalogue."""
    text = files("credit_dd").joinpath("data/findings.yaml").read_text(encoding="utf-8")
    return FindingCatalogue.model_validate(yaml.safe_load(text))


FINDING_CODES = frozenset(catalogue().codes)


class EvidenceLine(BaseModel):
    """One line of a finding's evidence: a catalogued kind (``findings.yaml``, ``evidence:``) and the
    parameters its message is filled from, so each reader gets it in their language. Kind ``text``
    is a line kept as it was written (a document's own words, a figure list)."""

    model_config = ConfigDict(frozen=True)

    kind: str
    params: dict[str, Any] = {}


def line(kind: str, /, **params: Any) -> EvidenceLine:
    """A catalogued evidence line.

    Raises:
        KeyError: the kind is not in the catalogue's ``evidence``.
    """
    template = catalogue().evidence.get(kind)
    if template is None:
        raise KeyError(f"evidence line {kind}: not in the catalogue (data/findings.yaml, evidence:)")
    wanted = _fields(template) | {"currency"}
    return EvidenceLine(kind=kind, params={k: _plain(v) for k, v in params.items() if k in wanted})


class Finding(BaseModel):
    """One conclusion of the analysis, with the evidence a reviewer can check.

    ``message`` and ``evidence`` are the English text (the ``summary.json`` contract); ``variant``,
    ``params`` and ``lines`` let any reader's language render them again from the catalogue.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    evidence: list[str] = []
    variant: str | None = None
    params: dict[str, Any] = {}
    lines: list[EvidenceLine] = []

    @field_validator("code")
    @classmethod
    def _catalogued(cls, code: str) -> str:
        if code not in catalogue().codes:
            raise ValueError(f"finding code {code}: not in the catalogue (data/findings.yaml)")
        return code


class Deficiency(BaseModel):
    """One thing missing or wrong in what the customer supplied (一次性告知: all at once).

    ``message`` is the stored text (``summary.json``); ``variant`` and ``params`` render it in
    the reader's language."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    document: str | None = None
    variant: str | None = None
    params: dict[str, Any] = {}


def deficiency(code: str, variant: str | None = None, /, *, document: str | None = None, **params: Any) -> Deficiency:
    """A catalogued deficiency; its stored message is Chinese and English, as the notice has always been."""
    en, kept = english(code, variant, **params)
    zh = render(code, variant, kept, "zh") or en
    return Deficiency(code=code, message=f"{zh} / {en}", document=document, variant=variant, params=kept)


_BILINGUAL = re.compile(r"^(.*?[\u4e00-\u9fff）)])\s+([A-Za-z(].*)$")


def bilingual(text: str) -> tuple[str, str]:
    """A data label written ``中文 English`` (``营业执照 business licence``) as (Chinese, English);
    a label in one language is both."""
    match = _BILINGUAL.match(text)
    return (match.group(1), match.group(2)) if match else (text, text)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _fields(template: Template) -> set[str]:
    return {
        name.split(".")[0].split("[")[0]
        for text in (template.zh, template.en)
        for _, name, _, _ in string.Formatter().parse(text)
        if name
    }


TERM_GROUPS = ("items", "collateral_kind")  # groups of labels_i18n.yaml a parameter's value may name


@lru_cache(maxsize=2)
def _terms(lang: Lang) -> dict[str, str]:
    """The words a parameter may carry in ``lang``: every line item's and collateral kind's name
    (``paid_in_capital`` → 实收资本 / Paid-in capital) and, for a Chinese reader, the catalogue's terms."""
    labels = yaml.safe_load(files("credit_dd").joinpath("data/labels_i18n.yaml").read_text(encoding="utf-8"))
    index = 0 if lang == "zh" else 1
    names = {key: pair[index] for group in TERM_GROUPS for key, pair in labels[group].items()}
    return names | catalogue().terms if lang == "zh" else names


def term(value: str, lang: Lang) -> str:
    """A catalogued word in ``lang``; a leading one too (``guarantor 张伟`` → ``保证人 张伟``)."""
    terms = _terms(lang)
    if value in terms:
        return terms[value]
    if lang != "zh":  # a role with a name (``guarantor 张伟``) is already English
        return value
    head = max((t for t in terms if value.startswith(t + " ")), key=len, default=None)
    return terms[head] + value[len(head) :] if head else value


def _worded(value: Any, lang: Lang) -> Any:
    """A word in the reader's language; a list of words joined as the language lists them."""
    if isinstance(value, str):
        return term(value, lang)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return ("、" if lang == "zh" else ", ").join(term(v, lang) for v in value)
    return value


def fill(text: str, params: dict[str, Any], lang: Lang = "en", currency: str | None = None) -> str:
    """``text`` with its fields filled: words in the reader's language (catalogued terms), numbers as
    the unit their field asks for (``{amount:money}`` in ``currency``, or the parameters' own)."""
    values = {k: _worded(v, lang) if k != "currency" else v for k, v in params.items()}
    values = {k: float("nan") if v is None else v for k, v in values.items()}
    own = params.get("currency")
    try:
        return text.format(**as_figures(values, lang, own if isinstance(own, str) else currency))
    except (KeyError, ValueError, IndexError, TypeError) as exc:
        raise ValueError(f"message {text!r}: cannot be filled from {sorted(params)} ({exc})") from None


def finding(
    code: str,
    severity: Severity | None = None,
    /,
    *,
    variant: str | None = None,
    evidence: Sequence[str | EvidenceLine] | None = None,
    **params: Any,
) -> Finding:
    """A catalogued finding; the severity defaults to the catalogue's. Evidence is given as
    catalogued lines (``line(kind, …)``); a plain string is kept as it was written.

    Raises:
        KeyError: the code (or its variant) is not in the catalogue.
        ValueError: the parameters do not fill its message.
    """
    message, kept = english(code, variant, **params)
    lines = [
        e if isinstance(e, EvidenceLine) else EvidenceLine(kind="text", params={"text": e}) for e in evidence or []
    ]
    return Finding(
        code=code,
        severity=severity or catalogue().codes[code].severity,
        message=message,
        evidence=[evidence_line(e, "en", kept.get("currency")) for e in lines],
        variant=variant,
        params=kept,
        lines=lines,
    )


def evidence_line(item: EvidenceLine, lang: Lang, currency: str | None = None) -> str:
    """One evidence line in ``lang`` (a ``text`` line as it was written)."""
    if item.kind == "text":
        return str(item.params.get("text", ""))
    template = catalogue().evidence[item.kind]
    return fill(template.zh if lang == "zh" else template.en, item.params, lang, currency)


def evidence_in(item: Finding, lang: Lang, currency: str | None = None) -> list[str]:
    """A finding's evidence in ``lang``, its amounts in the finding's currency or ``currency`` (its
    stored English lines when it has no catalogued ones)."""
    if not item.lines:
        return list(item.evidence)
    own = item.params.get("currency")
    return [evidence_line(e, lang, own if isinstance(own, str) else currency) for e in item.lines]


def render(
    code: str, variant: str | None, params: dict[str, Any], lang: Lang, currency: str | None = None
) -> str | None:
    """A catalogued message in ``lang``, or ``None`` when the code (or variant) has none."""
    entry = catalogue().codes.get(code)
    template = entry.template(variant) if entry else None
    if template is None:
        return None
    return fill(template.zh if lang == "zh" else template.en, params, lang, currency)


def english(code: str, variant: str | None = None, /, **params: Any) -> tuple[str, dict[str, Any]]:
    """(English message, the parameters kept) of a catalogued code, for records made outside ``finding``.
    A ``currency`` parameter is kept whether or not the message prints it: its amounts are in it."""
    entry = catalogue().codes[code]
    template = entry.template(variant)
    if template is None:
        raise KeyError(f"{code}: no message{f' for variant {variant}' if variant else ''} in the catalogue")
    kept = {k: _plain(v) for k, v in params.items() if k in _fields(template) or k == "currency"}
    return fill(template.en, kept), kept


class _Message(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def variant(self) -> str | None: ...
    @property
    def params(self) -> dict[str, Any]: ...


def message_in(item: _Message, lang: Lang, currency: str | None = None) -> str:
    """The message in ``lang``, its amounts in ``currency`` unless the item names its own (its stored
    message when it has no catalogued template)."""
    return render(item.code, item.variant, item.params, lang, currency) or item.message


def curable(item: Finding) -> bool:
    """Whether a document still to come could change this finding (unknown codes count as curable)."""
    entry = catalogue().codes.get(item.code)
    return entry.curable if entry else True


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Critical first, then warnings, then information; stable within a severity."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def has_critical(findings: list[Finding]) -> bool:
    """True when any finding is critical (and so the case can never be approved)."""
    return any(f.severity == "critical" for f in findings)
