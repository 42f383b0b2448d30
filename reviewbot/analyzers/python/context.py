"""The per-file state detectors read: the file's import aliases (so `from datetime import
datetime` resolves), its scopes with their local assignments, and where findings go."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from reviewbot.analyzers.python.ast_utils import ScopeNode, dotted, walk_scope
from reviewbot.analyzers.rules import make_finding
from reviewbot.review.findings import Finding


@dataclass
class Scope:
    """One module or function body: its nodes (not those of nested scopes) and what each
    local name is assigned, so a detector can follow `q = f"…"; cur.execute(q)`."""

    node: ScopeNode
    nodes: list[ast.AST]
    assignments: dict[str, list[ast.expr]] = field(default_factory=dict)
    # per-scope results a family computes once (tainted names, HTTP sessions, ...)
    memo: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, node: ScopeNode) -> Scope:
        nodes = list(walk_scope(node))
        scope = cls(node, nodes)
        for child in nodes:
            if isinstance(child, ast.Assign):
                for target in child.targets:
                    scope._bind(target, child.value)
            elif isinstance(child, ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
                if child.value is not None:
                    scope._bind(child.target, child.value)
            elif isinstance(child, ast.For | ast.AsyncFor | ast.comprehension):
                scope._bind(child.target, child.iter)
            elif isinstance(child, ast.withitem) and child.optional_vars is not None:
                scope._bind(child.optional_vars, child.context_expr)
        return scope

    def _bind(self, target: ast.AST, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.assignments.setdefault(target.id, []).append(value)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._bind(element, value)

    @property
    def function_name(self) -> str:
        return getattr(self.node, "name", "")

    @property
    def is_function(self) -> bool:
        return isinstance(self.node, ast.FunctionDef | ast.AsyncFunctionDef)


class FileContext:
    """One Python file under review: source lines, parsed tree, import aliases, findings."""

    def __init__(self, path: str, source: str, tree: ast.Module) -> None:
        self.path = path
        self.lines = source.split("\n")
        self.tree = tree
        self.aliases = self._aliases(tree)
        self.findings: list[Finding] = []
        # per-file results a family computes once (e.g. the names bound to boto3 clients)
        self.memo: dict[str, Any] = {}

    @staticmethod
    def _aliases(tree: ast.Module) -> dict[str, str]:
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        aliases[alias.asname] = alias.name
                    else:
                        root = alias.name.split(".")[0]
                        aliases.setdefault(root, root)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        return aliases

    def qualname(self, node: ast.AST) -> str | None:
        """The dotted name with the file's import aliases resolved."""
        name = dotted(node)
        if name is None:
            return None
        root, _, rest = name.partition(".")
        resolved = self.aliases.get(root, root)
        return f"{resolved}.{rest}" if rest else resolved

    def report(self, rule: str, node: ast.AST, message: str, **extra: object) -> None:
        line = getattr(node, "lineno", 1)
        end = getattr(node, "end_lineno", None) or line
        anchor = "\n".join(self.lines[line - 1 : end])
        self.findings.append(
            make_finding(rule, self.path, line, message, anchor, end_line=end, **extra)  # type: ignore[arg-type]
        )

    def line_text(self, node: ast.AST) -> str:
        line = getattr(node, "lineno", 1)
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def scope_text(self, scope: Scope) -> str:
        node = scope.node
        if isinstance(node, ast.Module):
            return "\n".join(self.lines)
        return "\n".join(self.lines[node.lineno - 1 : node.end_lineno])


@dataclass(frozen=True)
class CallSite:
    """A call as call detectors see it, resolved once for all of them."""

    node: ast.Call
    qual: str  # resolved dotted name of the callee, "" when not a name chain
    attr: str | None  # the method name for `x.method(...)`
    first: ast.expr | None  # the first positional argument

    @classmethod
    def of(cls, context: FileContext, call: ast.Call) -> CallSite:
        return cls(
            node=call,
            qual=context.qualname(call.func) or "",
            attr=call.func.attr if isinstance(call.func, ast.Attribute) else None,
            first=call.args[0] if call.args else None,
        )
