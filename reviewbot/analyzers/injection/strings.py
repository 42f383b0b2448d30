"""How a string expression was built: formatted at run time or constant, which values were
interpolated into it, and the constant text around them. Follows a scope's local
assignments (`q = "..." + x; cur.execute(q)`), each name once per path."""

from __future__ import annotations

import ast

from reviewbot.analyzers.python.ast_utils import const_str
from reviewbot.analyzers.python.context import Scope


def is_dynamic_str(node: ast.AST | None, scope: Scope, seen: frozenset[str] = frozenset()) -> bool:
    """A string built at run time from non-constant parts. Each local name is expanded
    once per path (`seen`), so `q = q + ...` chains stay linear."""
    if node is None:
        return False
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return (
            const_str(node.left) is not None or is_dynamic_str(node.left, scope, seen)
        ) and not isinstance(node.right, ast.Constant)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [node.left, node.right]
        stringy = any(const_str(p) is not None or is_dynamic_str(p, scope, seen) for p in parts)
        return stringy and not all(isinstance(p, ast.Constant) for p in parts)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and (const_str(node.func.value) is not None)
    ):
        return bool(node.args or node.keywords)
    if isinstance(node, ast.Name) and node.id not in seen:
        values = scope.assignments.get(node.id, [])
        inner = seen | {node.id}
        return any(is_dynamic_str(v, scope, inner) for v in values)
    return False


def interpolated(
    node: ast.AST | None, scope: Scope, seen: frozenset[str] = frozenset()
) -> list[ast.expr]:
    """The non-constant values formatted into a string expression."""
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        right = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        return interpolated(node.left, scope, seen) + list(right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts: list[ast.expr] = []
        for side in (node.left, node.right):
            if const_str(side) is not None:
                continue
            if is_dynamic_str(side, scope, seen) or isinstance(side, ast.Name):
                inner = interpolated(side, scope, seen)
                parts.extend(inner if inner or not isinstance(side, ast.Name) else [side])
            else:
                parts.append(side)
        return parts
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return list(node.args) + [k.value for k in node.keywords]
    if isinstance(node, ast.Name) and node.id not in seen:
        inner_seen = seen | {node.id}
        return [
            part
            for value in scope.assignments.get(node.id, [])
            for part in interpolated(value, scope, inner_seen)
        ]
    return []


def string_parts(node: ast.AST | None, scope: Scope, seen: frozenset[str] = frozenset()) -> str:
    """The constant text inside a string expression (to see whether it is SQL)."""
    if node is None:
        return ""
    parts = [
        child.value
        for child in ast.walk(node)
        if isinstance(child, ast.Constant) and isinstance(child.value, str)
    ]
    names = {child.id for child in ast.walk(node) if isinstance(child, ast.Name)} - seen
    inner = seen | names
    for name in sorted(names):
        parts.extend(string_parts(v, scope, inner) for v in scope.assignments.get(name, []))
    return " ".join(parts)


def is_constant_str(
    node: ast.AST | None, scope: Scope, seen: frozenset[str] = frozenset()
) -> bool:
    if const_str(node) is not None:
        return True
    if isinstance(node, ast.List | ast.Tuple):
        return all(is_constant_str(e, scope, seen) for e in node.elts)
    if isinstance(node, ast.Name) and node.id not in seen:
        values = scope.assignments.get(node.id, [])
        inner = seen | {node.id}
        return bool(values) and all(is_constant_str(v, scope, inner) for v in values)
    return False
