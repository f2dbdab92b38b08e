"""Notes the earlier stages write as English text (a ratio's reason, a document's evidence, a
tamper signal, the figures a failed identity quotes), in the reader's language.

Each note has one pattern; its Chinese and English forms name line items by their display names
(``total_current_assets`` → 流动资产合计 / Total current assets), never by their keys.
"""

from __future__ import annotations

import re

from credit_dd.policy.formats import Lang

# pattern → (Chinese, English); {0}, {1} … are the pattern's groups, line-item keys already named
NOTE_PATTERNS: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(r"^not printed: revenue of this or the previous period$"),
        "本期或上期营业收入未列示",
        "revenue of this or the previous period not printed",
    ),
    (re.compile(r"^not printed: (.+)$"), "未列示：{0}", "not printed: {0}"),
    (re.compile(r"^zero denominator \((.+)\)$"), "分母为零（{0}）", "zero denominator ({0})"),
    (re.compile(r"^negative equity: the ratio has no meaning$"), "所有者权益为负，该比率无意义", "{}"),
    (re.compile(r"^previous revenue is zero or negative$"), "上期营业收入为零或负数", "{}"),
    (re.compile(r"^unclassified balance sheet.*$"), "未区分流动与非流动的资产负债表（银行或保险公司格式）", "{}"),
    (re.compile(r"^not available: scores 0$"), "无数据，计 0 分", "{}"),
    (re.compile(r"^page (\d+): transactions table with (\d+) rows$"), "第 {0} 页：流水明细 {1} 笔", "{}"),
    (re.compile(r"^page (\d+): (.+) \((consolidated|single|parent)\)$"), "第 {0} 页：{1}（{2}）", "{}"),
    (
        re.compile(r"^pages (\[.*\]) have no text layer and were read by OCR \(lower confidence\)$"),
        "第 {0} 页无文字层，已用文字识别读取（可信度较低）",
        "{}",
    ),  # fmt: skip
    (re.compile(r"^page (\d+): figure (\S+) mixes fonts (.+)$"), "第 {0} 页：数字 {1} 混用字体 {2}", "{}"),
    (
        re.compile(r"^page (\d+): amount (\S+) is set in font (\S+), unlike the (\d+) other amounts \((.+)\)$"),
        "第 {0} 页：金额 {1} 使用字体 {2}，与其他 {3} 个金额（{4}）不同",
        "{}",
    ),  # fmt: skip
    (re.compile(r"^page (\d+): (.+)$"), "第 {0} 页：{1}", "{}"),
    (re.compile(r"^(.*) \(derived\)$"), "{0}（由小计推算）", "{}"),
    (
        re.compile(r"^([a-z_]+) (\(?-?[\d,]+(?:\.\d+)?\)?) \((.+) p\.(\d+)\)$"),
        "{0} {1}（{2} 第 {3} 页）",
        "{0} {1} ({2} p.{3})",
    ),  # fmt: skip
    (re.compile(r"^(\S+) is editing software: (.+)$"), "文件属性 {0} 为编辑软件：{1}", "{}"),
    (
        re.compile(r"^modified (\S+), (\d+) days after it was created \((\S+)\)$"),
        "修改于 {0}，距创建（{2}）{1} 天",
        "{}",
    ),  # fmt: skip
    (
        re.compile(
            r"^saved incrementally (\d+) time\(s\) after it was first written, and a later revision rewrote page content or fonts$"
        ),
        "首次生成后增量保存 {0} 次，后续修订改写了页面内容或字体",
        "{}",
    ),  # fmt: skip
    (
        re.compile(r"^printed total (.+) ([\d,.]+), but the rows add up to ([\d,.]+)$"),
        "所印合计 {0} 为 {1}，但明细合计为 {2}",
        "{}",
    ),  # fmt: skip
]

SCOPES = {"consolidated": "合并", "single": "单体", "parent": "母公司"}


def _item_names(text: str, items: dict[str, str]) -> str:
    """Line-item keys in a list of them (``total_current_assets / total_current_liabilities``)
    as display names; any other text (a printed heading) stays as printed."""
    if not re.fullmatch(r"[a-z_]+(?:\s*[/,]\s*[a-z_]+)*", text):
        return text
    return re.sub(r"[a-z_]+", lambda m: items.get(m.group(0), m.group(0)), text)


def _one(note: str, lang: Lang, items: dict[str, str]) -> str:
    for pattern, zh, en in NOTE_PATTERNS:
        if match := pattern.match(note):
            if lang == "en" and en == "{}":  # the English note reads as it is
                return note
            parts = [(SCOPES.get(g) if lang == "zh" else None) or _item_names(g, items) for g in match.groups()]
            return (zh if lang == "zh" else en).format(*parts)
    return note


def localise(note: str, lang: Lang, items: dict[str, str] | None = None) -> str:
    """A note written in English, in ``lang``; a list of notes (``a; b``) note by note."""
    if not note:
        return note
    return ("；" if lang == "zh" else "; ").join(_one(part, lang, items or {}) for part in note.split("; "))
