"""Resources that outlive their use: HTTP calls without a timeout (a stalled server hangs
the caller forever) and files, sockets or connections opened and never closed."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.python.ast_utils import HTTP_METHODS, dotted, has_splat, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

REQUESTS_CALLS = {f"requests.{m}" for m in HTTP_METHODS} | {"requests.api.request"}
URLOPEN = {"urllib.request.urlopen", "urllib2.urlopen"}
SESSION_FACTORIES = {"requests.Session", "requests.session", "requests.sessions.Session"}
RESOURCE_OPENERS = {
    "open", "io.open", "codecs.open", "socket.socket", "socket.create_connection",
    "sqlite3.connect", "psycopg.connect", "psycopg2.connect", "pymysql.connect",
    "MySQLdb.connect", "urllib.request.urlopen", "tempfile.NamedTemporaryFile",
    "tempfile.TemporaryFile", "gzip.open", "bz2.open", "lzma.open", "zipfile.ZipFile",
    "tarfile.open", "ftplib.FTP", "smtplib.SMTP", "smtplib.SMTP_SSL",
    "subprocess.Popen", "multiprocessing.Pool", "multiprocessing.pool.ThreadPool",
    "concurrent.futures.ThreadPoolExecutor", "concurrent.futures.ProcessPoolExecutor",
}  # fmt: skip
RESOURCE_CONSUMERS = {
    "json.load", "json.dump", "pickle.load", "pickle.dump", "csv.reader", "csv.writer",
    "csv.DictReader", "csv.DictWriter", "yaml.safe_load", "yaml.load", "yaml.dump",
    "yaml.safe_dump", "print", "next", "iter", "enumerate", "list", "tuple", "sorted", "len",
    "str", "repr", "shutil.copyfileobj", "zip", "map", "filter", "set", "dict", "hasattr",
    "getattr", "isinstance", "tomllib.load", "hashlib.file_digest", "os.fstat", "os.fsync",
}  # fmt: skip
# a process is reaped by wait/communicate/kill; a pool is released by shutdown/terminate
CLOSERS = {"close", "__exit__", "aclose", "wait", "communicate", "kill", "terminate", "shutdown"}
IN_MEMORY_BUFFERS = {"io.BytesIO", "io.StringIO", "BytesIO", "StringIO"}

detectors = Family("resources")


def _sessions(context: FileContext, scope: Scope) -> set[str]:
    """Local names bound to a requests Session in this scope."""
    if "sessions" not in scope.memo:
        scope.memo["sessions"] = {
            name
            for name, values in scope.assignments.items()
            if any(
                isinstance(v, ast.Call) and context.qualname(v.func) in SESSION_FACTORIES
                for v in values
            )
        }
    sessions: set[str] = scope.memo["sessions"]
    return sessions


@detectors.call
def request_without_timeout(context: FileContext, call: CallSite, scope: Scope) -> None:
    node, qual = call.node, call.qual
    is_request = qual in REQUESTS_CALLS or qual in URLOPEN
    if (
        not is_request
        and call.attr in HTTP_METHODS
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in _sessions(context, scope)
    ):
        is_request = True
    positional_timeout = qual in URLOPEN and len(node.args) >= 3
    if (
        is_request
        and kwarg(node, "timeout") is None
        and not has_splat(node)
        and not positional_timeout
    ):
        context.report(
            "python/requests-no-timeout",
            node,
            f"{dotted(node.func)}() has no timeout, so a server that stops answering "
            "hangs this code forever; pass timeout=(connect, read) seconds.",
        )


@detectors.function
def resource_leak(context: FileContext, scope: Scope) -> None:
    global_names = {
        n for node in scope.nodes if isinstance(node, ast.Global | ast.Nonlocal) for n in node.names
    }
    for node in scope.nodes:
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
        ):
            continue
        opener = context.qualname(node.value.func) or ""
        name = node.targets[0].id
        if opener not in RESOURCE_OPENERS or name in global_names:
            continue
        source = node.value.args[0] if node.value.args else None
        if isinstance(source, ast.Call) and context.qualname(source.func) in IN_MEMORY_BUFFERS:
            continue  # a ZipFile/GzipFile over bytes in memory holds no OS resource
        if not _released_or_escapes(context, scope, name, node):
            context.report(
                "python/resource-leak",
                node,
                f"'{name}' from {opener}() is never closed on this path; use "
                f"'with {opener}(...) as {name}:' so it is closed even on errors.",
            )


def _released_or_escapes(context: FileContext, scope: Scope, name: str, origin: ast.Assign) -> bool:
    for node in scope.nodes:
        if node is origin:
            continue
        if isinstance(node, ast.Attribute) and node.attr in CLOSERS and dotted(node.value) == name:
            return True  # f.close() or f.close passed as a callback
        if isinstance(node, ast.withitem) and any(
            isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.context_expr)
        ):
            return True
        if (
            isinstance(node, ast.Return | ast.Yield | ast.YieldFrom)
            and node.value is not None
            and _holds(node.value, name)
        ):
            return True  # handed to the caller (not `return f.readlines()`, which leaks f)
        if isinstance(node, ast.Assign | ast.AnnAssign) and _holds(node.value, name):
            return True  # stored elsewhere: someone else closes it
        if isinstance(node, ast.Call) and not _consumer(context, node):
            arguments = list(node.args) + [k.value for k in node.keywords]
            if any(isinstance(a, ast.Name) and a.id == name for a in arguments):
                return True
    return False


def _consumer(context: FileContext, call: ast.Call) -> bool:
    return (context.qualname(call.func) or "") in RESOURCE_CONSUMERS


def _holds(value: ast.AST | None, name: str) -> bool:
    """Does the expression hand over the object itself (not something read from it)?"""
    if isinstance(value, ast.Name):
        return value.id == name
    if isinstance(value, ast.Tuple | ast.List | ast.Set):
        return any(_holds(e, name) for e in value.elts)
    if isinstance(value, ast.Dict):
        return any(_holds(v, name) for v in value.values)
    if isinstance(value, ast.IfExp):
        return _holds(value.body, name) or _holds(value.orelse, name)
    return False


@detectors.function
def lock_not_released(context: FileContext, scope: Scope) -> None:
    """`lock.acquire()` whose `release()` is not in a finally block of the same function:
    an exception between the two leaves the lock held forever."""
    released_in_finally: set[str] = set()
    for node in scope.nodes:
        if isinstance(node, ast.Try | ast.TryStar):
            for stmt in node.finalbody:
                for child in ast.walk(stmt):
                    if (
                        isinstance(child, ast.Call)
                        and isinstance(child.func, ast.Attribute)
                        and child.func.attr == "release"
                    ):
                        released_in_finally.add(dotted(child.func.value) or "")
    for node in scope.nodes:
        if not (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr == "acquire"
            and not node.value.args
            and not node.value.keywords
        ):
            continue
        name = dotted(node.value.func.value) or ""
        if name and "lock" in name.lower() and name not in released_in_finally:
            context.report(
                "python/lock-not-released",
                node,
                f"If anything raises after {name}.acquire(), the lock is never released and "
                f"every other thread waits forever; use 'with {name}:'.",
            )


# --- second round: inline opens, caches on methods, temp dirs, subprocess, async blocking --

# writes only: `open(p).read()` is closed at once by CPython's refcounting and is idiomatic,
# while a write through an unclosed handle may not reach the disk before the process ends
INLINE_READERS = {"write", "writelines"}
CACHE_DECORATORS = {"functools.lru_cache", "functools.cache", "lru_cache", "cache"}
BLOCKING_CALLS = {
    "time.sleep": "await asyncio.sleep(...)",
    "requests.get": "an httpx.AsyncClient", "requests.post": "an httpx.AsyncClient",
    "requests.put": "an httpx.AsyncClient", "requests.delete": "an httpx.AsyncClient",
    "requests.request": "an httpx.AsyncClient", "urllib.request.urlopen": "an httpx.AsyncClient",
    "subprocess.run": "asyncio.create_subprocess_exec", "subprocess.check_output":
    "asyncio.create_subprocess_exec", "subprocess.call": "asyncio.create_subprocess_exec",
    "os.system": "asyncio.create_subprocess_exec", "socket.create_connection":
    "asyncio.open_connection",
}  # fmt: skip


@detectors.call
def unclosed_inline_open(context: FileContext, call: CallSite, scope: Scope) -> None:
    """`json.load(open(p))` / `open(p).write(s)`: the file is closed only when the garbage
    collector gets to it (never promptly on PyPy, and a ResourceWarning on CPython)."""
    node = call.node
    candidates: list[ast.expr] = []
    if call.qual in RESOURCE_CONSUMERS:
        candidates = list(node.args)  # json.load(open(p)), json.dump(data, open(p, "w"))
    elif call.attr in INLINE_READERS and isinstance(node.func, ast.Attribute):
        candidates = [node.func.value]
    for inner in candidates:
        if isinstance(inner, ast.Call) and (context.qualname(inner.func) or "") in {
            "open", "io.open", "codecs.open",
        }:  # fmt: skip
            context.report(
                "python/unclosed-inline-open",
                inner,
                "This file object is never closed (only when the garbage collector finds it); "
                "use 'with open(...) as f:' or pathlib.Path(...).read_text().",
            )
            return


@detectors.node(ast.ClassDef)
def cache_on_method(context: FileContext, node: ast.ClassDef, scope: Scope) -> None:
    for method in node.body:
        if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        names = {
            context.qualname(d.func if isinstance(d, ast.Call) else d) or ""
            for d in method.decorator_list
        }
        if names & {"staticmethod", "classmethod"}:
            continue
        decorator = next(
            (
                d
                for d in method.decorator_list
                if (context.qualname(d.func if isinstance(d, ast.Call) else d) or "")
                in CACHE_DECORATORS
            ),
            None,
        )
        if decorator is not None and method.args.args and method.args.args[0].arg == "self":
            context.report(
                "python/cache-on-method",
                decorator,
                f"lru_cache on '{method.name}' keys the cache on self, so every instance stays "
                "in memory as long as the class lives; use cached_property or a module-level "
                "function.",
            )


@detectors.function
def temp_dir_leak(context: FileContext, scope: Scope) -> None:
    for node in scope.nodes:
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and context.qualname(node.value.func) == "tempfile.mkdtemp"
        ):
            continue
        name = node.targets[0].id
        text = context.scope_text(scope)
        removed = re.search(
            rf"rmtree\(\s*{name}\b|cleanup|addfinalizer|atexit|rmdir\(\s*{name}\b", text
        )
        # returned (even inside a path built from it): the caller owns the directory
        escapes = any(
            isinstance(n, ast.Return | ast.Yield)
            and n.value is not None
            and any(isinstance(c, ast.Name) and c.id == name for c in ast.walk(n.value))
            for n in scope.nodes
        ) or any(
            isinstance(n, ast.Assign)
            and n is not node
            and _holds(n.value, name)
            and not all(isinstance(t, ast.Name) for t in n.targets)
            for n in scope.nodes
        )
        if not removed and not escapes:
            context.report(
                "python/temp-dir-leak",
                node,
                f"'{name}' from tempfile.mkdtemp() is never removed, so every call leaves a "
                "directory behind; use 'with tempfile.TemporaryDirectory() as "
                f"{name}:'.",
            )


SCRIPT_PATH = re.compile(r"(^|/)(scripts?|ci|tools|bin|tasks|\.github)/|(^|/)(noxfile|tasks)\.py$")
SCRIPT_MARKERS = re.compile(
    r'^#!|__name__\s*==\s*["\']__main__["\']|^import (argparse|click|typer)', re.M
)


def _script(context: FileContext) -> bool:
    """Build, release and CI scripts, where a failed step must stop the run; in library
    code a dropped result is often deliberate (best-effort cleanup, notifications)."""
    if "script" not in context.memo:
        context.memo["script"] = bool(
            SCRIPT_PATH.search(context.path) or SCRIPT_MARKERS.search("\n".join(context.lines))
        )
    return bool(context.memo["script"])


@detectors.node(ast.Expr)
def subprocess_unchecked(context: FileContext, node: ast.Expr, scope: Scope) -> None:
    call = node.value
    if not isinstance(call, ast.Call) or context.qualname(call.func) != "subprocess.run":
        return
    if not _script(context):
        return
    if kwarg(call, "check") is not None or has_splat(call):
        return
    context.report(
        "python/subprocess-unchecked",
        node,
        "The result of subprocess.run() is dropped, so a failing command goes unnoticed and "
        "the script carries on; pass check=True.",
    )


@detectors.call
def blocking_call_in_async(context: FileContext, call: CallSite, scope: Scope) -> None:
    if not isinstance(scope.node, ast.AsyncFunctionDef):
        return
    better = BLOCKING_CALLS.get(call.qual)
    if better is None:
        return
    context.report(
        "python/blocking-call-in-async",
        call.node,
        f"{call.qual}() blocks the event loop inside 'async def {scope.function_name}', "
        f"stalling every other task; use {better} (or await asyncio.to_thread(...)).",
    )
