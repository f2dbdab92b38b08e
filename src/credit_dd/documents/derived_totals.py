"""Balance-sheet totals a layout does not print, derived from the lines it does, and marked so.

Outside China and the US a balance sheet often prints net assets and no total assets, total
liabilities or liabilities-and-equity line (UK and Commonwealth formats: non-current assets, net
current assets, total assets less current liabilities, net assets = total equity); a US balance
sheet often has no total-liabilities line. The totals the analysis needs are then the sums of
printed totals, each marked ``derived`` with the identity it came from, so that identity is never
taken as proof of it; the other identities still check it.
"""

from __future__ import annotations

from datetime import date

from credit_dd.documents.statements_model import SourcedValue

# (total, identity it comes from, [(sign, part)]): the first rule whose parts are all printed applies.
RULES: tuple[tuple[str, str, tuple[tuple[int, str], ...]], ...] = (
    ("total_assets", "assets_split", ((1, "total_current_assets"), (1, "total_non_current_assets"))),
    ("total_assets", "assets_less_current", ((1, "assets_less_current_liabilities"), (1, "total_current_liabilities"))),
    (
        "total_liabilities",
        "liabilities_split",
        ((1, "total_current_liabilities"), (1, "total_non_current_liabilities")),
    ),
    (
        "total_liabilities_and_equity",
        "funding_split",
        ((1, "total_liabilities"), (1, "mezzanine_equity?"), (1, "total_equity")),
    ),
    (
        "total_liabilities",
        "funding_split",
        ((1, "total_liabilities_and_equity"), (-1, "mezzanine_equity?"), (-1, "total_equity")),
    ),
)


_ACTIVITIES = ("operating", "investing", "financing")
# An activity's net cash from its continuing and its discontinued operations (ASC 205-20, IFRS 5).
_CASH_SPLITS = tuple(
    (f"net_cash_from_{a}", "cash_split", ((1, f"{a}_continuing"), (1, f"{a}_discontinued"))) for a in _ACTIVITIES
)


def with_cash_totals(items: dict[str, SourcedValue]) -> dict[str, SourcedValue]:
    """A cash-flow statement that prints each activity's continuing operations apart from its discontinued
    ones: the activity's net cash is their sum, marked derived. An activity the discontinued lines leave
    out has none when those lines add up to their printed total (or nothing discontinued is printed at
    all), and its continuing figure is then the whole; when they do not, the whole is unknown."""
    discontinued = [items[f"{a}_discontinued"] for a in _ACTIVITIES if f"{a}_discontinued" in items]
    whole = items.get("discontinued_cash_flows")
    if whole is None:
        complete = not discontinued
    else:
        tolerance = max(v.step for v in [whole, *discontinued]) * (len(discontinued) + 1) / 2 + 1e-6
        complete = abs(sum(v.value for v in discontinued) - whole.value) <= tolerance
    out = dict(items)
    for total, identity, ((_, continuing), (_, apart)) in _CASH_SPLITS:
        if total in items or continuing not in items:
            continue
        if apart in items:
            out[total] = _derived([(1, items[continuing]), (1, items[apart])], f"{continuing} + {apart}", identity)
        elif complete:
            out[total] = items[continuing]
    return out


# The figures a derived one is the sum of, by the identity it came from (``RULES``, and the net profit
# an income statement prints only as its owners' and non-controlling shares).
_SUMS = (
    RULES
    + _CASH_SPLITS
    + (("net_profit", "net_profit_split", ((1, "net_profit_to_owners"), (1, "net_profit_to_nci"))),)
)


def derivation_parts(item: str, items: dict[str, SourcedValue]) -> list[str]:
    """The figures a derived figure was summed from, and those of a derived one among them in turn: an
    identity that holds with the derived figure in it holds with them in its place, and proves them as
    it would have proved it."""
    value = items.get(item)
    if value is None or not value.derived:
        return []
    for total, identity, parts in _SUMS:
        names = [name.rstrip("?") for _, name in parts if name.rstrip("?") in items]
        if (
            total == item
            and identity == value.derived_from
            and len(names) >= sum(not n.endswith("?") for _, n in parts)
        ):
            return [found for name in names for found in (name, *derivation_parts(name, items))]
    return []


