"""One language per report: read back from the PDF a person opens, the Chinese report has no Latin
word and the English one no Chinese, beyond what the applicant and the documents supplied."""

from __future__ import annotations

import re

import pytest

from credit_dd.policy.scorecard import read_scorecard
from tests.conftest import SAMPLE_NAMES
from tests.domain.report.conftest import Rendered, squeeze, supplied_text

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
HAN = re.compile(r"[\u4e00-\u9fff]+")
# Proper nouns and symbols a Chinese reader reads as they are: the digest's name, file formats,
# the signature scheme (Ed25519), the scorecard's grades.
PROPER = {"SHA", "PDF", "OCR", "Ed"} | {g.grade for g in read_scorecard().grades}


def _left_over(text: str, rendered: Rendered, pattern: re.Pattern[str]) -> list[str]:
    """What ``pattern`` still finds once every supplied text and identifier is taken out."""
    flat = squeeze(text)
    for supplied in supplied_text(rendered.case):
        flat = flat.replace(supplied, "|")
    return sorted(set(pattern.findall(flat)) - PROPER)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_chinese_report_has_no_latin_word_but_what_was_supplied(rendered: dict, name: str) -> None:  # type: ignore[type-arg]
    """No code, enum value, field name or English sentence: what is left after the applicant's and the
    documents' own words are Chinese (or a proper noun like SHA-256)."""
    report = rendered[(name, "zh")]
    assert "授信尽职调查报告" in report.text()  # the text is really read back
    assert _left_over(report.text(), report, LATIN_WORD) == []


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_english_report_has_no_chinese_but_names_and_quoted_text(rendered: dict, name: str) -> None:  # type: ignore[type-arg]
    """Headings, labels, units, findings and charts are English; Chinese only where a name or a document says it."""
    report = rendered[(name, "en")]
    assert "Credit Due-Diligence Report" in report.text()
    assert _left_over(report.text(), report, HAN) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_notice_is_in_its_readers_language(rendered: dict, lang: str) -> None:  # type: ignore[type-arg]
    """The deficiency notices of the incomplete and the declined samples are one language too."""
    for name in ("c_distressed", "d_incomplete"):
        notice = rendered[(name, lang)]
        assert _left_over(notice.text("notice"), notice, LATIN_WORD if lang == "zh" else HAN) == [], name
