"""Where a value comes from: attacker-controlled when it is read from a web request
(`request.args…`, a route parameter) or `input()`, unless a sanitiser handled it.

Today a scope-local fixed point over the scope's assignments; the seam for a real taint
engine (sources, sinks, sanitisers across functions) is `tainted_names` + `tainted`.
"""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.python.ast_utils import const_str, dotted
from reviewbot.analyzers.python.context import FileContext, Scope

WEB_FRAMEWORKS = ("flask", "django", "rest_framework", "fastapi", "starlette", "quart",
                  "sanic", "bottle", "pyramid", "falcon", "tornado", "aiohttp")  # fmt: skip
SAFE_REQUEST_ATTRS = {"method", "user", "session", "is_secure", "is_json", "scheme", "app",
                      "auth", "id", "META_safe", "content_length", "is_xhr", "blueprint",
                      "endpoint"}  # fmt: skip
ROUTE_DECORATORS = {"route", "get", "post", "put", "delete", "patch", "api_route", "websocket"}
ROUTE_PARAM = re.compile(r"<(?:[a-zA-Z_]+:)?([a-zA-Z_][a-zA-Z0-9_]*)>|\{([a-zA-Z_]\w*)(?::\w+)?\}")


def request_is_web(context: FileContext) -> bool:
    """`request` counts as a web request only in a module that uses a web framework (a
    `request` parameter elsewhere is often an HTTP client's outgoing request)."""
    if "request_is_web" not in context.memo:
        aliases = context.aliases
        context.memo["request_is_web"] = any(
            target.split(".")[0] in WEB_FRAMEWORKS for target in aliases.values()
        ) and not aliases.get("request", "").startswith("urllib")
    return bool(context.memo["request_is_web"])


def route_params(func: ast.AST) -> set[str]:
    """Parameters of a route handler that the URL fills (`/files/<name>` → {"name"})."""
    if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
        return set()
    params: set[str] = set()
    for decorator in func.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in ROUTE_DECORATORS
            and decorator.args
        ):
            route = const_str(decorator.args[0]) or ""
            for match in ROUTE_PARAM.finditer(route):
                params.add(match.group(1) or match.group(2))
    arg_names = {a.arg for a in func.args.args + func.args.kwonlyargs + func.args.posonlyargs}
    return params & arg_names


def tainted_names(context: FileContext, scope: Scope, sanitizers: set[str]) -> set[str]:
    """Local names of the scope that hold attacker-controlled data (computed once per
    scope and sanitiser set)."""
    key = "taint:" + ",".join(sorted(sanitizers))
    if key in scope.memo:
        cached: set[str] = scope.memo[key]
        return cached
    names = route_params(scope.node)
    changed = True
    while changed:
        changed = False
        for name, values in scope.assignments.items():
            if name in names:
                continue
            if any(tainted(context, v, names, sanitizers) for v in values):
                names.add(name)
                changed = True
    scope.memo[key] = names
    return names


def tainted(
    context: FileContext, node: ast.AST | None, names: set[str], sanitizers: set[str]
) -> bool:
    """Does the value come from a web request (or input()) without a sanitizer?"""
    if node is None:
        return False
    if isinstance(node, ast.Call):
        qual = context.qualname(node.func) or ""
        last = node.func.attr if isinstance(node.func, ast.Attribute) else qual.split(".")[-1]
        if last in sanitizers:
            return False
        if qual == "input":
            return True
        return (
            tainted(context, node.func, names, sanitizers)
            or any(tainted(context, a, names, sanitizers) for a in node.args)
            or any(tainted(context, k.value, names, sanitizers) for k in node.keywords)
        )
    if isinstance(node, ast.Attribute):
        chain = dotted(node)
        if chain:
            parts = chain.split(".")
            if parts[0] == "self":
                parts = parts[1:]
            if len(parts) >= 2 and parts[0] == "request" and request_is_web(context):
                return parts[1] not in SAFE_REQUEST_ATTRS
        return tainted(context, node.value, names, sanitizers)
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.Subscript):
        return tainted(context, node.value, names, sanitizers)
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(v, ast.FormattedValue)
            and not ("repr" in sanitizers and v.conversion == ord("r"))
            and tainted(context, v.value, names, sanitizers)
            for v in node.values
        )
    if isinstance(node, ast.FormattedValue):
        return tainted(context, node.value, names, sanitizers)
    if isinstance(node, ast.BinOp):
        return tainted(context, node.left, names, sanitizers) or tainted(
            context, node.right, names, sanitizers
        )
    if isinstance(node, ast.BoolOp):
        return any(tainted(context, v, names, sanitizers) for v in node.values)
    if isinstance(node, ast.IfExp):
        return tainted(context, node.body, names, sanitizers) or tainted(
            context, node.orelse, names, sanitizers
        )
    if isinstance(node, ast.Tuple | ast.List):
        return any(tainted(context, e, names, sanitizers) for e in node.elts)
    return False
