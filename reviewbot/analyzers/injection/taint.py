"""Where a value comes from: a small intraprocedural taint engine.

Sources: web request objects (Flask/Django/FastAPI/Pyramid/... `request.*`), route and view
parameters, `input()`, `sys.argv`, the environment, socket/stdin reads, and calls of
same-file functions that return tainted data. Taint flows through assignments, containers,
f-strings, `format`/`%`/`+` and method calls on tainted values. It is cleared by a
sanitiser call (per sink family: `int()`, `shlex.quote`, `html.escape`, ...) or by a guard
on the name in the same function (`if not name.isalnum(): abort(400)`, `if x in ALLOWED`).

The analysis is flow-insensitive inside one function (a name is tainted if any of its
assignments is), which is cheap and errs towards reporting; guards are the exception and
clear a name for the whole function, because code that validates a name almost always does
so before using it.

`tainted_names(context, scope, sanitizers)` gives the tainted local names of a scope,
`tainted(...)` whether an expression is tainted, and `taint_source(...)` a short description
and line of where the taint came from, for the finding's message.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from reviewbot.analyzers.python.ast_utils import const_str, dotted
from reviewbot.analyzers.python.context import FileContext, Scope

WEB_FRAMEWORKS = ("flask", "django", "rest_framework", "fastapi", "starlette", "quart",
                  "sanic", "bottle", "pyramid", "falcon", "tornado", "aiohttp")  # fmt: skip
SAFE_REQUEST_ATTRS = {"method", "user", "session", "is_secure", "is_json", "scheme", "app",
                      "auth", "id", "META_safe", "content_length", "is_xhr", "blueprint",
                      "endpoint", "registry", "route_url", "static_url", "db"}  # fmt: skip
ROUTE_DECORATORS = {"route", "get", "post", "put", "delete", "patch", "api_route", "websocket",
                    "view_config"}  # fmt: skip
ROUTE_PARAM = re.compile(r"<(?:[a-zA-Z_]+:)?([a-zA-Z_][a-zA-Z0-9_]*)>|\{([a-zA-Z_]\w*)(?::\w+)?\}")
# parameters whose annotation says they are not user text (FastAPI injects these)
SAFE_ANNOTATIONS = {"int", "float", "bool", "UUID", "Request", "Session", "AsyncSession",
                    "BackgroundTasks", "Response", "datetime", "date", "HTTPConnection",
                    "WebSocket"}  # fmt: skip
SOURCE_CALLS = {"input", "raw_input", "os.getenv", "os.environ.get", "sys.stdin.read",
                "sys.stdin.readline", "getpass.getpass"}  # fmt: skip
SOURCE_ATTRS = {"sys.argv", "os.environ", "sys.stdin"}
SOCKET_READS = {"recv", "recvfrom", "recv_into"}
# sanitisers that clear taint for every sink: the result is a number, a hash or a fixed word
ALWAYS_SANITIZERS = {"int", "float", "bool", "len", "UUID", "uuid4", "hexdigest", "digest",
                     "isoformat", "Decimal", "abs", "round", "hash", "count", "id",
                     "isdigit", "isalnum", "isalpha", "startswith", "endswith",
                     "url_for", "reverse", "get_object_or_404", "route_url", "route_path",
                     "static_url", "url_path_for"}  # fmt: skip
GUARD_METHODS = {"isalnum", "isdigit", "isdecimal", "isnumeric", "isidentifier", "isalpha",
                 "startswith", "fullmatch", "match", "is_relative_to",
                 "url_has_allowed_host_and_scheme", "is_safe_url"}  # fmt: skip

# guards that validate their argument rather than their receiver
ARG_GUARDS = {"match", "fullmatch", "url_has_allowed_host_and_scheme", "is_safe_url"}


@dataclass(frozen=True)
class Source:
    description: str  # "request.args", "input()", "route parameter name", ...
    line: int


def request_is_web(context: FileContext) -> bool:
    """`request` counts as a web request only in a module that uses a web framework (a
    `request` parameter elsewhere is often an HTTP client's outgoing request)."""
    if "request_is_web" not in context.memo:
        aliases = context.aliases
        context.memo["request_is_web"] = any(
            target.split(".")[0] in WEB_FRAMEWORKS for target in aliases.values()
        ) and not aliases.get("request", "").startswith("urllib")
    return bool(context.memo["request_is_web"])


def _framework(context: FileContext) -> set[str]:
    return {target.split(".")[0] for target in context.aliases.values()}


def _annotation_is_safe(annotation: ast.expr | None) -> bool:
    if annotation is None:
        return False
    name = (dotted(annotation) or "").rsplit(".", 1)[-1]
    return name in SAFE_ANNOTATIONS


def route_params(context: FileContext, func: ast.AST) -> set[str]:
    """Parameters of a view that the request fills: `/files/<name>` → {"name"}; every
    non-injected parameter of a FastAPI route; URL parameters of a Django view."""
    if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
        return set()
    args = func.args.args + func.args.kwonlyargs + func.args.posonlyargs
    arg_names = {a.arg for a in args}
    params: set[str] = set()
    frameworks = _framework(context)
    for decorator in func.decorator_list:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
            continue
        if decorator.func.attr not in ROUTE_DECORATORS:
            continue
        route = const_str(decorator.args[0]) if decorator.args else None
        for match in ROUTE_PARAM.finditer(route or ""):
            params.add(match.group(1) or match.group(2))
        if "fastapi" in frameworks and decorator.func.attr != "view_config":
            for arg in args:
                if arg.arg in ("self", "request", "db", "session"):
                    continue
                if not _annotation_is_safe(arg.annotation):
                    params.add(arg.arg)
    if "django" in frameworks and args and args[0].arg == "request" and request_is_web(context):
        params.update(a.arg for a in args[1:] if not _annotation_is_safe(a.annotation))
    class_view = len(args) > 1 and args[0].arg in ("self", "cls") and args[1].arg == "request"
    if class_view and ("django" in frameworks or "rest_framework" in frameworks):
        # class-based Django views: get(self, request, slug)
        params.update(a.arg for a in args[2:] if not _annotation_is_safe(a.annotation))
    params.discard("request")
    # `item_id: int` is converted (and rejected when it is not a number) by the framework
    params -= {a.arg for a in args if _annotation_is_safe(a.annotation)}
    return params & arg_names


def _source_of_call(context: FileContext, node: ast.Call) -> str | None:
    qual = context.qualname(node.func) or ""
    if qual in SOURCE_CALLS:
        return qual + "()"
    if isinstance(node.func, ast.Attribute) and node.func.attr in SOCKET_READS:
        return f"socket .{node.func.attr}()"
    returns = context.memo.get("taint:returns")
    if returns and qual in returns:
        return f"{qual}() (returns {returns[qual]})"
    return None


def _source_of_attr(context: FileContext, node: ast.Attribute | ast.Name) -> str | None:
    chain = context.qualname(node) if isinstance(node, ast.Attribute) else None
    if chain and any(chain == s or chain.startswith(s + ".") for s in SOURCE_ATTRS):
        return chain.split(".")[0] + "." + chain.split(".")[1]
    raw = dotted(node)
    if raw:
        parts = raw.split(".")
        if parts[0] == "self":
            parts = parts[1:]
        web = len(parts) >= 2 and parts[0] == "request" and request_is_web(context)
        if web and parts[1] not in SAFE_REQUEST_ATTRS:
            return f"request.{parts[1]}"
    return None


def guarded_names(scope: Scope) -> set[str]:
    """Names a guard in the scope validates: `x.isalnum()`, `x in ALLOWED`,
    `re.fullmatch(pattern, x)`, `path.startswith(BASE)`, `url_has_allowed_host_and_scheme(x)`."""
    if "taint:guards" in scope.memo:
        cached: set[str] = scope.memo["taint:guards"]
        return cached
    guards: set[str] = set()
    for node in scope.nodes:
        tests: list[ast.expr] = []
        if isinstance(node, ast.If | ast.While | ast.IfExp | ast.Assert):
            tests.append(node.test)
        elif isinstance(node, ast.comprehension):
            tests.extend(node.ifs)
        for test in tests:
            for part in ast.walk(test):
                if isinstance(part, ast.Compare) and any(
                    isinstance(op, ast.In | ast.NotIn) for op in part.ops
                ):
                    name = dotted(part.left)
                    if name and not _looks_like_substring_check(part):
                        guards.add(name)
                elif isinstance(part, ast.Call):
                    func = part.func
                    attr = func.attr if isinstance(func, ast.Attribute) else dotted(func) or ""
                    if attr not in GUARD_METHODS:
                        continue
                    if isinstance(func, ast.Attribute) and attr not in {"match", "fullmatch"}:
                        receiver = func.value
                        if isinstance(receiver, ast.Call) and receiver.args:
                            receiver = receiver.args[0]  # os.path.realpath(p).startswith(...)
                        name = dotted(receiver)
                        if name:
                            guards.add(name)
                    for arg in part.args:
                        name = dotted(arg)
                        if name and attr in ARG_GUARDS:
                            guards.add(name)
    scope.memo["taint:guards"] = guards
    return guards


def _looks_like_substring_check(compare: ast.Compare) -> bool:
    """`".." in name` checks a substring, it does not allow-list `name`."""
    return const_str(compare.left) is not None


def tainted_names(context: FileContext, scope: Scope, sanitizers: set[str]) -> set[str]:
    """Local names of the scope that hold attacker-controlled data (computed once per
    scope and sanitiser set)."""
    key = "taint:" + ",".join(sorted(sanitizers))
    if key in scope.memo:
        cached: set[str] = scope.memo[key]
        return cached
    _function_returns(context)
    names = route_params(context, scope.node)
    guards = guarded_names(scope)
    names -= guards
    changed = True
    while changed:
        changed = False
        for name, values in scope.assignments.items():
            if name in names or name in guards:
                continue
            if any(tainted(context, v, names, sanitizers) for v in values):
                names.add(name)
                changed = True
    scope.memo[key] = names
    return names


def _function_returns(context: FileContext) -> None:
    """Same-file functions whose return value is tainted by a source of their own
    (`def wanted(): return request.args["q"]`), so their callers see the taint."""
    if "taint:returns" in context.memo:
        return
    context.memo["taint:returns"] = {}
    returns: dict[str, str] = {}
    for node in ast.walk(context.tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        scope = Scope.build(node)
        names = tainted_names(context, scope, set())
        for child in scope.nodes:
            if isinstance(child, ast.Return) and tainted(context, child.value, names, set()):
                source = taint_source(context, scope, child.value, set())
                returns[node.name] = source.description if source else "user input"
                break
    context.memo["taint:returns"] = returns


def tainted(
    context: FileContext, node: ast.AST | None, names: set[str], sanitizers: set[str]
) -> bool:
    """Does the value come from a source without a sanitiser on the way?"""
    return _first_source(context, node, names, sanitizers) is not None


def _first_source(
    context: FileContext, node: ast.AST | None, names: set[str], sanitizers: set[str]
) -> ast.AST | None:
    """The node where taint enters `node` (a source expression or a tainted name)."""
    if node is None:
        return None
    if isinstance(node, ast.Call):
        func = node.func
        qual = context.qualname(func) or ""
        last = func.attr if isinstance(func, ast.Attribute) else qual.split(".")[-1]
        if last in sanitizers or last in ALWAYS_SANITIZERS:
            return None
        if _source_of_call(context, node):
            return node
        if isinstance(func, ast.Attribute) and func.attr == "get" and node.args:
            # mapping.get(key, default) is like mapping[key]: a tainted key picks one of
            # the mapping's own values (`FEEDS.get(name, DEFAULT)`)
            parts_of_get: list[ast.AST] = [func.value, *node.args[1:]]
            for part in parts_of_get:
                found = _first_source(context, part, names, sanitizers)
                if found is not None:
                    return found
            return None
        parts: list[ast.AST] = [func] + list(node.args) + [k.value for k in node.keywords]
        for part in parts:
            found = _first_source(context, part, names, sanitizers)
            if found is not None:
                return found
        return None
    if isinstance(node, ast.Attribute):
        if _source_of_attr(context, node):
            return node
        return _first_source(context, node.value, names, sanitizers)
    if isinstance(node, ast.Name):
        return node if node.id in names else None
    if isinstance(node, ast.Subscript):
        return _first_source(context, node.value, names, sanitizers)
    if isinstance(node, ast.JoinedStr):
        for value in node.values:
            if (
                isinstance(value, ast.FormattedValue)
                and not ("repr" in sanitizers and value.conversion == ord("r"))
                and (found := _first_source(context, value.value, names, sanitizers))
            ):
                return found
        return None
    if isinstance(node, ast.FormattedValue | ast.Starred | ast.Await | ast.NamedExpr):
        return _first_source(context, node.value, names, sanitizers)
    if isinstance(node, ast.BinOp):
        return _first_source(context, node.left, names, sanitizers) or _first_source(
            context, node.right, names, sanitizers
        )
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            if found := _first_source(context, value, names, sanitizers):
                return found
        return None
    if isinstance(node, ast.IfExp):
        return _first_source(context, node.body, names, sanitizers) or _first_source(
            context, node.orelse, names, sanitizers
        )
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            if found := _first_source(context, element, names, sanitizers):
                return found
        return None
    if isinstance(node, ast.Dict):
        for value in node.values:
            if found := _first_source(context, value, names, sanitizers):
                return found
        return None
    if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp):
        return _first_source(context, node.elt, names, sanitizers) or next(
            (
                found
                for gen in node.generators
                if (found := _first_source(context, gen.iter, names, sanitizers))
            ),
            None,
        )
    return None


def taint_source(
    context: FileContext, scope: Scope, node: ast.AST | None, sanitizers: set[str]
) -> Source | None:
    """Where the taint of `node` comes from: follows tainted names back through the
    scope's assignments to the first source expression or route parameter."""
    names = tainted_names(context, scope, sanitizers)
    seen: set[str] = set()
    current = _first_source(context, node, names, sanitizers)
    while isinstance(current, ast.Name) and current.id not in seen:
        seen.add(current.id)
        if current.id in route_params(context, scope.node):
            return Source(f"view parameter {current.id}", getattr(scope.node, "lineno", 1))
        origin = next(
            (
                v
                for v in scope.assignments.get(current.id, [])
                if _first_source(context, v, names, sanitizers) is not None
            ),
            None,
        )
        if origin is None:
            break
        current = _first_source(context, origin, names, sanitizers)
    if current is None or isinstance(current, ast.Name):
        return None
    if isinstance(current, ast.Call):
        description = _source_of_call(context, current) or "user input"
    else:
        description = _source_of_attr(context, current) or "user input"  # type: ignore[arg-type]
    return Source(description, getattr(current, "lineno", 1))


def describe(source: Source | None) -> str:
    if source is None:
        return "user input"
    return f"user input from {source.description} at line {source.line}"
