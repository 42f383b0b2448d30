"""Where a value comes from: a flow-sensitive taint engine over one file's AST.

Sources: web request objects (Flask/Django/FastAPI/Pyramid/... `request.*`), route and view
parameters, `input()`, `sys.argv`, the environment and socket/stdin reads. Taint flows
through assignments, containers (`d["k"] = x`, `parts.append(x)`), f-strings,
`format`/`%`/`+`, method calls on tainted values, loops (`sql += part`), same-file helper
functions (their returns and their parameters), and attributes a class sets from user
input (`self.term = request.args["q"]` read in another method).

The walk is flow-sensitive inside a function: statements are followed in order and
branches joined where they meet, so a sanitiser call (per sink family: `int()`,
`shlex.quote`, `html.escape`, ...), a sanitising reassignment (`x = int(x)`) or a guard
(`if not x.isalnum(): abort(400)`, `if x not in ALLOWED: return`, `if x in ALLOWED:`) clears
the name only on the paths the check protects; a guard in one branch leaves the other
branch tainted.

Each taint carries its path (source line, then each hop), which findings report as their
flow: SARIF `codeFlows`, and "user input from line N (request.args)" in the message.
`taint_of(context, scope, value, sanitizers, at=sink)` is what detectors ask.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from reviewbot.analyzers.python.ast_utils import (
    ScopeNode,
    const_str,
    dotted,
    is_const,
    walk_scope,
)
from reviewbot.analyzers.python.context import FileContext, Scope
from reviewbot.review.findings import FlowStep

WEB_FRAMEWORKS = ("flask", "django", "rest_framework", "fastapi", "starlette", "quart",
                  "sanic", "bottle", "pyramid", "falcon", "tornado", "aiohttp")  # fmt: skip
SAFE_REQUEST_ATTRS = {"method", "user", "session", "is_secure", "is_json", "scheme", "app",
                      "auth", "id", "META_safe", "content_length", "is_xhr", "blueprint",
                      "endpoint", "registry", "route_url", "static_url", "db"}  # fmt: skip
ROUTE_DECORATORS = {"route", "get", "post", "put", "delete", "patch", "api_route", "websocket",
                    "view_config"}  # fmt: skip
ROUTE_PARAM = re.compile(
    r"<(?:([a-zA-Z_]+):)?([a-zA-Z_][a-zA-Z0-9_]*)>|\{([a-zA-Z_]\w*)(?::(\w+))?\}"
)
# URL converters that only match numbers or UUIDs (Flask `<int:id>`, Starlette `{id:int}`)
NUMERIC_CONVERTERS = {"int", "float", "uuid"}
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
    """`int`, `Optional[int]`, `int | None`, `Annotated[int, Query(ge=1)]`: the framework
    converts the value, so it is no text an attacker chooses."""
    if annotation is None:
        return False
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        sides = [annotation.left, annotation.right]
        return all(is_const(s, None) or _annotation_is_safe(s) for s in sides) and not all(
            is_const(s, None) for s in sides
        )
    if isinstance(annotation, ast.Subscript):
        wrapper = (dotted(annotation.value) or "").rsplit(".", 1)[-1]
        inner = annotation.slice
        if wrapper == "Annotated" and isinstance(inner, ast.Tuple) and inner.elts:
            return _annotation_is_safe(inner.elts[0])
        if wrapper == "Optional":
            return _annotation_is_safe(inner)
        return wrapper == "Literal"  # FastAPI rejects anything but the listed values
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
    converted: set[str] = set()
    frameworks = _framework(context)
    for decorator in func.decorator_list:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
            continue
        if decorator.func.attr not in ROUTE_DECORATORS:
            continue
        route = const_str(decorator.args[0]) if decorator.args else None
        for match in ROUTE_PARAM.finditer(route or ""):
            converter = match.group(1) or match.group(4)
            name = match.group(2) or match.group(3)
            if converter in NUMERIC_CONVERTERS:
                converted.add(name)
            else:
                params.add(name)
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
    params -= converted
    return params & arg_names


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


# calls after which the code path does not go on (a guard's `abort(400)`)
NO_RETURN_CALLS = {"abort", "flask.abort", "sys.exit", "exit", "quit", "os._exit",
                   "werkzeug.exceptions.abort", "pyramid.httpexceptions.exception_response",
                   "fail", "pytest.fail", "bottle.abort"}  # fmt: skip
# methods that put their arguments into the receiver (`parts.append(name)`)
CONTAINER_MUTATORS = {"append", "extend", "add", "insert", "update", "setdefault",
                      "appendleft", "extendleft", "put", "put_nowait", "push"}  # fmt: skip
# a statement calling one of these with a name validates it or raises (`validate_slug(s)`)
VALIDATOR_PREFIXES = ("validate", "check_", "ensure_", "assert_", "require_", "verify_")
# a call in a test that says whether its argument is acceptable (`if is_safe_path(p):`)
PREDICATE_PREFIXES = ("is_valid", "is_safe", "is_allowed", "valid_", "allowed_", "safe_")
MODULE_DUNDERS = {"__file__", "__name__", "__doc__", "__spec__", "__package__", "__path__",
                  "__loader__", "__builtins__", "__annotations__"}  # fmt: skip
# `request.args.get("page", 1, type=int)`: Flask/werkzeug convert the value
CONVERTING_TYPES = {"int", "float", "bool", "UUID", "uuid.UUID", "Decimal"}
MAX_STEPS = 8  # a flow shown to a reviewer: source, a few hops, sink
LOOP_ROUNDS = 3  # loops reach a fixpoint within a few rounds for these small lattices


@dataclass(frozen=True)
class Step:
    """One hop of a flow inside the file: the line and what happens there."""

    line: int
    message: str


@dataclass(frozen=True)
class Taint:
    """What a value carries: the path from a real source (`steps`, first = the source) and
    the parameters of the enclosing function it depends on (`params`, used only to
    summarise what a function returns)."""

    steps: tuple[Step, ...] = ()
    params: frozenset[str] = frozenset()

    @property
    def real(self) -> bool:
        return bool(self.steps)

    @property
    def source(self) -> Source:
        first = self.steps[0]
        return Source(first.message, first.line)

    def then(self, line: int, message: str, crossing: bool = False) -> Taint:
        """The taint one hop further. Hops on the line of the previous step are left out
        (the source line says enough) unless they cross into another function."""
        if not self.steps or (self.steps[-1].line == line and not crossing):
            return self
        steps = (*self.steps, Step(line, message))
        if len(steps) > MAX_STEPS:
            steps = steps[:2] + steps[-(MAX_STEPS - 2) :]
        return Taint(steps, self.params)


def union(a: Taint | None, b: Taint | None) -> Taint | None:
    if a is None:
        return b
    if b is None:
        return a
    return Taint(a.steps or b.steps, a.params | b.params)


State = dict[str, Taint]


def _join(a: State, b: State) -> State:
    out = dict(a)
    for key, value in b.items():
        out[key] = union(out.get(key), value)  # type: ignore[assignment]
    return out


def _source_of_call(context: FileContext, node: ast.Call) -> str | None:
    qual = context.qualname(node.func) or ""
    if qual in SOURCE_CALLS:
        return qual + "()"
    if isinstance(node.func, ast.Attribute) and node.func.attr in SOCKET_READS:
        return f"socket .{node.func.attr}()"
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


def _params_of(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = func.args
    return [a.arg for a in args.posonlyargs + args.args]


def _is_method(func: ast.AST) -> bool:
    if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    names = _params_of(func)
    return bool(names) and names[0] in ("self", "cls")


@dataclass
class Summary:
    """What a same-file function returns: taint of its own (a source read inside it) and
    the parameters whose taint reaches its return value."""

    own: Taint | None
    params: frozenset[str]


@dataclass
class Analysis:
    """The flow-sensitive result for one scope: the taint state before each statement,
    and the names cleared (by a guard or a sanitising reassignment) at that point."""

    before: dict[int, State] = field(default_factory=dict)
    cleared: dict[int, frozenset[str]] = field(default_factory=dict)
    returns: Taint | None = None
    attrs: dict[str, Taint] = field(default_factory=dict)  # self.x = <tainted>
    calls: list[tuple[ast.Call, State]] = field(default_factory=list)
    parents: dict[int, ast.AST] = field(default_factory=dict)
    final: State = field(default_factory=dict)  # the state where the scope's code ends


class Engine:
    """The taint analysis of one file for one set of sanitisers (those of a sink family).

    Per function it walks the statements in order, so a guard (`if not x.isalnum():
    abort(400)`), an allow-list check or a sanitising reassignment (`x = int(x)`) clears a
    name on the paths after it and only there; branches are joined where they meet.
    Across functions of the file it uses summaries (what a helper returns from its own
    sources or its parameters), seeds parameters from the file's call sites (a view
    passing `request.args["q"]` to `run_query(cur, q)` taints `q` inside it), and
    attributes a class's methods set from user input (`self.term = request.args[...]`)."""

    def __init__(self, context: FileContext, sanitizers: set[str]) -> None:
        self.context = context
        self.sanitizers = sanitizers
        if "taint:index" not in context.memo:  # shared by the engines of every sink family
            functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
            class_of: dict[int, ast.ClassDef] = {}
            for node in ast.walk(context.tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    functions.setdefault(node.name, []).append(node)
                elif isinstance(node, ast.ClassDef):
                    for child in node.body:
                        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                            class_of[id(child)] = node
            context.memo["taint:index"] = (functions, class_of)
        self.functions, self.class_of = context.memo["taint:index"]
        self.summaries: dict[int, Summary | None] = {}
        self.results: dict[int, Analysis] = {}
        self.class_attrs: dict[int, dict[str, Taint]] = {}
        self.in_progress: set[int] = set()
        self.collecting: set[int] = set()  # classes whose attributes are being collected
        self.provisional: dict[int, Summary | None] = {}
        self.attr_seeds: dict[int, State] = {}

    # --- per-scope entry points -------------------------------------------------------

    def analysis(self, scope_node: ScopeNode) -> Analysis:
        key = id(scope_node)
        if key in self.results:
            return self.results[key]
        if key in self.in_progress:
            return Analysis()
        self.in_progress.add(key)
        try:
            seeds = self._seeds(scope_node)
            result = _Walker(self, scope_node, seeds, symbolic=False).run()
        finally:
            self.in_progress.discard(key)
        self.results[key] = result
        return result

    def summary(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> Summary | None:
        key = id(func)
        cls = self.class_of.get(key)
        # while a class's attributes are being collected its methods' summaries are
        # incomplete (the attributes are not known yet): kept apart, dropped afterwards
        provisional = cls is not None and id(cls) in self.collecting
        if key in self.summaries:
            return self.summaries[key]
        if provisional and key in self.provisional:
            return self.provisional[key]
        target = self.provisional if provisional else self.summaries
        target[key] = None  # recursion: a function calling itself adds nothing
        seeds = {name: Taint((), frozenset({name})) for name in _params_of(func)}
        for name in route_params(self.context, func):
            seeds[name] = Taint((Step(func.lineno, f"view parameter {name}"),))
        seeds.update(self._attr_seeds(func))
        result = _Walker(self, func, seeds, symbolic=True).run()
        taint = result.returns
        summary = Summary(
            own=Taint(taint.steps) if taint is not None and taint.real else None,
            params=taint.params if taint is not None else frozenset(),
        )
        target[key] = summary
        return summary

    def _attr_seeds(self, func: ast.AST) -> State:
        cls = self.class_of.get(id(func))
        if cls is None or not _is_method(func):
            return {}
        key = id(cls)
        if key not in self.class_attrs:
            self.class_attrs[key] = {}
            self.collecting.add(key)
            attrs: dict[str, Taint] = {}
            for method in cls.body:
                if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                    seeds = {n: Taint((Step(method.lineno, f"view parameter {n}"),))
                             for n in route_params(self.context, method)}  # fmt: skip
                    walked = _Walker(self, method, seeds, symbolic=True).run()
                    for attr, taint in walked.attrs.items():
                        attrs.setdefault(attr, taint)
            self.collecting.discard(key)
            self.provisional.clear()
            self.class_attrs[key] = attrs
            self.attr_seeds[key] = {
                "self." + attr: taint.then(taint.steps[-1].line, f"stored in self.{attr}", True)
                for attr, taint in attrs.items()
            }
        return dict(self.attr_seeds.get(key, {}))

    def _seeds(self, scope_node: ScopeNode) -> State:
        if not isinstance(scope_node, ast.FunctionDef | ast.AsyncFunctionDef):
            return {}
        # module-level names holding user input (`TARGET = sys.argv[1]`) that the
        # function reads without assigning them itself
        module = self.analysis(self.context.tree)
        local = self.context.memo.setdefault("taint:stores", {}).get(id(scope_node))
        if local is None:
            local = {
                n.id
                for n in walk_scope(scope_node)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            }
            self.context.memo["taint:stores"][id(scope_node)] = local
        seeds: State = {
            name: taint
            for name, taint in module.final.items()
            if taint.real and "." not in name and name not in local
        }
        seeds.update(
            {
                name: Taint((Step(scope_node.lineno, f"view parameter {name}"),))
                for name in route_params(self.context, scope_node)
            }
        )
        seeds.update(self._attr_seeds(scope_node))
        params = _params_of(scope_node)
        offset = 1 if _is_method(scope_node) else 0
        # other parameters hold data of unknown origin (callers outside this file):
        # never reported as user input, but what the "built from variable data" checks
        # look for
        typed = {
            a.arg
            for a in scope_node.args.args + scope_node.args.posonlyargs
            if _annotation_is_safe(a.annotation)
        }
        # a private helper (`_name`) called in this file gets only what its callers pass
        private = scope_node.name.startswith("_") and bool(self._callers(scope_node))
        for name in params[offset:]:
            if name not in seeds and name != "request" and name not in typed and not private:
                seeds[name] = Taint((), frozenset({name}))
        # call sites of this function elsewhere in the file that pass tainted data
        for caller in self._callers(scope_node):
            analysis = self.analysis(caller)
            for call, state in analysis.calls:
                if self._callee(call) is not scope_node:
                    continue
                walker = _Walker(self, caller, dict(state), symbolic=False)
                for position, arg in enumerate(call.args):
                    index = position + offset
                    if index < len(params) and not isinstance(arg, ast.Starred):
                        walker.seed_param(seeds, params[index], arg, call, scope_node.name)
                for keyword in call.keywords:
                    if keyword.arg in params:
                        walker.seed_param(seeds, keyword.arg, keyword.value, call, scope_node.name)
        return seeds

    def _callers(self, func: ast.AST) -> list[ScopeNode]:
        name = getattr(func, "name", "")
        callers: list[ScopeNode] = []
        memo = self.context.memo.setdefault("taint:callers", {})
        if not memo:
            for scope in [self.context.tree, *(f for fs in self.functions.values() for f in fs)]:
                for node in walk_scope(scope):
                    if isinstance(node, ast.Call):
                        callee = _callee_name(node)
                        if callee:
                            memo.setdefault(callee, []).append(scope)
        for scope in memo.get(name, []):
            if scope not in callers and scope is not func:
                callers.append(scope)
        return callers

    def _callee(self, call: ast.Call) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        name = _callee_name(call)
        if not name:
            return None
        candidates = self.functions.get(name, [])
        if isinstance(call.func, ast.Attribute):
            candidates = [f for f in candidates if _is_method(f)]
        else:
            candidates = [f for f in candidates if id(f) not in self.class_of]
        return candidates[0] if len(candidates) == 1 else None


def _callee_name(call: ast.Call) -> str | None:
    """`helper(...)` or `self.helper(...)` / `cls.helper(...)`: calls that may reach a
    function of this file."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls")
    ):
        return func.attr
    return None


def _bound_names(nodes: Iterable[ast.AST]) -> set[str]:
    """Names the nodes bind: assignment targets, definitions, parameters, imports."""
    bound: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
    return bound


class _Walker:
    """One pass over one scope's statements in execution order."""

    def __init__(self, engine: Engine, scope_node: ScopeNode, seeds: State, symbolic: bool) -> None:
        self.engine = engine
        self.context = engine.context
        self.sanitizers = engine.sanitizers
        self.scope_node = scope_node
        self.seeds = seeds
        self.symbolic = symbolic
        self.result = Analysis()
        self.cleared: set[str] = set()
        # `m = PATTERN.fullmatch(x)`: a later `if not m: abort()` validates x
        self.guard_calls: dict[str, ast.Call] = {}
        # `parsed = urlparse(url)`, `real = os.path.realpath(path)`: checking the derived
        # value (`parsed.hostname in ALLOWED`, `real.startswith(BASE)`) validates the origin
        self.derived: dict[str, set[str]] = {}
        self.normalised: set[str] = set()  # names holding a realpath()/resolve() result

    def _bound(self) -> set[str]:
        """Names this scope or the module binds (or builtins): a name outside them comes
        from somewhere this file does not show."""
        memo = self.context.memo.setdefault("taint:bound", {})
        key = id(self.scope_node)
        if key not in memo:
            if "module" not in memo:
                memo["module"] = _bound_names(walk_scope(self.context.tree)) | (
                    set(dir(builtins)) | set(self.context.aliases) | MODULE_DUNDERS
                )
            memo[key] = memo["module"] | _bound_names(ast.walk(self.scope_node))
        found: set[str] = memo[key]
        return found

    def run(self) -> Analysis:
        state = dict(self.seeds)
        body = self.scope_node.body
        final, _stopped = self._block(body, state)
        self.result.final = final
        if not self.symbolic:
            memo = self.context.memo.setdefault("taint:parents", {})
            key = id(self.scope_node)
            if key not in memo:  # the same for every sink family's engine
                parents: dict[int, ast.AST] = {}
                for node in walk_scope(self.scope_node):
                    for child in ast.iter_child_nodes(node):
                        parents[id(child)] = node
                memo[key] = parents
            self.result.parents = memo[key]
        return self.result

    # --- statements ----------------------------------------------------------------------

    def _block(self, statements: list[ast.stmt], state: State) -> tuple[State, bool]:
        for statement in statements:
            state, stopped = self._statement(statement, state)
            if stopped:
                return state, True
        return state, False

    def _record(self, statement: ast.stmt, state: State) -> None:
        key = id(statement)
        before = self.result.before.get(key)
        self.result.before[key] = dict(state) if before is None else _join(before, state)
        self.result.cleared[key] = frozenset(self.cleared) | self.result.cleared.get(
            key, frozenset()
        )

    def _statement(self, node: ast.stmt, state: State) -> tuple[State, bool]:
        self._record(node, state)
        line = node.lineno
        if isinstance(node, ast.Assign):
            taint = self.expr(node.value, state)
            for target in node.targets:
                self._bind(target, taint, node.value, state, line)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self._bind(node.target, self.expr(node.value, state), node.value, state, line)
        elif isinstance(node, ast.AugAssign):
            taint = union(self.expr(node.target, state), self.expr(node.value, state))
            self._bind(node.target, taint, node.value, state, line)
        elif isinstance(node, ast.Expr):
            self.expr(node.value, state)
            return state, self._expression_statement(node.value, state)
        elif isinstance(node, ast.Return):
            taint = self.expr(node.value, state) if node.value is not None else None
            self.result.returns = union(self.result.returns, taint)
            return state, True
        elif isinstance(node, ast.Raise | ast.Continue | ast.Break):
            return state, True
        elif isinstance(node, ast.Assert):
            return self._refine(state, node.test, True), False
        elif isinstance(node, ast.If):
            self.expr(node.test, state)
            body, body_stops = self._block(node.body, self._refine(state, node.test, True))
            other, other_stops = self._block(node.orelse, self._refine(state, node.test, False))
            if body_stops and other_stops:
                return _join(body, other), True
            if body_stops:
                return other, False
            if other_stops:
                return body, False
            return _join(body, other), False
        elif isinstance(node, ast.For | ast.AsyncFor):
            iterated = self.expr(node.iter, state)
            return self._loop(node, state, iterated), False
        elif isinstance(node, ast.While):
            self.expr(node.test, state)
            return self._loop(node, state, None), False
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                taint = self.expr(item.context_expr, state)
                if item.optional_vars is not None:
                    self._bind(item.optional_vars, taint, item.context_expr, state, line)
            return self._block(node.body, state)
        elif isinstance(node, ast.Try | ast.TryStar):
            body, body_stops = self._block(node.body, dict(state))
            entry = _join(state, body)  # an exception may leave the body at any point
            outs: list[State] = []
            if not body_stops:
                out, stops = self._block(node.orelse, body)
                if not stops:
                    outs.append(out)
            for handler in node.handlers:
                out, stops = self._block(handler.body, dict(entry))
                if not stops:
                    outs.append(out)
            after: State = {}
            for out in outs:
                after = _join(after, out)
            stopped = not outs
            if node.finalbody:
                after, final_stops = self._block(node.finalbody, after if outs else entry)
                stopped = stopped or final_stops
            return after, stopped
        elif isinstance(node, ast.Match):
            subject = self.expr(node.subject, state)
            cases: list[State] = []
            for case in node.cases:
                case_state = dict(state)
                for capture in ast.walk(case.pattern):
                    name = getattr(capture, "name", None)
                    if isinstance(name, str) and subject is not None:
                        case_state[name] = subject.then(case.pattern.lineno, f"matched as {name}")
                out, stops = self._block(case.body, case_state)
                if not stops:
                    cases.append(out)
            cases.append(state)  # no case matched
            merged: State = {}
            for out in cases:
                merged = _join(merged, out)
            return merged, False
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                key = dotted(target)
                if key:
                    state.pop(key, None)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            state.pop(node.name, None)
        return state, False

    def _loop(self, node: ast.For | ast.AsyncFor | ast.While, state: State,
              iterated: Taint | None) -> State:  # fmt: skip
        entry = dict(state)
        current = dict(state)
        for _ in range(LOOP_ROUNDS):
            body_state = dict(current)
            if isinstance(node, ast.For | ast.AsyncFor):
                self._bind(node.target, iterated, node.iter, body_state, node.lineno)
            else:
                body_state = self._refine(body_state, node.test, True)
            out, _stopped = self._block(node.body, body_state)
            joined = _join(current, out)
            if joined.keys() == current.keys() and all(
                bool(joined[k].steps) == bool(current[k].steps) for k in joined
            ):
                current = joined
                break
            current = joined
        after = _join(entry, current)
        if node.orelse:
            after, _stopped = self._block(node.orelse, after)
        return after

    def _expression_statement(self, value: ast.expr, state: State) -> bool:
        """Effects of a bare call: `abort(400)` ends the path, `parts.append(x)` taints
        `parts`, `validate_name(x)` (raises when x is bad) clears `x`."""
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            return False
        func = value.func
        qual = self.context.qualname(func) or ""
        last = qual.rsplit(".", 1)[-1]
        if qual in NO_RETURN_CALLS or last in {"abort", "exit"}:
            return True
        if isinstance(func, ast.Attribute) and func.attr in CONTAINER_MUTATORS:
            receiver = dotted(func.value)
            added: Taint | None = None
            for arg in [*value.args, *(k.value for k in value.keywords)]:
                added = union(added, self.expr(arg, state))
            if receiver and added is not None:
                added = added.then(value.lineno, f"added to {receiver}")
                merged = union(state.get(receiver), added)
                if merged is not None:
                    state[receiver] = merged
        elif last.startswith(VALIDATOR_PREFIXES):
            for arg in value.args:
                self._clear(state, dotted(arg))
        return False

    def _bind(self, target: ast.AST, taint: Taint | None, value: ast.expr, state: State,
              line: int) -> None:  # fmt: skip
        if isinstance(target, ast.Tuple | ast.List):
            pairs: list[tuple[ast.AST, ast.expr]]
            if isinstance(value, ast.Tuple | ast.List) and len(value.elts) == len(target.elts):
                pairs = list(zip(target.elts, value.elts, strict=True))
                for element, part in pairs:
                    self._bind(element, self.expr(part, state), part, state, line)
            else:
                for element in target.elts:
                    self._bind(element, taint, value, state, line)
            return
        if isinstance(target, ast.Starred):
            self._bind(target.value, taint, value, state, line)
            return
        if isinstance(target, ast.Subscript):
            # d["k"] = tainted: the container now holds user data (a weak update)
            base = dotted(target.value)
            if base and taint is not None:
                merged = union(state.get(base), taint.then(line, f"stored in {base}"))
                if merged is not None:
                    state[base] = merged
            return
        key = dotted(target)
        if not key:
            return
        if isinstance(value, ast.Call) and _is_guard_call(value):
            self.guard_calls[key] = value  # m = SLUG.fullmatch(name); if not m: abort()
        else:
            self.guard_calls.pop(key, None)
        self.derived.pop(key, None)
        self.normalised.discard(key)
        if _normalises(value):
            self.normalised.add(key)
        origins = _derived_from(value)
        if origins:
            self.derived[key] = origins
        if taint is None:
            if key in state:
                self.cleared.add(key)
            state.pop(key, None)
            for other in [k for k in state if k.startswith(key + ".")]:
                state.pop(other, None)
            return
        self.cleared.discard(key)
        state[key] = taint.then(line, f"flows into {key}")
        if key.startswith("self.") and key.count(".") == 1 and taint.real:
            self.result.attrs.setdefault(key[5:], state[key])

    def _clear(self, state: State, key: str | None, seen: frozenset[str] = frozenset()) -> None:
        if not key or key in seen:
            return
        if key in state:
            self.cleared.add(key)
        state.pop(key, None)
        root = key.split(".")[0]
        for origin in self.derived.get(root, ()):
            self._clear(state, origin, seen | {key})

    def _refine(self, state: State, test: ast.expr, truth: bool) -> State:
        """The state on the path where `test` is `truth`: a passed check clears the name
        it validates."""
        state = dict(state)
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self._refine(state, test.operand, not truth)
        if isinstance(test, ast.BoolOp):
            if isinstance(test.op, ast.And) == truth:
                for value in test.values:
                    state = self._refine(state, value, truth)
            return state
        if isinstance(test, ast.NamedExpr):
            if isinstance(test.value, ast.Call) and _is_guard_call(test.value):
                self.guard_calls[test.target.id] = test.value
            return self._refine(state, test.target, truth)
        if isinstance(test, ast.Name) and test.id in self.guard_calls:
            return self._refine(state, self.guard_calls[test.id], truth)
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op, right = test.ops[0], test.comparators[0]
            if isinstance(op, ast.Is | ast.IsNot) and is_const(right, None):
                # `m is None` / `m is not None` about a match object
                return self._refine(state, test.left, isinstance(op, ast.IsNot) == truth)
            allowed = isinstance(op, ast.In) == truth and isinstance(op, ast.In | ast.NotIn)
            equal = (isinstance(op, ast.Eq) and truth) or (isinstance(op, ast.NotEq) and not truth)
            allowed = allowed and not _is_substring_target(right)
            if (allowed or (equal and isinstance(right, ast.Constant))) and const_str(
                test.left
            ) is None:
                for subject in _compare_subjects(test.left):
                    self._clear(state, subject)
            return state
        if isinstance(test, ast.Call) and truth:
            if _is_unnormalised_prefix_check(test, self.normalised):
                return state  # "/srv/files/../../etc/passwd".startswith("/srv/files")
            for name in _guarded_by_call(test):
                self._clear(state, name)
        return state

    def seed_param(self, seeds: State, param: str, arg: ast.expr, call: ast.Call,
                   callee: str) -> None:  # fmt: skip
        taint = self.expr(arg, dict(self.seeds))
        if taint is not None and not taint.real and taint.params:
            # the caller passes data of unknown origin: so does the parameter
            seeds[param] = union(seeds.get(param), Taint((), frozenset({param})))  # type: ignore[assignment]
        if taint is not None and taint.real:
            seeds[param] = union(
                seeds.get(param), taint.then(call.lineno, f"passed to {callee}() as {param}", True)
            )  # type: ignore[assignment]

    # --- expressions ---------------------------------------------------------------------

    def expr(self, node: ast.AST | None, state: State) -> Taint | None:
        if node is None:
            return None
        if isinstance(node, ast.Call):
            return self._call(node, state)
        if isinstance(node, ast.Attribute):
            description = _source_of_attr(self.context, node)
            if description:
                return Taint((Step(node.lineno, description),))
            key = dotted(node)
            if key and key in state:
                return state[key]
            return self.expr(node.value, state)
        if isinstance(node, ast.Name):
            found = state.get(node.id)
            if found is None and not self.symbolic and node.id not in self._bound():
                return Taint((), frozenset({"?" + node.id}))  # defined nowhere in this file
            return found
        if isinstance(node, ast.Subscript):
            return self.expr(node.value, state)
        if isinstance(node, ast.JoinedStr):
            found: Taint | None = None
            for value in node.values:
                if isinstance(value, ast.FormattedValue) and not (
                    "repr" in self.sanitizers and value.conversion == ord("r")
                ):
                    found = union(found, self.expr(value.value, state))
            return found
        if isinstance(node, ast.FormattedValue | ast.Starred | ast.Await):
            return self.expr(node.value, state)
        if isinstance(node, ast.NamedExpr):
            taint = self.expr(node.value, state)
            self._bind(node.target, taint, node.value, state, node.lineno)
            return taint
        if isinstance(node, ast.BinOp):
            return union(self.expr(node.left, state), self.expr(node.right, state))
        if isinstance(node, ast.BoolOp):
            found = None
            for value in node.values:
                found = union(found, self.expr(value, state))
            return found
        if isinstance(node, ast.IfExp):
            # `name if name.isalnum() else "default"`: each side under its own condition
            return union(
                self.expr(node.body, self._refine(state, node.test, True)),
                self.expr(node.orelse, self._refine(state, node.test, False)),
            )
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            found = None
            for element in node.elts:
                found = union(found, self.expr(element, state))
            return found
        if isinstance(node, ast.Dict):
            found = None
            for value in node.values:
                found = union(found, self.expr(value, state))
            return found
        if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp | ast.DictComp):
            # the result holds what the element expression makes of each item
            inner = dict(state)
            for generator in node.generators:
                iterated = self.expr(generator.iter, inner)
                self._bind(generator.target, iterated, generator.iter, inner, node.lineno)
            if isinstance(node, ast.DictComp):
                return union(self.expr(node.key, inner), self.expr(node.value, inner))
            return self.expr(node.elt, inner)
        return None

    def _call(self, node: ast.Call, state: State) -> Taint | None:
        func = node.func
        qual = self.context.qualname(func) or ""
        last = func.attr if isinstance(func, ast.Attribute) else qual.split(".")[-1]
        if not self.symbolic and _callee_name(node) in self.engine.functions:
            self.result.calls.append((node, dict(state)))
        if last in self.sanitizers or last in ALWAYS_SANITIZERS:
            return None
        converter = next((k.value for k in node.keywords if k.arg == "type"), None)
        if converter is not None and dotted(converter) in CONVERTING_TYPES:
            return None
        description = _source_of_call(self.context, node)
        if description:
            return Taint((Step(node.lineno, description),))
        callee = self.engine._callee(node)
        if callee is not None:
            return self._through(callee, node, state)
        if isinstance(func, ast.Attribute) and func.attr == "get" and node.args:
            # mapping.get(key, default) is like mapping[key]: a tainted key picks one of
            # the mapping's own values (`FEEDS.get(name, DEFAULT)`)
            found = self.expr(func.value, state)
            for part in node.args[1:]:
                found = union(found, self.expr(part, state))
            return found
        found = self.expr(func, state) if isinstance(func, ast.Attribute) else None
        for arg in node.args:
            found = union(found, self.expr(arg, state))
        for keyword in node.keywords:
            found = union(found, self.expr(keyword.value, state))
        return found

    def _through(self, callee: ast.FunctionDef | ast.AsyncFunctionDef, node: ast.Call,
                 state: State) -> Taint | None:  # fmt: skip
        """A call of a same-file function: its own returned taint, or the taint of the
        arguments it passes through to its return value."""
        summary = self.engine.summary(callee)
        if summary is None:
            return None
        found: Taint | None = None
        if summary.own is not None:
            found = summary.own.then(node.lineno, f"returned by {callee.name}()", True)
        params = _params_of(callee)
        offset = 1 if _is_method(callee) and isinstance(node.func, ast.Attribute) else 0
        passed: list[tuple[str, ast.expr]] = [
            (params[i + offset], arg)
            for i, arg in enumerate(node.args)
            if i + offset < len(params) and not isinstance(arg, ast.Starred)
        ] + [(k.arg, k.value) for k in node.keywords if k.arg]
        for param, arg in passed:
            if param in summary.params:
                taint = self.expr(arg, state)
                if taint is not None:
                    returned = taint.then(node.lineno, f"returned by {callee.name}()", True)
                    found = union(found, returned)
        return found


DERIVING_CALLS = {"urlparse", "urlsplit", "Path", "PurePath", "PurePosixPath", "realpath",
                  "abspath", "normpath", "resolve", "join", "absolute", "expanduser",
                  "lower", "strip", "casefold"}  # fmt: skip


def _derived_from(value: ast.expr) -> set[str]:
    """The names a value is a normalised view of: `os.path.realpath(os.path.join(BASE,
    name))` → {"name", "BASE"}, `Path(root) / name` → {"root", "name"}."""
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Div):
        return (
            _derived_from(value.left)
            | _derived_from(value.right)
            | {n for n in (dotted(value.left), dotted(value.right)) if n}
        )
    if not isinstance(value, ast.Call):
        return set()
    func = value.func
    last = func.attr if isinstance(func, ast.Attribute) else dotted(func) or ""
    if last.rsplit(".", 1)[-1] not in DERIVING_CALLS:
        return set()
    names: set[str] = set()
    parts = list(value.args)
    if isinstance(func, ast.Attribute) and last in {"resolve", "absolute", "expanduser",
                                                    "lower", "strip", "casefold"}:  # fmt: skip
        parts.append(func.value)
    for part in parts:
        name = dotted(part)
        if name:
            names.add(name)
        names |= _derived_from(part)
    return names


