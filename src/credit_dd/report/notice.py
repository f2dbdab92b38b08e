"""The deficiency notice (资料补充通知书, 一次性告知): everything missing or wrong, at once, in the
customer's words, with the bank, the branch, the relationship manager's contact and a reply-by date."""

from __future__ import annotations

from typing import Any

from credit_dd.case import CaseResult
from credit_dd.policy.formats import long_date
from credit_dd.report.reader import Reader

MISSING_CODES = ("DOC_MISSING",)  # nothing was received: there is no file to name


def _contact(case: CaseResult, r: Reader) -> str:
    manager = case.application.relationship_manager
    given = (("notice_phone", manager.phone), ("notice_email", manager.email))
    ways = [f"{r.s[word]} {value}" for word, value in given if value]
    if not ways:
        return ""
    return f"（{'，'.join(ways)}）" if r.lang == "zh" else f" ({', '.join(ways)})"


def _items(case: CaseResult, r: Reader) -> list[dict[str, str]]:
    """Each item: what is missing or wrong, and the file it concerns ("not received" when none came)."""
    return [
        {
            "message": r.message(d),
            "file": d.document or (r.s["notice_not_received"] if d.code in MISSING_CODES else "—"),
        }
        for d in case.deficiencies
    ]


def notice_view(case: CaseResult) -> dict[str, Any]:
    """The notice's view model: every string it prints, in the reader's language."""
    r = Reader.of(case)
    app = case.application
    today = case.generated_at.astimezone(r.zone).date() if r.zone else case.generated_at.date()
    manager = app.relationship_manager
    return {
        "lang": case.lang,
        "t": r.s,
        "applicant": app.applicant.name,
        "application": r.say(
            "notice_application",
            product=r.name("product", app.product),
            amount=r.money(app.requested_amount, bare=False),
            tenor=app.tenor_months,
            case_id=case.case_id,
        ),
        "items": _items(case, r),
        "reply_by": r.say("notice_reply_by", date=long_date(case.reply_by, r.lang)) if case.reply_by else "",
        "contact": r.say("notice_contact", name=manager.name, contact=_contact(case, r)),
        "bank": app.bank or "",
        "branch": app.branch or "",
        "manager": manager.name,
        "date": long_date(today, r.lang),
    }
