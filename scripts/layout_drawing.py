"""Drawing a generated statement set: labels in each language and format, tables, headers, prose.

The labels are the standard formats' own: 会企01/02/03表 and 会小企01/02/03表 (a small enterprise's
shorter list: 固定资产账面价值, 现金净增加额, 期末现金余额), IFRS and US GAAP captions, each with the
variants filings use.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from layout_income import SHAPE_EXPENSES, SHAPE_TOTALS
from sample_pdf import Page

FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")

# line → (企业, 小企业) Chinese labels
ZH = {
    "cash": ("货币资金", "货币资金"),
    "receivables": ("应收账款", "应收账款"),
    "inventories": ("存货", "存货"),
    "total_current_assets": ("流动资产合计", "流动资产合计"),
    "ppe": ("固定资产", "固定资产账面价值"),
    "intangibles": ("无形资产", "无形资产"),
    "total_non_current_assets": ("非流动资产合计", "非流动资产合计"),
    "total_assets": ("资产总计", "资产总计"),
    "short_term": ("短期借款", "短期借款"),
    "payables": ("应付账款", "应付账款"),
    "total_current_liabilities": ("流动负债合计", "流动负债合计"),
    "long_term": ("长期借款", "长期借款"),
    "total_non_current_liabilities": ("非流动负债合计", "非流动负债合计"),
    "total_liabilities": ("负债合计", "负债合计"),
    "share_capital": ("实收资本", "实收资本（或股本）"),
    "retained_earnings": ("未分配利润", "未分配利润"),
    "total_equity": ("所有者权益合计", "所有者权益（或股东权益）合计"),
    "total_liabilities_and_equity": ("负债和所有者权益总计", "负债和所有者权益（或股东权益）总计"),
    "revenue": ("一、营业收入", "一、营业收入"),
    "cost_of_sales": ("减：营业成本", "减：营业成本"),
    "selling": ("销售费用", "销售费用"),
    "admin": ("管理费用", "管理费用"),
    "operating_profit": ("二、营业利润（亏损以“－”号填列）", "二、营业利润（亏损以“-”号填列）"),
    "other_income": ("加：营业外收入", "加：营业外收入"),
    "total_profit": ("三、利润总额（亏损总额以“－”号填列）", "三、利润总额（亏损总额以“-”号填列）"),
    "income_tax": ("减：所得税费用", "减：所得税费用"),
    "net_profit": ("四、净利润（净亏损以“－”号填列）", "四、净利润（净亏损以“-”号填列）"),
    "operating": ("经营活动产生的现金流量净额", "经营活动产生的现金流量净额"),
    "investing": ("投资活动产生的现金流量净额", "投资活动产生的现金流量净额"),
    "financing": ("筹资活动产生的现金流量净额", "筹资活动产生的现金流量净额"),
    "net_increase": ("五、现金及现金等价物净增加额", "四、现金净增加额"),
    "begin": ("加：期初现金及现金等价物余额", "加：期初现金余额"),
    "end": ("六、期末现金及现金等价物余额", "五、期末现金余额"),
}
# Taiwan (TIFRS, 證券發行人財務報告編製準則) and Hong Kong (HKFRS) captions of the same lines, in
# traditional characters; the rest of the page is drawn through TRADITIONAL.
TW = {
    "cash": "現金及約當現金",
    "receivables": "應收帳款淨額",
    "inventories": "存貨",
    "total_current_assets": "流動資產合計",
    "ppe": "不動產、廠房及設備",
    "intangibles": "無形資產",
    "total_non_current_assets": "非流動資產合計",
    "total_assets": "資產總計",
    "short_term": "短期借款",
    "payables": "應付帳款",
    "total_current_liabilities": "流動負債合計",
    "long_term": "長期借款",
    "total_non_current_liabilities": "非流動負債合計",
    "total_liabilities": "負債總計",
    "share_capital": "普通股股本",
    "retained_earnings": "未分配盈餘",
    "total_equity": "權益總計",
    "total_liabilities_and_equity": "負債及權益總計",
    "revenue": "營業收入",
    "cost_of_sales": "營業成本",
    "selling": "推銷費用",
    "admin": "管理費用",
    "operating_profit": "營業淨利（淨損）",
    "other_income": "營業外收入及支出",
    "total_profit": "稅前淨利（淨損）",
    "income_tax": "所得稅費用",
    "net_profit": "本期淨利（淨損）",
    "operating": "營業活動之淨現金流入（流出）",
    "investing": "投資活動之淨現金流入（流出）",
    "financing": "籌資活動之淨現金流入（流出）",
    "net_increase": "本期現金及約當現金增加（減少）數",
    "begin": "期初現金及約當現金餘額",
    "end": "期末現金及約當現金餘額",
}
HK = {
    "cash": "現金及現金等價物",
    "receivables": "貿易應收款項",
    "inventories": "存貨",
    "total_current_assets": "流動資產總值",
    "ppe": "物業、廠房及設備",
    "intangibles": "無形資產",
    "total_non_current_assets": "非流動資產總值",
    "total_assets": "資產總值",
    "short_term": "短期借款",
    "payables": "貿易應付款項",
    "total_current_liabilities": "流動負債總值",
    "long_term": "長期借款",
    "total_non_current_liabilities": "非流動負債總值",
    "total_liabilities": "負債總值",
    "share_capital": "股本",
    "retained_earnings": "保留溢利",
    "total_equity": "權益總額",
    "total_liabilities_and_equity": "權益及負債總額",
    "revenue": "收益",
    "cost_of_sales": "銷售成本",
    "selling": "銷售及分銷開支",
    "admin": "行政開支",
    "operating_profit": "經營溢利",
    "other_income": "其他收入",
    "total_profit": "除稅前溢利",
    "income_tax": "所得稅開支",
    "net_profit": "年內溢利",
    "operating": "經營活動所得現金淨額",
    "investing": "投資活動所用現金淨額",
    "financing": "融資活動（所用）／所得現金淨額",
    "net_increase": "現金及現金等價物增加淨額",
    "begin": "年初現金及現金等價物",
    "end": "年末現金及現金等價物",
}
# The simplified characters the generator prints, as traditional ones (合并 → 合併, 附注 → 附註).
TRADITIONAL = str.maketrans(
    "万亏为产们价伟余会伙债关册况净准减则别务动单发变号后国实审对执报损据数无权东业师币应张当总财责账货贵贸费资这进适长阐销额项现获营规计认证负经续编职筹础税润状独见亿于并注综",
    "萬虧為產們價偉餘會夥債關冊況淨準減則別務動單發變號後國實審對執報損據數無權東業師幣應張當總財責帳貨貴貿費資這進適長闡銷額項現獲營規計認證負經續編職籌礎稅潤狀獨見億於併註綜",
)
ZH_HEADINGS = {
    "assets": "流动资产：",
    "non_current": "非流动资产：",
    "liabilities": "流动负债：",
    "equity": "所有者权益：",
}
EN_CHOICES = {
    "cash": ["Cash and cash equivalents", "Cash and bank balances"],
    "receivables": ["Trade receivables", "Accounts receivable, net", "Trade and other receivables"],
    "inventories": ["Inventories"],
    "total_current_assets": ["Total current assets"],
    "ppe": ["Property, plant and equipment", "Property and equipment, net"],
    "intangibles": ["Intangible assets"],
    "total_non_current_assets": ["Total non-current assets"],
    "total_assets": ["Total assets"],
    "short_term": ["Short-term borrowings", "Bank overdrafts and loans"],
    "payables": ["Trade payables", "Accounts payable", "Trade and other payables"],
    "total_current_liabilities": ["Total current liabilities"],
    "long_term": ["Long-term borrowings", "Long-term debt"],
    "total_non_current_liabilities": ["Total non-current liabilities"],
    "total_liabilities": ["Total liabilities"],
    "share_capital": ["Share capital", "Common stock"],
    "retained_earnings": ["Retained earnings"],
    "total_equity": ["Total equity", "Total shareholders' equity", "Total stockholders’ equity"],
    "total_liabilities_and_equity": ["Total liabilities and equity", "Total equity and liabilities"],
    "net_current_assets": ["Net current assets"],
    "assets_less_current_liabilities": ["Total assets less current liabilities"],
    "net_assets": ["Net assets"],
    "revenue": ["Revenue", "Revenues", "Net sales", "Turnover"],
    "cost_of_sales": ["Cost of sales", "Cost of revenue", "Cost of goods sold"],
    "selling": ["Selling and distribution expenses", "Distribution costs"],
    "admin": ["Administrative expenses", "General and administrative"],
    "operating_profit": ["Operating profit", "Operating income", "Income from operations"],
    "other_income": ["Other income", "Other income, net"],
    "total_profit": ["Profit before tax", "Income before income taxes", "Earnings before income taxes"],
    "income_tax": ["Income tax expense", "Provision for income taxes", "Taxation"],
    "net_profit": ["Net income", "Net income (loss)", "Profit for the year", "Net earnings"],
    "operating": ["Net cash provided by (used in) operating activities", "Net cash from operating activities"],
    "investing": ["Net cash used in investing activities", "Net cash from investing activities"],
    "financing": ["Net cash provided by (used in) financing activities", "Net cash from financing activities"],
    "net_increase": ["Net increase (decrease) in cash and cash equivalents"],
    "begin": ["Cash and cash equivalents at beginning of period", "Cash and cash equivalents at beginning of year"],
    "end": ["Cash and cash equivalents at end of period", "Cash and cash equivalents at end of year"],
}
EN_HEADINGS = {
    "assets": "Current assets",
    "non_current": "Non-current assets",
    "liabilities": "Current liabilities",
    "equity": "Equity",
}
EXPENSES = frozenset({"cost_of_sales", "selling", "admin", "income_tax"}) | SHAPE_EXPENSES
TOTALS = (
    frozenset(
        {
            "total_current_assets",
            "total_non_current_assets",
            "total_assets",
            "total_current_liabilities",
            "total_non_current_liabilities",
            "total_liabilities",
            "total_equity",
            "total_liabilities_and_equity",
            "operating_profit",
            "total_profit",
            "net_profit",
            "net_increase",
            "net_current_assets",
            "assets_less_current_liabilities",
            "net_assets",
        }
    )
    | SHAPE_TOTALS
)


@dataclass
class Printing:
    """How figures and labels are printed in one variant."""

    language: str
    small_enterprise: bool
    decimals: int
    negative: str  # brackets, minus, fullwidth_minus
    blank: str
    separator: str  # ",", " ", "'", "" between thousands
    full_width: bool
    expenses_negative: bool  # IFRS / US style: costs printed as negative figures
    labels: dict[str, str]

    def figure(self, value: float | None) -> str:
        if value is None or value == 0:
            return self.blank
        text = f"{abs(value):,.{self.decimals}f}".replace(",", "\x00")
        text = text.replace("\x00", self.separator)
        if value < 0:
            text = {"brackets": f"({text})", "minus": f"-{text}", "fullwidth_minus": f"－{text}"}[self.negative]
        return text.translate(FULL_WIDTH) if self.full_width else text

    def label(self, line: str) -> str:
        return self.labels[line]

    def signed(self, line: str, value: float) -> float:
        return -value if self.expenses_negative and line in EXPENSES else value


def english_labels(rng: random.Random) -> dict[str, str]:
    return {line: rng.choice(choices) for line, choices in EN_CHOICES.items()}


def chinese_labels(small: bool, dialect: str = "mainland") -> dict[str, str]:
    if dialect != "mainland":
        return dict(TW if dialect == "taiwan" else HK)
    return {line: pair[1 if small else 0] for line, pair in ZH.items()}


class Writer:
    """Draws top to bottom, starting a new page when one is full; remembers each statement's page."""

    def __init__(self, page: Page, dialect: str = "mainland") -> None:
        self.page, self.y, self.number, self.dialect = page, 60.0, 1, dialect
        self.running_head = ""  # the report's name and year atop every page after the first

    def local(self, text: str) -> str:
        """The text as the report's market prints it: traditional characters, 民國 years in Taiwan (2024年 → 113年)."""
        if self.dialect != "mainland":
            text = text.translate(TRADITIONAL)
        if self.dialect == "taiwan":
            text = re.sub(r"(?<!\d)(19[2-9]\d|20\d\d)(\s*年)", lambda m: f"{int(m.group(1)) - 1911}{m.group(2)}", text)
        return text

    def line(self, x: float, text: str, size: float = 8.0, right: bool = False) -> None:
        (self.page.right if right else self.page.text)(x, self.y, self.local(text), size=size)

    def down(self, step: float = 14.0) -> None:
        self.y += step
        if self.y > 790:
            self.new_page()

    def new_page(self) -> None:
        self.page.next_page()
        self.y, self.number = 60.0, self.number + 1
        if self.running_head:
            self.page.right(540, 36, self.local(self.running_head), size=9)

    def paragraph(self, text: str, width: int) -> None:
        """Prose wrapped at ``width`` characters (an auditor's report, a preamble)."""
        while text:
            self.line(60, text[:width])
            text = text[width:]
            self.down(13)


