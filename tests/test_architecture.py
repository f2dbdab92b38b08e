"""The three layers import one way only: credit_dd ← tasks ← flows."""

from __future__ import annotations

import ast
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


# The order a case travels, and the order imports may run: a module imports only from its own stage
# or one before it. The kernel (errors, masking, names, settings) and the policy with its catalogues
# sit under every stage; the case is assembled after the rules and before the report.
STAGES = (
    "errors",
    "masking",
    "names",
    "settings",
    "policy",
    "intake",
    "documents",
    "validation",
    "analysis",
    "rules",
    "case",
    "report",
    "package",
    "operations",
)


def _stage_imports() -> list[tuple[str, str, str]]:
    """(module, its stage, the stage it imports) for every import of credit_dd, top or inside a function."""
    package = ROOT / "src" / "credit_dd"
    found = []
    for path in package.rglob("*.py"):
        stage = path.relative_to(package).parts[0].removesuffix(".py")
        if stage == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                parts = name.split(".")
                if parts[0] == "credit_dd" and len(parts) > 1 and parts[1] != stage:
                    found.append((path.relative_to(package).as_posix(), stage, parts[1]))
    return found


def test_the_domain_is_grouped_by_stage() -> None:
    """Every module lives in a stage's package or is one of the kernel's modules."""
    package = ROOT / "src" / "credit_dd"
    top = {p.stem for p in package.glob("*.py")} - {"__init__"}
    stages = {p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    assert top | stages == set(STAGES)


def test_a_stage_imports_only_the_stages_before_it() -> None:
    """Stage order is import order: intake → documents → validation → analysis → rules → report →
    package → operations, over the policy and the kernel."""
    backwards = [
        f"{module} ({stage}) imports {imported}"
        for module, stage, imported in _stage_imports()
        if STAGES.index(imported) > STAGES.index(stage)
    ]
    assert backwards == []


def test_the_stage_order_test_sees_a_backward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The order test fails on a module that imports a later stage (here policy importing rules)."""
    package = tmp_path / "src" / "credit_dd"
    shutil.copytree(ROOT / "src" / "credit_dd", package, ignore=shutil.ignore_patterns("__pycache__", "data"))
    (package / "policy" / "late.py").write_text("from credit_dd.rules.judgement import judge_case\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert ("policy/late.py", "policy", "rules") in _stage_imports()
    with pytest.raises(AssertionError):
        test_a_stage_imports_only_the_stages_before_it()


def test_a_non_editable_install_finds_its_templates_and_suites(tmp_path: Path) -> None:
    """Installed as a wheel would be (not from this checkout), everything the package reads at run
    time comes with it: a case is written with its templates, its expectation suites and its
    default watchlist, screened (no WATCHLIST_UNAVAILABLE), without the checkout's folders."""
    target, source = tmp_path / "site", tmp_path / "source"
    # Built from a copy of what the build reads: a build in the checkout leaves build/ there, and a
    # later build ships the stale modules it still holds (a deleted module would seem installed).
    caches = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("src", "tasks", "flows", "cli"):
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
        "import credit_dd; from credit_dd.settings import DEFAULT_WATCHLIST, SUITES, TEMPLATES, Settings\n"
        "from credit_dd.operations.direct import run_case\n"
        f"case, folder = run_case(Path({str(ROOT / 'data' / 'samples' / 'b_english_trading')!r}),"
        f" Settings(out_dir=Path({str(tmp_path / 'out')!r}), render_pdf=False))\n"
        "codes = {f.code for f in case.findings}\n"
        "print(credit_dd.__file__, TEMPLATES, SUITES, DEFAULT_WATCHLIST, case.status, (folder / 'report.html').exists(),"
        " 'WATCHLIST_UNAVAILABLE' in codes, case.analysis.watchlists == [str(DEFAULT_WATCHLIST)])\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(target), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    module, templates, suites, watchlist, status, written, unavailable, screened = result.stdout.split()
    assert all(path.startswith(str(target)) for path in (module, templates, suites, watchlist))
    assert (status, written, unavailable, screened) == ("completed", "True", "False", "True")


def test_every_error_is_in_the_documented_tree() -> None:
    """Each exception the CLI can show is a CreditDDError defined in errors.py and drawn in its tree."""
    import inspect

    from credit_dd import errors

    defined = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.CreditDDError)]
    tree = errors.__doc__ or ""
    assert [c.__name__ for c in defined if f"── {c.__name__}" not in tree and c is not errors.CreditDDError] == []
