"""Run settings, typed and passed down (no global settings object)."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, SecretStr

SIGNING_KEY_ENV = "CREDIT_DD_SIGNING_KEY"  # the system key's PEM text
SIGNING_KEY_FILE_ENV = "CREDIT_DD_SIGNING_KEY_FILE"  # or the path of its PEM file (mode 0600)
ROSTER_ENV = "CREDIT_DD_ROSTER"
REPORT_BASE_URL_ENV = "CREDIT_DD_REPORT_BASE_URL"  # where the bank publishes out/ over http (the dashboard's links)
SIGNING_KEY_BLOCK = "credit-dd-signing-key"
DATA = Path(__file__).resolve().parent / "data"  # every file the package reads at run time ships here


def installed(package: str) -> Path:
    """The folder of an installed package (``credit_dd.templates`` is ``templates/`` in the checkout),
    found without importing it, wherever it is installed, editable or not."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package}: not installed (pip install the project)")
    return Path(next(iter(spec.submodule_search_locations)))


TEMPLATES = DATA / "templates"
SUITES = DATA / "expectations"
DEFAULT_WATCHLIST = DATA / "watchlists" / "internal_watchlist.csv"
DEFAULT_ROSTER = DATA / "staff.yaml"  # the sample roster (no keys): a bank names its own
KEYS_DIR = Path.home() / ".credit-dd" / "keys"


@dataclass(frozen=True)
class PdfLimits:
    """Per-document guards against pathological files, and whether scans are OCR'd."""

    max_bytes: int = 100_000_000
    max_pages: int = 2_000
    max_seconds: float = 300.0
    ocr: bool = True


class Settings(BaseModel):
    """Where outputs go, which lists and policy apply, and how the report is made."""

    out_dir: Path = Path("out")
    watchlists: list[Path] = [DEFAULT_WATCHLIST]
    policy_path: Path | None = None
    checklist_path: Path | None = None
    templates_dir: Path = TEMPLATES
    lang: Literal["zh", "en"] = "zh"
    render_pdf: bool = True
    operator: str = ""
    signing_key: SecretStr | None = None  # the system's Ed25519 private key, PEM
    roster_path: Path = DEFAULT_ROSTER
    governance_path: Path | None = None
    max_document_bytes: int = PdfLimits.max_bytes  # the limits' defaults are PdfLimits'
    max_document_pages: int = PdfLimits.max_pages
    max_document_seconds: float = PdfLimits.max_seconds
    isolate_documents: bool = True
    document_workers: int = 2
    inbox_dir: Path = Path("inbox")
    store_url: str | None = None  # default: a SQLite file beside the case folders
    monitoring_policy_path: Path | None = None
    force_rerun: bool = False  # re-run even when the case folder is current
    review: bool = False
    review_timeout_seconds: int = 3 * 24 * 3600
    review_poll_seconds: int = 10
    spreading_form: bool = False  # a case needing spreading pauses for the figures in the dashboard (served)
    spreading_timeout_seconds: int = 3 * 24 * 3600
    report_base_url: str | None = None  # out/ as the bank publishes it (https://dd.bank.example/out): dashboard links

    @property
    def case_store_url(self) -> str:
        return self.store_url or f"sqlite:///{(self.out_dir / 'cases.sqlite').resolve()}"

    @property
    def pdf_limits(self) -> PdfLimits:
        return PdfLimits(self.max_document_bytes, self.max_document_pages, self.max_document_seconds)


def report_base_url_from_env() -> str | None:
    """Where the bank publishes ``out/`` over http (``CREDIT_DD_REPORT_BASE_URL``), if it does."""
    return os.environ.get(REPORT_BASE_URL_ENV) or None


def roster_from_env() -> Path:
    """The staff roster: ``CREDIT_DD_ROSTER``, else the packaged sample roster."""
    return Path(os.environ.get(ROSTER_ENV) or DEFAULT_ROSTER)