AUDIT_ZH = (
    "审计报告",
    "我们审计了{company}财务报表，包括{year}年12月31日的资产负债表，{year}年度的利润表、现金流量表、所有者权益变动表以及相关财务报表附注。"
    "我们认为，后附的财务报表在所有重大方面按照企业会计准则的规定编制，公允反映了{company}{year}年12月31日的财务状况以及{year}年度的经营成果和现金流量。"
    "我们按照中国注册会计师审计准则的规定执行了审计工作。审计报告的“注册会计师对财务报表审计的责任”部分进一步阐述了我们在这些准则下的责任。"
    "按照中国注册会计师职业道德守则，我们独立于贵公司，并履行了职业道德方面的其他责任。我们相信，我们获取的审计证据是充分、适当的，为发表审计意见提供了基础。",
)
AUDIT_EN = (
    "Independent Auditor's Report",
    "We have audited the financial statements of {company}, which comprise the statement of financial position as at the year end, "
    "the statement of profit or loss and other comprehensive income, the statement of changes in equity and the statement of cash flows "
    "for the year then ended, and notes to the financial statements, including a summary of significant accounting policies. In our "
    "opinion, the accompanying financial statements present fairly, in all material respects, the financial position of the company "
    "and its financial performance and its cash flows for the year then ended in accordance with the applicable framework. Basis for "
    "opinion: we conducted our audit in accordance with International Standards on Auditing. Our responsibilities under those standards "
    "are further described in the Auditor's Responsibilities section of our report. We are independent of the company and we believe "
    "that the audit evidence we have obtained is sufficient and appropriate to provide a basis for our opinion.",
)