def _compare_subjects(left: ast.expr) -> set[str]:
    """What an allow-list or equality check validates: `name`, and for
    `urlparse(url).hostname in HOSTS` the URL it was parsed from."""
    subjects = {n for n in [dotted(left)] if n}
    base = left
    while isinstance(base, ast.Attribute | ast.Subscript):
        base = base.value
    if isinstance(base, ast.Call):
        subjects |= _derived_from(base)
    return subjects


NORMALISING_CALLS = {"realpath", "abspath", "normpath", "resolve"}


def _normalises(value: ast.AST) -> bool:
    """A path with `..` resolved (what a prefix check must look at)."""
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    last = func.attr if isinstance(func, ast.Attribute) else dotted(func) or ""
    return last.rsplit(".", 1)[-1] in NORMALISING_CALLS


URLISH = re.compile(r"url|origin|host", re.IGNORECASE)


def _names_in(node: ast.AST) -> list[str]:
    return [n for n in (dotted(c) for c in ast.walk(node)) if n]


def _is_unnormalised_prefix_check(call: ast.Call, normalised: set[str]) -> bool:
    """`path.startswith(BASE)` proves nothing while `path` may hold `..`; a URL prefix
    (`"https://api.example.com/"`) or a resolved path (`os.path.realpath(p)`) does."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "startswith") or not call.args:
        return False
    prefix = call.args[0]
    texts = [const_str(e) for e in (prefix.elts if isinstance(prefix, ast.Tuple) else [prefix])]
    if texts and all(t is not None and "://" in t for t in texts):
        return False
    if any(URLISH.search(n) for n in _names_in(prefix)):
        return False  # request.application_url + "/", settings.SITE_URL: an origin
    receiver = func.value
    if _normalises(receiver):
        return False
    return not (isinstance(receiver, ast.Name) and receiver.id in normalised)


# str methods whose result still describes the receiver (a check of it checks the receiver)
STRING_METHODS = {"replace", "strip", "lstrip", "rstrip", "lower", "upper", "casefold",
                  "removeprefix", "removesuffix", "encode", "decode"}  # fmt: skip


def _is_guard_call(call: ast.Call) -> bool:
    return bool(_guarded_by_call(call))


def _guarded_by_call(call: ast.Call) -> list[str]:
    """Names a passed check validates: `x.isalnum()`, `re.fullmatch(p, x)`,
    `PATTERN.match(x)`, `os.path.realpath(p).startswith(BASE)`, `is_safe_url(x)`,
    `isinstance(x, int)`."""
    func = call.func
    attr = func.attr if isinstance(func, ast.Attribute) else dotted(func) or ""
    names: list[str] = []
    if attr == "isinstance" and call.args:
        names.append(dotted(call.args[0]) or "")
    elif attr.startswith(PREDICATE_PREFIXES):
        names.extend(dotted(a) or "" for a in call.args)
    elif attr in GUARD_METHODS:
        if attr == "startswith" and not _prefix_pins_location(call):
            return []
        if isinstance(func, ast.Attribute) and attr not in {"match", "fullmatch"}:
            receiver = func.value
            while isinstance(receiver, ast.Call):
                inner = receiver.func
                if isinstance(inner, ast.Attribute) and inner.attr in STRING_METHODS:
                    receiver = inner.value  # host.replace(".", "").isalnum()
                elif receiver.args:
                    receiver = receiver.args[0]  # os.path.realpath(p).startswith(...)
                else:
                    break
            names.append(dotted(receiver) or "")
        if attr in ARG_GUARDS:
            names.extend(dotted(a) or "" for a in call.args)
    return [n for n in names if n]


SCHEME_ONLY = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*(:(//?)?)?|/{0,2}")


def _prefix_pins_location(call: ast.Call) -> bool:
    """`url.startswith("https://")` or `path.startswith("/")` accepts any host or file;
    a prefix with a host or directory (`"https://api.example.com/"`, `BASE_DIR`) pins it."""
    if not call.args:
        return False
    prefix = call.args[0]
    prefixes = prefix.elts if isinstance(prefix, ast.Tuple) else [prefix]
    for element in prefixes:
        text = const_str(element)
        if text is not None and SCHEME_ONLY.fullmatch(text):
            return False
    return True


def _is_substring_target(node: ast.expr) -> bool:
    """`x in "abc"` is a substring test, not an allow-list."""
    return const_str(node) is not None


# --- what detectors call ------------------------------------------------------------------


def engine(context: FileContext, sanitizers: set[str]) -> Engine:
    key = "taint:engine:" + ",".join(sorted(sanitizers))
    found = context.memo.get(key)
    if found is None:
        found = context.memo[key] = Engine(context, sanitizers)
    return found  # type: ignore[no-any-return]


def _statement_of(analysis: Analysis, node: ast.AST) -> ast.AST | None:
    current: ast.AST | None = node
    while current is not None and id(current) not in analysis.before:
        current = analysis.parents.get(id(current))
    return current


def taint_of(
    context: FileContext,
    scope: Scope,
    value: ast.AST | None,
    sanitizers: set[str],
    at: ast.AST | None = None,
) -> Taint | None:
    """The taint `value` has where it is used (`at`, default `value` itself, a node of
    the scope's code): None when no user input reaches it on any path to that point."""
    if value is None:
        return None
    located, taint = _taint_at(context, scope, value, sanitizers, at)
    return taint if located and taint is not None and taint.real else None


def _taint_at(
    context: FileContext, scope: Scope, value: ast.AST, sanitizers: set[str], at: ast.AST | None
) -> tuple[bool, Taint | None]:
    """(whether `at` lies in the scope's analysed code, the taint of `value` there)."""
    found = engine(context, sanitizers)
    analysis = found.analysis(scope.node)
    statement = _statement_of(analysis, at if at is not None else value)
    if statement is None:
        return False, None
    walker = _Walker(found, scope.node, {}, symbolic=False)
    return True, walker.expr(value, dict(analysis.before[id(statement)]))


def cleared_at(
    context: FileContext, scope: Scope, sanitizers: set[str], at: ast.AST
) -> frozenset[str]:
    """Names that held user input but were validated or reassigned before `at`."""
    analysis = engine(context, sanitizers).analysis(scope.node)
    statement = _statement_of(analysis, at)
    return analysis.cleared.get(id(statement), frozenset()) if statement else frozenset()


def tainted(
    context: FileContext,
    scope: Scope,
    value: ast.AST | None,
    sanitizers: set[str],
    at: ast.AST | None = None,
) -> bool:
    return taint_of(context, scope, value, sanitizers, at) is not None


def origin_unknown(
    context: FileContext,
    scope: Scope,
    value: ast.AST | None,
    sanitizers: set[str],
    at: ast.AST | None = None,
) -> bool:
    """Whether `value` depends on data this file cannot trace (a parameter no caller in
    the file fills, a name defined elsewhere), without a sanitiser or guard on the way:
    what the "built from variable data" checks report. Values made only of constants,
    validated names and same-file results whose inputs are known are not unknown."""
    if value is None:
        return False
    located, taint = _taint_at(context, scope, value, sanitizers, at)
    if not located:
        return True
    return taint is not None and bool(taint.params)


def describe(taint: Taint | None) -> str:
    if taint is None:
        return "user input"
    return f"user input from line {taint.steps[0].line} ({taint.steps[0].message})"


def flow_of(context: FileContext, taint: Taint, sink: ast.AST, what: str) -> tuple[FlowStep, ...]:
    """The finding's flow: the taint's steps, then the sink."""
    steps = [FlowStep(context.path, s.line, s.message) for s in taint.steps]
    steps[0] = FlowStep(context.path, taint.steps[0].line,
                        f"user input enters from {taint.steps[0].message}")  # fmt: skip
    line = getattr(sink, "lineno", steps[-1].line)
    steps.append(FlowStep(context.path, line, f"reaches {what}"))
    return tuple(steps)


def report_flow(
    context: FileContext, rule: str, sink: ast.AST, taint: Taint, what: str, message: str
) -> None:
    """Report a data-flow finding at the sink, with its source-to-sink path."""
    context.report(rule, sink, message, flow=flow_of(context, taint, sink, what))
