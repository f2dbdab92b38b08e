"""Where statements begin and end in a document: title lines, scopes, closing lines.

A statement title is a line that says nothing but the title: numbering (一、 2、 (1).),
scope words (合并, 母公司, consolidated, condensed), the title itself and at most a remark
(（续）, (continued), – 按中国会计准则编制, a date). A sentence that merely mentions a
资产负债表 in the notes is not a title. Statements of changes in equity and of comprehensive
income are titles too: they close the statement before them but are not read.
"""

from __future__ import annotations

import re
from typing import Literal

from credit_dd.documents.labels import StatementKind, repair_glyphs, simplified

Scope = Literal["consolidated", "parent", "single", "mixed"]
TitleKind = StatementKind | Literal["other"]

_ENUM = (  # 一、 1. (1) and the letters and roman numerals of English reports: a. (b) iii.
    r"(?:[一二三四五六七八九十]+[、.．]|\d{1,2}\s*[、.．)）]|[（(][一二三四五六七八九十\d]{1,2}[)）][.．、]?"
    r"|(?:[a-hA-H]|[ivxIVX]{1,4})[.)]\s|[(](?:[a-hA-H]|[ivxIVX]{1,4})[)]\s)?"
)
_ZH_SCOPE = r"(?:合并|母公司|本公司|公司|银行|本行|本集团|集团|个体|个别|及|和|与|年初到报告期末|年初至报告期末|本报告期|简要|中期|半年度|季度)*"
_ZH_TITLES: dict[TitleKind, str] = {
    # Hong Kong's titles (綜合財務狀況表, 綜合損益及其他全面收益表); 综合收益表 stays "other"
    "balance_sheet": r"资产负债表|(?:综合)?财务状况表",
    "income_statement": r"利润表|(?:综合)?损益(?:及其他全面收益)?表|利润及利润分配表|收益表",
    "cash_flow": r"(?:综合)?现金流量表",
    "other": r"(?:综合)?(?:所有者|股东)?权益变动表|综合收益表|(?:综合)?全面收益表|利润分配表",
}
_ZH_REMARK = r"(?:[（(][^（()）]{0,20}[)）]|[–—\-－:：].{0,24}|\d{4}年.{0,16})*"
_EN_SCOPE = r"(?:(?:unaudited|audited|condensed|interim|consolidated|combined|group|company|parent|separate|the|and|summary|abridged)\s*)*"
_EN_TITLES: dict[TitleKind, str] = {
    "balance_sheet": r"balance\s*sheets?|statements?\s*of\s*(?:consolidated\s*)?financial\s*position",
    "income_statement": (
        r"income\s*statements?|statements?\s*of\s*(?:consolidated\s*)?(?:"
        r"(?:comprehensive\s*)?(?:income|earnings|\(loss\)\s*income|income\s*\(loss\)|loss)"
        r"(?:\s*and\s*(?:other\s*)?comprehensive\s*(?:income|loss|earnings|income\s*\(loss\)))?"
        r"|operations(?:\s*and\s*comprehensive\s*(?:loss|income|income\s*\(loss\)|loss\s*\(income\)))?"
        r"|profit\s*or\s*loss(?:\s*and\s*other\s*comprehensive\s*income)?|profit\s*and\s*loss)"
        r"|profit\s*and\s*loss\s*(?:account|statement)s?"
    ),
    "cash_flow": r"cash\s*flows?\s*statements?|statements?\s*of\s*(?:consolidated\s*)?cash\s*flows?",
    "other": (
        r"statements?\s*of\s*(?:consolidated\s*)?changes\s*in\s*(?:\w+'?\s*)?(?:equity|deficit|net\s*assets)"
        r"|statements?\s*of\s*(?:\w+'?\s*)?equity|statements?\s*of\s*comprehensive\s*(?:income|loss|earnings)"
        r"|notes\s*to\s*the\s*(?:consolidated\s*|condensed\s*|interim\s*)*financial\s*statements"
    ),
}
_EN_REMARK = r"(?:\s*\((?:continued|cont'?d|unaudited|audited)\))?(?:\s*[-–—:,]?\s*(?:for|as\s*at|as\s*of|at|years?|six|three|nine|\d).*)?"
# A prospectus or restructuring plan prints the statements in summary: 合并资产负债表主要数据, 简要利润表.
_ZH_SUMMARY = r"(?:主要(?:财务)?数据|简表|摘要)?"
_ZH_TITLE = {
    kind: re.compile(rf"^{_ENUM}{_ZH_SCOPE}(?:{pattern}){_ZH_SUMMARY}{_ZH_REMARK}$")
    for kind, pattern in _ZH_TITLES.items()
}
_EN_TITLE = {
    kind: re.compile(rf"^{_ENUM}\s*{_EN_SCOPE}(?:{pattern}){_EN_REMARK}$", re.I) for kind, pattern in _EN_TITLES.items()
}
_CONTINUED = re.compile(r"续|continued|cont'?d", re.I)
_PARENT = re.compile(  # "Company balance sheet": the parent's own, printed beside the group's (UK Companies Act)
    r"母公司|(?<!合并及)(?<!合并和)(?<!合并)公司|parent|company'?s?\s*(?:own|only)|company-only|separate"
    r"|^company\s*(?=balance|statements?|income|cash|profit)",
    re.I,
)
_MIXED = re.compile(r"合并(?:及|和|与)(?:母)?(?:公司|银行|本行)|group\s*and\s*(?:parent|company|bank)", re.I)
# Hong Kong's 綜合 is "consolidated" (綜合財務狀況表); Taiwan's 綜合損益表 is comprehensive income, not a scope.
_CONSOLIDATED = re.compile(
    r"合并|^综合(?=财务状况表|现金流量表|全面收益表|损益及其他全面收益表|权益变动表)|consolidated|group|combined", re.I
)
# Lines that close a statement: its signatures, or the pointer to its notes.
_CLOSING = re.compile(
    r"法定代表人|企业负责人|主管会计工作负责人|会计机构负责人|单位负责人|董事长[:：].{0,8}经理人|会计主管[:：]"
    r"|accompanying\s*notes|notes\s*are\s*an\s*integral|approved\s*by\s*the\s*board|on\s*behalf\s*of\s*the\s*board",
    re.I,
)


