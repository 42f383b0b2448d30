"""Request data reaching a file path (path traversal) or a log line (log injection),
unless a sanitiser handled it on the way (see `taint`)."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.injection.taint import describe, report_flow, taint_of
from reviewbot.analyzers.python.ast_utils import const_str, dotted, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

PATH_SINKS = {
    "open", "io.open", "os.open", "codecs.open", "os.remove", "os.unlink", "os.rmdir",
    "os.removedirs", "shutil.rmtree", "shutil.copy", "shutil.copyfile", "shutil.copy2",
    "shutil.move", "os.rename", "os.replace", "os.listdir", "flask.send_file", "send_file",
    "tarfile.open", "zipfile.ZipFile", "os.makedirs", "os.mkdir", "pathlib.Path.open",
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
LOG_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?([a-zA-Z%])")
LOGGER_NAME = re.compile(r"^_*(log|logger|logging|log_?\w*|\w*_?logger)$", re.IGNORECASE)

detectors = Family("injection/request_data")


def _is_path_expr(context: FileContext, node: ast.AST) -> bool:
    """`Path(...)`, `base / name`, `Path(...).resolve()`: a pathlib path."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return True
    if not isinstance(node, ast.Call):
        return False
    if (context.qualname(node.func) or "").endswith("Path"):
        return True
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"resolve", "joinpath", "with_suffix", "with_name", "absolute"}
        and _is_path_expr(context, func.value)
    )


@detectors.call
def path_traversal(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    target: ast.expr | None = None
    if call.qual in PATH_SINKS:
        target = node.args[0] if node.args else (kwarg(node, "file") or kwarg(node, "path"))
    elif call.attr in PATH_METHODS and isinstance(node.func, ast.Attribute):
        receiver = node.func.value
        if _is_path_expr(context, receiver) or (
            isinstance(receiver, ast.Name)
            and any(_is_path_expr(context, v) for v in scope.assignments.get(receiver.id, []))
        ):
            target = receiver
    if target is None:
        return
    taint = taint_of(context, scope, target, PATH_SANITIZERS, node)
    if taint is not None:
        report_flow(
            context,
            "python/path-traversal",
            node,
            taint,
            f"the file path of {call.attr or call.qual}()",
            f"{describe(taint)} reaches a file path; a name like ../../etc/passwd "
            "escapes the intended directory. Use secure_filename()/os.path.basename() "
            "or check the resolved path stays inside the base directory.",
        )


def _module_loggers(context: FileContext) -> set[str]:
    """Module names bound to `logging.getLogger(...)` (`audit = logging.getLogger("audit")`)."""
    if "loggers" not in context.memo:
        names: set[str] = set()
        for node in context.tree.body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and (context.qualname(node.value.func) or "").endswith("getLogger")
            ):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        context.memo["loggers"] = names
    loggers: set[str] = context.memo["loggers"]
    return loggers


@detectors.call
def log_injection(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.attr not in LOG_METHODS or not isinstance(node.func, ast.Attribute):
        return
    receiver = dotted(node.func.value) or ""
    last = receiver.rsplit(".", 1)[-1]
    if not (
        call.qual.startswith("logging.")
        or LOGGER_NAME.match(last)
        or receiver in _module_loggers(context)
    ):
        return
    values = list(node.args) + [k.value for k in node.keywords]
    template = const_str(node.args[0]) if node.args else None
    if template is not None:
        # arguments logged with %r are repr()-escaped, %d/%f ones are numbers: only
        # those formatted with %s (or beyond the template) can carry a newline
        conversions = [c for c in LOG_SPEC.findall(template) if c != "%"]
        values = [values[0]] + [
            v
            for i, v in enumerate(values[1:])
            if i >= len(conversions) or conversions[i] not in "rdifxXeEgGo"
        ]
    taint = taint_of(context, scope, ast.Tuple(elts=values), LOG_SANITIZERS, node)
    if taint is not None:
        report_flow(
            context,
            "python/log-injection",
            node,
            taint,
            f"the log line of {call.attr}()",
            f"{describe(taint)} is logged as-is; a value with a newline forges extra log "
            "lines. Log it with %r or strip \\r and \\n first.",
        )
