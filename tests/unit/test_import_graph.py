"""The import rules of the architecture, checked on the source with the stdlib `ast`:

- no import circle inside `registry` or inside `reviewbot` (Tarjan's strongly connected
  components over the module graph);
- `registry` and `reviewbot` never import each other (they meet only over HTTP);
- `registry.core` and the pure review-bot modules import no Flask, Werkzeug, SQLAlchemy,
  gitpython, boto3, scikit-learn or skops, not even through the modules they import;
- nothing outside a package's `cli` imports it;
- the registry's folders import inward only (`MAY_IMPORT`), and its services, like its
  core, reach no framework.

An edge is any import that runs: at module level or inside a function (a deferred import
still closes a circle the first time that function runs), but not under
`if TYPE_CHECKING:`. `import a.b` and `from a import b` (b a module) point at `a.b`;
`from a import name` points at `a`; relative imports are resolved against the importing
module's package. A package's own `__init__` is not counted as imported by its submodules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {Path("registry/db/migrations")}  # alembic revision scripts, not imported

HEAVY = {"flask", "werkzeug", "sqlalchemy", "git", "boto3", "botocore", "sklearn", "skops"}
PURE_REVIEWBOT = (
    "reviewbot.review",  # every module but the change source that drives git
    "reviewbot.analyzers",  # every module but the wrapped linters
    "reviewbot.model.features",
    "reviewbot.model.compiled",
    "reviewbot.model.risk",
    "reviewbot.reporters",
)
IMPURE_REVIEWBOT = ("reviewbot.review.git", "reviewbot.analyzers.external")
PURE_REGISTRY = ("registry.core", "registry.services")
# Which registry folders each folder may import (its own always): inward only. db takes a
# few value types (Webhook, DeliveryAttempt, CachedPage) from the services it serves.
MAY_IMPORT = {
    "core": set(),
    "services": {"core"},
    "storage": {"core", "config"},
    "db": {"core", "services"},
    "web": {"core", "services", "storage", "db", "config"},
}


@dataclass
class ImportGraph:
    """Modules of one source tree and what each imports when it runs."""

    modules: set[str] = field(default_factory=set)
    internal: dict[str, set[str]] = field(default_factory=dict)  # module -> modules
    external: dict[str, set[str]] = field(default_factory=dict)  # module -> top-level names

    def edges_within(self, package: str) -> dict[str, set[str]]:
        def inside(name: str) -> bool:
            return name == package or name.startswith(package + ".")

        return {
            module: {target for target in targets if inside(target)}
            for module, targets in self.internal.items()
            if inside(module)
        }

    def reachable(self, start: str) -> Iterator[str]:
        seen, stack = {start}, [start]
        while stack:
            module = stack.pop()
            yield module
            for target in self.internal.get(module, ()):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: skips `if TYPE_CHECKING:` bodies."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def build_graph(root: Path, packages: Iterable[str]) -> ImportGraph:
    graph = ImportGraph()
    sources: dict[str, tuple[Path, ast.AST]] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if any(relative.is_relative_to(skipped) for skipped in SKIPPED_DIRS):
                continue
            name = module_name(root, path)
            graph.modules.add(name)
            sources[name] = (path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    for name, (path, tree) in sources.items():
        is_package = path.name == "__init__.py"
        internal, external = graph.internal.setdefault(name, set()), set()
        for statement in runtime_imports(tree):
            for target in _targets(statement, name, is_package, graph.modules):
                if target in graph.modules:
                    if target != name:
                        internal.add(target)
                else:
                    external.add(target.split(".")[0])
        graph.external[name] = external
    return graph


def _targets(
    statement: ast.Import | ast.ImportFrom, importer: str, is_package: bool, modules: set[str]
) -> Iterator[str]:
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            yield _longest_module(alias.name, modules)
        return
    if statement.level:
        package = importer if is_package else importer.rpartition(".")[0]
        for _ in range(statement.level - 1):
            package = package.rpartition(".")[0]
        base = ".".join(part for part in (package, statement.module) if part)
    else:
        base = statement.module or ""
    for alias in statement.names:
        candidate = f"{base}.{alias.name}"
        yield candidate if candidate in modules else _longest_module(base, modules)


def _longest_module(dotted: str, modules: set[str]) -> str:
    """`a.b.c` -> the deepest of a.b.c, a.b, a that is one of our modules (else as is)."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return dotted


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative): every component of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def describe_cycle(component: list[str], edges: dict[str, set[str]]) -> str:
    """One concrete circle through the component's first module, for the failure message."""
    members = set(component)
    start = component[0]
    path, seen = [start], {start}
    while True:
        options = sorted(edges[path[-1]] & members)
        if start in options and len(path) > 1:
            return " -> ".join([*path, start])
        unseen = [m for m in options if m not in seen]
        if not unseen:
            return " <-> ".join(component)
        path.append(unseen[0])
        seen.add(unseen[0])


@pytest.fixture(scope="module")
def graph() -> ImportGraph:
    return build_graph(REPO_ROOT, ["registry", "reviewbot"])