def squash(text: str) -> str:
    """Text compared without white space, with mis-mapped glyphs repaired (合幵 → 合并)."""
    return re.sub(r"\s+", "", repair_glyphs(text))


# The company's name printed on the title's own line: "The Boeing Company and Subsidiaries Consolidated
# Statements of Operations", "某某股份有限公司合并资产负债表".
_EN_COMPANY_PREFIX = re.compile(
    r"^.{2,80}?\b(?:and\s+(?:consolidated\s+)?subsidiaries|inc\.?|corporation|corp\.?|company|plc|limited|ltd\.?"
    r"|holdings|group|s\.a\.|n\.v\.|ag|se)\s+(?=(?:condensed\s+|consolidated\s+|combined\s+|interim\s+)*"
    r"(?:balance|statements?|income|cash))",
    re.I,
)
_ZH_COMPANY_PREFIX = re.compile(r"^.{2,40}?(?:股份有限公司|有限责任公司|有限公司)(?=合并|母公司|资产|利润|现金|损益)")
_SCOPE_WORDS = re.compile(r"\b(?:the|parent|company|group|consolidated|combined|and|subsidiaries)\b|\W", re.I)


def _without_company(english: str) -> str:
    """The line without the company's name before the title (scope words alone are not a name)."""
    found = _EN_COMPANY_PREFIX.match(english)
    return english[found.end() :] if found and _SCOPE_WORDS.sub("", found.group(0)) else english


# A statement printed in summary lists some of its lines, not all (合并现金流量表主要数据 without the
# exchange-rate line; Selected financial data): a line it leaves out is unknown, not a line of nothing.
# 简要 is "condensed" (简要合并资产负债表, IAS 34), whose lines are all there.
_ABRIDGED_ZH = re.compile(r"主要(?:财务)?数据|简表|摘要")
_ABRIDGED_EN = re.compile(r"\b(?:summary|summari[sz]ed|selected|highlights|abridged)\b", re.I)


