"""Shared fixtures: the samples, and the real documents in ../shared/realdata when present."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
REALDATA = ROOT.parent / "shared" / "realdata"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "application.yaml").is_file())


def realdata(relative: str) -> Path:
    """A file from ../shared/realdata, or skip the test when the folder is absent."""
    path = REALDATA / relative
    if not path.exists():
        pytest.skip(f"realdata not available: {relative}")
    return path


def truth(sample: str) -> dict[str, Any]:
    """The sample's truth file."""
    return json.loads((SAMPLES / sample / "truth.json").read_text(encoding="utf-8"))


# A one-period company that breaks no financial rule (history_of(SOUND | change) for a rule's table).
SOUND = {
    "total_current_assets": 600.0,
    "total_current_liabilities": 400.0,
    "total_assets": 1000.0,
    "total_liabilities": 500.0,
    "total_equity": 500.0,
    "net_profit": 50.0,
    "total_profit": 70.0,
    "interest_expense": 10.0,
    "revenue": 900.0,
}


def history_of(
    values: dict[str, float], period: str = "2025-12-31", step: float = 0.01, kinds: list[str] | None = None
):  # type: ignore[no-untyped-def]
    """A one-period StatementHistory from plain values, each cited to fs.pdf page 1."""
    from datetime import date

    from credit_dd.documents.history import StatementHistory
    from credit_dd.documents.statements import SourcedValue

    end = date.fromisoformat(period)
    sourced = {k: SourcedValue(value=v, file="fs.pdf", page=1, x=0, y=0, label=k, step=step) for k, v in values.items()}
    return StatementHistory(values={end: sourced}, kinds={end: kinds or ["balance_sheet", "income_statement"]})


def text_pdf(*pages: list[list[tuple[str, float]]], char_width: float = 6.0):  # type: ignore[no-untyped-def]
    """A PdfText built word by word: each page a list of rows, each row (word, x0) pairs, 14 pt apart."""
    from credit_dd.documents.pdftext import PageText, PdfText, TextLine, Word

    built = []
    for number, rows in enumerate(pages, start=1):
        lines = []
        for index, row in enumerate(rows):
            top = 40.0 + 14 * index
            words = tuple(Word(text, x, x + char_width * len(text), top) for text, x in row)
            lines.append(TextLine(page=number, top=top, words=words))
        built.append(PageText(number, tuple(lines), char_count=100, cid_count=0, image_count=0, width=595.0))
    return PdfText(pages=built, page_count=len(built))


class Keys:
    """A roster like the packaged sample roster with a key pair for the system and for every person on it."""

    def __init__(self, folder: Path) -> None:
        import yaml
        from cryptography.hazmat.primitives import serialization
        from pydantic import SecretStr

        from credit_dd.package.signing import SYSTEM, Signer, public_key_text, write_new_key
        from credit_dd.package.staff import read_roster, with_public_keys
        from credit_dd.settings import DEFAULT_ROSTER

        raw = yaml.safe_load(DEFAULT_ROSTER.read_text(encoding="utf-8"))
        self.key_files: dict[str, Path] = {}
        self.signers: dict[str, Signer] = {}
        for who in [SYSTEM, *(p["employee_id"] for p in raw["staff"])]:
            path = folder / f"{who}.pem"
            key = write_new_key(path)
            self.key_files[who], self.signers[who] = path, Signer(who, key)
        people = {who: public_key_text(signer.key) for who, signer in self.signers.items() if who != SYSTEM}
        raw = with_public_keys(raw, self.signers[SYSTEM].public_key, people)
        self.roster_path = folder / "staff.yaml"
        self.roster_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        self.roster = read_roster(self.roster_path)
        self.system = self.signers[SYSTEM]
        pem = self.system.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        self.system_pem = SecretStr(pem.decode())

    def decide(self, case: Path, decision: str, reviewer: str, **options: Any) -> Any:
        """A decision recorded from the CLI with the reviewer's own key (unless ``personal`` is given)."""
        from credit_dd.package.review import record_decision
        from credit_dd.policy.data import read_governance

        return record_decision(
            case,
            decision,  # type: ignore[arg-type]
            reviewer,
            options.pop("comment", "figures checked against the statements"),
            roster=self.roster,
            system=self.system,
            personal=options.pop("personal", self.signers.get(reviewer)),
            governance=options.pop("governance", read_governance()),
            **options,
        )


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    """Key pairs for the system and the sample roster's staff, and a roster holding their public keys."""
    return Keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="session")
def sample_cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every sample run once for the whole session (no PDF), by sample name: the cases reports and
    notices are rendered from."""
    from credit_dd.operations.direct import run_case
    from credit_dd.settings import Settings

    out = tmp_path_factory.mktemp("samples-out")
    return {name: run_case(SAMPLES / name, Settings(out_dir=out, render_pdf=False))[0] for name in SAMPLE_NAMES}
