"""The steps of a due-diligence run as plain functions (the Prefect tasks wrap these).

``run_case`` chains them without Prefect; the flow in ``flows/due_diligence.py`` chains the
same functions as tasks, so both paths produce the same case folder.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from credit_dd import __version__
from credit_dd.analysis.analyse import Analysis, analyse_case
from credit_dd.analysis.watchlist import Watchlist, read_watchlist
from credit_dd.case import CaseResult, case_status
from credit_dd.documents.files import (
    ParsedDocument,
    list_documents,
    mark_duplicates,
    originals,
    read_document,
)
from credit_dd.documents.history import StatementHistory, merge_statements
from credit_dd.documents.isolation import IsolatedReader
from credit_dd.intake.application import Application, case_id_for, derive_application_id, read_application
from credit_dd.operations import freshness
from credit_dd.operations.monitoring import baseline_of
from credit_dd.package.folder import (
    PACKAGE,
    copy_documents,
    ratios_csv,
    seal_package,
    spreads_csv,
    transactions_csv,
    write_case_folder,
    write_text,
)
from credit_dd.package.signing import system_signer
from credit_dd.policy.data import CreditPolicy, read_checklists, read_policy
from credit_dd.policy.findings import Deficiency
from credit_dd.report.render import render_deficiency_notice, render_report_html, write_pdf
from credit_dd.report.summary import build_summary
from credit_dd.settings import Settings
from credit_dd.validation.completeness import blocks_analysis, check_checklist, document_deficiencies
from credit_dd.validation.suites import ValidationReport, validate_case


class Intake(BaseModel):
    """An accepted application with its identity."""

    application: Application
    application_id: str
    case_id: str


class Validation(BaseModel):
    """What the documents add up to: the statement history, every deficiency, every check."""

    history: StatementHistory
    deficiencies: list[Deficiency]
    complete: bool
    checks: ValidationReport


def intake(application_dir: Path) -> Intake:
    """Read and check the form; give the case its id. Raises ``InputError`` on a bad form."""
    application = read_application(application_dir)
    application_id = derive_application_id(application)
    return Intake(application=application, application_id=application_id, case_id=case_id_for(application_id))


def list_document_files(application_dir: Path) -> tuple[list[tuple[Path, str]], list[Deficiency]]:
    """(path, relative name) of every document, and links refused."""
    files, refused = list_documents(application_dir)
    root = application_dir.resolve()
    named = [(path, path.relative_to(root).as_posix()) for path in files]
    return named, [Deficiency(code=r.code, message=r.message, variant=r.variant, params=r.params) for r in refused]


def parse_document(
    path: Path, file: str, application: Application, settings: Settings, reader: IsolatedReader | None = None
) -> ParsedDocument:
    """Read one document with the form's password for it, if any (never logged).

    With a ``reader`` the document is read in a worker process under a hard time limit.
    """
    secret = application.document_passwords.get(Path(file).name) or application.document_passwords.get(file)
    password = secret.get_secret_value() if secret else None
    if reader is not None:
        document = reader.read(path, file, password, application.currency, settings.pdf_limits)
    else:
        document = read_document(path, file, password, application.currency, settings.pdf_limits)
    return _stamped(document)


def _stamped(document: ParsedDocument) -> ParsedDocument:
    """The document with the version of the code that read it."""
    return document.model_copy(update={"parser_version": freshness.reading_version()})


def read_follow_up(
    path: Path, file: str, currency: str, settings: Settings, reader: IsolatedReader | None = None
) -> ParsedDocument:
    """Read a monitoring follow-up document (no form, so no password)."""
    if reader is not None:
        return _stamped(reader.read(path, file, None, currency, settings.pdf_limits))
    return _stamped(read_document(path, file, None, currency, settings.pdf_limits))


def validate(
    application: Application, documents: list[ParsedDocument], refused: list[Deficiency], settings: Settings
) -> Validation:
    """Merge the statements and list every deficiency against the product's checklist."""
    readable = originals(documents)
    history = merge_statements([s for d in readable for s in d.statements], application.currency)
    entries = read_checklists(settings.checklist_path).products[application.product]
    deficiencies = document_deficiencies(documents, refused)
    deficiencies += check_checklist(entries, documents, history, application.received_at.date())
    checks = validate_case(application, documents, history, read_policy(settings.policy_path))
    return Validation(
        history=history, deficiencies=deficiencies, complete=not blocks_analysis(deficiencies), checks=checks
    )


def load_watchlists(settings: Settings) -> list[Watchlist]:
    """Every configured list; an unusable one stays in the result as unavailable."""
    return [read_watchlist(path) for path in settings.watchlists]


def analyse(
    application: Application,
    documents: list[ParsedDocument],
    validation: Validation,
    watchlists: list[Watchlist],
    policy: CreditPolicy,
) -> Analysis:
    """Ratios, sizing, rules, screening and the opinion."""
    return analyse_case(
        application, documents, validation.history, watchlists, policy, validation.complete, validation.checks.findings
    )


