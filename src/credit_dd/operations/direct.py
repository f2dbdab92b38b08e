"""One whole due-diligence run without Prefect: the steps the flow runs as tasks, in order.

Tests and benchmarks call it; the flow in ``flows/due_diligence.py`` calls the same domain
functions from its tasks, so both paths write the same case folder.
"""

from __future__ import annotations

from pathlib import Path

from credit_dd.analysis.analyse import analyse_case
from credit_dd.analysis.watchlist import read_watchlists
from credit_dd.case import CaseResult, assemble_case
from credit_dd.documents.files import list_documents, mark_duplicates, read_document
from credit_dd.intake.application import accept
from credit_dd.package.freshness import stamped
from credit_dd.package.outputs import write_case
from credit_dd.policy.bundle import read_policies
from credit_dd.rules.judgement import judge_case
from credit_dd.settings import Settings
from credit_dd.validation.outcome import validate, with_spread
from credit_dd.validation.spreading import read_ledger


def run_case(application_dir: Path, settings: Settings) -> tuple[CaseResult, Path]:
    """Read, validate, analyse and write one application's case (documents read in this process)."""
    accepted = accept(application_dir)
    application = accepted.application
    files, refused = list_documents(application_dir)
    read = [
        read_document(path, name, application.password_for(name), application.currency, settings.pdf_limits)
        for path, name in files
    ]
    documents = mark_duplicates([stamped(document) for document in read])
    policies = read_policies(settings)
    validation = validate(application, documents, refused, policies)
    ledger = read_ledger(settings.out_dir / accepted.case_id)
    validation = with_spread(validation, application, documents, ledger, policies)
    watchlists = read_watchlists(settings.watchlists)
    analysis = analyse_case(application, documents, validation.history, watchlists, policies)
    judgement = judge_case(application, documents, validation, analysis, watchlists, policies)
    case = assemble_case(accepted, documents, validation, analysis, judgement, policies, settings)
    return case, write_case(application_dir, case, settings, {"operator": settings.operator, "runner": "direct"})
