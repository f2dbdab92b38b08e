"""One freshness rule: every input a document's parse or a whole case depends on, listed here once.

- **A parse** depends on the document (its bytes, name, password, currency and the PDF limits:
  ``parse_cache_key``) and on the reading code: the source of every ``credit_dd``
  module that reading imports, found from the imports of ``READING_ENTRIES``, and the data
  files those modules read (``READING_DATA``). A change to the policy or the report does not
  re-parse.
- **A case** depends on the application folder, all of the package's source and packaged data,
  the flows and tasks, the report templates, the expectation suites, the policy, checklist,
  governance and monitoring files and watchlists the settings name, and the output settings
  (``inputs_digest``).

Versions are digests of those bytes, so no version is bumped by hand. Each is computed once a
process: a long-lived worker keeps the version of the code it has loaded.
"""

from __future__ import annotations

import ast
import hashlib
import json
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from credit_dd.documents.files import ParsedDocument, sha256_file
from credit_dd.intake.application import Application
from credit_dd.settings import TEMPLATES, Settings, installed
from credit_dd.validation.spreading import LEDGER

PACKAGE = Path(__file__).resolve().parents[1]
READING_ENTRIES = ("documents/files", "documents/isolation")  # read_document, and the reader processes that run it
READING_DATA = ("line_items.yaml", "findings.yaml")  # label synonyms; a document issue's message
# Data a reading module names but a parse does not depend on, each with why:
NOT_PARSE_INPUTS = {
    "labels_i18n.yaml": "findings.py renders Chinese from it when a report is written; a parse keeps English",
}
CODE = (installed("flows"), installed("tasks"))  # the layers above the domain that write the case folder


def _imported(module: Path, package: Path) -> set[Path]:
    """The package's modules that ``module`` imports (``from credit_dd.x import …``, ``import credit_dd.x``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    found = set()
    for name in names:
        head, _, rest = name.partition(".")
        if head != package.name or not rest:
            continue
        path = package.joinpath(*rest.split("."))
        for candidate in (path.with_suffix(".py"), path / "__init__.py"):
            if candidate.is_file():
                found.add(candidate)
    return found


def reading_modules(package: Path = PACKAGE) -> list[Path]:
    """Every module of the package that reading a document runs: the entries and what they import."""
    todo = [package / f"{name}.py" for name in READING_ENTRIES] + [package / "__init__.py"]
    seen: set[Path] = set()
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += _imported(module, package) - seen
    return sorted(seen)


def reading_inputs(package: Path = PACKAGE) -> list[Path]:
    """What a parse depends on besides the document: the reading modules and their data."""
    return reading_modules(package) + [package / "data" / name for name in READING_DATA]


def case_inputs(package: Path = PACKAGE, templates: Path = TEMPLATES, code: Iterable[Path] = CODE) -> list[Path]:
    """What every case depends on besides the application and the files the settings name: the
    source, every packaged data file (policy, catalogues, templates, expectation suites,
    watchlist), and a bank's own templates when the settings name a folder outside the package."""
    source = sorted(package.rglob("*.py"))
    for folder in code:
        source += sorted(folder.rglob("*.py"))
    data = _files(package / "data")
    return source + data + ([] if templates.is_relative_to(package / "data") else _files(templates))


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def digest_of(paths: Iterable[Path]) -> str:
    """The digest of files' names and bytes (a missing file counts as missing, not as an error)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes() if path.is_file() else b"<missing>").digest())
    return digest.hexdigest()


_READING_VERSION_LOCK = threading.Lock()


def reading_version() -> str:
    """The version of the reading code and data: a parse made under another is not reused.

    Parse tasks ask for it from several threads at once. It is computed by one of them while the
    others wait: CPython 3.11's ``ast.parse`` is not thread-safe (two threads parsing at once can
    raise "AST constructor recursion depth mismatch", cpython#106905), and the digest is one
    process's to compute once.
    """
    with _READING_VERSION_LOCK:
        return _reading_version()


@lru_cache(maxsize=1)
def _reading_version() -> str:
    return digest_of(reading_inputs())[:16]


@lru_cache(maxsize=4)
def code_version(templates: Path = TEMPLATES) -> str:
    """The version of everything a case is made with (source, data, templates, expectations)."""
    return digest_of(case_inputs(templates=templates))[:16]


def stamped(document: ParsedDocument) -> ParsedDocument:
    """The document with the version of the code that read it."""
    return document.model_copy(update={"parser_version": reading_version()})


def parse_cache_key(path: Path, file: str, application: Application, settings: Settings) -> str:
    """What a parse depends on: the file's bytes, the reading code's version, the name, password
    and limits .

    A changed document or a change to the reading code or its data gives a new key; a policy
    change does not. The password enters only as a digest.
    """
    secret = application.password_for(file)
    parts = [
        sha256_file(path),
        reading_version(),
        file,
        application.currency,
        repr(settings.pdf_limits),
        hashlib.sha256(secret.encode()).hexdigest() if secret else "-",
    ]
    return "parse-" + hashlib.sha256("|".join(parts).encode()).hexdigest()


INPUTS_DIGEST = "inputs.sha256"


def watchlists_digest(settings: Settings) -> str:
    """Changes whenever any configured list's content changes (or a list appears or goes)."""
    digest = hashlib.sha256()
    for path in settings.watchlists:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def inputs_digest(application_dir: Path, settings: Settings, ledger: str = "") -> str:
    """Everything a case folder depends on: the application's content, the
    version of the code, data, templates and expectations, the policy files and every
    watchlist the settings name, the output settings, and the figures people entered (the text of
    the case's spreading ledger, "" when there is none).

    Equal digests mean a re-run would write the same case, so it need not run again."""
    named = [settings.policy_path, settings.checklist_path, settings.governance_path, settings.monitoring_policy_path]
    digest = hashlib.sha256()
    for part in (
        fingerprint(application_dir).encode(),
        code_version(settings.templates_dir).encode(),
        digest_of(p for p in named if p is not None).encode(),
        watchlists_digest(settings).encode(),
        f"{settings.lang}|{settings.render_pdf}|{settings.signing_key is not None}".encode(),
        *([ledger.encode()] if ledger else []),
    ):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def current_case(application_dir: Path, case_id: str, settings: Settings) -> dict[str, object] | None:
    """The summary of an existing case folder written from exactly these inputs, if any
    (never with ``force_rerun``)."""
    if settings.force_rerun:
        return None
    folder = settings.out_dir / case_id
    try:
        ledger = (folder / LEDGER).read_text(encoding="utf-8") if (folder / LEDGER).is_file() else ""
        digest = inputs_digest(application_dir, settings, ledger)
        if (folder / INPUTS_DIGEST).read_text(encoding="utf-8").strip() != digest:
            return None
        return dict(json.loads((folder / "summary.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def fingerprint(application_dir: Path) -> str:
    """The application's content identity: the form's bytes and every document's name and SHA-256.

    Links are not followed (a link's target is not part of the application)."""
    digest = hashlib.sha256()
    digest.update(sha256_file(application_dir / "application.yaml").encode())
    documents = application_dir / "documents"
    if documents.is_dir() and not documents.is_symlink():  # a linked documents/ is another folder's
        for path in sorted(p for p in documents.rglob("*") if p.is_file() and not p.is_symlink()):
            name = path.relative_to(documents).as_posix()  # surrogateescape: a name that is not UTF-8 still counts
            digest.update(f"\n{name}:{sha256_file(path)}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
