"""Request data reaching a file path (path traversal) or a log line (log injection),
unless a sanitiser handled it on the way (see `taint`)."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.injection.taint import tainted, tainted_names
from reviewbot.analyzers.python.ast_utils import dotted, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

PATH_SINKS = {
    "open", "io.open", "os.open", "codecs.open", "os.remove", "os.unlink", "os.rmdir",
    "os.removedirs", "shutil.rmtree", "shutil.copy", "shutil.copyfile", "shutil.copy2",
    "shutil.move", "os.rename", "os.replace", "os.listdir", "flask.send_file", "send_file",
    "django.http.FileResponse", "FileResponse", "starlette.responses.FileResponse",
    "fastapi.responses.FileResponse",
}  # fmt: skip
PATH_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "unlink",
                "rmdir", "touch", "mkdir"}  # fmt: skip
PATH_SANITIZERS = {"secure_filename", "basename", "int", "float", "bool", "UUID", "len",
                   "safe_join", "hexdigest", "uuid4"}  # fmt: skip
LOG_SANITIZERS = {"replace", "escape", "int", "float", "bool", "repr", "dumps", "quote",
                  "quote_plus", "UUID", "len", "hexdigest", "isoformat", "urlencode"}  # fmt: skip
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "critical", "exception", "log"}
LOGGER_NAME = re.compile(r"^_*(log|logger|logging|log_?\w*|\w*_?logger)$", re.IGNORECASE)

detectors = Family("injection/request_data")


@detectors.call
def path_traversal(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    target: ast.expr | None = None
    if call.qual in PATH_SINKS:
        target = node.args[0] if node.args else (kwarg(node, "file") or kwarg(node, "path"))
    elif call.attr in PATH_METHODS and isinstance(node.func, ast.Attribute):
        receiver = node.func.value
        is_path = (
            isinstance(receiver, ast.Call)
            and (context.qualname(receiver.func) or "").endswith("Path")
        ) or (isinstance(receiver, ast.BinOp) and isinstance(receiver.op, ast.Div))
        if is_path:
            target = receiver
    if target is None:
        return
    names = tainted_names(context, scope, PATH_SANITIZERS)
    if tainted(context, target, names, PATH_SANITIZERS):
        context.report(
            "python/path-traversal",
            node,
            "A file path is built from request data; a name like ../../etc/passwd "
            "escapes the intended directory. Use secure_filename()/os.path.basename() "
            "or check the resolved path stays inside the base directory.",
        )


@detectors.call
def log_injection(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.attr not in LOG_METHODS or not isinstance(node.func, ast.Attribute):
        return
    receiver = dotted(node.func.value) or ""
    last = receiver.rsplit(".", 1)[-1]
    if not (call.qual.startswith("logging.") or LOGGER_NAME.match(last)):
        return
    names = tainted_names(context, scope, LOG_SANITIZERS)
    values = list(node.args) + [k.value for k in node.keywords]
    if any(tainted(context, v, names, LOG_SANITIZERS) for v in values):
        context.report(
            "python/log-injection",
            node,
            "Request data is logged as-is; a value with a newline forges extra log "
            "lines. Log it with %r or strip \\r and \\n first.",
        )
