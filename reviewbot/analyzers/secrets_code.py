"""Secrets handled carelessly in Python code (the text scanner in secrets.py finds the
literal values themselves): JWTs signed with a key written in the source, and passwords,
tokens or keys formatted into log messages."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.python.ast_utils import const_str, dotted, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family
from reviewbot.analyzers.secrets import is_placeholder, looks_random

JWT_CALLS = {"jwt.encode", "jwt.decode", "jose.jwt.encode", "jose.jwt.decode", "jwt.api_jwt.encode"}
PLACEHOLDER = re.compile(r"^(|changeme|change-me|dummy|secret|test|testing|xxx+|\*+|<.*>)$", re.I)
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
LOGGER_NAME = re.compile(r"(^|[._])(log|logger|logging|_log|_logger|LOG|LOGGER)$")
# the value itself, not a name about it (password_reset_url, token_count, secret_name ...)
SECRET_VALUE = re.compile(
    r"^(\w+\.)*(\w+_)?(pass(word|wd|phrase)?|pwd|secret|api_?key|token|private_?key|"
    r"secret_?key|credentials?)$",
    re.I,
)
# tokens that are not credentials: pagination cursors, CSRF/request ids
NOT_SECRET_VALUE = re.compile(
    r"(next|page|continuation|pagination|sync|cancel|csrf|request)_token$"
)
MASKERS = {"mask", "redact", "len", "bool", "type", "hash", "hashlib", "_mask", "obfuscate"}

detectors = Family("secrets_code")


def _literal_of(context: FileContext, node: ast.AST | None, scope: Scope) -> str | None:
    if isinstance(node, ast.Name):
        for where in (scope, scope.outer):
            values = where.assignments.get(node.id) if where is not None else None
            if values:
                return const_str(values[0]) if len(values) == 1 else None
        return None
    return const_str(node)


@detectors.call
def hardcoded_jwt_secret(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual not in JWT_CALLS:
        return
    node = call.node
    key = kwarg(node, "key") or (node.args[1] if len(node.args) > 1 else None)
    value = _literal_of(context, key, scope)
    if value is None or PLACEHOLDER.match(value.strip()) or len(value) < 6:
        return
    context.report(
        "python/hardcoded-jwt-secret",
        node,
        "This JWT key is written in the source, so anyone with the code can mint valid "
        "tokens; read it from os.environ (or a secrets manager) and rotate it.",
    )


def _secret_values(node: ast.AST) -> list[str]:
    """Names of secret values formatted into a message (not masked or measured)."""
    found: list[str] = []
    stack: list[ast.AST] = [node]
    while stack:
        child = stack.pop()
        if isinstance(child, ast.Call):
            name = (dotted(child.func) or "").rsplit(".", 1)[-1]
            if name in MASKERS or name.startswith(("mask", "redact")):
                continue
        name = (dotted(child) or "") if isinstance(child, ast.Name | ast.Attribute) else ""
        if SECRET_VALUE.match(name) and not NOT_SECRET_VALUE.search(name):
            found.append(name)
            continue
        if isinstance(child, ast.Subscript) and isinstance(child.slice, ast.Slice):
            continue  # token[:4]: a masked prefix
        if isinstance(child, ast.IfExp):
            stack.extend([child.body, child.orelse])  # 'set' if password else 'empty'
            continue
        if isinstance(child, ast.Compare | ast.BoolOp | ast.UnaryOp):
            continue  # password is None, not token: a yes/no, not the value
        stack.extend(ast.iter_child_nodes(child))
    return found


@detectors.call
def secret_in_log(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.attr not in LOG_METHODS or not isinstance(node.func, ast.Attribute):
        return
    receiver = dotted(node.func.value) or ""
    if not (LOGGER_NAME.search(receiver) or call.qual.startswith("logging.")):
        return
    arguments = node.args[1:] if call.attr == "log" else node.args
    # message = "... %s" % (token,); log.info(message): follow the message one step back
    arguments = arguments + [
        scope.assignments[a.id][0]
        for a in arguments
        if isinstance(a, ast.Name) and len(scope.assignments.get(a.id, [])) == 1
    ]
    secrets = [name for argument in arguments for name in _secret_values(argument)]
    if secrets:
        context.report(
            "python/secret-in-log",
            node,
            f"'{secrets[0]}' is written to the log, where anyone who reads logs (and every log "
            "pipeline) gets it; log that it was used, or a masked prefix.",
        )


LOGIN_CALLS = {"login", "authenticate", "simple_bind_s", "bind_s", "starttls_login"}
PASSWORD_KEYWORDS = {"password", "passwd", "pwd", "secret", "api_key", "token"}


@detectors.call
def hardcoded_password_argument(context: FileContext, call: CallSite, scope: Scope) -> None:
    """smtp.login(user, "Hx7!…") / connect(password="…"): the secret scanner reads
    assignments; a literal passed straight to a login call has no name to match."""
    node = call.node
    candidates = [k.value for k in node.keywords if (k.arg or "").lower() in PASSWORD_KEYWORDS]
    if call.attr in LOGIN_CALLS and len(node.args) >= 2:
        candidates.append(node.args[1])
    for candidate in candidates:
        value = const_str(candidate)
        if value is not None and looks_random(value) and not is_placeholder(value):
            context.report(
                "secrets/hardcoded-secret",
                candidate,
                "A password is passed as a literal, so everyone with the source has it; read "
                "it from the environment or a secrets manager and rotate it.",
            )
            return
