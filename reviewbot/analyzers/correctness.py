"""Code that does not do what it says: swallowed exceptions, `is` with literals, changing a
collection while iterating over it, shared mutable defaults, naive datetimes and debugger
calls left behind."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator

from reviewbot.analyzers.python.ast_utils import const_str, dotted, has_splat, kwarg, walk_scope
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family
from reviewbot.review.findings import Severity

MUTATORS = {"append", "extend", "insert", "remove", "pop", "clear", "add", "discard",
            "update", "popitem", "setdefault", "difference_update", "intersection_update",
            "symmetric_difference_update"}  # fmt: skip
LIST_GROWERS = {"append", "extend"}  # growing a list while iterating is the worklist idiom
MUTABLE_FACTORIES = {"list", "dict", "set", "bytearray", "collections.defaultdict",
                     "collections.OrderedDict", "collections.Counter", "collections.deque",
                     "defaultdict", "OrderedDict", "Counter", "deque"}  # fmt: skip
DEBUGGER_CALLS = {"pdb.set_trace", "ipdb.set_trace", "pudb.set_trace", "pdb.post_mortem",
                  "ipdb.post_mortem", "pdb.pm", "pdb.run", "web_pdb.set_trace",
                  "rpdb.set_trace", "remote_pdb.set_trace", "pydevd.settrace",
                  "pydevd_pycharm.settrace"}  # fmt: skip
CLEANUP_CALLS = {"close", "unlink", "remove", "rmtree", "rmdir", "kill", "terminate",
                 "shutdown", "release", "cancel", "join", "flush", "disconnect", "__exit__",
                 "aclose", "wait", "wait_closed", "stop", "cleanup"}  # fmt: skip

detectors = Family("correctness")


@detectors.call
def debug_leftover(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual == "breakpoint" or call.qual in DEBUGGER_CALLS:
        context.report(
            "python/debug-leftover",
            call.node,
            f"{call.qual}() stops the program waiting for a debugger; remove it before merging.",
        )


@detectors.call
def naive_datetime(context: FileContext, call: CallSite, scope: Scope) -> None:
    if not call.qual.startswith("datetime.datetime."):
        return
    node = call.node
    method = call.qual.rsplit(".", 1)[-1]
    naive = False
    if method in {"utcnow", "utcfromtimestamp", "today"}:
        naive = True
    elif method == "now":
        naive = not node.args and kwarg(node, "tz") is None
    elif method == "fromtimestamp":
        naive = len(node.args) < 2 and kwarg(node, "tz") is None
    if naive:
        context.report(
            "python/naive-datetime",
            node,
            f"datetime.{method}() returns a naive datetime (no time zone), which compares "
            "and serialises wrongly across zones; pass tz=timezone.utc.",
        )


@detectors.node(ast.Try, ast.TryStar)
def swallowed_exceptions(context: FileContext, block: ast.Try | ast.TryStar, scope: Scope) -> None:
    for handler in block.handlers:
        _check_handler(context, handler, block, scope.function_name)


def _check_handler(
    context: FileContext, handler: ast.ExceptHandler, block: ast.Try | ast.TryStar, func: str
) -> None:
    broad = handler.type is None or _is_broad(context, handler.type)
    if not broad or func in {"__del__", "__exit__", "__aexit__"}:
        return  # finalizers must not raise: ignoring errors there is the right thing
    silent = all(
        isinstance(stmt, ast.Pass | ast.Continue)
        or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
        for stmt in handler.body
    )
    caught = "everything" if handler.type is None else ast.unparse(handler.type)
    if silent and not _best_effort_cleanup(block):
        catches_everything = handler.type is None or "BaseException" in caught
        context.report(
            "python/swallowed-exception",
            handler,
            f"This handler catches {caught} and ignores it, so real failures vanish; "
            "catch the specific exception you expect, or log it.",
            severity=Severity.MEDIUM if catches_everything else Severity.LOW,
        )
        return
    reraises = any(isinstance(n, ast.Raise) for n in ast.walk(handler))
    if handler.type is None and not reraises:
        context.report(
            "python/bare-except",
            handler,
            "A bare 'except:' also catches KeyboardInterrupt and SystemExit; catch "
            "Exception or narrower.",
        )


def _best_effort_cleanup(block: ast.Try | ast.TryStar) -> bool:
    """`try: f.close() except Exception: pass` is deliberate: cleanup that may fail."""
    calls = []
    for stmt in block.body:
        if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call | ast.Await)):
            return False
        call = stmt.value.value if isinstance(stmt.value, ast.Await) else stmt.value
        if not isinstance(call, ast.Call):
            return False
        func = call.func
        calls.append(func.attr if isinstance(func, ast.Attribute) else dotted(func) or "")
    return bool(calls) and all(name.rsplit(".", 1)[-1] in CLEANUP_CALLS for name in calls)


def _is_broad(context: FileContext, node: ast.expr) -> bool:
    if isinstance(node, ast.Tuple):
        return any(_is_broad(context, e) for e in node.elts)
    return (context.qualname(node) or "") in {"Exception", "BaseException", "builtins.Exception"}


@detectors.node(ast.Compare)
def identity_with_literal(context: FileContext, node: ast.Compare, scope: Scope) -> None:
    operands = [node.left, *node.comparators]
    for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
        if isinstance(op, ast.Is | ast.IsNot) and (_literal(left) or _literal(right)):
            symbol = "is" if isinstance(op, ast.Is) else "is not"
            fixed = "==" if isinstance(op, ast.Is) else "!="
            context.report(
                "python/identity-with-literal",
                node,
                f"'{symbol}' with a literal compares object identity, which depends on "
                f"interpreter caching; use '{fixed}'.",
            )
            return


def _literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return not any(node.value is v for v in (None, True, False, ...))
    return isinstance(node, ast.List | ast.Dict | ast.Set | ast.JoinedStr) or (
        isinstance(node, ast.Tuple) and bool(node.elts)
    )


@detectors.node(ast.For, ast.AsyncFor)
def modify_while_iterating(
    context: FileContext, loop: ast.For | ast.AsyncFor, scope: Scope
) -> None:
    iterable = loop.iter
    dict_view = (
        isinstance(iterable, ast.Call)
        and isinstance(iterable.func, ast.Attribute)
        and iterable.func.attr in {"keys", "values", "items"}
        and not iterable.args
    )
    if dict_view:
        assert isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute)
        iterable = iterable.func.value
    name = dotted(iterable)
    if name is None:
        return
    for stmt, block_rest in _statements_with_rest(loop.body):
        if not _mutates(stmt, name, growing_is_fine=not dict_view):
            continue
        if any(isinstance(s, ast.Break | ast.Return | ast.Raise) for s in block_rest):
            continue
        context.report(
            "python/modify-while-iterating",
            stmt,
            f"{name} is changed while the loop iterates over it, which skips items (lists) "
            f"or raises RuntimeError (dicts, sets); iterate over a copy: list({name}).",
        )
        return


def _mutates(stmt: ast.stmt, name: str, growing_is_fine: bool) -> bool:
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr in MUTATORS
            and not (growing_is_fine and func.attr in LIST_GROWERS)
            and dotted(func.value) == name
        )
    if isinstance(stmt, ast.Delete):
        return any(isinstance(t, ast.Subscript) and dotted(t.value) == name for t in stmt.targets)
    if isinstance(stmt, ast.AugAssign) and not growing_is_fine:
        return dotted(stmt.target) == name and isinstance(stmt.op, ast.Add | ast.BitOr)
    return False


def _statements_with_rest(
    body: list[ast.stmt], after: tuple[ast.stmt, ...] = ()
) -> Iterator[tuple[ast.stmt, list[ast.stmt]]]:
    """Every statement in a loop body (recursively, not into nested scopes) with the
    statements that run after it before the loop's next turn: the rest of its own block and
    of every enclosing block (so a `break` after an `if` that mutated still counts)."""
    for index, stmt in enumerate(body):
        rest = (*body[index + 1 :], *after)
        yield stmt, list(rest)
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for attr in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, attr, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                if isinstance(stmt, ast.For | ast.While | ast.AsyncFor) and attr == "body":
                    # a break inside a nested loop leaves that loop, not ours: only what
                    # follows the nested loop counts
                    yield from ((s, list(rest)) for s, _ in _statements_with_rest(inner))
                else:
                    yield from _statements_with_rest(inner, rest)
        for handler in getattr(stmt, "handlers", []) or []:
            yield from _statements_with_rest(handler.body, rest)


@detectors.function
def mutable_default_argument(context: FileContext, scope: Scope) -> None:
    func = scope.node
    assert isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef)
    positional = func.args.posonlyargs + func.args.args
    pairs = list(
        zip(
            positional[len(positional) - len(func.args.defaults) :],
            func.args.defaults,
            strict=True,
        )
    )
    pairs += [
        (a, d)
        for a, d in zip(func.args.kwonlyargs, func.args.kw_defaults, strict=True)
        if d is not None
    ]
    for arg, default in pairs:
        if not _mutable(context, default):
            continue
        mutated = _param_mutated(func, arg.arg)
        if mutated is not None:
            context.report(
                "python/mutable-default-argument",
                mutated,
                f"This changes the shared default of '{arg.arg}', so the change is seen by "
                f"every later call; default to None and create it inside.",
            )
        context.report(
            "python/mutable-default-argument",
            default,
            f"The default for '{arg.arg}' is created once and shared by every call"
            + (" and this function changes it" if mutated is not None else "")
            + f"; default to None and create it inside ({arg.arg} = [] if None).",
            severity=Severity.MEDIUM if mutated is not None else Severity.LOW,
        )


def _mutable(context: FileContext, node: ast.expr) -> bool:
    if isinstance(node, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp | ast.SetComp):
        return True
    return isinstance(node, ast.Call) and (context.qualname(node.func) or "") in MUTABLE_FACTORIES


def _param_mutated(func: ast.AST, name: str) -> ast.AST | None:
    """The first statement or call that changes the parameter in place, if any."""
    for node in walk_scope(func):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATORS
            and dotted(node.func.value) == name
        ):
            return node
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        if any(
            isinstance(t, ast.Subscript | ast.Attribute) and dotted(t.value) == name
            for t in targets
        ) or (isinstance(node, ast.AugAssign) and dotted(node.target) == name):
            return node
    return None


@detectors.node(ast.Compare)
def compare_to_none(context: FileContext, node: ast.Compare, scope: Scope) -> None:
    operands = [node.left, *node.comparators]
    for index, op in enumerate(node.ops):
        if isinstance(op, ast.Eq | ast.NotEq) and any(
            isinstance(o, ast.Constant) and o.value is None for o in operands[index : index + 2]
        ):
            better = "is None" if isinstance(op, ast.Eq) else "is not None"
            if "sqlalchemy" in " ".join(context.aliases.values()):
                return  # SQLAlchemy column expressions need == None (or .is_(None))
            context.report(
                "python/compare-to-none",
                node,
                f"Use '{better}': == and != call __eq__, which some objects override.",
            )
            return


@detectors.node(ast.Try, ast.TryStar)
def finally_control_flow(context: FileContext, node: ast.Try, scope: Scope) -> None:
    for stmt in node.finalbody:
        stack: list[tuple[ast.AST, bool]] = [(stmt, False)]
        while stack:
            child, in_loop = stack.pop()
            if isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
            ):
                continue
            if isinstance(child, ast.Return) or (
                isinstance(child, ast.Break | ast.Continue) and not in_loop
            ):
                word = type(child).__name__.lower()
                context.report(
                    "python/finally-control-flow",
                    child,
                    f"'{word}' in finally discards any exception raised in the try block; "
                    "move it after the try statement.",
                )
            loop = isinstance(child, ast.For | ast.AsyncFor | ast.While)
            stack.extend((c, in_loop or loop) for c in ast.iter_child_nodes(child))


@detectors.node(ast.Assert)
def assert_on_tuple(context: FileContext, node: ast.Assert, scope: Scope) -> None:
    if isinstance(node.test, ast.Tuple) and node.test.elts:
        context.report(
            "python/assert-on-tuple",
            node,
            "This assert tests a non-empty tuple, which is always true; write "
            "'assert condition, message' without parentheses.",
        )


def _async_functions(context: FileContext) -> set[str]:
    if "async_functions" not in context.memo:
        context.memo["async_functions"] = {
            n.name for n in ast.walk(context.tree) if isinstance(n, ast.AsyncFunctionDef)
        } - {n.name for n in ast.walk(context.tree) if isinstance(n, ast.FunctionDef)}
    names: set[str] = context.memo["async_functions"]
    return names


COROUTINE_CALLS = {"asyncio.sleep", "asyncio.wait_for", "asyncio.gather", "asyncio.wait"}


@detectors.node(ast.Expr)
def missing_await(context: FileContext, node: ast.Expr, scope: Scope) -> None:
    if not isinstance(scope.node, ast.AsyncFunctionDef) or not isinstance(node.value, ast.Call):
        return
    func = node.value.func
    name = dotted(func) or ""
    local = name.split(".")[-1] if name.startswith(("self.", "cls.")) or "." not in name else None
    if (local and local in _async_functions(context)) or context.qualname(func) in COROUTINE_CALLS:
        context.report(
            "python/missing-await",
            node,
            f"{name}() returns a coroutine that is never awaited, so it never runs; write "
            f"'await {name}(...)' or asyncio.create_task(...).",
        )


@detectors.node(ast.For, ast.AsyncFor)
def late_binding_closure(context: FileContext, node: ast.For, scope: Scope) -> None:
    loop_names = {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
    for stmt in node.body:
        for child in ast.walk(stmt):
            if not isinstance(child, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if _called_at_once(stmt, child):
                continue
            bound = {
                a.arg for a in [*child.args.args, *child.args.kwonlyargs, *child.args.posonlyargs]
            }
            body = child.body
            nodes = (
                ast.walk(body)
                if isinstance(body, ast.AST)
                else (n for s in body for n in ast.walk(s))
            )
            used = {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            late = sorted((used & loop_names) - bound)
            if late:
                context.report(
                    "python/late-binding-closure",
                    child,
                    f"This function reads '{late[0]}' when it is called, after the loop has "
                    f"moved on; bind it now with a default ({late[0]}={late[0]}) or "
                    "functools.partial.",
                )
                return


def _called_at_once(stmt: ast.stmt, function: ast.AST) -> bool:
    """A lambda passed straight to sorted/map/filter/min/max runs inside the loop."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and any(
            arg is function for arg in [*node.args, *(k.value for k in node.keywords)]
        ):
            name = dotted(node.func) or ""
            if name.split(".")[-1] in {
                "sorted",
                "sort",
                "map",
                "filter",
                "min",
                "max",
                "apply",
                "groupby",
                "reduce",
                "any",
                "all",
                "sub",
                "run_until_complete",
            }:
                return True
    return False


