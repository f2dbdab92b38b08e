"""What may be shown in logs, artifacts, reports and on a terminal: personal data (ID, phone and
account numbers) masked, and text from outside (file names above all) made printable."""

from __future__ import annotations

import logging
import re
import unicodedata

_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{0,4})\d{6,}(\d{4})(?![0-9A-Za-z])")


def mask_id(number: str | None) -> str:
    """``330106198001011234`` → ``330106********1234``; short numbers keep only the last four."""
    if not number:
        return ""
    if len(number) > 10:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    return "*" * max(len(number) - 4, 4) + number[-4:]


def mask_text(text: str) -> str:
    """Mask every resident ID, mobile number and long account-like number in free text."""
    text = _RESIDENT_ID.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    text = _PHONE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    return _LONG_NUMBER.sub(lambda m: f"{m.group(1)}{'*' * 6}{m.group(2)}", text)


# Control characters, format characters (the bidi overrides and isolates U+202A–202E and
# U+2066–2069, zero-width characters, the BOM), line and paragraph separators, and unassigned or
# private code points: none belongs in a file name a person reads. A right-to-left override turns
# "invoice\u202efdp.exe" into what looks like "invoiceexe.pdf".
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def printable(text: str) -> str:
    """``text`` safe to show: every control, format (bidi, zero-width) or separator character as its
    escape (``\\u202e``), and every byte of a name that was not UTF-8 (kept by Python as a lone
    surrogate) as ``\\xNN``. Ordinary text in any script is unchanged."""
    if text.isprintable() and text.isascii():
        return text
    return "".join(_shown(c) for c in text)


def _shown(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    if unicodedata.category(char) in _HIDDEN:
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return char


class MaskingFilter(logging.Filter):
    """Masks personal numbers in every record of the logger it is attached to."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def mask_loggers(*names: str) -> None:
    """Attach one ``MaskingFilter`` to each named logger (idempotent)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskingFilter) for f in logger.filters):
            logger.addFilter(MaskingFilter())
