"""KYC in depth, screening across scripts and identifiers, AML in every currency, product checklists,
and messages in the reader's language."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from credit_dd.analysis.watchlist import (
    Watchlist,
    WatchlistEntry,
    read_watchlist,
    remark_identifiers,
    screen,
    screening_parties,
)
from credit_dd.documents.bankstatements import BankStatement, Transaction
from credit_dd.documents.files import ParsedDocument, _classify
from credit_dd.documents.history import StatementHistory
from credit_dd.documents.licence import BusinessLicence, chinese_number, extract_licence
from credit_dd.intake.application import Application, load_application_text
from credit_dd.names import romanisations, romanise, same_person
from credit_dd.policy.aml import read_aml_policy
from credit_dd.policy.data import read_checklists
from credit_dd.policy.findings import FINDING_CODES, catalogue, finding, message_in, render
from credit_dd.rules.aml import large_value_findings
from credit_dd.rules.credit import kyc_findings, licence_findings, site_visit_findings
from credit_dd.validation.completeness import check_checklist
from tests.conftest import SAMPLES, SampleRuns, realdata, text_pdf

FORM = (SAMPLES / "a_healthy_manufacturer" / "application.yaml").read_text(encoding="utf-8")
SOURCE = Path(__file__).resolve().parents[3] / "src" / "credit_dd"


def _form(text: str = FORM, **changes: str) -> Application:
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return load_application_text(text)


# --- 6. KYC and parties -----------------------------------------------------------------------------


def _licence(**fields: object) -> BusinessLicence:
    base: dict[str, object] = {
        "name": "杭州示例机械制造有限公司",
        "unified_social_credit_code": "91330106934462663X",
        "legal_representative": "张伟",
        "established_on": date(2012, 5, 8),
        "term_end": date(2042, 5, 7),
        "registered_capital": 10_000_000.0,
    }
    return BusinessLicence.model_validate(base | fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, []),
        ({"legal_representative": "李强"}, [("legal_representative", "critical")]),
        ({"registered_capital": 5_000_000.0}, [("registered_capital", "warning")]),
        ({"established_on": date(2013, 5, 8)}, [("established_on", "warning")]),
        ({"term_end": date(2027, 1, 31)}, [("term_before_maturity", "warning")]),
        ({"unified_social_credit_code": "91330106934462664X"}, [("uscc", "critical")]),
        ({"name": "别的公司有限公司"}, [("name", "critical")]),
    ],
)
def test_the_licence_is_compared_with_the_form_field_by_field(fields, expected) -> None:  # type: ignore[no-untyped-def]
    found = licence_findings(_form(), _licence(**fields))
    assert [(f.variant, f.severity) for f in found] == expected


def test_a_legal_representative_in_pinyin_on_the_form_is_the_same_person() -> None:
    """Sample b: the licence prints 陈明, the form Chen Ming."""
    form = _form(**{"  legal_representative:\n    name: 张伟": "  legal_representative:\n    name: Chen Ming"})
    assert licence_findings(form, _licence(legal_representative="陈明")) == []


def test_the_licence_reads_its_registered_capital_in_figures_or_chinese_numerals() -> None:
    assert extract_licence("注册资本：1,000万元人民币").registered_capital == 10_000_000
    assert extract_licence("注册资本：人民币壹仟零伍万元整").registered_capital == 10_050_000
    assert chinese_number("贰亿伍仟万") == 250_000_000 and chinese_number("abc") is None


def test_an_enterprise_guarantors_uscc_is_checked() -> None:
    guarantor = "guarantors:\n- name: 杭州示例担保有限公司\n  kind: enterprise\n  unified_social_credit_code: 91330106934462664X\n"
    form = _form(**{"guarantors:\n": guarantor + "- name: x\n  kind: enterprise\n"})
    found = [(f.code, f.variant) for f in kyc_findings(form, None)]
    assert ("GUARANTOR_USCC_INVALID", "invalid") in found and ("GUARANTOR_USCC_INVALID", "missing") in found


def test_shareholders_ids_are_checked_and_investigators_compared_without_spaces() -> None:
    form = _form(**{"id_number: '330106198306024563'": "id_number: '330106198306024564'"})
    assert [f.params["role"] for f in kyc_findings(form, None)] == ["shareholder 李娜"]
    one = _form(**{"  - 陈静": "  - 王 磊"})
    assert [f.code for f in site_visit_findings(one)] == ["TWO_PERSON_RULE"]


def test_a_beneficial_owner_without_an_id_is_a_finding() -> None:
    """李娜 holds 30%: without her ID the form leaves a beneficial owner unidentified; 张伟's ID is his
    legal representative's, so he is identified."""
    assert [f.code for f in kyc_findings(_form(), None)] == []
    unnamed = {"    id_number: '330106198306024563'\n": ""}
    form = _form(**unnamed)
    assert [(f.code, f.params["name"]) for f in kyc_findings(form, None)] == [("KYC_OWNER_UNIDENTIFIED", "李娜")]
    small = _form(**unnamed, **{"share_pct: 70": "share_pct: 80", "share_pct: 30": "share_pct: 20"})
    assert kyc_findings(small, None) == []