# --- second round: statements that do nothing, and calls that do not do what they say -----

TASK_FACTORIES = {"asyncio.create_task", "asyncio.ensure_future"}
INPLACE_METHODS = {"sort", "append", "extend", "insert", "reverse", "update", "clear",
                   "add", "discard", "remove", "setdefault_", "shuffle"}  # fmt: skip
# re functions and the position their count/maxsplit takes (flags come after it)
RE_COUNT_POSITION = {"re.sub": 3, "re.subn": 3, "re.split": 2}
# not *Warning: some warning classes are instantiated for their side effects (tqdm's print)
EXCEPTION_NAMES = re.compile(r"^[A-Z]\w*(Error|Exception)$")
BUILTIN_HIERARCHY = {
    "FileNotFoundError": "OSError", "PermissionError": "OSError", "ConnectionError": "OSError",
    "TimeoutError": "OSError", "IsADirectoryError": "OSError", "KeyError": "LookupError",
    "IndexError": "LookupError", "ZeroDivisionError": "ArithmeticError",
    "UnicodeDecodeError": "ValueError", "JSONDecodeError": "ValueError",
    "json.JSONDecodeError": "ValueError", "ConnectionRefusedError": "ConnectionError",
    "ConnectionResetError": "ConnectionError", "OSError": "Exception", "ValueError": "Exception",
    "LookupError": "Exception", "ArithmeticError": "Exception", "TypeError": "Exception",
    "RuntimeError": "Exception", "AttributeError": "Exception", "Exception": "BaseException",
    "NotImplementedError": "RuntimeError", "RecursionError": "RuntimeError",
    "StopIteration": "Exception", "asyncio.TimeoutError": "Exception",
}  # fmt: skip


