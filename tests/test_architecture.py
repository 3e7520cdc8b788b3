"""The package's layout holds: dependencies point one way, the model does no I/O, no import cycles.

cli -> api -> stages (reports, merge, model, excel, storage) -> contract. The rules are read
from the source with :mod:`ast`, so a violation names the module and the import.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "amzsheet"
STAGES = ("contract", "reports", "merge", "model", "excel", "storage", "samples")
#: Libraries that touch files, processes or workbooks: the model (pure pandas) must not use them.
IO_LIBRARIES = {
    *("os", "shutil", "zipfile", "subprocess", "tempfile", "glob"),
    *("openpyxl", "xlsxwriter", "python_calamine"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """Modules ``path`` imports (``amzsheet.x.y`` or a library's top name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for child in ast.walk(node)
    }  # imports for annotations only are not dependencies at run time
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("amzsheet"):
                for alias in node.names:  # "from amzsheet.model import compute" imports a module
                    candidate = f"{node.module}.{alias.name}"
                    found.add(candidate if _is_module(candidate) else node.module)
            else:
                found.add(node.module)
    return found


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "package"


def test_every_module_belongs_to_a_stage_or_the_thin_top():
    top = {"amzsheet", "amzsheet.api", "amzsheet.cli", "amzsheet.errors", "amzsheet._version", "amzsheet.__main__"}
    top.add("amzsheet.briefing_text")  # the briefing as text, for cli (presentation, not a stage of the data)
    top.add("amzsheet.profit_text")  # the Profit table as text, for cli (presentation too)
    assert {module for module in MODULES if _stage(module) not in STAGES} == top


@pytest.mark.parametrize("module", sorted(MODULES))
def test_dependencies_point_one_way(module):
    stage = _stage(module)
    imported = {name for name in _imports(MODULES[module], top_level_only=False) if name.startswith("amzsheet")}
    if stage in STAGES and stage != "samples":  # the sample generator drives the library like a user
        assert not {name for name in imported if name in ("amzsheet", "amzsheet.api", "amzsheet.cli")}
    if stage == "contract":
        assert {_stage(name) for name in imported} <= {"contract", "errors"}, imported
    if module != "amzsheet.api" and module not in ("amzsheet", "amzsheet.cli", "amzsheet.__main__"):
        assert "amzsheet.cli" not in imported
    if stage != "samples":  # the generators are for demos and tests, never loaded at run time
        assert not {name for name in imported if _stage(name) == "samples"}, imported
    if module in ("amzsheet.briefing_text", "amzsheet.profit_text"):  # render the model's tables: no file, no api
        assert {_stage(name) for name in imported} <= {"model", "contract"}, imported


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _stage(m) == "model"))
def test_the_model_does_no_io(module):
    libraries = {name.split(".")[0] for name in _imports(MODULES[module], top_level_only=False)}
    assert not libraries & IO_LIBRARIES, f"{module} imports {sorted(libraries & IO_LIBRARIES)}"
    stages = {_stage(name) for name in _imports(MODULES[module], top_level_only=False) if name.startswith("amzsheet")}
    assert not stages & {"excel", "storage", "reports"}, (
        f"{module} reaches {sorted(stages & {'excel', 'storage', 'reports'})}"
    )


def test_no_import_cycles():
    graph = {
        module: {name for name in _imports(path, top_level_only=True) if name in MODULES and name != module}
        for module, path in MODULES.items()
    }
    # A package's __init__ re-exporting its modules is not a cycle of the modules themselves.
    graph = {m: {n for n in deps if not m.startswith(n + ".")} for m, deps in graph.items()}
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        seen[module] = 1
        stack.append(module)
        for name in sorted(graph[module]):
            if seen.get(name) == 1:
                cycle = stack[stack.index(name) :] + [name]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if name not in seen:
                visit(name)
        stack.pop()
        seen[module] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module)


def test_import_amzsheet_loads_no_sample_generator_nor_the_cli():
    code = "import sys, amzsheet; print(sorted(m for m in sys.modules if m.startswith('amzsheet')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "amzsheet.samples" not in loaded and "amzsheet.cli" not in loaded
