"""The approval package: manifest, the system's signature and tamper detection."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from credit_dd.errors import PackageError
from credit_dd.operations.direct import run_case
from credit_dd.package.verify import verify_package
from credit_dd.settings import Settings
from tests.conftest import SAMPLES, Keys, SampleRuns


@pytest.fixture(scope="module")
def package(sample_runs: SampleRuns) -> Path:
    """The distressed sample's signed package (shared: tests change a copy)."""
    return sample_runs.run("c_distressed", signed=True)[1] / "approval_package"


def _copy(package: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(package, tmp_path / "copy"))


def test_an_untouched_package_verifies(package: Path, keys: Keys) -> None:
    """Every file matches the manifest, and the manifest's Ed25519 signature is the system's on the roster."""
    check = verify_package(package, keys.roster)
    assert check.intact and check.signed and check.signature_valid and check.signer == "system" and check.verified


@pytest.mark.parametrize("tamper", ["byte", "add", "remove", "manifest"])
def test_tampering_is_caught(package: Path, tmp_path: Path, tamper: str, keys: Keys) -> None:
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
    check = verify_package(copy, keys.roster)
    assert not check.intact and not check.verified
    assert {"byte": check.changed, "add": check.added, "remove": check.removed, "manifest": check.changed}[tamper]
    if tamper == "manifest":
        assert check.signature_valid is False


def test_only_the_systems_key_on_the_roster_signs_a_manifest(package: Path, tmp_path: Path, keys: Keys) -> None:
    """A manifest re-signed by a person (even one on the roster), by an unknown key, or with the old
    shared HMAC is not verified; a package with no signature is not verified; no manifest is an error."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from credit_dd.package.manifest import build_manifest
    from credit_dd.package.signing import Signer

    for name, signer, expected in (
        ("person", keys.signers["AP0021"], "signed by AP0021 赵敏, not by the system"),
        ("stranger", Signer("system", Ed25519PrivateKey.generate()), "not the system's on the roster"),
    ):
        copy = Path(shutil.copytree(package, tmp_path / name))
        (copy / "summary.json").write_text("{}", encoding="utf-8")  # a rewrite, re-signed by someone else
        (copy / "manifest.json").write_text(json.dumps(build_manifest(copy, signer)), encoding="utf-8")
        check = verify_package(copy, keys.roster)
        assert check.intact and not check.verified and expected in (check.signature_problem or "")
    hmac_signed = Path(shutil.copytree(package, tmp_path / "hmac"))
    manifest = json.loads((hmac_signed / "manifest.json").read_text(encoding="utf-8"))
    manifest["signature"] = {"hmac_sha256": "00" * 32}
    (hmac_signed / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert "HMAC" in (verify_package(hmac_signed, keys.roster).signature_problem or "")
    unsigned = Path(shutil.copytree(package, tmp_path / "unsigned"))
    (unsigned / "manifest.json").write_text(json.dumps(build_manifest(unsigned, None)), encoding="utf-8")
    check = verify_package(unsigned, keys.roster)
    assert check.intact and not check.signed and not check.verified
    with pytest.raises(PackageError):
        verify_package(tmp_path / "nothing-here", keys.roster)


def test_the_verify_command_says_what_it_found_and_exits_non_zero_unless_verified(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], keys: Keys
) -> None:
    """`credit-dd verify`: 0 only for an intact package the system signed; against a roster without the
    system's key it is not verified; a changed file is named. Verifying needs no secret."""
    from cli.main import main

    monkeypatch.delenv("PREFECT_SERVER_ANALYTICS_ENABLED", raising=False)  # main() sets it: undo after
    assert main(["verify", str(package), "--roster", str(keys.roster_path)]) == 0
    out = capsys.readouterr().out
    assert "manifest signature: valid, signed by the system" in out
    assert out.splitlines()[-1] == "package intact and signed: verified"
    assert main(["verify", str(package)]) == 1  # the sample roster does not hold this test's system key
    assert "NOT verified" in capsys.readouterr().out
    copy = _copy(package, tmp_path)
    (copy / "report.html").write_bytes((copy / "report.html").read_bytes() + b" ")
    assert main(["verify", str(copy), "--roster", str(keys.roster_path)]) == 1
    out = capsys.readouterr().out
    assert "changed: report.html" in out and out.splitlines()[-1] == "package NOT intact"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised() -> None:
    """A counterparty named =HYPERLINK(…) from a document must not run in the reviewer's spreadsheet."""
    from credit_dd.package.folder import _csv

    text = _csv([{"a": '=HYPERLINK("http://x")', "b": "+1", "c": "@SUM(A1)", "d": -5.0, "e": "-x"}], list("abcde"))
    row = text.splitlines()[1]
    assert row.startswith("\"'=HYPERLINK") and ",'+1,'@SUM(A1),-5.0,'-x" in row


def test_a_malformed_manifest_or_a_linked_file_is_refused_with_a_reason(
    package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], keys: Keys
) -> None:
    from cli.review import command_verify

    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    manifest = json.loads((broken / "manifest.json").read_text(encoding="utf-8"))
    (broken / "manifest.json").write_text(json.dumps({**manifest, "files": list(manifest["files"])}), encoding="utf-8")
    with pytest.raises(PackageError, match="malformed"):
        verify_package(broken, keys.roster)
    linked = tmp_path / "linked"
    shutil.copytree(package, linked)
    outside = tmp_path / "summary_copy.json"
    shutil.copy(linked / "summary.json", outside)
    (linked / "summary.json").unlink()
    (linked / "summary.json").symlink_to(outside)
    with pytest.raises(PackageError, match="a link, not a file of the package"):
        verify_package(linked, keys.roster)
    assert command_verify(argparse.Namespace(package=str(linked), roster=[keys.roster_path])) == 1
    assert "package NOT verified" in capsys.readouterr().out


def test_a_file_name_with_bidi_or_control_characters_is_shown_escaped_everywhere(tmp_path: Path, keys: Keys) -> None:
    """A document named with a right-to-left override (it would read "invoiceexe.pdf"-like backwards)
    and a tab: the report, the notice, the summary, the package's copy and its zip name it escaped."""
    app = Path(shutil.copytree(SAMPLES / "d_incomplete", tmp_path / "app"))
    original = next((app / "documents").iterdir())
    original.rename(original.with_name("发票\u202efdp.exe\t.pdf"))
    _case, folder = run_case(app, Settings(out_dir=tmp_path / "out", render_pdf=False, signing_key=keys.system_pem))
    shown = "documents/发票\\u202efdp.exe\\u0009.pdf"
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in ("report.html", "summary.json")}
    texts["deficiency_notice.html"] = (folder / "deficiency_notice.html").read_text(encoding="utf-8")
    for name, text in texts.items():
        assert "\u202e" not in text and "\t.pdf" not in text, name
    assert shown in texts["report.html"] and shown.replace("\\", "\\\\") in texts["summary.json"]
    assert (folder / "approval_package" / shown).is_file()
    assert not [p for p in (folder / "approval_package").rglob("*") if "\u202e" in p.name]
    assert verify_package(folder / "approval_package", keys.roster).verified