@detectors.node(ast.Expr)
def dangling_task(context: FileContext, node: ast.Expr, scope: Scope) -> None:
    call = node.value
    if isinstance(call, ast.Call) and (
        context.qualname(call.func) in TASK_FACTORIES
        or (isinstance(call.func, ast.Attribute) and call.func.attr == "create_task"
            and (dotted(call.func.value) or "").endswith("loop"))
    ):  # fmt: skip
        context.report(
            "python/dangling-task",
            node,
            "The event loop keeps only a weak reference to this task, so it can be "
            "garbage-collected before it finishes; keep it (tasks.add(task)) until done.",
        )


@detectors.node(ast.Expr)
def useless_statement(context: FileContext, node: ast.Expr, scope: Scope) -> None:
    value = node.value
    if isinstance(value, ast.Compare) and not any(
        isinstance(op, ast.In | ast.NotIn) for op in value.ops
    ):
        context.report(
            "python/useless-comparison",
            node,
            f"'{ast.unparse(value)}' is computed and thrown away; was it meant to be an "
            "assert, an assignment (=) or an if?",
        )
    elif (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and EXCEPTION_NAMES.match(value.func.id)
    ):
        context.report(
            "python/exception-not-raised",
            node,
            f"{value.func.id}(...) creates an exception and drops it; write "
            f"'raise {value.func.id}(...)'.",
        )


