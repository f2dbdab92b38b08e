"""Generate the sample applications in data/samples/ (seeded: the same output every run).

    python scripts/generate_samples.py [--out data/samples]

Each sample is an application folder (application.yaml + documents/) and a truth.json with
the statement values (yuan), ratios and bank-statement figures the pipeline must read.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sample_financials import BALANCE_ASSETS, BALANCE_FUNDING, CASH_FLOW, INCOME, Profile, make_years  # noqa: E402
from sample_pdf import Page, money, register_cjk_font  # noqa: E402

from credit_dd.intake.kyc import id_check_char, organisation_code_check, uscc_check_char  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
Lines = list[tuple[str, str, str, str | None, str]]


def make_uscc(rng: random.Random, region: str) -> str:
    org = "".join(rng.choice("0123456789") for _ in range(8))
    org += organisation_code_check(org)
    if org[-1] == "X":  # keep the sample codes all-digit in the organisation part
        return make_uscc(rng, region)
    first17 = "91" + region + org
    return first17 + uscc_check_char(first17)


def make_id(region: str, born: date, sequence: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


# ---------------------------------------------------------------- statements


def _fmt(value: int, minor: int, brackets: bool) -> str:
    return money(value / minor, 2 if minor == 100 else 0, brackets)


def _canonical(lines: Lines, values: dict[str, int], scale: int, minor: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, _zh, _en, item, role in lines:
        if item and role != "header":
            out[item] = round(out.get(item, 0.0) + values[key] * scale / minor, 2)
    return out


def draw_cn_two_sided_balance_sheet(
    page: Page,
    company: str,
    when: date,
    cur: dict[str, int],
    prev: dict[str, int],
    unit: str,
    minor: int,
    smudged: str | None = None,
) -> None:
    page.center(297, 60, "资产负债表", 15)
    page.text(40, 85, f"编制单位：{company}", 8.5)
    page.center(297, 85, f"{when.year}年{when.month:02d}月{when.day:02d}日", 8.5)
    page.right(555, 85, f"单位：{unit}", 8.5)
    top, row = 95, 15.0
    xs = [40, 150, 220, 290, 420, 490, 555]
    heads = ["资产", "期末余额", "上年年末余额", "负债和所有者权益", "期末余额", "上年年末余额"]
    page.hline(40, 555, top, 1.0)
    for x0, x1, head in zip(xs[:-1], xs[1:], heads, strict=False):
        page.center((x0 + x1) / 2, top + 11, head, 8)
    page.hline(40, 555, top + 15)
    rows = max(len(BALANCE_ASSETS), len(BALANCE_FUNDING))
    for i in range(rows):
        y = top + 15 + (i + 1) * row - 4
        for side, lines in ((0, BALANCE_ASSETS), (3, BALANCE_FUNDING)):
            if i >= len(lines):
                continue
            key, zh, _en, _item, role = lines[i]
            page.text(xs[side] + 3, y, zh, 7.5)
            if role != "header":
                if key == smudged:
                    smudge(page, xs[side + 2] - 3, y)
                else:
                    page.right(xs[side + 2] - 3, y, _fmt(cur[key], minor, False), 7.5)
                page.right(xs[side + 3] - 3, y, _fmt(prev[key], minor, False), 7.5)
        page.hline(40, 555, top + 15 + (i + 1) * row, 0.3)
    bottom = top + 15 + rows * row
    for x in xs:
        page.vline(x, top, bottom)
    page.text(40, bottom + 20, "法定代表人：张伟        主管会计工作负责人：刘洋        会计机构负责人：赵敏", 8)


def smudge(page: Page, right: float, y: float) -> None:
    """An ink blot where an amount was printed, as on a scan: nothing of it is left to read (the page
    has no text there, as OCR finds none under a blot)."""
    page.canvas.saveState()
    page.canvas.setFillGray(0.45)
    page.canvas.ellipse(right - 62, page.height - y - 3, right - 4, page.height - y + 9, stroke=0, fill=1)
    page.canvas.restoreState()


def draw_cn_statement(
    page: Page,
    title: str,
    company: str,
    period_text: str,
    lines: Lines,
    cur: dict[str, int],
    prev: dict[str, int] | None,
    heads: tuple[str, str],
    unit: str,
    minor: int,
) -> None:
    page.center(297, 60, title, 15)
    page.text(60, 85, f"编制单位：{company}", 8.5)
    page.center(330, 85, period_text, 8.5)
    page.right(535, 85, f"单位：{unit}", 8.5)
    top, row = 95, 14.0
    xs = [60, 330, 435, 535] if prev is not None else [60, 400, 535]
    page.hline(60, 535, top, 1.0)
    page.center((xs[0] + xs[1]) / 2, top + 11, "项目", 8.5)
    page.center((xs[1] + xs[2]) / 2, top + 11, heads[0], 8.5)
    if prev is not None:
        page.center((xs[2] + xs[3]) / 2, top + 11, heads[1], 8.5)
    page.hline(60, 535, top + 15)
    for i, (key, zh, _en, _item, role) in enumerate(lines):
        y = top + 15 + (i + 1) * row - 4
        page.text(xs[0] + 4 + (10 if zh.startswith(("其中", "利息收入")) else 0), y, zh, 8)
        if role != "header":
            page.right(xs[2] - 4, y, _fmt(cur[key], minor, False), 8)
            if prev is not None:
                page.right(xs[3] - 4, y, _fmt(prev[key], minor, False), 8)
        page.hline(60, 535, top + 15 + (i + 1) * row, 0.3)
    bottom = top + 15 + len(lines) * row
    for x in xs:
        page.vline(x, top, bottom)


def draw_en_statement(
    page: Page,
    company: str,
    title: str,
    subtitle: str,
    lines: Lines,
    cur: dict[str, int],
    prev: dict[str, int],
    years: tuple[int, int],
    notes: dict[str, int],
) -> None:
    """An unruled IFRS-style statement in RMB'000 with a Notes column and bracketed negatives."""
    font = "Helvetica"
    page.text(60, 60, company, 12, "Helvetica-Bold")
    page.text(60, 78, title, 11, "Helvetica-Bold")
    page.text(60, 93, subtitle, 9, font)
    page.text(60, 106, "(Expressed in RMB'000)", 8.5, "Helvetica-Oblique")
    page.right(380, 128, "Notes", 8.5, "Helvetica-Bold")
    page.right(460, 128, str(years[0]), 8.5, "Helvetica-Bold")
    page.right(535, 128, str(years[1]), 8.5, "Helvetica-Bold")
    page.hline(400, 535, 132, 0.4)
    y = 132
    for key, _zh, en, _item, role in lines:
        y += 14 if role != "header" else 19
        bold = "Helvetica-Bold" if role in ("header", "total") else font
        page.text(60 + (10 if role == "item" else 0), y, en, 8.5, bold)
        if role == "header":
            continue
        if key in notes:
            page.right(380, y, str(notes[key]), 8.5, font)
        if role == "total":
            page.hline(400, 535, y - 9, 0.3)
        page.right(460, y, _fmt(cur[key], 1, True), 8.5, bold)
        page.right(535, y, _fmt(prev[key], 1, True), 8.5, bold)


