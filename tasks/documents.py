"""Document collection: list, identify, classify and parse every file."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from prefect import get_run_logger, task
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext
from prefect.futures import PrefectFutureList, as_completed
from prefect.results import ResultStore, get_result_store
from prefect.runtime import task_run

from credit_dd.documents.files import DocumentIssue, ParsedDocument, mark_duplicates, read_document
from credit_dd.documents.files import list_documents as documents_in
from credit_dd.documents.isolation import IsolatedReader
from credit_dd.intake.application import Application
from credit_dd.masking import mask_text
from credit_dd.package import freshness
from credit_dd.report.dashboard import artifact_key, graph_label
from credit_dd.settings import Settings
from tasks.trail import trailed


@trailed
@task(name="list-documents", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def list_documents(application_dir: Path) -> tuple[list[tuple[Path, str]], list[DocumentIssue]]:
    """Every file under ``documents/`` (links out of the folder refused)."""
    files, refused = documents_in(application_dir)
    get_run_logger().info("%d document(s) found, %d refused", len(files), len(refused))
    return files, refused


@lru_cache(maxsize=4)
def document_reader(workers: int) -> IsolatedReader:
    """One pool of document-reading processes per worker count, shared by every run in this process."""
    return IsolatedReader(workers=workers)


def read_one(path: Path, file: str, password: str | None, currency: str, settings: Settings) -> ParsedDocument:
    """One document read, in a reader process under a hard time limit when the settings isolate
    reading, and stamped with the version of the code that read it."""
    read = document_reader(settings.document_workers).read if settings.isolate_documents else read_document
    return freshness.stamped(read(path, file, password, currency, settings.pdf_limits))


def _parse_key(_context: TaskRunContext, parameters: dict[str, Any]) -> str:
    return freshness.parse_cache_key(
        parameters["path"], parameters["file"], parameters["application"], parameters["settings"]
    )


def _parse_name() -> str:
    """``parse-<file>``, with any account or ID number in the file name masked, and a Chinese name's
    pinyin beside it: the dashboard's run graph draws only ASCII (``parse-documents/年报.pdf (nianbao.pdf)``)."""
    return f"parse-{graph_label(mask_text(str(task_run.parameters.get('file', 'document'))))}"


@trailed
@task(
    name="parse-document",
    task_run_name=_parse_name,
    retries=2,
    retry_delay_seconds=1,
    cache_key_fn=_parse_key,
    cache_expiration=timedelta(days=30),
    persist_result=True,
)
def parse_document(path: Path, file: str, application: Application, settings: Settings) -> ParsedDocument:
    """Identify, classify and parse one document (bad files become issues, never errors)."""
    document = read_one(path, file, application.password_for(file), application.currency, settings)
    get_run_logger().info("%s: %s, %d page(s), %d issue(s)", file, document.kind, document.pages, len(document.issues))
    return document


@trailed
@task(name="mark-duplicates", cache_policy=NO_CACHE)
def deduplicate(documents: list[ParsedDocument]) -> list[ParsedDocument]:
    """Identical files are counted once (``DOC_DUPLICATE``)."""
    return mark_duplicates(documents)


def forget_transient(
    files: list[tuple[Path, str]], documents: list[ParsedDocument], application: Application, settings: Settings
) -> None:
    """A read stopped by its deadline or by a killed reader says nothing lasting about the file:
    its cached result is expired at once, so the next run reads the file again."""
    stopped = [(path, name) for (path, name), doc in zip(files, documents, strict=True) if doc.transient]
    if not stopped:
        return
    store = cast(ResultStore, get_result_store().update_for_task(parse_document))  # where parse results are kept
    expired: Any = datetime.now(UTC) - timedelta(seconds=1)  # Prefect's DateTime is a datetime
    for path, name in stopped:
        store.write(None, key=freshness.parse_cache_key(path, name, application, settings), expiration=expired)
        get_run_logger().warning("%s: the read was stopped; its result is not kept for the next run", mask_text(name))


def collect_with_progress(futures: PrefectFutureList[ParsedDocument], case_id: str) -> list[ParsedDocument]:
    """Wait for every parse, showing a progress artifact in the dashboard as each one finishes."""
    total = len(futures)
    progress = create_progress_artifact(
        0.0 if total else 100.0, key=f"{artifact_key(case_id)}-parsing", description=f"Documents read: 0 of {total}"
    )
    assert isinstance(progress, UUID)  # created from sync code
    counts = logging.getLogger("credit_dd.progress")  # the CLI's progress bar, when one listens
    for done, _ in enumerate(as_completed(list(futures)), 1):
        update_progress_artifact(progress, 100.0 * done / total, description=f"Documents read: {done} of {total}")
        counts.info("documents read", extra={"done": done, "total": total, "case_id": case_id})
    return futures.result()
