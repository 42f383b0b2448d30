"""The registry's import graph, read with stdlib ast (nothing is imported): no circles, no
import of the review bot, a framework-free core, and nothing importing the CLI.

Every import counts, also one inside a function: a lazy import hides a circle from the
interpreter but not from the reader. Alembic's migrations are scripts, not modules, and
are skipped."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FRAMEWORKS = {"flask", "werkzeug", "sqlalchemy", "boto3", "botocore", "git", "sklearn"}
SKIPPED = ("registry.db.migrations",)
# Which registry folders each folder may import (its own always): inward only. db takes a
# few value types (Webhook, DeliveryAttempt, CachedPage) from the services it serves.
MAY_IMPORT = {
    "core": set(),
    "services": {"core"},
    "storage": {"core", "config"},
    "db": {"core", "services"},
    "web": {"core", "services", "storage", "db", "config"},
}

Graph = dict[str, set[str]]
# What one module imports: (module, attribute) for ``from module import attribute``,
# (module, None) for ``import module``.
Imports = set[tuple[str, str | None]]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(tree: ast.AST, name: str, is_package: bool) -> Imports:
    found: Imports = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing module's package
                package = name.split(".") if is_package else name.split(".")[:-1]
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            found.update((base, alias.name) for alias in node.names)
    return found


def read_imports(root: Path, package: str, skipped: tuple[str, ...] = ()) -> dict[str, Imports]:
    """Module → what it imports, for every module of ``package`` under ``root``."""
    modules: dict[str, Imports] = {}
    for path in sorted((root / package).rglob("*.py")):
        name = module_name(path, root)
        if any(name == s or name.startswith(s + ".") for s in skipped):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        modules[name] = imports_of(tree, name, path.name == "__init__.py")
    return modules


def internal_edges(modules: dict[str, Imports]) -> Graph:
    """Edges between the package's own modules: ``from a import b`` points at module
    ``a.b`` when there is one, else at ``a``. (Loading a parent package first is Python's
    doing, not an edge.)"""
    edges: Graph = {}
    for module, imports in modules.items():
        targets = set()
        for base, attribute in imports:
            submodule = f"{base}.{attribute}" if attribute else None
            target = submodule if submodule in modules else base
            if target in modules and target != module:
                targets.add(target)
        edges[module] = targets
    return edges


def top_level_names(imports: Imports) -> set[str]:
    return {base.split(".")[0] for base, _attribute in imports}


def find_cycle(edges: Graph) -> list[str] | None:
    """One import circle as a path that returns to its start, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


@pytest.fixture(scope="module")
def registry_imports() -> dict[str, Imports]:
    return read_imports(ROOT, "registry", SKIPPED)


def test_the_graph_covers_the_package(registry_imports: dict[str, Imports]) -> None:
    assert "registry.web.app" in registry_imports
    assert "registry.core.model" in internal_edges(registry_imports)["registry.services.admin"]
    assert not any(m.startswith("registry.db.migrations") for m in registry_imports)


def test_no_import_circle_in_registry(registry_imports: dict[str, Imports]) -> None:
    assert find_cycle(internal_edges(registry_imports)) is None


def test_registry_never_imports_reviewbot(registry_imports: dict[str, Imports]) -> None:
    offenders = {
        module: sorted(top_level_names(imports) & {"reviewbot"})
        for module, imports in registry_imports.items()
    }
    assert {m: n for m, n in offenders.items() if n} == {}


def test_core_imports_no_framework(registry_imports: dict[str, Imports]) -> None:
    offenders = {
        module: sorted(top_level_names(imports) & FRAMEWORKS)
        for module, imports in registry_imports.items()
        if module == "registry.core" or module.startswith("registry.core.")
    }
    assert {m: n for m, n in offenders.items() if n} == {}


def test_nothing_imports_the_cli(registry_imports: dict[str, Imports]) -> None:
    offenders = sorted(
        module
        for module, imports in registry_imports.items()
        if not (module == "registry.cli" or module.startswith("registry.cli."))
        and any(base == "registry.cli" or base.startswith("registry.cli.") for base, _ in imports)
    )
    assert offenders == []


def test_layers_import_inward_only(registry_imports: dict[str, Imports]) -> None:
    def folder(module: str) -> str:
        return module.split(".")[1] if module.count(".") else ""

    offenders = sorted(
        f"{module} -> {target}"
        for module, targets in internal_edges(registry_imports).items()
        if folder(module) in MAY_IMPORT
        for target in targets
        if folder(target) not in MAY_IMPORT[folder(module)] | {folder(module)}
    )
    assert offenders == []


def test_services_import_no_framework(registry_imports: dict[str, Imports]) -> None:
    offenders = {
        module: sorted(top_level_names(imports) & FRAMEWORKS)
        for module, imports in registry_imports.items()
        if module.startswith("registry.services.")
    }
    assert {m: n for m, n in offenders.items() if n} == {}


# --- the checks can fail -----------------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_planted_circle_is_found(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import thing\n",
            "pkg/b.py": "def f():\n    from . import c\n",  # lazy and relative still count
            "pkg/c.py": "import pkg.a\n",
            "pkg/d.py": "from pkg import a\nimport os\n",
        },
    )
    cycle = find_cycle(internal_edges(read_imports(tmp_path, "pkg")))
    assert cycle is not None
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"pkg.a", "pkg.b", "pkg.c"}


def test_a_tree_without_circle_passes(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "from pkg import a\n",
            "pkg/a.py": "from pkg.b import thing\n",
            "pkg/b.py": "import os\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/c.py": "from .. import a\nfrom . import d\n",
            "pkg/sub/d.py": "",
        },
    )
    edges = internal_edges(read_imports(tmp_path, "pkg"))
    assert edges["pkg.sub.c"] == {"pkg.a", "pkg.sub.d"}
    assert edges["pkg"] == {"pkg.a"}
    assert find_cycle(edges) is None
