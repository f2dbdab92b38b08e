"""Every figure proven, flagged or in conflict (issue 25, point 1): periods checked by the cash tie,
figures compared across documents, statuses carried by the validation step."""

from __future__ import annotations

from datetime import date

from credit_dd.documents.files import ParsedDocument
from credit_dd.documents.statements import ExtractedStatement, SourcedValue, ValueColumn
from credit_dd.intake.application import read_application
from credit_dd.policy.bundle import read_policies
from credit_dd.rules.quality import period_findings
from credit_dd.settings import Settings
from credit_dd.validation.outcome import Validation, validate
from tests.conftest import SAMPLES

Y2023, Y2024, Y2025 = date(2023, 12, 31), date(2024, 12, 31), date(2025, 12, 31)


def _statement(
    file: str, kind: str, values: dict[date, dict[str, float]], *, by_columns: bool = False, page: int = 1
) -> ExtractedStatement:
    flows = kind != "balance_sheet"
    starts = {end: date(end.year, 1, 1) for end in values} if flows else {}
    return ExtractedStatement(
        kind=kind,  # type: ignore[arg-type]
        scope="single",
        file=file,
        heading=kind,
        pages=[page],
        unit="元",
        currency="CNY",
        statement_date=max(values),
        company="杭州示例机械制造有限公司",
        values={
            end: {
                item: SourcedValue(value=v, file=file, page=page, x=100.0 + i, y=50.0 + 14 * j, label=item)
                for j, (item, v) in enumerate(items.items())
            }
            for i, (end, items) in enumerate(values.items())
        },
        starts=starts,
        columns=[ValueColumn(end=end, start=starts.get(end)) for end in values],
        dated_by_columns=by_columns,
    )


def _balance_sheet(file: str, cash: dict[date, float], assets: dict[date, float]) -> ExtractedStatement:
    return _statement(
        file,
        "balance_sheet",
        {d: {"cash": cash[d], "total_assets": assets[d], "total_liabilities_and_equity": assets[d]} for d in cash},
        by_columns=True,
    )


def _validate(*documents: ExtractedStatement | list[ExtractedStatement]) -> Validation:
    parsed = []
    for index, statements in enumerate(documents):
        listed = statements if isinstance(statements, list) else [statements]
        parsed.append(
            ParsedDocument(file=listed[0].file, sha256=f"s{index}", size=1, true_type="pdf", statements=listed)
        )
    application = read_application(SAMPLES / "a_healthy_manufacturer")
    return validate(application, parsed, [], read_policies(Settings()))


def _flows(closing: dict[date, float], *, by_columns: bool = False) -> list[ExtractedStatement]:
    """An income statement and a cash-flow statement of the same columns (dated as given)."""
    income = _statement(
        "fs2025.pdf", "income_statement", {d: {"revenue": 1000.0 + c, "net_profit": 80.0} for d, c in closing.items()}
    )
    cash_flow = _statement(
        "fs2025.pdf",
        "cash_flow",
        {d: {"net_cash_from_operating": 60.0, "cash_equivalents_end": c} for d, c in closing.items()},
        by_columns=by_columns,
        page=3,
    )
    return [income, cash_flow]


def test_a_statement_set_dated_a_year_early_is_moved_by_its_cash_tie() -> None:
    """The 2025 set's income and cash-flow columns read as 2024 and 2023: their closing cash is the
    balance sheet's cash at 2025 and 2024, so both move a year on, the case says so, and the cash
    tie then proves the figures at their true dates."""
    balance = _balance_sheet("fs2025.pdf", {Y2025: 530.0, Y2024: 410.0}, {Y2025: 9000.0, Y2024: 8000.0})
    validation = _validate([balance, *_flows({Y2024: 530.0, Y2023: 410.0})])
    history, figures = validation.history, validation.figures
    assert history.get(Y2025, "revenue") == 1530.0 and history.get(Y2024, "revenue") == 1410.0
    assert history.get(Y2023, "revenue") is None
    closing = figures.get(Y2025, "cash_equivalents_end")
    assert closing is not None and closing.status == "verified" and "cash_tie" in closing.checks
    codes = [f.code for f in period_findings(validation.redated, validation.period_doubts)]
    assert codes.count("PERIOD_REASSIGNED") == 2  # the cash-flow statement and its income statement


