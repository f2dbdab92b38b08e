"""The three layers import one way only: credit_dd ← tasks ← flows."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import credit_dd

ROOT = Path(__file__).resolve().parents[1]


def test_the_domain_never_imports_prefect() -> None:
    """Importing every credit_dd module in a fresh interpreter loads neither Prefect nor Great Expectations."""
    modules = [f"credit_dd.{m.name}" for m in pkgutil.iter_modules(credit_dd.__path__)]
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


def test_only_the_quality_module_imports_great_expectations() -> None:
    """Great Expectations stays behind credit_dd.quality (and is imported lazily there)."""
    for path in [
        *(ROOT / "src").rglob("*.py"),
        *(ROOT / "tasks").rglob("*.py"),
        *(ROOT / "flows").rglob("*.py"),
        *(ROOT / "cli").rglob("*.py"),
    ]:
        if path.name != "quality.py":
            assert "great_expectations" not in _imports(path.parent) or path.parent.name == "credit_dd", path
    domain = {
        p.name
        for p in (ROOT / "src" / "credit_dd").glob("*.py")
        if "great_expectations" in p.read_text(encoding="utf-8")
    }
    assert domain == {"quality.py"}
