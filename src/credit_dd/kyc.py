"""Identity checks: unified social credit code (GB 32100-2015) and resident ID (GB 11643-1999)."""

from __future__ import annotations

from datetime import date

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def uscc_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015, mod 31)."""
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=False))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def organisation_code_check(first8: str) -> str:
    """The check character of the embedded organisation code (GB 11714, mod 11)."""
    total = sum(ORG_ALPHABET.index(ch) * w for ch, w in zip(first8, ORG_WEIGHTS, strict=False))
    value = 11 - total % 11
    return "X" if value == 10 else ("0" if value == 11 else str(value))


def validate_uscc(code: str) -> str | None:
    """``None`` when the code is valid, else what is wrong with it."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"{len(code)} characters, not 18"
    bad = [ch for ch in code if ch not in USCC_ALPHABET]
    if bad:
        return f"invalid character(s) {''.join(bad)!r}"
    if uscc_check_char(code[:17]) != code[17]:
        return f"check character {code[17]} is wrong (expected {uscc_check_char(code[:17])})"
    org = code[8:17]
    if all(ch in ORG_ALPHABET for ch in org[:8]) and organisation_code_check(org[:8]) != org[8]:
        return f"embedded organisation code {org[:8]}-{org[8]} has a wrong check character"
    return None


def id_check_char(first17: str) -> str:
    """The 18th character of a resident ID number (GB 11643-1999, ISO 7064 mod 11-2)."""
    return ID_CHECK[sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS, strict=False)) % 11]


def validate_resident_id(number: str, today: date | None = None) -> str | None:
    """``None`` when the ID is valid (check digit and birth date), else what is wrong."""
    number = number.strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return "not 18 characters of digits (last may be X)"
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"birth date {number[6:14]} does not exist"
    if born.year < 1900 or (today and born > today):
        return f"birth date {born} is not plausible"
    if id_check_char(number[:17]) != number[17]:
        return "check digit is wrong"
    return None