def test_columns_that_print_their_own_year_are_flagged_not_moved() -> None:
    """When the cash-flow columns print their own years the reader does not overrule them: the
    columns stay, their figures are in conflict, and PERIOD_CONFLICT names the date the cash ties to."""
    balance = _balance_sheet("fs2025.pdf", {Y2025: 530.0, Y2024: 410.0}, {Y2025: 9000.0, Y2024: 8000.0})
    validation = _validate([balance, *_flows({Y2024: 530.0, Y2023: 410.0}, by_columns=True)])
    figure = validation.figures.get(Y2024, "net_cash_from_operating")
    assert figure is not None and figure.status == "conflict" and "period" in figure.failed
    doubts = [f for f in period_findings(validation.redated, validation.period_doubts) if f.code == "PERIOD_CONFLICT"]
    assert doubts and "2025-12-31" in doubts[0].message


def test_two_documents_disagreeing_on_a_prior_year_figure_are_in_conflict() -> None:
    """The 2025 report's 2024 column says 8,000 and the 2024 report says 8,100: the 2024 figure is in
    conflict with both readings as candidates; where they agree, the tie proves both."""
    later = _balance_sheet("fs2025.pdf", {Y2025: 530.0, Y2024: 410.0}, {Y2025: 9000.0, Y2024: 8000.0})
    earlier = _balance_sheet("fs2024.pdf", {Y2024: 410.0, Y2023: 300.0}, {Y2024: 8100.0, Y2023: 7000.0})
    figures = _validate(later, earlier).figures
    assets = figures.get(Y2024, "total_assets")
    assert assets is not None and assets.status == "conflict" and assets.failed == ["cross_document_tie"]
    assert sorted((c.value, c.file) for c in assets.candidates) == [(8000.0, "fs2025.pdf"), (8100.0, "fs2024.pdf")]
    cash = figures.get(Y2024, "cash")
    assert cash is not None and cash.status == "verified" and cash.checks == ["cross_document_tie"]


def test_a_figure_no_check_reaches_is_read_and_a_missing_core_figure_is_missing() -> None:
    """A lone revenue line proves nothing: it is read; the net profit its statement does not print is missing."""
    income = _statement("fs.pdf", "income_statement", {Y2025: {"revenue": 1000.0}})
    figures = _validate(income).figures
    revenue, profit = figures.get(Y2025, "revenue"), figures.get(Y2025, "net_profit")
    assert revenue is not None and revenue.status == "read" and revenue.checks == []
    assert profit is not None and (profit.status, profit.value) == ("missing", None)


def test_a_year_of_loss_without_a_tax_line_is_proven_by_its_profit_before_tax() -> None:
    """No tax is printed in a year of loss (a dash): the loss before tax is the net loss, which proves it."""
    income = _statement("fs.pdf", "income_statement", {Y2025: {"total_profit": -120.0, "net_profit": -120.0}})
    profit = _validate(income).figures.get(Y2025, "net_profit")
    assert profit is not None and profit.status == "verified" and "net_profit" in profit.checks


def test_one_printed_figure_taken_for_two_items_proves_neither() -> None:
    """A profit line read as both the profit before tax and the net profit equals itself: no proof."""
    income = _statement("fs.pdf", "income_statement", {Y2025: {"total_profit": -120.0, "net_profit": -120.0}})
    same = income.values[Y2025]["total_profit"]
    income.values[Y2025]["net_profit"] = same.model_copy(update={"label": "net_profit"})
    profit = _validate(income).figures.get(Y2025, "net_profit")
    assert profit is not None and profit.status == "read"


def test_a_closing_cash_one_off_another_years_cash_casts_no_doubt() -> None:
    """Cash printed in millions: closing cash with restricted funds (117) is not the balance sheet's cash
    of that date (85), and it is one from the year before's (116). A column really of another date
    prints that date's cash to the digit; a near miss on a short figure is chance, not a period doubt."""

    def in_millions(statement: ExtractedStatement) -> ExtractedStatement:
        values = {
            end: {item: v.model_copy(update={"value": v.value * 1e6, "step": 1e6}) for item, v in items.items()}
            for end, items in statement.values.items()
        }
        return statement.model_copy(update={"values": values})

    balance = in_millions(_balance_sheet("fs2025.pdf", {Y2025: 85.0, Y2024: 116.0}, {Y2025: 900.0, Y2024: 800.0}))
    flows = [in_millions(s) for s in _flows({Y2025: 117.0, Y2024: 136.0}, by_columns=True)]
    validation = _validate([balance, *flows])
    assert validation.period_doubts == []
    moved = [in_millions(s) for s in _flows({Y2025: 116.0, Y2024: 136.0}, by_columns=True)]
    assert [d.period for d in _validate([balance, *moved]).period_doubts] == [Y2025]  # the cash to the digit