@detectors.node(ast.For, ast.AsyncFor)
def loop_variable_shadows_iterable(
    context: FileContext, node: ast.For | ast.AsyncFor, scope: Scope
) -> None:
    targets = {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
    iterated = node.iter
    if isinstance(iterated, ast.Call):
        wrapper = dotted(iterated.func) in {"enumerate", "sorted", "reversed", "list", "zip"}
        if wrapper and iterated.args:
            iterated = iterated.args[0]
        elif isinstance(iterated.func, ast.Attribute) and iterated.func.attr in {
            "items", "values", "keys",
        }:  # fmt: skip
            iterated = iterated.func.value
    if isinstance(iterated, ast.Name) and iterated.id in targets:
        context.report(
            "python/loop-variable-shadows-iterable",
            node,
            f"The loop variable '{iterated.id}' replaces the list it iterates; after the loop "
            f"'{iterated.id}' holds the last item, not the list.",
        )


@detectors.node(ast.Dict)
def duplicate_dict_key(context: FileContext, node: ast.Dict, scope: Scope) -> None:
    seen: set[object] = set()
    for key in node.keys:
        if not isinstance(key, ast.Constant) or isinstance(key.value, float):
            continue
        marker = (type(key.value).__name__, key.value)
        if marker in seen:
            context.report(
                "python/duplicate-dict-key",
                key,
                f"The key {key.value!r} appears twice in this dict; the first value is silently "
                "replaced by the second.",
            )
            return
        seen.add(marker)


@detectors.node(ast.Raise)
def raise_not_implemented(context: FileContext, node: ast.Raise, scope: Scope) -> None:
    raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    if isinstance(raised, ast.Name) and raised.id == "NotImplemented":
        context.report(
            "python/raise-not-implemented",
            node,
            "NotImplemented is a value for binary operators, not an exception: raising it "
            "gives a TypeError; raise NotImplementedError.",
        )


@detectors.node(ast.Assign)
def assign_inplace_result(context: FileContext, node: ast.Assign, scope: Scope) -> None:
    value = node.value
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in INPLACE_METHODS
    ):
        return
    receiver = dotted(value.func.value)
    if receiver is None or receiver.split(".")[0] in {"self", "cls"}:
        return  # self.extend(...) is the class's own method, whatever it returns
    # only where the receiver is certainly a builtin list/dict/set: pandas' Index.insert,
    # ORM objects' update() and friends return new objects
    method = value.func.attr
    bound = scope.assignments.get(receiver, [])
    same = any(dotted(t) == receiver for t in node.targets)
    is_list = any(
        isinstance(v, ast.List | ast.ListComp)
        or (isinstance(v, ast.Call) and (dotted(v.func) or "") in {"list", "sorted"})
        for v in bound
    )
    is_dict_or_set = any(
        isinstance(v, ast.Dict | ast.Set | ast.DictComp | ast.SetComp)
        or (isinstance(v, ast.Call) and (dotted(v.func) or "") in {"dict", "set"})
        for v in bound
    )
    lost = (
        (method in {"sort", "reverse"} and (same or is_list))
        or (method in {"append", "extend", "insert", "remove", "clear"} and is_list)
        or (method in {"update", "add", "discard", "clear"} and is_dict_or_set)
    )
    if not lost:
        return
    context.report(
        "python/assign-inplace-result",
        node,
        f"{receiver}.{value.func.attr}() changes {receiver} in place and returns None, so the "
        f"assignment stores None; call it on its own line"
        + (" or use sorted()" if value.func.attr == "sort" else "")
        + ".",
    )


