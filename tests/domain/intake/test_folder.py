"""Folders that once stalled the inbox, each refused at intake with a message a person can act on:
a form nested 200,000 deep (a segmentation fault before), a file name in GBK, a symlinked
``documents/``, a folder that cannot be read."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from credit_dd.errors import FolderError, FormError
from credit_dd.intake.application import accept, read_application
from tests.conftest import SAMPLES

FORM = (SAMPLES / "d_incomplete" / "application.yaml").read_text(encoding="utf-8")


def _application(folder: Path, form: str = FORM) -> Path:
    (folder / "documents").mkdir(parents=True)
    (folder / "application.yaml").write_text(form, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[" * 200_000, "line 1, column 33"),  # 400 KB, under the size limit: libyaml overflowed the C stack
        ("- " * 200_000 + "x\n", "line 1, column 65"),  # nested block sequences on one line
        ("a:\n" + "".join(" " * n + "b:\n" for n in range(1, 40)) + " " * 40 + "c\n", "line 33"),
    ],
)
def test_a_form_nested_too_deep_is_refused_before_it_is_built(tmp_path: Path, text: str, where: str) -> None:
    (tmp_path / "application.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(FormError, match=f"nested more than 32 deep \\(at {where}"):
        read_application(tmp_path)


def test_a_file_name_that_is_not_utf8_is_refused_naming_what_it_says_in_gbk(tmp_path: Path) -> None:
    """A file from a zip made on a Chinese Windows machine: named in GBK bytes."""
    app = _application(tmp_path / "app")
    (app / "documents" / os.fsdecode("营业执照.pdf".encode("gbk"))).write_bytes(b"%PDF-1.4\n")
    with pytest.raises(FolderError) as refused:
        accept(app)
    message = str(refused.value)
    assert "the file name is not UTF-8 (in GBK it reads “documents/营业执照.pdf”); rename it" in message
    message.encode("utf-8")  # printable: no lone surrogate reaches a log, the dashboard or a reason file


def test_a_symlinked_documents_folder_is_refused_not_read(tmp_path: Path) -> None:
    """documents/ linked to another applicant's folder: refused by name, nothing of theirs read."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "application.yaml").write_text(FORM, encoding="utf-8")
    (app / "documents").symlink_to(SAMPLES / "a_healthy_manufacturer" / "documents")
    with pytest.raises(FolderError, match="documents/ is a link \\(to .*a_healthy_manufacturer/documents\\)"):
        accept(app)


def test_a_folder_that_cannot_be_read_is_refused_by_name() -> None:
    """A documents/ sub-folder without read permission (checked as an unprivileged user: root reads anything)."""
    root = Path(tempfile.mkdtemp(prefix="credit-dd-unreadable-"))
    try:
        app = _application(root / "app")
        locked = app / "documents" / "扫描件"
        locked.mkdir()
        (locked / "a.pdf").write_bytes(b"%PDF-1.4\n")
        for path in (root, app, app / "documents"):
            path.chmod(0o755)
        (app / "application.yaml").chmod(0o644)
        locked.chmod(0o000)
        assert _as_nobody(lambda: accept(app)) == "documents/扫描件: a folder that cannot be read (Permission denied)"
    finally:
        locked.chmod(0o755)
        shutil.rmtree(root)


def _as_nobody(call) -> str:  # type: ignore[no-untyped-def]
    """The message ``call`` raises, in a forked child that (when this is root) runs as nobody."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        message = "no error"
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            call()
        except Exception as exc:
            message = str(exc).split(";")[0]
        os.write(write, message.encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as answer:
        return answer.read().decode()
