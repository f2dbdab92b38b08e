"""Shared fixtures: the samples, and the real documents in ../shared/realdata when present."""

from __future__ import annotations

import fcntl
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
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

        from credit_dd.package.signing import SYSTEM, Signer, public_key_text, read_private_key, write_new_key
        from credit_dd.package.staff import read_roster, with_public_keys
        from credit_dd.settings import DEFAULT_ROSTER

        raw = yaml.safe_load(DEFAULT_ROSTER.read_text(encoding="utf-8"))
        self.key_files: dict[str, Path] = {}
        self.signers: dict[str, Signer] = {}
        for who in [SYSTEM, *(p["employee_id"] for p in raw["staff"])]:
            path = folder / f"{who}.pem"
            key = read_private_key(path) if path.exists() else write_new_key(path)  # shared by the session's workers
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


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (a file beside what it guards), held across processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A folder every worker of this test session sees (pytest-xdist gives each its own base)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def keys(shared_dir: Path) -> Keys:
    """Key pairs for the system and the sample roster's staff, and a roster holding their public keys
    (made once a session: every worker signs and verifies with the same keys)."""
    with locked(shared_dir / "keys.lock"):
        return Keys(shared_dir / "keys")


class SampleRuns:
    """Each sample application run once a session (``run_case``: no Prefect, no PDF), per language
    and signed or not, shared by every test module and every worker. The folders are read-only:
    a test that changes one works on ``copy``."""

    def __init__(self, root: Path, keys: Keys) -> None:
        self.root, self.keys = root, keys

    def run(self, sample: str, lang: str = "zh", signed: bool = False) -> tuple[Any, Path]:
        """The case and its folder."""
        from credit_dd.case import CaseResult
        from credit_dd.operations.direct import run_case
        from credit_dd.settings import Settings

        where = self.root / f"{sample}-{lang}-{'signed' if signed else 'unsigned'}"
        with locked(where.with_suffix(".lock")):
            if not (where / "case.json").exists():
                key = self.keys.system_pem if signed else None
                settings = Settings(out_dir=where / "out", render_pdf=False, lang=lang, signing_key=key)
                case, _folder = run_case(SAMPLES / sample, settings)
                (where / "case.json").write_text(case.model_dump_json(), encoding="utf-8")
        case = CaseResult.model_validate_json((where / "case.json").read_text(encoding="utf-8"))
        return case, where / "out" / case.case_id

    def copy(self, sample: str, into: Path, lang: str = "zh", signed: bool = False) -> Path:
        """A copy of the sample's case folder for one test to change."""
        _case, folder = self.run(sample, lang, signed)
        return Path(shutil.copytree(folder, into / folder.name, symlinks=True))


@pytest.fixture(scope="session")
def sample_runs(shared_dir: Path, keys: Keys) -> SampleRuns:
    """The samples' cases, computed once a session (see ``SampleRuns``)."""
    return SampleRuns(shared_dir / "samples", keys)


@pytest.fixture(scope="session")
def sample_cases(sample_runs: SampleRuns) -> dict[str, Any]:
    """Every sample's case (zh, unsigned), by sample name: the cases reports and notices are rendered from."""
    return {name: sample_runs.run(name)[0] for name in SAMPLE_NAMES}


# The modules whose tests take longest (seconds of one worker, measured on 2026-12-06: served 150,
# scale_out 130, embedded 60, crash 60), then the Prefect-harness flow tests.
LONGEST_FIRST = (
    "integration/test_served.py",
    "integration/test_scale_out.py",
    "integration/test_embedded.py",
    "integration/test_crash.py",
    "flows/",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Longest first, so no worker is left with a long test at the end: the modules in
    ``LONGEST_FIRST``, then tests marked slow, then the rest (each kept in collection order).
    Measured on two workers: tests dealt out one by one 358-360 s; each integration module kept on
    one worker (so its server starts once) 404 s; chunks of two 388-398 s; three workers 371 s.
    (xdist_group marks do nothing under pytest 9.2 with xdist 3.8: xdist renames ``item._nodeid``,
    which pytest no longer reads.)"""

    def rank(item: pytest.Item) -> int:
        path = item.path.relative_to(ROOT / "tests").as_posix()
        for n, prefix in enumerate(LONGEST_FIRST):
            if path.startswith(prefix):
                return n
        return len(LONGEST_FIRST) + (0 if "slow" in item.keywords else 1)

    items.sort(key=rank)
