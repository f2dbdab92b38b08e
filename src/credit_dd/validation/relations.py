"""The arithmetic a set of statements must satisfy, as named relations between its figures.

Each relation is an equation between figures of one period (or of a period and the one it opens
from), with the forms the standards allow: an income tax printed as a positive expense or as a
negative figure; exchange differences inside or outside the net change in cash. A relation
*holds* when one form balances to within the figures' rounding; it *fails* when none does.

Definitive relations are identities every statement of that kind satisfies (assets = liabilities +
equity, the cash-flow chain): when one fails, a figure in it is wrong, and all its figures are in
conflict. The ties across statements (closing cash = balance-sheet cash, net profit = the indirect
method's first line, retained earnings rolled forward) prove figures when they hold; when they do
not, restricted cash or a different starting line may explain it, so they accuse nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from credit_dd.documents.history import StatementHistory

Term = tuple[int, str, int]  # (sign, item, period offset: 0 this period, -1 the balance it opens from)
Form = tuple[tuple[Term, ...], tuple[Term, ...]]  # left = right; an item ending "?" counts as 0 if absent


@dataclass(frozen=True)
class Relation:
    """A named relation, its alternative forms, and whether a failure accuses its figures."""

    name: str
    forms: tuple[Form, ...]
    definitive: bool


def _t(*items: str, sign: int = 1, offset: int = 0) -> tuple[Term, ...]:
    return tuple((sign, item, offset) for item in items)


_ACTIVITIES = ("net_cash_from_operating", "net_cash_from_investing", "net_cash_from_financing")
RELATIONS: tuple[Relation, ...] = (
    Relation("assets_balance", ((_t("total_assets"), _t("total_liabilities_and_equity")),), True),
    # Assets (and liabilities) held for sale may stand outside both subtotals (IFRS 5, Ind AS Schedule III).
    Relation(
        "assets_split",
        (
            (_t("total_current_assets", "total_non_current_assets"), _t("total_assets")),
            (_t("total_current_assets", "total_non_current_assets", "assets_held_for_sale"), _t("total_assets")),
        ),
        True,
    ),
    Relation(
        "liabilities_split",
        (
            (_t("total_current_liabilities", "total_non_current_liabilities"), _t("total_liabilities")),
            (
                _t("total_current_liabilities", "total_non_current_liabilities", "liabilities_held_for_sale"),
                _t("total_liabilities"),
            ),
        ),
        True,
    ),
    Relation(
        "funding_split",
        ((_t("total_liabilities", "mezzanine_equity?", "total_equity"), _t("total_liabilities_and_equity")),),
        True,
    ),
    Relation("net_assets", ((_t("total_assets") + _t("total_liabilities", sign=-1), _t("net_assets")),), True),
    Relation("net_assets_equity", ((_t("net_assets"), _t("total_equity")),), True),
    # Proofs when they hold, silent when not: equity-method income and discontinued operations come
    # after the tax line (US GAAP), and a statement may split its cost of sales over several lines.
    # A year of loss often prints no tax at all (a blank, a dash): the profit before tax is then the net.
    Relation(
        "net_profit",
        (
            (_t("total_profit") + _t("income_tax?", sign=-1), _t("net_profit")),
            (_t("total_profit", "income_tax"), _t("net_profit")),
        ),
        False,
    ),
    Relation(
        "gross_profit",
        (
            (_t("revenue") + _t("cost_of_sales", sign=-1), _t("gross_profit")),
            (_t("revenue", "cost_of_sales"), _t("gross_profit")),
        ),
        False,
    ),
    *(
        Relation(
            f"{activity}_subtotals",
            (
                (_t(f"{activity}_inflows") + _t(f"{activity}_outflows", sign=-1), _t(f"net_cash_from_{activity}")),
                (_t(f"{activity}_inflows", f"{activity}_outflows"), _t(f"net_cash_from_{activity}")),
            ),
            True,
        )
        for activity in ("operating", "investing", "financing")
    ),
    Relation(  # exchange differences inside the net change, or after it (IAS 7 allows both)
        "net_increase",
        (
            (_t(*_ACTIVITIES, "fx_effect_on_cash"), _t("net_increase_in_cash")),
            (_t(*_ACTIVITIES), _t("net_increase_in_cash")),
            # cash moved into a disposal group (held for sale), printed inside the net change
            (_t(*_ACTIVITIES, "fx_effect_on_cash", "cash_held_for_sale_change"), _t("net_increase_in_cash")),
            (_t(*_ACTIVITIES, "cash_held_for_sale_change"), _t("net_increase_in_cash")),
        ),
        True,
    ),
    Relation(
        "cash_roll",
        (
            (_t("cash_equivalents_begin", "net_increase_in_cash"), _t("cash_equivalents_end")),
            (_t("cash_equivalents_begin", "net_increase_in_cash", "fx_effect_on_cash"), _t("cash_equivalents_end")),
        ),
        True,
    ),
    Relation(
        "cash_tie",
        (
            (_t("cash"), _t("cash_equivalents_end")),
            (_t("cash", "restricted_cash"), _t("cash_equivalents_end")),
        ),
        False,
    ),
    Relation(
        "opening_cash_tie",
        (
            (_t("cash", offset=-1), _t("cash_equivalents_begin")),
            (_t("cash", "restricted_cash", offset=-1), _t("cash_equivalents_begin")),
        ),
        False,
    ),
    Relation("profit_tie", ((_t("net_profit"), _t("cash_flow_net_profit")),), False),
    Relation(
        "retained_earnings_rollforward",
        (
            (
                _t("retained_earnings", offset=-1) + _t("net_profit_to_owners") + _t("dividends_paid?", sign=-1),
                _t("retained_earnings"),
            ),
            (
                _t("retained_earnings", offset=-1) + _t("net_profit") + _t("dividends_paid?", sign=-1),
                _t("retained_earnings"),
            ),
        ),
        False,
    ),
)

# The line every full cash-flow statement prints (IAS 7.28; 会企03表's 汇率变动对现金及现金等价物的影响;
# ASC 230-10-45-24) and a summary of it leaves out: absent from a summary, it is unknown, not nothing.
_SUMMARY_LEAVES_OUT = frozenset({"fx_effect_on_cash"})

Key = tuple[date, str]


@dataclass(frozen=True)
class Outcome:
    """A relation evaluated for one period: whether it holds, and the figures (period, item) it took."""

    name: str
    period: date
    holds: bool
    definitive: bool
    members: tuple[Key, ...]


def _form_members(history: StatementHistory, period: date, form: Form) -> list[tuple[int, Key]] | None:
    """The signed figures of a form, or ``None`` when a required one is not printed."""
    out: list[tuple[int, Key]] = []
    for sign, item, offset in form[0] + tuple((-s, i, o) for s, i, o in form[1]):
        name = item.rstrip("?")
        when = history.opening_of(period) if offset else period
        if name in history.values.get(when, {}):
            out.append((sign, (when, name)))
        elif not item.endswith("?"):
            return None
    return out


def _balances(history: StatementHistory, relation: str, members: list[tuple[int, Key]]) -> bool | None:
    """Whether signed figures sum to zero within their rounding (``None``: nothing to prove)."""
    values = [history.values[when][item] for _, (when, item) in members]
    if any(v.derived and v.derived_from == relation for v in values) or not any(v.value for v in values):
        return None  # a figure computed by this very relation, or nothing but zeros
    printed = [(v.page, v.y, v.x) for v in values if not v.derived]
    if len(printed) != len(set(printed)):
        return None  # one printed figure taken for two items: equal to itself, which proves nothing
    tolerance = max(v.step for v in values) * len(values) / 2 + 1e-6
    return abs(sum(sign * v.value for (sign, _), v in zip(members, values, strict=True))) <= tolerance


def evaluate(history: StatementHistory, period: date, relation: Relation) -> Outcome | None:
    """The relation for one period: held by any form, failed by all, ``None`` when no form applies."""
    tried: list[tuple[bool, list[tuple[int, Key]]]] = []
    for form in relation.forms:
        members = _form_members(history, period, form)
        if members is None:
            continue
        result = _balances(history, relation.name, members)
        if result is not None:
            tried.append((result, members))
    if not tried:
        return None
    held = [members for ok, members in tried if ok]
    members = held[0] if held else [m for _, ms in tried for m in ms]
    return Outcome(relation.name, period, bool(held), relation.definitive, tuple(dict.fromkeys(k for _, k in members)))


# Every figure each relation names, in any of its forms.
RELATION_ITEMS = {r.name: [item for form in r.forms for side in form for _, item, _ in side] for r in RELATIONS}


def left_out_of_summary(history: StatementHistory, period: date, items: Iterable[str]) -> bool:
    """Whether an identity over ``items`` wants a line a summary leaves out (the exchange-rate line) that is
    not printed, and some of its figures were taken from a summary (主要数据): it cannot accuse them."""
    names = {item.rstrip("?") for item in items}
    left_out = (names & _SUMMARY_LEAVES_OUT) - history.values.get(period, {}).keys()
    return bool(left_out) and any((period, name) in history.abridged for name in names)


def relation_outcomes(history: StatementHistory) -> list[Outcome]:
    """Every relation that applies, for every period of one document's statements."""
    return [
        outcome
        for period in history.periods
        for relation in RELATIONS
        if (outcome := evaluate(history, period, relation)) is not None
    ]


# Ties across statements: a gap of an exact power of ten means one of the two was read in the wrong unit.
UNIT_TIES = {
    "cash_tie": ("balance_sheet", "cash_flow"),
    "opening_cash_tie": ("balance_sheet", "cash_flow"),
    "profit_tie": ("income_statement", "cash_flow"),
}
_UNIT_STEPS = (1e3, 1e4, 1e6, 1e8)


def unit_mismatch(history: StatementHistory, outcome: Outcome) -> bool:
    """Whether a failed tie's two figures are the same number in different units (thousands against millions)."""
    if outcome.holds or outcome.name not in UNIT_TIES or len(outcome.members) != 2:
        return False
    (p1, i1), (p2, i2) = outcome.members
    a, b = history.values[p1][i1].value, history.values[p2][i2].value
    if not a or not b:
        return False
    ratio = abs(a / b) if abs(a) > abs(b) else abs(b / a)
    return any(abs(ratio / step - 1) < 0.002 for step in _UNIT_STEPS)