def test_shareholders_the_controller_and_guarantors_are_screened_like_the_applicant() -> None:
    entries = [
        WatchlistEntry(list_name="internal", entry_id="1", names=["李娜"]),
        WatchlistEntry(list_name="internal", entry_id="2", identifiers=["330106198001011235"], names=["某人"]),
    ]
    hits = screen(screening_parties(_form(), []), [Watchlist(source="l.csv", entries=entries)])
    roles = {(h.role, h.on) for h in hits}
    assert ("shareholder", "name") in roles
    assert {
        ("legal representative", "identifier"),
        ("actual controller", "identifier"),
        ("guarantor", "identifier"),
    } <= roles


# --- 7. screening ---------------------------------------------------------------------------------


def test_chinese_names_are_screened_against_latin_lists_through_pinyin_and_back() -> None:
    sdn = Watchlist(
        source="sdn.csv", entries=[WatchlistEntry(list_name="SDN", entry_id="11447", names=["LI, Fangwei"])]
    )
    (hit,) = screen([("李方伟", "guarantor", None)], [sdn])
    assert hit.on == "alias (pinyin)" and hit.entry.entry_id == "11447"
    internal = Watchlist(source="i.csv", entries=[WatchlistEntry(list_name="internal", entry_id="7", names=["张伟"])])
    assert [h.on for h in screen([("Zhang Wei", "applicant", None)], [internal])] == ["alias (pinyin)"]
    assert screen([("王磊", "applicant", None)], [sdn]) == []
    assert romanise("陈明") == "chen ming" and romanise("Chen Ming") == ""


def test_a_surname_read_two_ways_is_tried_both_ways() -> None:
    """曾 is zeng as a surname (a dictionary gives ceng first): 曾伟 is ZENG, Wei on a list and on a form."""
    assert "zeng wei" in romanisations("曾伟")
    sdn = Watchlist(source="sdn.csv", entries=[WatchlistEntry(list_name="SDN", entry_id="9", names=["ZENG, Wei"])])
    assert [h.entry.entry_id for h in screen([("曾伟", "applicant", None)], [sdn])] == ["9"]
    assert same_person("曾伟", "Zeng Wei") and not same_person("曾伟", "Zeng Ming")


def test_identifiers_in_the_remarks_of_an_sdn_entry_are_matched() -> None:
    remarks = "DOB 10 Oct 1971; National ID No. 653225197110100533 (China); Passport E-1234 567 (China); Unified Social Credit Code (USCC) 9113100033607322XK (China)."
    assert remark_identifiers(remarks) == ["653225197110100533", "E1234567", "9113100033607322XK"]


def test_the_real_sdn_list_names_identifiers_and_matches_them() -> None:
    path = realdata("watchlists/ofac_sdn_2024-05-03.csv")
    watchlist = read_watchlist(path)
    with_ids = [e for e in watchlist.entries if e.identifiers]
    assert len(with_ids) > 3000
    uscc = next(e for e in watchlist.entries if "9113100033607322XK" in e.identifiers)
    (hit,) = [
        h
        for h in screen([("某某科技有限公司", "guarantor", "9113100033607322XK")], [watchlist])
        if h.on == "identifier"
    ]
    assert hit.entry.entry_id == uscc.entry_id


def test_watchlist_on_the_command_line_is_added_to_the_internal_list(tmp_path: Path) -> None:
    from cli.main import build_parser
    from cli.runs import settings_of

    extra = tmp_path / "extra.csv"
    args = build_parser().parse_args(["run", "x", "--watchlist", str(extra)])
    lists = settings_of(args).watchlists
    assert len(lists) == 2 and lists[0].name == "internal_watchlist.csv" and lists[1] == extra