# ---------------------------------------------------------------- bank statements


def make_transactions(
    rng: random.Random,
    start: date,
    months: int,
    opening: float,
    monthly_inflow: float,
    customers: list[str],
    suppliers: list[str],
    zh: bool,
) -> list[dict[str, object]]:
    """A year of plausible business flows with a running balance (in yuan, two decimals)."""
    rows: list[dict[str, object]] = []
    balance = round(opening, 2)
    for m in range(months):
        first = date(start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1, 1)
        events = []
        for _ in range(rng.randint(3, 5)):
            events.append(
                (
                    first + timedelta(days=rng.randint(0, 27)),
                    "credit",
                    rng.choice(customers),
                    "货款" if zh else "Sales receipt",
                )
            )
        for _ in range(rng.randint(3, 4)):
            events.append(
                (
                    first + timedelta(days=rng.randint(0, 27)),
                    "debit",
                    rng.choice(suppliers),
                    "支付材料款" if zh else "Supplier payment",
                )
            )
        events.append(
            (first + timedelta(days=9), "debit", "本单位职工" if zh else "Payroll", "代发工资" if zh else "Salaries")
        )
        events.append(
            (
                first + timedelta(days=14),
                "debit",
                "国家税务总局" if zh else "Tax bureau",
                "缴纳增值税及附加（电子缴税，所属期上月）" if zh else "VAT payment",
            )
        )
        events.sort(key=lambda e: (e[0], e[1]))
        credits = [e for e in events if e[1] == "credit"]
        debits = [e for e in events if e[1] == "debit"]
        inflow = monthly_inflow * rng.uniform(0.9, 1.1)
        credit_amounts = [round(inflow * w, 2) for w in _weights(rng, len(credits))]
        debit_amounts = [round(inflow * 0.97 * w, 2) for w in _weights(rng, len(debits))]
        amounts = {id(e): a for e, a in zip(credits, credit_amounts, strict=False)} | {
            id(e): a for e, a in zip(debits, debit_amounts, strict=False)
        }
        for event in events:
            amount = amounts[id(event)]
            balance = round(balance + (amount if event[1] == "credit" else -amount), 2)
            rows.append(
                {
                    "date": event[0].isoformat(),
                    "direction": event[1],
                    "counterparty": event[2],
                    "description": event[3],
                    "amount": amount,
                    "balance": balance,
                }
            )
    return rows


def _weights(rng: random.Random, n: int) -> list[float]:
    raw = [rng.uniform(0.6, 1.4) for _ in range(n)]
    return [r / sum(raw) for r in raw]