def auditor_pages(w: Writer, language: str, company: str, year: int) -> None:
    """A small audit firm's report before the statements: prose that names the statements."""
    title, body = AUDIT_ZH if language == "zh" else AUDIT_EN
    w.line(250, title, size=12)
    w.down(24)
    w.paragraph(body.format(company=company, year=year), 40 if language == "zh" else 100)
    w.down(20)
    w.line(360, "会计师事务所（特殊普通合伙）" if language == "zh" else "Chartered Accountants")
    w.new_page()


@dataclass
class Table:
    """One statement as drawn: title, title-block lines, header rows, rows of figures by column."""

    kind: str  # bs, is, cf, pbs
    title: str
    title_block: list[tuple[float, str]]
    headers: list[list[tuple[float, str, str]]]  # rows of (x, text, "right" | "center")
    rows: list[tuple[str, list[float | None]]]  # (line, figures by column); a line "#text" is a heading
    xs: list[float]
    notes: bool = False
    row_numbers: bool = False
    split_at: str | None = None  # the line before which the statement runs on to a new page


def draw_table(w: Writer, p: Printing, table: Table, page_of: dict[str, int], share_pages: bool) -> None:
    zh = p.language == "zh"
    if (not share_pages and w.y > 70) or w.y > 560:
        w.new_page()
    _title(w, table, 240, page_of)
    _header(w, p, table)
    number = 0
    for line, figures in table.rows:
        if line == table.split_at:
            w.new_page()
            w.line(240, table.title + ("（续）" if zh else " (continued)"), size=11)
            w.down(18)
            _header(w, p, table)
        if line.startswith("#"):
            w.line(60, line[1:])
            w.down()
            continue
        number += 1
        x, label = 60 if line in TOTALS else 70, p.label(line)
        if "\n" in label:  # a caption wrapped over two lines, the figures on the second
            first, label = label.split("\n", 1)
            w.line(x, first)
            w.down()
            x += 6
        w.line(x, label)
        if table.row_numbers:
            w.line(236, str(number), right=True)
        if table.notes and number % 3 == 2:  # every other noted English row refers to two notes (4,26)
            english = str(number + 3) if number % 6 == 2 else f"{number + 3},{number + 17}"
            w.line(268, f"五、{number}" if zh else english, right=True)
        for x, value in zip(table.xs, figures, strict=True):
            w.line(x, p.figure(value), right=True)
        w.down()
    w.line(
        60,
        "法定代表人：张伟  主管会计工作负责人：李娜"
        if zh
        else "The accompanying notes are an integral part of these statements.",
    )
    w.down(30)