@detectors.call
def re_flags_as_count(context: FileContext, call: CallSite, scope: Scope) -> None:
    position = RE_COUNT_POSITION.get(call.qual)
    if position is None or len(call.node.args) <= position:
        return
    argument = call.node.args[position]
    names = [context.qualname(n) or "" for n in ast.walk(argument)]
    if any(n.startswith("re.") and n.rsplit(".", 1)[-1].isupper() for n in names):
        field = "maxsplit" if call.qual == "re.split" else "count"
        context.report(
            "python/re-flags-as-count",
            call.node,
            f"The flags land in {call.qual}()'s {field} argument, so they are not applied (and "
            f"the {field} is their integer value); pass flags=... by keyword.",
        )


def _positional_fields(template: str) -> tuple[int, bool] | None:
    """(number of automatic/explicit positional fields, uses names) or None if unknown."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    auto, highest, named = 0, -1, False
    for _, field, _, _ in parsed:
        if field is None:
            continue
        head = re.split(r"[.\[]", field, maxsplit=1)[0]
        if head == "":
            auto += 1
        elif head.isdigit():
            highest = max(highest, int(head))
        else:
            named = True
    return max(auto, highest + 1), named


PERCENT_FIELD = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<conv>[diouxXeEfFgGcrsa%])"
)


@detectors.call
def format_args_mismatch(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.attr != "format" or not isinstance(node.func, ast.Attribute):
        return
    template = const_str(node.func.value)
    if template is None or any(isinstance(a, ast.Starred) for a in node.args) or has_splat(node):
        return
    fields = _positional_fields(template)
    if fields is None:
        return
    wanted, _named = fields
    if wanted > len(node.args):
        context.report(
            "python/format-args-mismatch",
            node,
            f"The template has {wanted} positional placeholders but format() gets "
            f"{len(node.args)} arguments, which raises IndexError at run time.",
        )


@detectors.node(ast.BinOp)
def percent_args_mismatch(context: FileContext, node: ast.BinOp, scope: Scope) -> None:
    if not isinstance(node.op, ast.Mod) or not isinstance(node.right, ast.Tuple):
        return
    template = const_str(node.left)
    if template is None or any(isinstance(e, ast.Starred) for e in node.right.elts):
        return
    fields = [m for m in PERCENT_FIELD.finditer(template) if m.group("conv") != "%"]
    if any(m.group("name") is not None or "*" in m.group(0) for m in fields):
        return
    if len(fields) != len(node.right.elts):
        context.report(
            "python/format-args-mismatch",
            node,
            f"The template has {len(fields)} % placeholders but the tuple has "
            f"{len(node.right.elts)} values, which raises TypeError at run time.",
        )


def _caught(context: FileContext, handler: ast.ExceptHandler) -> list[str]:
    if handler.type is None:
        return ["BaseException"]
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return [dotted(k) or "" for k in kinds]


def _covers(broad: str, narrow: str) -> bool:
    if narrow.rsplit(".", 1)[-1] in {
        "BaseException",
        "KeyboardInterrupt",
        "SystemExit",
        "GeneratorExit",
        "CancelledError",
    }:
        return broad == "BaseException"  # except Exception lets these through
    seen = narrow
    for _ in range(8):
        if seen == broad:
            return True
        parent = BUILTIN_HIERARCHY.get(seen) or BUILTIN_HIERARCHY.get(seen.rsplit(".", 1)[-1])
        if parent is None:
            return (
                broad in {"Exception", "BaseException"}
                and EXCEPTION_NAMES.match(narrow.rsplit(".", 1)[-1]) is not None
                and not narrow.endswith(("KeyboardInterrupt", "SystemExit"))
            )
        seen = parent
    return False


@detectors.node(ast.Try, ast.TryStar)
def unreachable_except(context: FileContext, node: ast.Try, scope: Scope) -> None:
    earlier: list[str] = []
    for handler in node.handlers:
        for kind in _caught(context, handler):
            if kind and any(_covers(broad, kind) for broad in earlier if broad != kind):
                context.report(
                    "python/unreachable-except",
                    handler,
                    f"except {kind} comes after a clause that already catches it, so this "
                    "handler never runs; move the narrower clause first.",
                )
                return
        earlier += _caught(context, handler)
