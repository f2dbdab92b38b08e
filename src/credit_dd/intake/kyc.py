"""Identity checks: unified social credit code (GB 32100-2015) and resident ID (GB 11643-1999).

The check digits are python-stdnum's (``stdnum.cn.uscc``, ``stdnum.cn.ric``); what is wrong is
said in our own words (the variants of KYC_USCC_INVALID and KYC_ID_INVALID). Two checks stay
here because stdnum does not make them, or makes them stricter than the standard:

- the USCC's characters: GB 32100 allows a letter as the registering authority (Y: others),
  which ``uscc.validate`` refuses, so the code is checked against the standard's alphabet;
- the organisation code inside a USCC (characters 9–17) has its own GB 11714 check character,
  which no library checks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from credit_dd.policy.findings import finding

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: digits and letters without I, O, S, V, Z
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def uscc_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015, mod 31)."""
    return uscc.calc_check_digit(first17)


def organisation_code_check(first8: str) -> str:
    """The check character of the embedded organisation code (GB 11714, mod 11)."""
    total = sum(ORG_ALPHABET.index(ch) * w for ch, w in zip(first8, ORG_WEIGHTS, strict=False))
    value = 11 - total % 11
    return "X" if value == 10 else ("0" if value == 11 else str(value))


Problem = tuple[str, dict[str, Any]]  # (catalogue variant, parameters of its message)


def uscc_problem(code: str) -> Problem | None:
    """``None`` when the code is valid, else what is wrong (a variant of ``KYC_USCC_INVALID``)."""
    code = uscc.compact(code)
    if len(code) != 18:
        return "length", {"length": len(code)}
    bad = [ch for ch in code if ch not in USCC_ALPHABET]
    if bad:
        return "characters", {"chars": "".join(bad)}
    if uscc_check_char(code[:17]) != code[17]:
        return "check", {"got": code[17], "expected": uscc_check_char(code[:17])}
    org = code[8:17]
    if all(ch in ORG_ALPHABET for ch in org[:8]) and organisation_code_check(org[:8]) != org[8]:
        return "organisation", {"org": f"{org[:8]}-{org[8]}"}
    return None


def validate_uscc(code: str) -> str | None:
    """``None`` when the code is valid, else what is wrong with it, in words."""
    problem = uscc_problem(code)
    return (
        None
        if problem is None
        else finding("KYC_USCC_INVALID", variant=problem[0], role="code", **problem[1]).message.split(": ", 1)[1]
    )


def id_check_char(first17: str) -> str:
    """The 18th character of a resident ID number (GB 11643-1999, ISO 7064 mod 11-2)."""
    return ric.calc_check_digit(first17 + "0")  # stdnum's takes the number with a check digit in place


def resident_id_problem(number: str, today: date | None = None) -> Problem | None:
    """``None`` when the ID is valid (check digit and birth date), else a variant of ``KYC_ID_INVALID``."""
    number = ric.compact(number)
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return "format", {}
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        return "birth_date", {"birth": number[6:14]}
    if born.year < 1900 or (today and born > today):
        return "implausible", {"birth": born.isoformat()}
    if id_check_char(number[:17]) != number[17]:
        return "check", {}
    return None


def validate_resident_id(number: str, today: date | None = None) -> str | None:
    """``None`` when the ID is valid, else what is wrong with it, in words."""
    problem = resident_id_problem(number, today)
    return (
        None
        if problem is None
        else finding("KYC_ID_INVALID", variant=problem[0], role="ID", **problem[1]).message.split(": ", 1)[1]
    )
