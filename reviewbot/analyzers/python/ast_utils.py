"""Small, stateless helpers over Python's `ast` that detectors of every family use."""

from __future__ import annotations

import ast
from collections.abc import Iterator

ScopeNode = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef

# methods of HTTP clients (requests, httpx, sessions): TLS and timeout checks both look
# for them
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "request"}


def is_python(path: str, content: str) -> bool:
    if path.endswith((".py", ".pyw", ".pyi")):
        return True
    first = content.split("\n", 1)[0]
    return first.startswith("#!") and "python" in first


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a Name/Attribute chain, without alias resolution."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def kwarg(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def has_splat(call: ast.Call) -> bool:
    return any(keyword.arg is None for keyword in call.keywords)


def is_const(node: ast.AST | None, value: object) -> bool:
    return isinstance(node, ast.Constant) and node.value is value


def walk_scope(root: ast.AST) -> Iterator[ast.AST]:
    """Nodes of one scope: do not descend into nested functions, lambdas or classes."""
    stack = list(ast.iter_child_nodes(root))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        stack.extend(ast.iter_child_nodes(node))