def draw_bank_statement(
    path: Path, rows: list[dict[str, object]], opening: float, holder: str, account: str, zh: bool
) -> None:
    page = Page(path, "CoreBanking e-Statement 3.2")
    per_page, y0 = 42, 150
    title = "中国示例银行 单位账户对账单（银行流水）" if zh else "Example Bank plc — Business Account Statement"
    heads = (
        ["交易日期", "摘要", "对方户名", "借方发生额", "贷方发生额", "余额"]
        if zh
        else ["Date", "Description", "Counterparty", "Debit", "Credit", "Balance"]
    )
    xs = [40, 100, 235, 355, 430, 505, 565]
    font = None if zh else "Helvetica"
    pages = [rows[i : i + per_page] for i in range(0, len(rows), per_page)]
    for number, chunk in enumerate(pages, start=1):
        page.center(300, 55, title, 13, None if zh else "Helvetica-Bold")
        page.text(40, 80, (f"户名：{holder}" if zh else f"Account holder: {holder}"), 8.5, font)
        page.text(
            40,
            94,
            (f"账号：{account}    币种：人民币" if zh else f"Account number: {account}    Currency: RMB"),
            8.5,
            font,
        )
        page.text(
            40,
            108,
            (
                f"起止日期：{rows[0]['date']} 至 {rows[-1]['date']}"
                if zh
                else f"Period: {rows[0]['date']} to {rows[-1]['date']}"
            ),
            8.5,
            font,
        )
        if number == 1:
            page.text(330, 108, (f"期初余额：{opening:,.2f}" if zh else f"Opening balance: {opening:,.2f}"), 8.5, font)
        page.hline(40, 565, 120, 0.8)
        for x0, x1, head in zip(xs[:-1], xs[1:], heads, strict=False):
            page.center((x0 + x1) / 2, 131, head, 8, font)
        page.hline(40, 565, 136, 0.5)
        y = y0
        for row in chunk:
            amount = f"{row['amount']:,.2f}"
            page.text(xs[0] + 2, y, str(row["date"]), 7.5, font)
            description = str(row["description"])
            page.text(xs[1] + 2, y, description[:11] if zh else description, 7.5, font)
            page.text(xs[2] + 2, y, str(row["counterparty"]), 7.5, font)
            page.right(xs[4] - 3 if row["direction"] == "debit" else xs[5] - 3, y, amount, 7.5, font)
            page.right(xs[6] - 3, y, f"{row['balance']:,.2f}", 7.5, font)
            if zh and len(description) > 11:
                y += 10
                page.text(xs[1] + 2, y, description[11:], 7.5, font)
            y += 14
        if number == len(pages):
            page.hline(40, 565, y - 6, 0.5)
            page.text(
                40,
                y + 6,
                (f"期末余额：{rows[-1]['balance']:,.2f}" if zh else f"Closing balance: {rows[-1]['balance']:,.2f}"),
                8.5,
                font,
            )
        page.center(
            300, 815, f"第 {number} 页 / 共 {len(pages)} 页" if zh else f"Page {number} of {len(pages)}", 7.5, font
        )
        page.next_page()
    page.save()


def bank_truth(rows: list[dict[str, object]], opening: float) -> dict[str, object]:
    credits = round(sum(float(str(r["amount"])) for r in rows if r["direction"] == "credit"), 2)
    debits = round(sum(float(str(r["amount"])) for r in rows if r["direction"] == "debit"), 2)
    return {
        "transactions": len(rows),
        "opening_balance": opening,
        "closing_balance": rows[-1]["balance"],
        "total_credits": credits,
        "total_debits": debits,
        "period_start": rows[0]["date"],
        "period_end": rows[-1]["date"],
    }


# ---------------------------------------------------------------- licence and contract


def draw_licence(
    path: Path, name: str, uscc: str, legal_rep: str, established: date, term_end: date | None, capital_wan: float
) -> None:
    page = Page(path, "SAMR e-Licence")
    page.rect(50, 50, 495, 700)
    page.center(297, 110, "营 业 执 照", 26)
    page.center(297, 135, "（副  本）", 11)
    fields = [
        ("统一社会信用代码", uscc),
        ("名称", name),
        ("类型", "有限责任公司（自然人投资或控股）"),
        ("法定代表人", legal_rep),
        ("经营范围", "通用设备制造；机械零部件加工；货物进出口"),
        ("注册资本", f"{capital_wan:,.0f}万元人民币"),
        ("成立日期", f"{established.year}年{established.month:02d}月{established.day:02d}日"),
        (
            "营业期限",
            f"{established.year}年{established.month:02d}月{established.day:02d}日 至 "
            + (f"{term_end.year}年{term_end.month:02d}月{term_end.day:02d}日" if term_end else "长期"),
        ),
        ("住所", "浙江省杭州市西湖区示例路88号"),
    ]
    y = 190
    for label, value in fields:
        page.text(90, y, f"{label}：{value}", 11)
        y += 34
    page.text(330, 640, "登记机关：杭州市市场监督管理局", 10)
    page.text(330, 660, "2024年03月15日", 10)
    page.save()


def draw_contract(path: Path, buyer: str, seller: str, amount: float) -> None:
    page = Page(path)
    page.center(297, 70, "工业品买卖合同", 18)
    lines = [
        "合同编号：GM-2026-1107",
        f"买方（甲方）：{buyer}",
        f"卖方（乙方）：{seller}",
        "一、标的：热轧钢板 Q235B，数量 1,200 吨。",
        f"二、合同金额：人民币 {amount:,.2f} 元（含税）。",
        "三、交货期：2026年12月31日前分三批交付。",
        "四、付款方式：货到验收合格后三十日内电汇支付。",
        "五、本合同自双方签字盖章之日起生效。",
    ]
    for i, line in enumerate(lines):
        page.text(70, 120 + i * 24, line, 11)
    page.save()


