"""The approval package: manifest, signature and tamper detection."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest
from pydantic import SecretStr

from credit_dd.errors import PackageError
from credit_dd.package import verify_package
from credit_dd.pipeline import run_case
from credit_dd.settings import Settings
from tests.conftest import SAMPLES

KEY = b"test-signing-key"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pkg")
    _case, folder = run_case(
        SAMPLES / "c_distressed", Settings(out_dir=out, render_pdf=False, signing_key=SecretStr(KEY.decode()))
    )
    return folder / "approval_package"


def _copy(package: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(package, tmp_path / "copy"))


def test_an_untouched_package_verifies(package: Path) -> None:
    """Every file matches the manifest and the HMAC is valid with the key."""
    check = verify_package(package, KEY)
    assert check.intact and check.signed and check.signature_valid


@pytest.mark.parametrize("tamper", ["byte", "add", "remove", "manifest"])
def test_tampering_is_caught(package: Path, tmp_path: Path, tamper: str) -> None:
    """One changed byte, an added file, a removed file, or an edited manifest is caught."""
    copy = _copy(package, tmp_path)
    if tamper == "byte":
        data = bytearray((copy / "summary.json").read_bytes())
        data[10] ^= 1
        (copy / "summary.json").write_bytes(bytes(data))
    elif tamper == "add":
        (copy / "extra.txt").write_text("x", encoding="utf-8")
    elif tamper == "remove":
        (copy / "ratios.csv").unlink()
    else:
        manifest = (copy / "manifest.json").read_text(encoding="utf-8").replace('"ratios.csv": "', '"ratios.csv": "0')
        (copy / "manifest.json").write_text(manifest, encoding="utf-8")
    check = verify_package(copy, KEY)
    assert not check.intact
    assert {"byte": check.changed, "add": check.added, "remove": check.removed, "manifest": check.changed}[tamper]
    if tamper == "manifest":
        assert check.signature_valid is False


def test_a_wrong_key_fails_and_a_missing_manifest_is_an_error(package: Path, tmp_path: Path) -> None:
    """A different key does not validate; a folder without a manifest is a PackageError."""
    assert verify_package(package, b"other").signature_valid is False
    with pytest.raises(PackageError):
        verify_package(tmp_path, KEY)


def test_the_checker_decision_is_appended_and_re_signed(tmp_path: Path) -> None:
    """Maker = checker is refused; decisions append, never overwrite; the package stays verifiable."""
    from credit_dd.review import record_decision

    _case, folder = run_case(
        SAMPLES / "d_incomplete", Settings(out_dir=tmp_path, render_pdf=False, signing_key=SecretStr(KEY.decode()))
    )
    with pytest.raises(PackageError, match="must not be the maker"):
        record_decision(folder, "approve", "王磊", "looks fine", KEY)
    with pytest.raises(PackageError, match="comment"):
        record_decision(folder, "approve", "陈静", "  ", KEY)
    first = record_decision(folder, "return", "陈静", "缺营业执照与银行流水", KEY)
    second = record_decision(folder, "reject", "赵敏", "overrides nothing; both kept", KEY)
    import json

    log = json.loads((folder / "approval_package" / "decisions.json").read_text(encoding="utf-8"))
    assert [d["decision"] for d in log] == ["return", "reject"] and log[0]["manifest_sha256"] == first.manifest_sha256
    assert second.manifest_sha256 != first.manifest_sha256
    assert verify_package(folder / "approval_package", KEY).intact
    (folder / "approval_package" / "summary.json").write_text("{}", encoding="utf-8")
    with pytest.raises(PackageError, match="not intact"):
        record_decision(folder, "approve", "陈静", "after tampering", KEY)


def test_the_verify_command_says_what_it_found_and_exits_non_zero_unless_verified(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`credit-dd verify`: 0 only for an intact, validly signed package; without the key an intact
    package is not called verified; a changed file is named."""
    from cli.main import EMBEDDED_PREFECT, main

    for name in (*EMBEDDED_PREFECT, "PREFECT_SERVER_ANALYTICS_ENABLED"):  # main() sets these: undo after
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CREDIT_DD_SIGNING_KEY", KEY.decode())
    assert main(["verify", str(package)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "package intact and signed: verified"
    monkeypatch.delenv("CREDIT_DD_SIGNING_KEY")
    assert main(["verify", str(package)]) == 1
    assert "NOT verified" in capsys.readouterr().out
    copy = _copy(package, tmp_path)
    (copy / "report.html").write_bytes((copy / "report.html").read_bytes() + b" ")
    monkeypatch.setenv("CREDIT_DD_SIGNING_KEY", KEY.decode())
    assert main(["verify", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "changed: report.html" in out and out.splitlines()[-1] == "package NOT intact"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised() -> None:
    """A counterparty named =HYPERLINK(…) from a document must not run in the reviewer's spreadsheet."""
    from credit_dd.package import _csv

    text = _csv([{"a": '=HYPERLINK("http://x")', "b": "+1", "c": "@SUM(A1)", "d": -5.0, "e": "-x"}], list("abcde"))
    row = text.splitlines()[1]
    assert row.startswith("\"'=HYPERLINK") and ",'+1,'@SUM(A1),-5.0,'-x" in row


def test_an_approve_on_a_case_waiting_for_documents_is_refused(tmp_path: Path) -> None:
    """needs_documents has no analysis and no opinion: it can be returned or rejected, not approved."""
    from credit_dd.review import record_decision

    _case, folder = run_case(
        SAMPLES / "d_incomplete", Settings(out_dir=tmp_path, render_pdf=False, signing_key=SecretStr(KEY.decode()))
    )
    with pytest.raises(PackageError, match="needs_documents has no opinion to approve"):
        record_decision(folder, "approve", "陈静", "fine", KEY)
    assert not (folder / "approval_package" / "decisions.json").exists()


def test_a_malformed_manifest_or_a_linked_file_is_refused_with_a_reason(
    package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import command_verify

    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    manifest = json.loads((broken / "manifest.json").read_text(encoding="utf-8"))
    (broken / "manifest.json").write_text(json.dumps({**manifest, "files": list(manifest["files"])}), encoding="utf-8")
    with pytest.raises(PackageError, match="malformed"):
        verify_package(broken, KEY)
    linked = tmp_path / "linked"
    shutil.copytree(package, linked)
    outside = tmp_path / "summary_copy.json"
    shutil.copy(linked / "summary.json", outside)
    (linked / "summary.json").unlink()
    (linked / "summary.json").symlink_to(outside)
    with pytest.raises(PackageError, match="a link, not a file of the package"):
        verify_package(linked, KEY)
    assert command_verify(argparse.Namespace(package=str(linked))) == 1
    assert "package NOT verified" in capsys.readouterr().out
