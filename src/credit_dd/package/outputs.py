"""Writing a case folder: report, notice, summary, baseline and the sealed approval package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from credit_dd.case import CaseResult
from credit_dd.package import freshness
from credit_dd.package.baseline import baseline_of
from credit_dd.package.folder import (
    PACKAGE,
    copy_documents,
    ratios_csv,
    spreads_csv,
    transactions_csv,
    write_case_folder,
    write_text,
)
from credit_dd.package.manifest import PackageFacts, seal_package
from credit_dd.package.signing import system_signer
from credit_dd.package.spreading import audit_trail, ledger_text, write_crops, write_ledger
from credit_dd.policy.data import read_governance
from credit_dd.report.render import render_deficiency_notice, render_report_html, write_pdf
from credit_dd.report.summary import build_summary
from credit_dd.settings import Settings


def main_file(folder: Path, status: str) -> Path:
    """What a person opens first in a case folder: the deficiency notice of a case that needs
    documents (its PDF when there is one), else the report."""
    if status == "needs_documents":
        pdf = folder / "deficiency_notice.pdf"
        return pdf if pdf.exists() else folder / "deficiency_notice.html"
    return folder / "report.html"


def package_facts(application_dir: Path, case: CaseResult, settings: Settings) -> PackageFacts:
    """What the system states about the package it signs: the case, the revision, when, and under
    which personal-signature threshold a dashboard decision on it stands."""
    governance = read_governance(settings.governance_path)
    return PackageFacts(
        case_id=case.case_id,
        revision=freshness.fingerprint(application_dir),
        generated_at=case.generated_at,
        currency=case.application.currency,
        personal_signature_above=governance.review.personal_signature_above,
        governance_version=governance.version,
    )


def write_case(
    application_dir: Path, case: CaseResult, settings: Settings, audit: dict[str, object] | None = None
) -> Path:
    """Write the case folder (report, notice, summary, package, zip) atomically."""
    digest = freshness.inputs_digest(application_dir, settings, ledger_text(case))

    def fill(folder: Path) -> None:
        write_text(folder / freshness.INPUTS_DIGEST, digest + "\n")
        summary = json.dumps(build_summary(case), ensure_ascii=False, indent=2)
        html = render_report_html(case, settings.templates_dir)
        write_text(folder / "summary.json", summary)
        write_text(folder / "baseline.json", baseline_of(case).model_dump_json(indent=2))
        write_ledger(case, folder)
        write_crops(application_dir, case, folder)
        write_text(folder / "report.html", html)
        if settings.render_pdf:
            write_pdf(html, folder / "report.pdf")
        if case.deficiencies:
            notice = render_deficiency_notice(case, settings.templates_dir)
            write_text(folder / "deficiency_notice.html", notice)
            if settings.render_pdf:  # the one a branch prints or sends
                write_pdf(notice, folder / "deficiency_notice.pdf")
        package = folder / PACKAGE
        package.mkdir()
        for name in (
            "summary.json",
            "report.html",
            "report.pdf",
            "deficiency_notice.html",
            "deficiency_notice.pdf",
            "spreading.json",
        ):
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
                    "findings": [f.model_dump() for f in case.findings],
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
            "spreading": audit_trail(case),
            **(audit or {}),
        }
        write_text(package / "audit.json", json.dumps(trail, ensure_ascii=False, indent=2, default=str))
        copy_documents(application_dir, case, package)
        seal_package(folder, system_signer(settings.signing_key), package_facts(application_dir, case, settings))

    return write_case_folder(settings.out_dir, case.case_id, fill)