def draw_document(path: Path, title: str, lines: list[str]) -> None:
    """A one-page document under a title (the trade documents of a trade-finance application)."""
    page = Page(path)
    page.center(297, 70, title, 16)
    for i, line in enumerate(lines):
        page.text(70, 120 + i * 22, line, 10.5)
    page.save()


def trade_documents(docs: Path, buyer: str, seller: str, amount: float) -> None:
    """Contract, invoice, customs declaration and bill of lading of one import, in English."""
    draw_document(
        docs / "sales_contract.pdf",
        "SALES CONTRACT No. SC-2026-0412",
        [
            f"Buyer: {buyer}",
            f"Seller: {seller}",
            "Goods: household appliances, 2,400 units",
            f"Total value: USD {amount:,.2f} CIF Shenzhen",
            "Payment: irrevocable letter of credit at 90 days",
        ],
    )
    draw_document(
        docs / "commercial_invoice.pdf",
        "COMMERCIAL INVOICE No. CI-26-0877",
        [f"Seller: {seller}", f"Buyer: {buyer}", "Contract: SC-2026-0412", f"Amount: USD {amount:,.2f}"],
    )
    draw_document(
        docs / "customs_declaration.pdf",
        "中华人民共和国海关进口货物报关单",
        ["预录入编号：531620260004127", f"境内收货人：{buyer}", "贸易方式：一般贸易", f"成交总价：USD {amount:,.2f}"],
    )
    draw_document(
        docs / "bill_of_lading.pdf",
        "BILL OF LADING No. EXSZ2604128",
        [f"Shipper: {seller}", f"Consignee: to the order of {buyer}", "Port of discharge: Shenzhen (Yantian)"],
    )


# ---------------------------------------------------------------- truth


def _ratio(n: float, d: float) -> float | None:
    return None if d == 0 else round(n / d, 6)


def _balance_ratios(c: dict[str, float]) -> dict[str, float | None]:
    return {
        "current_ratio": _ratio(c["total_current_assets"], c["total_current_liabilities"]),
        "quick_ratio": _ratio(c["total_current_assets"] - c["inventory"], c["total_current_liabilities"]),
        "cash_ratio": _ratio(c["cash"], c["total_current_liabilities"]),
        "debt_to_assets": _ratio(c["total_liabilities"], c["total_assets"]),
        "debt_to_equity": _ratio(c["total_liabilities"], c["total_equity"]) if c["total_equity"] > 0 else None,
    }


def _income_ratios(c: dict[str, float], prior: dict[str, float]) -> dict[str, float | None]:
    def avg(item: str) -> float:
        return (c[item] + prior[item]) / 2 if item in prior else c[item]

    r: dict[str, float | None] = {
        "gross_margin": _ratio(c["revenue"] - c["cost_of_sales"], c["revenue"]),
        "net_margin": _ratio(c["net_profit"], c["revenue"]),
        "interest_coverage": _ratio(c["total_profit"] + c["interest_expense"], c["interest_expense"]),
    }
    if "total_assets" in c:
        r["roe"] = _ratio(c["net_profit"], avg("total_equity")) if avg("total_equity") > 0 else None
        r["roa"] = _ratio(c["net_profit"], avg("total_assets"))
        r["receivable_days"] = _ratio(360 * avg("accounts_receivable"), c["revenue"])
        r["inventory_days"] = _ratio(360 * avg("inventory"), c["cost_of_sales"])
        r["payable_days"] = _ratio(360 * avg("accounts_payable"), c["cost_of_sales"])
    if "net_cash_from_operating" in c and "total_current_liabilities" in c:
        r["ocf_to_current_liabilities"] = _ratio(c["net_cash_from_operating"], c["total_current_liabilities"])
    if "revenue" in prior:
        r["revenue_growth"] = round(c["revenue"] / prior["revenue"] - 1, 6)
    return r


def truth_ratios(s: dict[str, dict[str, float]]) -> dict[str, dict[str, float | None]]:
    """Ratios by DESIGN.md's definitions, written out independently of credit_dd.analysis.ratios."""
    out: dict[str, dict[str, float | None]] = {}
    for period in sorted(s):
        c, prior = s[period], s.get(f"{int(period[:4]) - 1}-12-31", {})
        out[period] = (_balance_ratios(c) if "total_assets" in c else {}) | (
            _income_ratios(c, prior) if "revenue" in c else {}
        )
    return out


def statements_truth(
    cur: dict[str, int], prev: dict[str, int] | None, year: int, scale: int, minor: int
) -> dict[str, dict[str, float]]:
    lines = BALANCE_ASSETS + BALANCE_FUNDING + INCOME + CASH_FLOW
    out = {f"{year}-12-31": _canonical(lines, cur, scale, minor)}
    if prev is not None:
        out[f"{year - 1}-12-31"] = _canonical(lines, prev, scale, minor)
    return out