def assemble(
    intake_: Intake,
    documents: list[ParsedDocument],
    validation: Validation,
    analysis: Analysis,
    policy: CreditPolicy,
    settings: Settings,
    flow_run_id: str | None = None,
) -> CaseResult:
    """The case as the outputs see it."""
    return CaseResult(
        case_id=intake_.case_id,
        application_id=intake_.application_id,
        status=case_status(validation.complete, analysis.opinion.recommendation),
        application=intake_.application,
        documents=documents,
        deficiencies=validation.deficiencies,
        history=validation.history,
        analysis=analysis,
        expectations=validation.checks.outcomes,
        checks=validation.checks.checks,
        generated_at=datetime.now(UTC),
        code_version=__version__,
        policy_version=policy.version,
        lang=settings.lang,
        operator=settings.operator,
        flow_run_id=flow_run_id,
        signed=settings.signing_key is not None,
    )


def write_outputs(
    application_dir: Path, case: CaseResult, settings: Settings, audit: dict[str, object] | None = None
) -> Path:
    """Write the case folder (report, notice, summary, package, zip) atomically."""
    digest = freshness.inputs_digest(application_dir, settings)

    def fill(folder: Path) -> None:
        write_text(folder / freshness.INPUTS_DIGEST, digest + "\n")
        summary = json.dumps(build_summary(case), ensure_ascii=False, indent=2)
        html = render_report_html(case, settings.templates_dir)
        write_text(folder / "summary.json", summary)
        write_text(folder / "baseline.json", baseline_of(case).model_dump_json(indent=2))
        write_text(folder / "report.html", html)
        if settings.render_pdf:
            write_pdf(html, folder / "report.pdf")
        if case.deficiencies:
            write_text(folder / "deficiency_notice.html", render_deficiency_notice(case, settings.templates_dir))
        package = folder / PACKAGE
        package.mkdir()
        for name in ("summary.json", "report.html", "report.pdf", "deficiency_notice.html"):
            if (folder / name).exists():
                shutil.copy2(folder / name, package / name)
        write_text(package / "spreads.csv", spreads_csv(case))
        write_text(package / "ratios.csv", ratios_csv(case))
        write_text(package / "transactions.csv", transactions_csv(case))
        write_text(
            package / "validation.json",
            json.dumps(
                {
                    "deficiencies": [d.model_dump() for d in case.deficiencies],
                    "findings": [f.model_dump() for f in case.analysis.findings],
                    "checks": [c.summary() for c in case.checks],
                    "expectations": [o.model_dump() for o in case.expectations],
                },
                ensure_ascii=False,
                indent=2,
            ),
        )
        app = case.application
        trail = {
            "maker": app.relationship_manager.name,
            "maker_id": app.relationship_manager.employee_id,
            "investigators": app.site_visit.investigators if app.site_visit else [],
            "requested_amount": app.requested_amount,
            "currency": app.currency,
            "case_id": case.case_id,
            **(audit or {}),
        }
        write_text(package / "audit.json", json.dumps(trail, ensure_ascii=False, indent=2, default=str))
        copy_documents(application_dir, case, package)
        seal_package(folder, system_signer(settings.signing_key))

    return write_case_folder(settings.out_dir, case.case_id, fill)


def run_case(application_dir: Path, settings: Settings) -> tuple[CaseResult, Path]:
    """One whole due-diligence run without Prefect (tests and benchmarks call this)."""
    accepted = intake(application_dir)
    files, refused = list_document_files(application_dir)
    documents = mark_duplicates([parse_document(path, name, accepted.application, settings) for path, name in files])
    validation = validate(accepted.application, documents, refused, settings)
    policy = read_policy(settings.policy_path)
    analysis = analyse(accepted.application, documents, validation, load_watchlists(settings), policy)
    case = assemble(accepted, documents, validation, analysis, policy, settings)
    return case, write_outputs(application_dir, case, settings, {"operator": settings.operator, "runner": "direct"})


def rejection_summary(application_dir: Path, error: Exception) -> tuple[str, dict[str, object]]:
    """(case id, summary) of an application whose form was rejected."""
    case_id = case_id_for(application_dir.resolve().name)
    summary: dict[str, object] = {
        "case_id": case_id,
        "application_id": None,
        "status": "rejected_input",
        "recommendation": None,
        "documents": [],
        "deficiencies": [{"code": "FORM_INVALID", "message": str(error), "document": "application.yaml"}],
        "statements": {},
        "ratios": {},
        "findings": [],
        "code_version": __version__,
        "generated_at": datetime.now(UTC).isoformat(),
    }
    return case_id, summary


def write_rejection(application_dir: Path, error: Exception, settings: Settings) -> Path:
    """Write the summary of a rejected application into its case folder.

    A case folder that already holds a case (completed or waiting for documents) is never
    replaced by a rejection: a broken resubmission is recorded beside it instead."""
    case_id, summary = rejection_summary(application_dir, error)
    existing = settings.out_dir / case_id
    try:
        held = json.loads((existing / "summary.json").read_text(encoding="utf-8")).get("status")
    except (OSError, ValueError, AttributeError):
        held = None
    if held not in (None, "rejected_input"):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        write_text(existing / f"rejected_resubmission-{stamp}.json", json.dumps(summary, ensure_ascii=False, indent=2))
        return existing
    return write_case_folder(
        settings.out_dir,
        case_id,
        lambda folder: write_text(folder / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2)),
    )
