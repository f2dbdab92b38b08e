"""The application folder as it arrived: refused, with a reason a person can act on, when it cannot
be taken safely. Checked before anything in it is read, so one odd folder never stops a run or a
sweep with a traceback.

- ``documents/`` a link: it would read another applicant's folder (or any folder on the machine)
  as this one's documents.
- A file or folder name that is not UTF-8 (a zip made on a Chinese Windows machine names its
  files in GBK): the name cannot be written into the report, the summary or the dashboard as it
  is, so the customer is asked to rename it, and told what it says in GBK.
- A folder that cannot be read (permissions): its documents would be silently missing.
"""

from __future__ import annotations

import os
from pathlib import Path

from credit_dd.errors import FolderError
from credit_dd.masking import printable

DOCUMENTS = "documents"


def check_folder(application_dir: Path) -> None:
    """Raises:
    FolderError: ``documents/`` is a link, a name in it is not UTF-8, or a folder cannot be read."""
    try:
        _check(application_dir)
    except OSError as exc:
        where = printable(str(exc.filename or application_dir))
        raise FolderError(f"{where}: cannot be read ({exc.strerror or exc}); its documents would be missing") from None


def _check(application_dir: Path) -> None:
    documents = application_dir / DOCUMENTS
    if documents.is_symlink():
        raise FolderError(
            f"{DOCUMENTS}/ is a link (to {printable(os.readlink(documents))}), not a folder of this application: "
            "put the documents themselves in it"
        )
    if not documents.exists():
        return
    for folder, dirs, files in _walk(documents):
        for name in [*dirs, *files]:
            _check_name(Path(folder, name).relative_to(application_dir).as_posix())
        dirs[:] = [d for d in dirs if not Path(folder, d).is_symlink()]  # a linked folder is refused later, by name


def _walk(documents: Path):  # type: ignore[no-untyped-def]
    def unreadable(error: OSError) -> None:
        where = Path(error.filename or documents)
        name = (
            printable(where.relative_to(documents.parent).as_posix())
            if where.is_relative_to(documents.parent)
            else DOCUMENTS
        )
        raise FolderError(f"{name}: a folder that cannot be read ({error.strerror}); its documents would be missing")

    return os.walk(documents, onerror=unreadable, followlinks=False)


def _check_name(relative: str) -> None:
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(relative)
        raise FolderError(
            f"{printable(relative)}: the file name is not UTF-8{_as_gbk(raw)}; rename it (or re-zip the folder "
            "with UTF-8 names) and submit the application again"
        ) from None


def _as_gbk(raw: bytes) -> str:
    """What a name reads as in GBK (GB 18030), as a zip from a Chinese Windows machine writes it."""
    try:
        return f" (in GBK it reads “{printable(raw.decode('gb18030'))}”)"
    except UnicodeDecodeError:
        return ""