# ---------------------------------------------------------------- applications


def form(app_id: str, product: str, amount: float, applicant: dict[str, object], **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "schema_version": 1,
        "application_id": app_id,
        "received_at": "2026-11-20T09:30:00+08:00",
        "relationship_manager": {
            "name": "王磊",
            "employee_id": "RM0451",
            "phone": "0571-8765 4321",
            "email": "wanglei@bank.example.cn",
        },
        "bank": "示例银行股份有限公司",
        "branch": "杭州分行",
        "product": product,
        "currency": "CNY",
        "requested_amount": amount,
        "tenor_months": 12,
        "purpose": "采购原材料",
        "repayment_method": "interest_monthly_principal_at_maturity",
        "applicant": applicant,
    }
    data.update(extra)
    return data


def sample_folder(out: Path, name: str) -> tuple[Path, Path]:
    """(application folder, its documents/ folder), created."""
    folder = out / name
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    return folder, folder / "documents"


def write_sample(folder: Path, application: dict[str, object], truth: dict[str, object]) -> None:
    (folder / "application.yaml").write_text(
        yaml.safe_dump(application, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def healthy_manufacturer(out: Path, rng: random.Random) -> None:
    """(a) A healthy Chinese manufacturer: two-sided balance sheet in 元, 12 months of bank flows."""
    folder, docs = sample_folder(out, "a_healthy_manufacturer")
    name = "杭州示例机械制造有限公司"
    uscc = make_uscc(rng, "330106")
    boss = make_id("330106", date(1980, 1, 1), 123)
    profile = Profile(
        revenue=86_500_000,
        growth=0.106,
        gross_margin=0.24,
        expense_ratio=0.11,
        assets_to_revenue=1.05,
        current_share=0.55,
        liabilities_to_assets=0.45,
        interest_rate=0.045,
        minor=100,
    )
    cur, prev = make_years(rng, profile, capital=10_000_000)
    page = Page(docs / "2025年度财务报表.pdf", "Kingdee K/3 Cloud")
    draw_cn_two_sided_balance_sheet(page, name, date(2025, 12, 31), cur, prev, "元", 100)
    page.next_page()
    draw_cn_statement(page, "利润表", name, "2025年度", INCOME, cur, prev, ("本期金额", "上期金额"), "元", 100)
    page.next_page()
    draw_cn_statement(page, "现金流量表", name, "2025年度", CASH_FLOW, cur, prev, ("本期金额", "上期金额"), "元", 100)
    page.save()
    opening = 9_215_406.18
    rows = make_transactions(
        rng,
        date(2025, 11, 1),
        12,
        opening,
        86_500_000 * 1.13 / 12,
        [
            "宁波示例汽车零部件有限公司",
            "苏州示例精密机械有限公司",
            "上海示例重工股份有限公司",
            "无锡示例动力设备有限公司",
            "合肥示例工程机械有限公司",
            "常州示例传动科技有限公司",
        ],
        ["鞍山示例钢铁有限公司", "杭州示例轴承有限公司", "温州示例电机有限公司"],
        zh=True,
    )
    draw_bank_statement(docs / "银行流水_202511-202610.pdf", rows, opening, name, "3301 0400 0123 4567 890", zh=True)
    draw_licence(docs / "scan_0001.pdf", name, uscc, "张伟", date(2012, 5, 8), date(2042, 5, 7), 1000)
    draw_contract(docs / "采购合同.pdf", name, "鞍山示例钢铁有限公司", 5_600_000)
    statements = statements_truth(cur, prev, 2025, 1, 100)
    application = form(
        "APP-20261120-0007",
        "working_capital_loan",
        5_000_000,
        {
            "kind": "enterprise",
            "name": name,
            "unified_social_credit_code": uscc,
            "industry_code": "C3441",
            "established_on": "2012-05-08",
            "registered_capital": 10_000_000,
            "employees": 128,
            "legal_representative": {"name": "张伟", "id_number": boss},
            "actual_controller": {"name": "张伟", "id_number": boss},
            "shareholders": [
                {"name": "张伟", "share_pct": 70},
                {"name": "李娜", "share_pct": 30, "id_number": make_id("330106", date(1983, 6, 2), 456)},
            ],
        },
        existing_facilities=[
            {
                "lender": "某商业银行",
                "kind": "working_capital_loan",
                "limit": 2_000_000,
                "outstanding": 1_500_000,
                "maturity": "2027-03-31",
            }
        ],
        collateral=[
            {"kind": "real_estate", "description": "厂房", "appraised_value": 8_000_000, "owner": name, "lien_rank": 1}
        ],
        guarantors=[{"name": "张伟", "kind": "individual", "id_number": boss, "declared_net_worth": 8_000_000}],
        related_parties=[{"name": "杭州示例贸易有限公司", "relation": "same_controller"}],
        site_visit={
            "date": "2026-11-18",
            "investigators": ["王磊", "陈静"],
            "interviewed": ["张伟 董事长", "刘洋 财务总监"],
            "notes": "厂区正常生产，库存与报表基本一致。",
        },
    )
    write_sample(
        folder,
        application,
        {
            "statements": statements,
            "ratios": truth_ratios(statements),
            "bank": bank_truth(rows, opening),
            "expected": {"status": "completed", "recommendation": ["approve", "approve_with_conditions"]},
        },
    )


def english_trader(out: Path, rng: random.Random) -> None:
    """(b) An English-language trading company reporting in RMB'000, unruled statements with notes."""
    folder, docs = sample_folder(out, "b_english_trading")
    name = "Shenzhen Example Trading Co., Ltd."
    uscc = make_uscc(rng, "440300")
    director = make_id("440301", date(1978, 6, 15), 456)
    profile = Profile(
        revenue=152_300,
        growth=0.089,
        gross_margin=0.14,
        expense_ratio=0.06,
        assets_to_revenue=0.55,
        current_share=0.78,
        liabilities_to_assets=0.52,
        interest_rate=0.05,
        minor=1,
    )
    cur, prev = make_years(rng, profile, capital=20_000)
    notes = {
        "cash": 5,
        "accounts_receivable": 6,
        "inventory": 7,
        "fixed_assets": 8,
        "short_term_borrowings": 9,
        "accounts_payable": 10,
        "revenue": 11,
        "financial_expenses": 12,
        "income_tax": 13,
    }
    page = Page(docs / "FS_2025_audited.pdf", "Microsoft Word - FS2025.docx")
    draw_en_statement(
        page,
        name,
        "Statement of Financial Position",
        "As at 31 December 2025",
        BALANCE_ASSETS + BALANCE_FUNDING,
        cur,
        prev,
        (2025, 2024),
        notes,
    )
    page.next_page()
    draw_en_statement(
        page,
        name,
        "Statement of Profit or Loss",
        "For the year ended 31 December 2025",
        INCOME,
        cur,
        prev,
        (2025, 2024),
        notes,
    )
    page.next_page()
    draw_en_statement(
        page,
        name,
        "Statement of Cash Flows",
        "For the year ended 31 December 2025",
        CASH_FLOW,
        cur,
        prev,
        (2025, 2024),
        notes,
    )
    page.save()
    opening = 10_804_220.50
    rows = make_transactions(
        rng,
        date(2025, 11, 1),
        12,
        opening,
        152_300_000 * 1.13 / 12,
        [
            "Example Retail HK Ltd",
            "Global Example Imports LLC",
            "Example Foods Pte Ltd",
            "Example Home Goods GmbH",
            "Example Supermarkets Sdn Bhd",
            "Example Outlets Pty Ltd",
        ],
        ["Example Logistics Co Ltd", "Example Packaging Ltd"],
        zh=False,
    )
    draw_bank_statement(docs / "statement.pdf", rows, opening, name, "7551 2345 6789 0123", zh=False)
    draw_licence(docs / "licence.pdf", "深圳示例贸易有限公司", uscc, "陈明", date(2015, 3, 2), None, 2000)
    trade_documents(docs, "Shenzhen Example Trading Co., Ltd.", "Example Appliances Manufacturing Ltd", 1_150_000)
    statements = statements_truth(cur, prev, 2025, 1000, 1)
    application = form(
        "APP-20261120-0011",
        "trade_finance",
        8_000_000,
        {
            "kind": "enterprise",
            "name": "深圳示例贸易有限公司",
            "name_en": name,
            "unified_social_credit_code": uscc,
            "industry_code": "F5179",
            "established_on": "2015-03-02",
            "registered_capital": 20_000_000,
            "employees": 46,
            "legal_representative": {"name": "Chen Ming", "id_number": director},
            "shareholders": [{"name": "Chen Ming", "share_pct": 100}],
        },
        collateral=[
            {
                "kind": "deposit",
                "description": "Margin deposit",
                "appraised_value": 2_000_000,
                "owner": name,
                "lien_rank": 1,
            },
            {
                "kind": "receivables",
                "description": "Pledged receivables",
                "appraised_value": 12_000_000,
                "owner": name,
                "lien_rank": 1,
            },
        ],
        site_visit={
            "date": "2026-11-17",
            "investigators": ["王磊", "Zhou Lin"],
            "interviewed": ["Chen Ming, director"],
            "notes": "Warehouse visited; stock consistent with records.",
        },
    )
    application["purpose"] = "Import of consumer goods under letters of credit"
    write_sample(
        folder,
        application,
        {
            "statements": statements,
            "ratios": truth_ratios(statements),
            "bank": bank_truth(rows, opening),
            "expected": {"status": "completed", "recommendation": ["approve", "approve_with_conditions"]},
        },
    )


def distressed_company(out: Path, rng: random.Random) -> None:
    """(c) A distressed company: losses and negative equity, statements in 万元."""
    folder, docs = sample_folder(out, "c_distressed")
    name = "温州示例鞋业有限公司"
    uscc = make_uscc(rng, "330302")
    boss = make_id("330302", date(1971, 9, 30), 218)
    profile = Profile(
        revenue=3_200,
        growth=-0.22,
        gross_margin=0.08,
        expense_ratio=0.16,
        assets_to_revenue=1.75,
        current_share=0.62,
        liabilities_to_assets=1.12,
        interest_rate=0.065,
        minor=100,
    )
    cur, prev = make_years(rng, profile, capital=1_500)
    page = Page(docs / "财报.pdf", "WPS Office")
    draw_cn_statement(
        page,
        "资产负债表",
        name,
        "2025年12月31日",
        BALANCE_ASSETS + BALANCE_FUNDING,
        cur,
        prev,
        ("期末余额", "年初余额"),
        "万元",
        100,
    )
    page.next_page()
    draw_cn_statement(page, "利润表", name, "2025年度", INCOME, cur, prev, ("本年金额", "上年金额"), "万元", 100)
    page.next_page()
    draw_cn_statement(page, "现金流量表", name, "2025年度", CASH_FLOW, cur, prev, ("本年金额", "上年金额"), "万元", 100)
    page.save()
    opening = 402_118.35
    rows = make_transactions(
        rng,
        date(2025, 11, 1),
        12,
        opening,
        3_200 * 10_000 * 0.9 / 12,
        ["温州示例鞋材批发部", "义乌示例商贸有限公司"],
        ["温州示例皮革有限公司", "台州示例胶业有限公司"],
        zh=True,
    )
    draw_bank_statement(docs / "流水.pdf", rows, opening, name, "3303 0200 0765 4321 098", zh=True)
    draw_licence(docs / "执照.pdf", name, uscc, "黄建国", date(2009, 4, 20), date(2039, 4, 19), 1500)
    statements = statements_truth(cur, prev, 2025, 10_000, 100)
    application = form(
        "APP-20261120-0019",
        "working_capital_loan",
        6_000_000,
        {
            "kind": "enterprise",
            "name": name,
            "unified_social_credit_code": uscc,
            "industry_code": "C1952",
            "established_on": "2009-04-20",
            "registered_capital": 15_000_000,
            "employees": 310,
            "legal_representative": {"name": "黄建国", "id_number": boss},
            "actual_controller": {"name": "黄建国", "id_number": boss},
            "shareholders": [{"name": "黄建国", "share_pct": 100}],
        },
        existing_facilities=[
            {
                "lender": "某农村商业银行",
                "kind": "working_capital_loan",
                "limit": 8_000_000,
                "outstanding": 8_000_000,
                "maturity": "2026-12-31",
            }
        ],
        collateral=[
            {
                "kind": "equipment",
                "description": "制鞋生产线",
                "appraised_value": 3_000_000,
                "owner": name,
                "lien_rank": 2,
            }
        ],
        site_visit={
            "date": "2026-11-16",
            "investigators": ["王磊", "陈静"],
            "interviewed": ["黄建国 总经理"],
            "notes": "两条生产线停工，库存积压明显。",
        },
    )
    write_sample(
        folder,
        application,
        {
            "statements": statements,
            "ratios": truth_ratios(statements),
            "bank": bank_truth(rows, opening),
            "expected": {"status": "completed", "recommendation": ["decline"]},
        },
    )


def incomplete_application(out: Path, rng: random.Random) -> None:
    """(d) An incomplete application: one year of statements only, no licence, no bank statement."""
    folder, docs = sample_folder(out, "d_incomplete")
    name = "宁波示例电子科技有限公司"
    uscc = make_uscc(rng, "330212")
    boss = make_id("330212", date(1985, 12, 3), 37)
    profile = Profile(
        revenue=21_800_000,
        growth=0.05,
        gross_margin=0.3,
        expense_ratio=0.18,
        assets_to_revenue=0.9,
        current_share=0.6,
        liabilities_to_assets=0.5,
        interest_rate=0.05,
        minor=100,
    )
    cur, _prev = make_years(rng, profile, capital=5_000_000)
    page = Page(docs / "资产负债表及利润表.pdf", "Yonyou U8")
    draw_cn_statement(
        page,
        "资产负债表",
        name,
        "2025年12月31日",
        BALANCE_ASSETS + BALANCE_FUNDING,
        cur,
        None,
        ("期末余额", ""),
        "元",
        100,
    )
    page.next_page()
    draw_cn_statement(page, "利润表", name, "2025年度", INCOME, cur, None, ("本期金额", ""), "元", 100)
    page.save()
    statements = statements_truth(cur, None, 2025, 1, 100)
    for period in statements.values():  # no cash-flow statement was supplied
        for item in ("net_cash_from_operating", "net_cash_from_investing", "net_cash_from_financing"):
            period.pop(item, None)
    application = form(
        "APP-20261120-0023",
        "working_capital_loan",
        3_000_000,
        {
            "kind": "enterprise",
            "name": name,
            "unified_social_credit_code": uscc,
            "industry_code": "C3971",
            "established_on": "2017-08-11",
            "registered_capital": 5_000_000,
            "employees": 85,
            "legal_representative": {"name": "孙磊", "id_number": boss},
            "shareholders": [{"name": "孙磊", "share_pct": 100}],
        },
        site_visit={
            "date": "2026-11-19",
            "investigators": ["王磊", "陈静"],
            "interviewed": ["孙磊 总经理"],
            "notes": "新厂房装修中。",
        },
    )
    ratios = truth_ratios(statements)
    write_sample(
        folder,
        application,
        {
            "statements": statements,
            "ratios": ratios,
            "bank": None,
            "expected": {"status": "needs_documents", "recommendation": [None], "deficiency_codes": ["DOC_MISSING"]},
        },
    )


def smudged_statements(out: Path, rng: random.Random) -> None:
    """(e) A sound manufacturer whose balance sheet's total current assets is smudged: nothing the
    statements print can prove it, so a person keys it (needs_spreading)."""
    folder, docs = sample_folder(out, "e_needs_spreading")
    name = "绍兴示例纺织机械有限公司"
    uscc = make_uscc(rng, "330602")
    boss = make_id("330602", date(1978, 9, 14), 58)
    profile = Profile(
        revenue=64_200_000,
        growth=0.082,
        gross_margin=0.23,
        expense_ratio=0.11,
        assets_to_revenue=1.0,
        current_share=0.56,
        liabilities_to_assets=0.42,
        interest_rate=0.045,
        minor=100,
    )
    cur, prev = make_years(rng, profile, capital=8_000_000)
    page = Page(docs / "2025年度财务报表（扫描件）.pdf", "Canon iR-ADV C5540 scan")
    draw_cn_two_sided_balance_sheet(
        page, name, date(2025, 12, 31), cur, prev, "元", 100, smudged="total_current_assets"
    )
    page.next_page()
    draw_cn_statement(page, "利润表", name, "2025年度", INCOME, cur, prev, ("本期金额", "上期金额"), "元", 100)
    page.next_page()
    draw_cn_statement(page, "现金流量表", name, "2025年度", CASH_FLOW, cur, prev, ("本期金额", "上期金额"), "元", 100)
    page.save()
    opening = 6_480_233.57
    rows = make_transactions(
        rng,
        date(2025, 11, 1),
        12,
        opening,
        64_200_000 * 1.13 / 12,
        ["柯桥示例印染有限公司", "海宁示例经编有限公司", "吴江示例丝绸有限公司", "长兴示例纺织有限公司"],
        ["宝鸡示例特钢有限公司", "绍兴示例电机有限公司"],
        zh=True,
    )
    draw_bank_statement(docs / "银行流水_202511-202610.pdf", rows, opening, name, "3301 0400 0765 4321 098", zh=True)
    draw_licence(docs / "营业执照.pdf", name, uscc, "钱峰", date(2009, 3, 16), date(2039, 3, 15), 800)
    draw_contract(docs / "采购合同.pdf", name, "宝鸡示例特钢有限公司", 1_000_000)
    statements = statements_truth(cur, prev, 2025, 1, 100)
    application = form(
        "APP-20261120-0031",
        "working_capital_loan",
        900_000,
        {
            "kind": "enterprise",
            "name": name,
            "unified_social_credit_code": uscc,
            "industry_code": "C3551",
            "established_on": "2009-03-16",
            "registered_capital": 8_000_000,
            "employees": 96,
            "legal_representative": {"name": "钱峰", "id_number": boss},
            "actual_controller": {"name": "钱峰", "id_number": boss},
            "shareholders": [{"name": "钱峰", "share_pct": 100}],
        },
        collateral=[
            {"kind": "real_estate", "description": "厂房", "appraised_value": 6_500_000, "owner": name, "lien_rank": 1}
        ],
        guarantors=[{"name": "钱峰", "kind": "individual", "id_number": boss, "declared_net_worth": 6_000_000}],
        site_visit={
            "date": "2026-11-18",
            "investigators": ["王磊", "陈静"],
            "interviewed": ["钱峰 董事长"],
            "notes": "车间开工正常，报表扫描件资产负债表有污损，流动资产合计无法辨认。",
        },
    )
    ratios = truth_ratios(statements)
    # The blot leaves nothing to read: the reader must not find it, and the ratios built on it are null
    # until a person keys it (the value to key is kept apart).
    smudged = {"2025-12-31": {"total_current_assets": statements["2025-12-31"].pop("total_current_assets")}}
    ratios["2025-12-31"] |= {"current_ratio": None, "quick_ratio": None}
    write_sample(
        folder,
        application,
        {
            "statements": statements,
            "ratios": ratios,
            "smudged": smudged,
            "bank": bank_truth(rows, opening),
            "expected": {
                "status": "needs_spreading",
                "recommendation": [None],
                "pending": [{"period": "2025-12-31", "item": "total_current_assets", "status": "missing"}],
                "after_keying": {"status": "completed", "recommendation": ["approve", "approve_with_conditions"]},
            },
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "samples")
    args = parser.parse_args()
    register_cjk_font()
    for make in (healthy_manufacturer, english_trader, distressed_company, incomplete_application, smudged_statements):
        make(args.out, random.Random(f"credit-dd:{make.__name__}"))
        print(f"wrote {make.__name__}")


if __name__ == "__main__":
    main()
