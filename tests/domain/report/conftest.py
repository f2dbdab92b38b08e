"""What a person sees: every sample's report (zh and en) and notice rendered to PDF once a session,
and their text read back from the PDF (WeasyPrint drops a glyph it cannot draw without a word)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from credit_dd.case import CaseResult
from credit_dd.report.render import render_deficiency_notice, render_report_html, write_pdf


def pdf_text(path: Path, first_page: bool = False) -> str:
    """The text of a PDF in its content order (a wrapped table cell's lines stay together)."""
    if shutil.which("pdftotext"):
        pages = ["-f", "1", "-l", "1"] if first_page else []
        command = ["pdftotext", "-raw", *pages, str(path), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in (pdf.pages[:1] if first_page else pdf.pages))


def squeeze(text: str) -> str:
    """Text without any white space: a line break inside a table cell splits no word."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Rendered:
    """One sample in one language: its case and the PDFs a person reads."""

    case: CaseResult
    report: Path
    notice: Path | None

    def text(self, which: str = "report", first_page: bool = False) -> str:
        path = self.report if which == "report" else self.notice
        assert path is not None, f"{self.case.case_id}: no {which}"
        return pdf_text(path, first_page)


def _strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return [data] if isinstance(data, str) else []


def supplied_text(case: CaseResult) -> list[str]:
    """What the applicant and the documents supplied (names, the form's own words, file names,
    printed headings and titles, counterparties), and the case's identifiers: text a report quotes."""
    supplied = _strings(case.application.model_dump(mode="json", exclude={"document_passwords"}))
    for d in case.documents:
        supplied += [d.file, d.sha256[:12], *(s.heading for s in d.statements)]
        supplied += [quote for e in d.evidence for quote in re.findall(r"“(.+?)”", e)]
        if d.bank_statement:
            supplied += [t.counterparty or "" for t in d.bank_statement.transactions]
    supplied += [h.matched_name for h in case.analysis.watchlist_hits] + [
        Path(w).name for w in case.analysis.watchlists
    ]
    supplied += [case.case_id, case.application_id, case.flow_run_id or ""]
    return sorted({squeeze(s) for s in supplied if s and s.strip()}, key=len, reverse=True)


class RenderedSamples(dict[tuple[str, str], Rendered]):
    """(sample, lang) → its PDFs, each rendered the first time a test asks and kept for the session."""

    def __init__(self, cases: dict[str, CaseResult], out: Path) -> None:
        super().__init__()
        self.cases, self.out = cases, out

    def __missing__(self, key: tuple[str, str]) -> Rendered:
        name, lang = key
        case = self.cases[name].model_copy(update={"lang": lang})
        report, notice = self.out / f"{name}.{lang}.report.pdf", self.out / f"{name}.{lang}.notice.pdf"
        write_pdf(render_report_html(case), report)
        if case.deficiencies:
            write_pdf(render_deficiency_notice(case), notice)
        self[key] = Rendered(case, report, notice if case.deficiencies else None)
        return self[key]


@pytest.fixture(scope="session")
def rendered(sample_cases: dict[str, CaseResult], tmp_path_factory: pytest.TempPathFactory) -> RenderedSamples:
    """Each sample's report and notice as PDFs, in Chinese and in English, by (sample, lang)."""
    return RenderedSamples(sample_cases, tmp_path_factory.mktemp("rendered"))