# --- 8. AML in every currency ---------------------------------------------------------------------


def _one(currency: str, amount: float, description: str = "CASH DEPOSIT") -> BankStatement:
    row = Transaction(date=date(2026, 3, 5), raw_date="2026-03-05", description=description, counterparty=None,
                      debit=0.0, credit=amount, balance=None, currency=currency, page=1, y=0.0)  # fmt: skip
    return BankStatement(
        file=f"{currency}.pdf", currency=currency, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31),
        opening_balance=0.0, closing_balance=amount, opening_printed=True, transactions=[row],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("currency", "amount", "description", "codes"),
    [
        ("USD", 10_000.0, "CASH DEPOSIT", ["AML_LARGE_CASH"]),
        ("USD", 9_999.0, "CASH DEPOSIT", []),
        ("USD", 200_000.0, "Wire from customer", ["AML_LARGE_TRANSFER"]),
        ("EUR", 9_700.0, "CASH DEPOSIT", ["AML_LARGE_CASH"]),  # 9,700 EUR ≈ 10,040 USD at the 2025 rate
        ("HKD", 70_000.0, "CASH DEPOSIT", []),  # ≈ 9,009 USD
        ("CNY", 50_000.0, "现金存入", ["AML_LARGE_CASH"]),
        ("RUB", 1_000_000.0, "CASH DEPOSIT", ["AML_RATE_UNAVAILABLE"]),
    ],
)
def test_foreign_currency_statements_meet_the_dollar_thresholds(currency, amount, description, codes) -> None:  # type: ignore[no-untyped-def]
    assert [
        f.code for f in large_value_findings([_one(currency, amount, description)], False, read_aml_policy())
    ] == codes


def test_the_usd_rates_and_thresholds_are_effective_dated() -> None:
    policy = read_aml_policy()
    assert policy.usd_rate("EUR", date(2024, 6, 1)) != policy.usd_rate("EUR", date(2025, 6, 1))
    assert policy.limit(date(2026, 1, 1), "USD", "individual_cross_border_transfer") == 10_000
    assert policy.limit(date(2016, 1, 1), "USD", "cash") is None


# --- 9. per-product checklists --------------------------------------------------------------------


def _doc(kind: str) -> ParsedDocument:
    return ParsedDocument(file=f"documents/{kind}.pdf", sha256=kind, size=1, true_type="pdf", kind=kind)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("product", "kinds", "missing"),
    [
        ("fixed_asset_loan", ["business_licence"], ["项目审批、核准或备案文件", "可行性研究报告", "资本金到位证明"]),
        ("trade_finance", ["business_licence", "contract"], ["发票", "报关单", "运输单据（提单）"]),
        (
            "personal_business_loan",
            ["business_licence", "identity_document"],
            ["婚姻状况证明", "户口簿或居住证明", "个人信用报告"],
        ),
        ("working_capital_loan", ["business_licence"], ["用途证明（购销合同）"]),
    ],
)
def test_each_product_asks_for_its_own_documents(product: str, kinds: list[str], missing: list[str]) -> None:
    entries = [e for e in read_checklists().products[product] if not e.statement and "bank_statement" not in e.kinds]
    found = check_checklist(entries, [_doc(k) for k in kinds], StatementHistory(), date(2026, 11, 20))
    assert [d.params["name"] for d in found] == missing
    assert all(d.code == "DOC_MISSING" and " / " in d.message for d in found)


@pytest.mark.parametrize(
    ("rows", "kind"),
    [
        (
            [[("工业品买卖合同", 60)]] + [[("条款", 60)]] * 8 + [[("卖方开具增值税专用发票，凭提单付款。", 60)]],
            "contract",
        ),
        ([[("增值税专用发票", 60)], [("购买方：某公司", 60)]], "invoice"),
        ([[("中华人民共和国海关进口货物报关单", 60)]], "customs_declaration"),
        ([[("BILL", 60), ("OF", 100), ("LADING", 130), ("No.", 190), ("X1", 220)]], "transport_document"),
        ([[("某项目可行性研究报告", 60)]], "feasibility_study"),
        ([[("企业投资项目备案证明", 60)]], "project_approval"),
        ([[("个人信用报告", 60)]], "credit_report"),
        ([[("结婚证", 60)]], "marriage_document"),
    ],
)
def test_documents_are_told_by_their_title_not_a_word_in_the_body(rows, kind: str) -> None:  # type: ignore[no-untyped-def]
    """A contract that mentions 发票 and 提单 in its body stays a contract; a title makes the kind."""
    doc = ParsedDocument(file="x.pdf", sha256="0", size=1, true_type="pdf")
    _classify(doc, text_pdf(rows), "CNY")
    assert doc.kind == kind