def with_derived_totals(items: dict[str, SourcedValue]) -> dict[str, SourcedValue]:
    """The balance sheet's items with every missing total that its printed totals give."""
    out = dict(items)
    for total, identity, parts in RULES:
        if total in out:
            continue
        present = [(sign, out[name.rstrip("?")]) for sign, name in parts if name.rstrip("?") in out]
        if len(present) < sum(1 for _, name in parts if not name.endswith("?")):
            continue
        names = " + ".join(name.rstrip("?") for _, name in parts)
        out[total] = _derived([(sign, v) for sign, v in present], names, identity)
    return out


def _derived(parts: list[tuple[int, SourcedValue]], names: str, identity: str) -> SourcedValue:
    """A figure no line prints, the signed sum of printed ones: where the last of them stands, marked."""
    return parts[-1][1].model_copy(
        update={
            "value": round(sum(sign * v.value for sign, v in parts), 2),
            "label": f"derived: {names} (not printed)",
            "printed": "",
            "step": max(v.step for _, v in parts),
            "derived": True,
            "derived_from": identity,
        }
    )


def with_net_profit(items: dict[str, SourcedValue]) -> dict[str, SourcedValue]:
    """An income statement whose last result is "net income attributable to shareholders": when profit
    before tax less the tax is that figure, nothing else was deducted, and it is the net profit. When
    it prints the owners' and the non-controlling interests' shares and no total of them, the net
    profit is their sum, marked derived (the ties to profit before tax and to the cash-flow
    statement's first line can still prove it)."""
    owners, before, tax = items.get("net_profit_to_owners"), items.get("total_profit"), items.get("income_tax")
    others = items.get("net_profit_to_nci")
    if "net_profit" not in items and owners is not None and others is not None:
        shares = [(1, others), (1, owners)]  # sourced where the owners' line is printed
        return items | {"net_profit": _derived(shares, "net_profit_to_owners + net_profit_to_nci", "net_profit_split")}
    if "net_profit" in items or owners is None or before is None or tax is None:
        return items
    tolerance = max(owners.step, before.step, tax.step) * 1.5 + 1e-6
    if min(abs(before.value - tax.value - owners.value), abs(before.value + tax.value - owners.value)) > tolerance:
        return items
    return items | {"net_profit": owners}


def with_total_equity(items: dict[str, SourcedValue]) -> dict[str, SourcedValue]:
    """A balance sheet without non-controlling interests prints only the owners' equity: when liabilities
    and it make the liabilities-and-equity total, it is the total equity."""
    owners, liabilities, total = (
        items.get("equity_to_owners"),
        items.get("total_liabilities"),
        items.get("total_liabilities_and_equity"),
    )
    if "total_equity" in items or owners is None or liabilities is None or total is None or total.derived:
        return items
    mezzanine = items.get("mezzanine_equity")
    gap = liabilities.value + owners.value + (mezzanine.value if mezzanine else 0.0) - total.value
    if abs(gap) > max(owners.step, liabilities.step, total.step) * 1.5 + 1e-6:
        return items
    return items | {"total_equity": owners}


# The canonical costs are costs (会企02表: 营业成本 2,000 is a cost of 2,000): what the ratios, the sizing
# and the identities take them as. IFRS and US GAAP layouts often print them negative instead.
COSTS = ("cost_of_sales", "selling_expenses", "admin_expenses", "financial_expenses", "interest_expense", "income_tax")
_ALWAYS_COSTS = ("cost_of_sales", "selling_expenses", "admin_expenses")  # never income, whatever the year


def with_costs_as_costs(values: dict[date, dict[str, SourcedValue]]) -> dict[date, dict[str, SourcedValue]]:
    """An income statement that prints its costs negative (Cost of sales (130,978); Income tax
    (2,676)) has every cost turned to the sign the canonical items take: a cost positive, a credit
    (a tax benefit, finance income in excess of costs) negative. The statement is known by its own
    print: no cost that is never income is printed positive, and at least one is printed negative.
    The printed token stays as printed."""
    always = [items[i].value for items in values.values() for i in _ALWAYS_COSTS if i in items]
    if not always or max(always) > 0 or min(always) >= 0:
        return values
    return {
        period: {
            item: value.model_copy(update={"value": -value.value}) if item in COSTS else value
            for item, value in items.items()
        }
        for period, items in values.items()
    }
