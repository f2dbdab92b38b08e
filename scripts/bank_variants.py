"""Bank statements of many shapes, each with its truth, to test the reader on structure, not on one bank's words.

    .venv/bin/python scripts/bank_variants.py OUT_DIR [--count 60] [--seed 1]

Each variant is one PDF and a ``.truth.json`` in the corpus's bank schema (opening and closing
balance, money in and out, the row count, currency) plus ``style`` (every printing choice) and
``findings`` (the codes its planted defects must raise). A seed fixes every choice:

- English or Chinese; GBP, USD, EUR (sometimes with decimal commas), SGD, HKD or CNY;
- money out and money in as two columns (either order), one signed column (``-24.50``,
  ``(24.50)``, ``24.50-``) or one column with Dr/Cr marks; a running-balance column or none;
- header words from many banks' vocabularies, some no reader knows (``Spent`` / ``Received``),
  set on one line or stacked on two (``Money`` over ``out``);
- dates as 2025-03-04, 04/03/2025, 03/04/2025, 4 Mar 2025, 4 March (the year only in the
  summary), 2025年03月04日 or 20250304;
- the account summary at the top, totals and closing balance at the bottom, or a "brought
  forward" row; statements over one or two pages;
- planted defects: an amount edited with the balances left alone, a mistyped balance, printed
  totals or a closing balance that disagree with the rows.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from bank_draw import DATE_FORMATS, draw_statement
from sample_pdf import register_cjk_font

DEFECTS = ("amount_edited", "balance_typo", "summary_in", "summary_out", "summary_closing")
EXPECTED = {
    "amount_edited": {"BANK_BALANCE_BREAK"},
    "balance_typo": {"BANK_BALANCE_BREAK"},
    "summary_in": {"BANK_SUMMARY_MISMATCH"},
    "summary_out": {"BANK_SUMMARY_MISMATCH"},
    "summary_closing": {"BANK_BALANCE_BREAK"},
}


@dataclass
class BankStyle:
    """Every printing choice of one variant."""

    language: str
    currency: str
    decimal_comma: bool
    money: str  # "two" columns, one "signed" column, or one column with "drcr" marks
    out_first: bool
    negative: str  # how a signed column prints money out: minus, brackets, trailing
    balance: bool
    counterparty: bool
    stacked: bool
    date_format: str
    summary: str  # "top", "bottom" or "forward"
    symbol_on_amounts: bool
    rows: int
    defect: str | None


@dataclass
class Row:
    """One transaction as truth: signed amount (money in positive) and the true balance after it."""

    day: date
    description: str
    counterparty: str
    amount: float
    balance: float


def choose_style(rng: random.Random) -> BankStyle:
    """Draw one combination of printing choices; a defect only where the shape can show it."""
    language = rng.choice(["en", "en", "zh"])
    currency = (
        rng.choice(["CNY", "CNY", "USD"]) if language == "zh" else rng.choice(["GBP", "USD", "EUR", "SGD", "HKD"])
    )
    money = rng.choice(["two", "two", "signed", "drcr"])
    balance = rng.random() < 0.8
    summary = rng.choice(["top", "bottom", "forward"] if balance else ["top", "bottom"])
    style = BankStyle(
        language=language,
        currency=currency,
        decimal_comma=currency == "EUR" and rng.random() < 0.5,
        money=money,
        out_first=rng.random() < 0.5,
        negative=rng.choice(["minus", "brackets", "trailing"]),
        balance=balance,
        counterparty=language == "zh" and rng.random() < 0.6,
        stacked=rng.random() < 0.3,
        date_format=rng.choice([k for k, (lang, _) in DATE_FORMATS.items() if lang in (language, "any")]),
        summary=summary,
        symbol_on_amounts=language == "en" and rng.random() < 0.2,
        rows=rng.randint(8, 48),
        defect=None,
    )
    possible = [d for d in DEFECTS if _can_show(style, d)]
    style.defect = rng.choice(possible) if possible and rng.random() < 0.5 else None
    return style


def _can_show(style: BankStyle, defect: str) -> bool:
    if defect == "balance_typo":
        return style.balance
    if defect in ("summary_in", "summary_out"):
        return style.summary in ("top", "bottom")
    return True  # an edited amount or a wrong closing shows against the opening and closing balances


def make_rows(rng: random.Random, style: BankStyle, start: date) -> tuple[float, list[Row]]:
    """An opening balance and the month's rows, dated in order, with their true running balance."""
    zh = style.language == "zh"
    opening = round(rng.uniform(500, 90_000), 2)
    days = sorted(rng.randint(0, 27) for _ in range(style.rows))
    balance, rows = opening, []
    for offset in days:
        inflow = rng.random() < 0.35
        amount = round(rng.uniform(200, 9_000) if inflow else rng.uniform(5, 3_000), 2)
        balance = round(balance + (amount if inflow else -amount), 2)
        description = rng.choice(
            (["货款", "转账存入", "利息"] if inflow else ["支付材料款", "代发工资", "电费", "手续费"])
            if zh
            else (["Salary", "Transfer in", "Refund"] if inflow else ["Card payment", "Direct debit", "ATM withdrawal"])
        )
        counterparty = rng.choice(["杭州甲贸易有限公司", "乙材料厂", "国网电力", "本单位职工"]) if zh else ""
        rows.append(
            Row(start + timedelta(days=offset), description, counterparty, amount if inflow else -amount, balance)
        )
    return opening, rows


