"""Resources that outlive their use: HTTP calls without a timeout (a stalled server hangs
the caller forever) and files, sockets or connections opened and never closed."""

from __future__ import annotations

import ast

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
}  # fmt: skip
RESOURCE_CONSUMERS = {
    "json.load", "json.dump", "pickle.load", "pickle.dump", "csv.reader", "csv.writer",
    "csv.DictReader", "csv.DictWriter", "yaml.safe_load", "yaml.load", "yaml.dump",
    "yaml.safe_dump", "print", "next", "iter", "enumerate", "list", "tuple", "sorted", "len",
    "str", "repr", "shutil.copyfileobj", "zip", "map", "filter", "set", "dict", "hasattr",
    "getattr", "isinstance", "tomllib.load", "hashlib.file_digest", "os.fstat", "os.fsync",
}  # fmt: skip
CLOSERS = {"close", "__exit__", "aclose"}
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
            and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.value))
        ):
            return True
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