@pytest.mark.parametrize(
    "package",
    [
        "reviewbot",
        "registry",
    ],
)
def test_no_import_circles_inside_the_package(graph: ImportGraph, package: str) -> None:
    edges = graph.edges_within(package)
    circles = [describe_cycle(c, edges) for c in strongly_connected(edges)]
    assert not circles, "import circles:\n  " + "\n  ".join(circles)


def test_registry_and_reviewbot_never_import_each_other(graph: ImportGraph) -> None:
    crossings = [
        f"{module} -> {target}"
        for module, targets in sorted(graph.internal.items())
        for target in sorted(targets)
        if module.split(".")[0] != target.split(".")[0]
    ]
    assert not crossings, crossings


def _pure_modules(graph: ImportGraph) -> list[str]:
    def under(name: str, prefixes: Iterable[str]) -> bool:
        return any(name == p or name.startswith(p + ".") for p in prefixes)

    return sorted(
        name
        for name in graph.modules
        if under(name, PURE_REVIEWBOT + PURE_REGISTRY) and not under(name, IMPURE_REVIEWBOT)
    )


def test_pure_modules_pull_in_no_framework_or_heavy_library(graph: ImportGraph) -> None:
    pure = _pure_modules(graph)
    assert "reviewbot.review.diff" in pure and "registry.core" in pure  # the walk found them
    offences = []
    for module in pure:
        for reached in graph.reachable(module):
            heavy = graph.external.get(reached, set()) & HEAVY
            if heavy:
                via = "" if reached == module else f" via {reached}"
                offences.append(f"{module}{via} imports {', '.join(sorted(heavy))}")
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("cli", ["reviewbot.cli", "registry.cli"])
def test_nothing_outside_the_cli_imports_it(graph: ImportGraph, cli: str) -> None:
    def inside(name: str) -> bool:
        return name == cli or name.startswith(cli + ".")

    importers = [
        f"{module} -> {target}"
        for module, targets in sorted(graph.internal.items())
        for target in sorted(targets)
        if inside(target) and not inside(module)
    ]
    assert not importers, importers


def test_registry_folders_import_inward_only(graph: ImportGraph) -> None:
    def folder(module: str) -> str:
        return module.split(".")[1] if module.count(".") else ""

    edges = graph.edges_within("registry")
    assert "registry.core.model" in edges["registry.services.admin"]  # the walk saw them
    offenders = sorted(
        f"{module} -> {target}"
        for module, targets in edges.items()
        if folder(module) in MAY_IMPORT
        for target in targets
        if folder(target) not in MAY_IMPORT[folder(module)] | {folder(module)}
    )
    assert offenders == []


# ---- the checker checks itself: a planted circle must be found ---------------------------


def _plant(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_cycle_finder_finds_a_planted_circle(tmp_path: Path) -> None:
    # a -> b (relative, deferred in a function) -> sub.c (`from pkg import module`) -> a
    _plant(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg import b\n",
            "pkg/b.py": "def later():\n    from .sub import c\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/c.py": "import pkg.a\nimport json\n",
            "pkg/d.py": "import typing\nif typing.TYPE_CHECKING:\n    from pkg import a\n",
        },
    )
    planted = build_graph(tmp_path, ["pkg"])
    edges = planted.edges_within("pkg")
    assert strongly_connected(edges) == [["pkg.a", "pkg.b", "pkg.sub.c"]]
    assert describe_cycle(["pkg.a", "pkg.b", "pkg.sub.c"], edges) == (
        "pkg.a -> pkg.b -> pkg.sub.c -> pkg.a"
    )
    assert edges["pkg.d"] == set()  # TYPE_CHECKING imports do not run
    assert planted.external["pkg.sub.c"] == {"json"}


def test_the_cycle_finder_accepts_a_layered_package(tmp_path: Path) -> None:
    _plant(
        tmp_path,
        {
            "pkg/__init__.py": "from pkg.a import thing\n",
            "pkg/a.py": "from . import b\nfrom .b import name\n",
            "pkg/b.py": "import os\n",
        },
    )
    edges = build_graph(tmp_path, ["pkg"]).edges_within("pkg")
    assert edges == {"pkg": {"pkg.a"}, "pkg.a": {"pkg.b"}, "pkg.b": set()}
    assert strongly_connected(edges) == []


def test_the_purity_walk_follows_imports_to_a_heavy_library(tmp_path: Path) -> None:
    _plant(tmp_path, {"pkg/__init__.py": "", "pkg/pure.py": "from pkg import edge\n",
                      "pkg/edge.py": "def f():\n    import flask.json\n"})  # fmt: skip
    planted = build_graph(tmp_path, ["pkg"])
    reached = {m: planted.external[m] & HEAVY for m in planted.reachable("pkg.pure")}
    assert reached == {"pkg.pure": set(), "pkg.edge": {"flask"}}


if __name__ == "__main__":  # pragma: no cover - python tests/unit/test_import_graph.py
    whole = build_graph(REPO_ROOT, ["registry", "reviewbot"])
    for top in ("registry", "reviewbot"):
        found = whole.edges_within(top)
        for component in strongly_connected(found):
            print(describe_cycle(component, found))
