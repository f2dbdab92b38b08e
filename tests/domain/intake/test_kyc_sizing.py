"""Identity check digits and working-capital sizing."""

from __future__ import annotations

import pytest

from credit_dd.analysis.sizing import SizingInputs, size_working_capital, working_capital_need
from credit_dd.intake.kyc import validate_resident_id, validate_uscc


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("91350100M000100Y43", True),
        ("91110000600037341L", True),
        ("91350100M000100Y44", False),
        ("9135010", False),
        ("91350100M000100YI3", False),
        ("Y2330106MA2G8K3P7M", True),  # a letter registering authority (Y: others), as GB 32100 allows
    ],
)
def test_uscc_check_character(code: str, valid: bool) -> None:
    """It validates the GB 32100-2015 check character and the alphabet (stdnum's check digit; its
    validate() refuses the letter registering authorities the standard allows)."""
    assert (validate_uscc(code) is None) is valid


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("11010519491231002X", True),
        ("110105194912310021", False),
        ("110105194902300028", False),
        ("11010519491231002", False),
    ],
)
def test_resident_id_check_digit_and_birth_date(number: str, valid: bool) -> None:
    """It validates the GB 11643-1999 check digit and that the birth date exists."""
    assert (validate_resident_id(number) is None) is valid


def test_worked_example_one_reproduces_the_need() -> None:
    """DESIGN.md example 1: need 430.5238."""
    revenue, cost = 392.0, 227.0
    result = size_working_capital(
        SizingInputs(
            revenue=revenue,
            cost_of_sales=cost,
            margin_profit=160.0,
            expected_growth=400 / 392 - 1,
            receivables=212.7811 * revenue / 360,
            inventory=366.3436 * cost / 360,
            payables=22.0678 * cost / 360,
            prepayments=97.6361 * cost / 360,
            advances=0.0,
        )
    )
    assert result.need is not None and round(result.need, 2) == 430.52  # 430.5238 from 4-decimal day counts
    assert result.need == pytest.approx(430.5238, abs=1e-4)


def test_worked_example_two_reproduces_turnover_need_and_capacity() -> None:
    """DESIGN.md example 2 (万元): turnover 4.851619, need 7,188.82, capacity 4,187.60."""
    result = size_working_capital(
        SizingInputs(
            revenue=20315.74,
            cost_of_sales=19178.09,
            margin_profit=903.12,
            expected_growth=36500 / 20315.74 - 1,
            receivables=1222.43,
            inventory=1029.66,
            payables=1.00,
            prepayments=1845.39,
            advances=79.55,
            existing_loans=3001.22,
        )
    )
    # The example's inputs are rounded averages; its turnover came from the unrounded ones.
    assert result.turnover == pytest.approx(4.851619, abs=1e-5)
    need = working_capital_need(20315.74, 903.12 / 20315.74, 36500 / 20315.74 - 1, 4.851619)
    assert round(need, 2) == 7188.82
    assert round(need - 3001.22, 2) == 4187.60
    assert result.capacity == pytest.approx(result.need - 3001.22 if result.need else 0)


def test_an_impossible_cycle_gives_no_capacity_and_a_reason() -> None:
    """A non-positive cash cycle or zero revenue gives None with a reason, never a crash."""
    zero = size_working_capital(
        SizingInputs(
            revenue=0,
            cost_of_sales=1,
            margin_profit=0,
            expected_growth=0,
            receivables=1,
            inventory=1,
            payables=1,
            prepayments=0,
            advances=0,
        )
    )
    assert zero.need is None and zero.reason
    negative = size_working_capital(
        SizingInputs(
            revenue=100,
            cost_of_sales=80,
            margin_profit=5,
            expected_growth=0,
            receivables=0,
            inventory=0,
            payables=50,
            prepayments=0,
            advances=0,
        )
    )
    assert negative.capacity is None and "not positive" in (negative.reason or "")
