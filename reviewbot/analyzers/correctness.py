"""Code that does not do what it says: swallowed exceptions, `is` with literals, changing a
collection while iterating over it, shared mutable defaults, naive datetimes and debugger
calls left behind."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewbot.analyzers.python.ast_utils import dotted, kwarg, walk_scope
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
        context.report(
            "python/mutable-default-argument",
            default,
            f"The default for '{arg.arg}' is created once and shared by every call"
            + (" and this function changes it" if mutated else "")
            + f"; default to None and create it inside ({arg.arg} = [] if None).",
            severity=Severity.MEDIUM if mutated else Severity.LOW,
        )


def _mutable(context: FileContext, node: ast.expr) -> bool:
    if isinstance(node, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp | ast.SetComp):
        return True
    return isinstance(node, ast.Call) and (context.qualname(node.func) or "") in MUTABLE_FACTORIES


def _param_mutated(func: ast.AST, name: str) -> bool:
    for node in walk_scope(func):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATORS
            and dotted(node.func.value) == name
        ):
            return True
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
            return True
    return False