def _title(w: Writer, table: Table, x: float, page_of: dict[str, int]) -> None:
    """The statement's title at ``x`` and its title block (company, date, unit), noting its page."""
    w.line(x, table.title, size=11)
    page_of[table.kind] = w.number
    w.down(18)
    for at, text in table.title_block:
        w.line(at, text)
        w.down()


def _header(w: Writer, p: Printing, table: Table) -> None:
    zh = p.language == "zh"
    w.line(60, "项目" if zh else "")
    if table.row_numbers:
        w.line(236, "行次" if zh else "Line", right=True)
    if table.notes:
        w.line(268, "附注" if zh else "Notes", right=True)
    for row in table.headers:
        for x, text, align in row:
            (w.page.center if align == "center" else w.page.right)(x, w.y, w.local(text), size=8.0)
        w.down()


def draw_two_sided(
    w: Writer, p: Printing, table: Table, left: list[str], right: list[str], headers: list[str], page_of: dict[str, int]
) -> None:
    """The classic Chinese layout: assets on the left, liabilities and equity on the right."""
    if w.y > 70:
        w.new_page()
    _title(w, table, 250, page_of)
    numbers = table.row_numbers
    w.line(40, "资产")
    w.line(300, "负债和所有者权益")
    sides = ((40, 150, (215, 275)), (300, 445, (500, 560)))
    for _, number_x, xs in sides:
        if numbers:
            w.line(number_x, "行次", right=True)
        for x, text in zip(xs, headers, strict=True):
            w.line(x, text, right=True)
    w.down()
    figures = dict(table.rows)
    for row in range(max(len(left), len(right))):
        for names, (x_label, number_x, xs) in ((left, sides[0]), (right, sides[1])):
            if row < len(names):
                _two_sided_cell(w, p, names[row], figures[names[row]], (x_label, number_x if numbers else None, xs))
                if numbers:
                    w.page.right(number_x, w.y, str(row + 1 + (0 if names is left else 40)), size=7.5)
        w.down()
    w.line(40, "法定代表人：张伟")
    w.down(30)


def _two_sided_cell(
    w: Writer, p: Printing, line: str, figures: list[float | None], place: tuple[float, float | None, tuple[int, int]]
) -> None:
    x_label, _, xs = place
    w.page.text(x_label, w.y, w.local(p.label(line)), size=7.5)
    for x, value in zip(xs, figures, strict=True):
        w.page.right(x, w.y, p.figure(value), size=7.5)
