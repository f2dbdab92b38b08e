"""The deficiency notice is fit to send to a customer: read back from its PDF."""

from __future__ import annotations

import re
from datetime import timedelta

from credit_dd.policy.data import read_governance
from credit_dd.policy.formats import long_date
from tests.domain.report.conftest import squeeze


def test_the_notice_names_what_is_missing_in_the_customers_words_without_codes(rendered: dict) -> None:  # type: ignore[type-arg]
    """The 2024 statements by year, not "2 fiscal years"; no finding code anywhere; each item's file."""
    zh, en = rendered[("d_incomplete", "zh")].text("notice"), rendered[("d_incomplete", "en")].text("notice")
    assert not re.search(r"[A-Z]{2,}_[A-Z_]+", zh + en)  # DOC_MISSING and its kind never reach the customer
    assert "缺少2024年度资产负债表" in squeeze(zh) and "缺少2024年度利润表" in squeeze(zh)
    assert "missing the 2024 balance sheet" in " ".join(en.split())
    assert squeeze(zh).count("（未收到）") == 5  # the file column: nothing came for any of the five


def test_the_notice_says_who_sends_it_how_to_reach_them_and_by_when_to_reply(rendered: dict) -> None:  # type: ignore[type-arg]
    """The bank, the branch and the relationship manager's phone and email from the form; the reply-by
    date from governance.yaml; the notice's own date, local, as a letter writes it."""
    notice = rendered[("d_incomplete", "zh")]
    text, app = squeeze(notice.text("notice")), notice.case.application
    manager = app.relationship_manager
    assert app.bank and app.branch and manager.phone and manager.email
    assert all(squeeze(s) in text for s in (app.bank, app.branch, manager.phone, manager.email))
    today = notice.case.generated_at.astimezone(app.received_at.tzinfo).date()
    days = read_governance().notice.reply_within_days
    assert notice.case.reply_by == today + timedelta(days=days)
    assert f"请于{long_date(today + timedelta(days=days), 'zh')}前补充提交" in text
    assert f"日期：{long_date(today, 'zh')}" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", text)  # no ISO timestamp (2026-12-06T14:16:15+00:00)


def test_a_notice_without_contact_details_still_reads(rendered: dict) -> None:  # type: ignore[type-arg]
    """The form's phone, email and bank are optional: without them the notice names the manager only."""
    from credit_dd.report.render import render_deficiency_notice

    case = rendered[("d_incomplete", "zh")].case
    manager = case.application.relationship_manager.model_copy(update={"phone": None, "email": None})
    bare = case.application.model_copy(update={"relationship_manager": manager, "bank": None})
    html = render_deficiency_notice(case.model_copy(update={"application": bare}))
    assert "如有疑问，请联系客户经理 王磊。" in html and "电话" not in html