# --- 10. messages in the reader's language -------------------------------------------------------


def test_every_code_and_variant_has_a_chinese_and_an_english_message() -> None:
    for code, entry in catalogue().codes.items():
        templates = list(entry.variants.values()) or [entry.template(None)]
        assert all(t is not None and t.zh and t.en for t in templates), code
        assert all(re.search(r"[\u4e00-\u9fff]", t.zh) for t in templates if t), code


def test_every_code_the_source_emits_is_catalogued() -> None:
    """A code typed in the source or the expectation suites but missing from the catalogue fails here."""
    emitted = set()
    for path in list(SOURCE.rglob("*.py")) + list((SOURCE / "data" / "expectations").glob("*.json")):
        text = path.read_text(encoding="utf-8")
        emitted |= set(re.findall(r"(?:finding|deficiency|issue|_row)\(\s*\"([A-Z][A-Z_]+)\"", text))
        emitted |= set(re.findall(r"\"code\": \"([A-Z][A-Z_]+)\"", text))
    assert emitted and emitted <= FINDING_CODES, sorted(emitted - FINDING_CODES)


def test_a_finding_reads_in_chinese_with_its_terms_translated() -> None:
    hit = finding(
        "WATCHLIST_HIT",
        role="guarantor",
        party="张伟",
        list_name="SDN",
        entry_id="1",
        matched="ZHANG, Wei",
        score=95,
        on="alias (pinyin)",
    )
    assert message_in(hit, "zh") == "保证人 张伟 与名单 SDN 第 1 条“ZHANG, Wei”匹配（拼音名称，得分 95）"
    assert hit.message.startswith("guarantor 张伟 matches SDN entry 1")
    assert render("NOT_A_CODE", None, {}, "zh") is None


@pytest.fixture(scope="module")
def run_sample(sample_runs: SampleRuns):  # type: ignore[no-untyped-def]
    """A sample's case and case folder in one language (run once a session, no PDF)."""
    return lambda sample, lang: sample_runs.run(sample, lang)


def _prose(report: str) -> str:
    """The report's text outside table headers, captions and styles: the sentences a reader reads."""
    text = re.sub(r"<(style|svg|th|figcaption)\b.*?</\1>", " ", report, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", text))


def test_the_chinese_reports_have_no_english_sentences(run_sample) -> None:  # type: ignore[no-untyped-def]
    """Every finding, reason, condition, deficiency, check and note of the zh report is Chinese.
    What the customer wrote (names, purposes, visit notes) and what documents print stay as written."""
    for sample in ("a_healthy_manufacturer", "b_english_trading", "c_distressed", "d_incomplete"):
        case, folder = run_sample(sample, "zh")
        data = {case.application.purpose, case.application.applicant.name_en or ""}
        visit = case.application.site_visit
        data |= set(visit.interviewed + [visit.notes]) if visit else set()
        data |= {d.file for d in case.documents} | {s.heading for d in case.documents for s in d.statements}
        data |= {
            t.counterparty or "" for d in case.documents if d.bank_statement for t in d.bank_statement.transactions
        }
        text = _prose((folder / "report.html").read_text(encoding="utf-8"))
        for item in sorted(filter(None, data), key=len, reverse=True):
            text = text.replace(item, " ")
        sentences = re.findall(r"[A-Za-z][a-z'’-]+(?:[ ,;:]+[A-Za-z][a-z'’-]+){2,}", text)
        assert sentences == [], (sample, sentences)


def test_the_dashboard_summary_shows_the_amount_and_the_checks(run_sample) -> None:  # type: ignore[no-untyped-def]
    from credit_dd.report.dashboard import case_markdown

    case, folder = run_sample("a_healthy_manufacturer", "zh")
    text = case_markdown(case, folder)
    assert "| 建议授信金额 | 2,970,000 元 · 流动资金贷款需求测算 |" in text
    assert re.search(r"\| 数据核验 \| \d+ 项通过，0 项未通过，\d+ 项未核对 \|", text)
