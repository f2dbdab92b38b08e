"""A rejected application's case folder: the form could not be accepted, and why."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from credit_dd import __version__
from credit_dd.intake.application import case_id_for
from credit_dd.package.folder import write_case_folder, write_text
from credit_dd.settings import Settings


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
