"""Document collection: list, identify, classify and parse every file."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext

from credit_dd import pipeline
from credit_dd.application import Application
from credit_dd.documents import ParsedDocument, mark_duplicates
from credit_dd.findings import Deficiency
from credit_dd.isolation import IsolatedReader
from credit_dd.settings import Settings


@task(name="list-documents", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def list_documents(application_dir: Path) -> tuple[list[tuple[Path, str]], list[Deficiency]]:
    """Every file under ``documents/`` (links out of the folder refused)."""
    files, refused = pipeline.list_document_files(application_dir)
    get_run_logger().info("%d document(s) found, %d refused", len(files), len(refused))
    return files, refused


@lru_cache(maxsize=4)
def _reader(workers: int) -> IsolatedReader:
    """One pool of document-reading processes per worker count, shared by every run in this process."""
    return IsolatedReader(workers=workers)


def _parse_key(_context: TaskRunContext, parameters: dict[str, Any]) -> str:
    return pipeline.parse_cache_key(
        parameters["path"], parameters["file"], parameters["application"], parameters["settings"]
    )


@task(
    name="parse-document",
    task_run_name="parse-{file}",
    retries=2,
    retry_delay_seconds=1,
    cache_key_fn=_parse_key,
    cache_expiration=timedelta(days=30),
    persist_result=True,
)
def parse_document(path: Path, file: str, application: Application, settings: Settings) -> ParsedDocument:
    """Identify, classify and parse one document (bad files become issues, never errors)."""
    reader = _reader(settings.document_workers) if settings.isolate_documents else None
    document = pipeline.parse_document(path, file, application, settings, reader)
    get_run_logger().info("%s: %s, %d page(s), %d issue(s)", file, document.kind, document.pages, len(document.issues))
    return document


@task(name="mark-duplicates", cache_policy=NO_CACHE)
def deduplicate(documents: list[ParsedDocument]) -> list[ParsedDocument]:
    """Identical files are counted once (``DOC_DUPLICATE``)."""
    return mark_duplicates(documents)
