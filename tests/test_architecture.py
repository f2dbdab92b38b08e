"""The three layers import one way only: credit_dd ← tasks ← flows."""

from __future__ import annotations

import ast
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import credit_dd

ROOT = Path(__file__).resolve().parents[1]


def test_the_domain_never_imports_prefect() -> None:
    """Importing every credit_dd module in a fresh interpreter loads neither Prefect nor Great Expectations."""
    modules = [m.name for m in pkgutil.walk_packages(credit_dd.__path__, "credit_dd.")]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('prefect', 'great_expectations')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
    assert len(modules) > 20


def _imports(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def test_imports_go_one_way() -> None:
    """The domain imports no layer above it; tasks import no flows; flows import no CLI."""
    assert not _imports(ROOT / "src" / "credit_dd") & {"prefect", "tasks", "flows", "cli"}
    assert not _imports(ROOT / "tasks") & {"flows", "cli"}
    assert "cli" not in _imports(ROOT / "flows")


def test_tasks_call_the_stages_not_the_direct_runner() -> None:
    """A task calls its step's domain function; the whole run without Prefect (operations.direct,
    for tests and benchmarks) is not a façade the tasks go through."""
    importing = {
        path.relative_to(ROOT).as_posix()
        for folder in ("tasks", "flows")
        for path in (ROOT / folder).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("credit_dd.operations.direct")
    }
    assert importing == set()


def test_only_the_quality_module_imports_great_expectations() -> None:
    """Great Expectations stays behind credit_dd.validation.quality (and is imported lazily there)."""
    importing = {
        path.relative_to(ROOT).as_posix()
        for folder in ("src", "tasks", "flows", "cli")
        for path in (ROOT / folder).rglob("*.py")
        if "great_expectations" in path.read_text(encoding="utf-8")
    }
    assert importing == {"src/credit_dd/validation/quality.py"}


def test_the_domain_is_grouped_by_stage() -> None:
    """Modules live in their stage's package; only the shared kernel stays at the top."""
    top = {p.stem for p in (ROOT / "src" / "credit_dd").glob("*.py")}
    assert top == {"__init__", "case", "errors", "masking", "settings"}
    stages = {p.name for p in (ROOT / "src" / "credit_dd").iterdir() if (p / "__init__.py").exists()}
    expected = {"intake", "documents", "validation", "analysis", "rules", "report", "package", "operations", "policy"}
    assert stages == expected


def test_a_non_editable_install_finds_its_templates_and_suites(tmp_path: Path) -> None:
    """Installed as a wheel would be (not from this checkout), the report templates and the
    expectation suites come with the package and a case is written from them."""
    target, source = tmp_path / "site", tmp_path / "source"
    # Built from a copy of what the build reads: a build in the checkout leaves build/ there, and a
    # later build ships the stale modules it still holds (a deleted module would seem installed).
    caches = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("src", "templates", "expectations", "tasks", "flows", "cli"):
        shutil.copytree(ROOT / name, source / name, ignore=caches)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    uv = ROOT / ".venv" / "bin" / "uv"
    subprocess.run(
        [
            str(uv),
            "pip",
            "install",
            "-q",
            "--python",
            sys.executable,
            "--no-deps",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys; from pathlib import Path\n"
        "import credit_dd; from credit_dd.settings import SUITES, TEMPLATES, Settings\n"
        "from credit_dd.operations.direct import run_case\n"
        f"case, folder = run_case(Path({str(ROOT / 'data' / 'samples' / 'b_english_trading')!r}),"
        f" Settings(out_dir=Path({str(tmp_path / 'out')!r}), render_pdf=False, watchlists=[]))\n"
        "print(credit_dd.__file__, TEMPLATES, SUITES, case.status, (folder / 'report.html').exists())\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(target), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    module, templates, suites, status, written = result.stdout.split()
    assert module.startswith(str(target)) and templates.startswith(str(target)) and suites.startswith(str(target))
    assert (status, written) == ("completed", "True")