def abridged(heading: str) -> bool:
    """Whether a statement's title says it prints only some of its lines."""
    return bool(_ABRIDGED_ZH.search(squash(heading)) or _ABRIDGED_EN.search(repair_glyphs(heading)))


def title_kind(text: str) -> TitleKind | None:
    """The statement a line announces when the line is nothing but a statement title (after the
    company's name, when that is printed on the same line)."""
    if len(text) > 160:
        return None
    zh = squash(text)
    zh_titled = _ZH_COMPANY_PREFIX.sub("", zh)
    for kind, pattern in _ZH_TITLE.items():
        if pattern.match(zh) or pattern.match(zh_titled):
            return kind
    english = re.sub(r"\s+", " ", repair_glyphs(text)).strip().replace("’", "'")  # shareholders’ equity
    named = _without_company(english)
    for kind, pattern in _EN_TITLE.items():
        if pattern.match(english) or pattern.match(zh) or (named != english and pattern.match(named)):
            return kind
    return None


# The Chinese titles OCR may misread in one character (利润及利泪分配表): five characters or more, so that
# one character off is still no other statement's title.
_OCR_TITLES: dict[str, TitleKind] = {
    "资产负债表": "balance_sheet",
    "财务状况表": "balance_sheet",
    "现金流量表": "cash_flow",
    "利润及利润分配表": "income_statement",
    "损益及其他全面收益表": "income_statement",
    "所有者权益变动表": "other",
    "股东权益变动表": "other",
}
_ZH_SCOPE_ONLY = re.compile(rf"^{_ENUM}{_ZH_SCOPE}$")


def misread_title_kind(text: str) -> TitleKind | None:
    """The statement an OCR'd line announces when its title is one character off a standard Chinese
    title of five characters or more (合并利润及利泪分配表), after nothing but scope words. Only for
    OCR'd lines: a text layer's titles are matched exactly (``title_kind``)."""
    zh = _ZH_COMPANY_PREFIX.sub("", squash(text))
    for title, kind in _OCR_TITLES.items():
        head, tail = zh[: -len(title)], zh[-len(title) :]
        off_by_one = len(tail) == len(title) and sum(a != b for a, b in zip(tail, title, strict=True)) == 1
        if off_by_one and _ZH_SCOPE_ONLY.match(head):
            return kind
    return None


def title_scope(text: str) -> Scope:
    """Consolidated, parent-only, both side by side (合并及公司资产负债表), or a single entity (the
    company's name printed before the title does not make it the company's own)."""
    english = re.sub(r"\s+", " ", repair_glyphs(text)).strip()
    text = _ZH_COMPANY_PREFIX.sub("", squash(_without_company(english)))
    if _MIXED.search(text):
        return "mixed"
    if _CONSOLIDATED.search(text):
        return "consolidated"
    return "parent" if _PARENT.search(text) else "single"


_EN_CONSOLIDATED = {
    kind: re.compile(rf"\b(?:consolidated|group)\s+(?:{pattern})", re.I)
    for kind, pattern in _EN_TITLES.items()
    if kind != "other"
}
_ZH_CONSOLIDATED = {kind: re.compile(rf"合并(?:{pattern})") for kind, pattern in _ZH_TITLES.items() if kind != "other"}


def consolidated_kinds_named(text: str) -> set[str]:
    """The statements whose consolidated version the document names somewhere (a contents page, a title
    the reader could not take as one): where one is named, a parent-only statement does not stand in."""
    english = re.sub(r"\s+", " ", text)
    chinese = simplified(squash(text))
    named: set[str] = {kind for kind, pattern in _EN_CONSOLIDATED.items() if pattern.search(english)}
    return named | {kind for kind, pattern in _ZH_CONSOLIDATED.items() if pattern.search(chinese)}


def is_continuation(text: str) -> bool:
    """A title repeated on the next page: 资产负债表（续）, 資產負債表（續）, Balance sheet (continued)."""
    return bool(_CONTINUED.search(squash(text)))


def closes_statement(text: str) -> bool:
    """A line after which the statement's table is over (signatures, the notes pointer)."""
    return bool(_CLOSING.search(squash(text)))