def plant(rng: random.Random, style: BankStyle, rows: list[Row]) -> dict[str, object]:
    """Apply the style's defect to the printed rows; returns what the printed summary must say instead."""
    if style.defect in ("amount_edited", "balance_typo"):
        index = rng.randint(1, len(rows) - 2)
        delta = round(rng.choice([1, -1]) * rng.uniform(10, 500), 2)
        if style.defect == "amount_edited":
            sign = 1 if rows[index].amount > 0 else -1
            rows[index].amount = round(rows[index].amount + sign * abs(delta), 2)  # a larger figure, same direction
        else:
            rows[index].balance = round(rows[index].balance + delta, 2)
        return {"row": index + 1}
    if style.defect in ("summary_in", "summary_out", "summary_closing"):
        return {"off_by": round(rng.uniform(1, 900), 2)}
    return {}


def make_variant(seed: int, folder: Path) -> Path:
    """Write variant ``seed`` (PDF and truth) into ``folder``; return the PDF's path."""
    rng = random.Random(seed)
    style = choose_style(rng)
    start = date(rng.randint(2019, 2026), rng.randint(1, 12), 1)
    opening, rows = make_rows(rng, style, start)
    # The bank's own totals and closing balance, taken before any edit (an edit leaves them alone).
    totals, closing = _totals(rows), rows[-1].balance
    planted = plant(rng, style, rows)
    printed = _printed_summary(style, opening, closing, totals, planted)
    path = folder / f"bank_{seed:05d}.pdf"
    draw_statement(path, style, rows, printed, rng)
    moved_in = round(sum(r.amount for r in rows if r.amount > 0), 2)
    moved_out = round(-sum(r.amount for r in rows if r.amount < 0), 2)
    truth = {
        "kind": "bank_statement",
        "currency": style.currency,
        "period_start": rows[0].day.isoformat(),
        "period_end": rows[-1].day.isoformat(),
        "opening_balance": opening,
        "total_in": moved_in,
        "total_out": moved_out,
        "closing_balance": printed["closing"],
        "transactions": len(rows),
        "style": asdict(style),
        "planted": planted,
        "findings": sorted(_expected(style, printed, opening, moved_in, moved_out)),
    }
    path.with_suffix(".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _totals(rows: list[Row]) -> tuple[float, float]:
    return round(sum(r.amount for r in rows if r.amount > 0), 2), round(-sum(r.amount for r in rows if r.amount < 0), 2)


def _printed_summary(
    style: BankStyle, opening: float, closing: float, totals: tuple[float, float], planted: dict[str, object]
) -> dict[str, float]:
    """The figures the summary prints: the bank's own totals and closing balance, one of them off if planted."""
    off = float(str(planted.get("off_by", 0.0)))
    return {
        "opening": opening,
        "in": round(totals[0] + (off if style.defect == "summary_in" else 0.0), 2),
        "out": round(totals[1] + (off if style.defect == "summary_out" else 0.0), 2),
        "closing": round(closing + (off if style.defect == "summary_closing" else 0.0), 2),
    }


def _expected(
    style: BankStyle, printed: dict[str, float], opening: float, moved_in: float, moved_out: float
) -> set[str]:
    """The finding codes the printed statement must raise, from its own arithmetic."""
    codes = set(EXPECTED.get(style.defect or "", set()))
    prints_totals = style.summary in ("top", "bottom")
    if prints_totals and (abs(printed["in"] - moved_in) > 0.005 or abs(printed["out"] - moved_out) > 0.005):
        codes.add("BANK_SUMMARY_MISMATCH")
    if abs(opening + moved_in - moved_out - printed["closing"]) > 0.005:
        codes.add("BANK_BALANCE_BREAK")
    return codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    register_cjk_font()
    for seed in range(args.seed, args.seed + args.count):
        make_variant(seed, args.out)


if __name__ == "__main__":
    main()
