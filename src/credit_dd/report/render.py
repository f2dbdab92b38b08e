"""The due-diligence report and the deficiency notice, rendered from templates.

The templates receive a ready view model (plain strings and lists, in the reader's one language:
``report.view`` and ``report.notice``); they run with ``StrictUndefined`` and autoescaping,
because every text from the form is untrusted.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from credit_dd.case import CaseResult
from credit_dd.report.labels import _labels, label_table
from credit_dd.report.notes import localise
from credit_dd.report.notice import notice_view
from credit_dd.report.view import build_view
from credit_dd.settings import TEMPLATES

__all__ = ["_labels", "build_view", "label_table", "localise", "render_deficiency_notice", "render_report_html"]


def template_environment(templates: Path = TEMPLATES) -> Environment:
    """Jinja2 with autoescaping on and undefined names an error."""
    return Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report_html(case: CaseResult, templates: Path = TEMPLATES) -> str:
    """The report as a standalone HTML page."""
    return template_environment(templates).get_template("report.html.j2").render(**build_view(case))


def render_deficiency_notice(case: CaseResult, templates: Path = TEMPLATES) -> str:
    """The one-time notice to the customer listing every missing or defective document."""
    return template_environment(templates).get_template("deficiency_notice.html.j2").render(**notice_view(case))


def warm_up() -> None:
    """Import WeasyPrint now (about 1.2 s): a start-up cost a caller can pay while it waits."""
    import weasyprint  # noqa: F401


def write_pdf(html: str, path: Path) -> None:
    """Render HTML to PDF with WeasyPrint (imported here: it is slow to import)."""
    from weasyprint import HTML

    HTML(string=html).write_pdf(path)
