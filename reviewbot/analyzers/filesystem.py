"""Files other users can interfere with: predictable temporary file names, and modes or
umasks that let the group or every user on the machine write a path."""

from __future__ import annotations

import ast
import stat

from reviewbot.analyzers.python.ast_utils import const_str, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

TEMP_DIRS = ("/tmp/", "/var/tmp/", "/dev/shm/")
CHMODS = {"os.chmod", "os.fchmod", "os.lchmod"}

detectors = Family("filesystem")


@detectors.call
def insecure_tempfile(context: FileContext, call: CallSite, scope: Scope) -> None:
    node, first = call.node, call.first
    if call.qual == "tempfile.mktemp":
        context.report(
            "python/insecure-tempfile",
            node,
            "tempfile.mktemp() returns a name another process can create first; use "
            "tempfile.NamedTemporaryFile() or mkstemp().",
        )
    path = const_str(first)
    if isinstance(first, ast.Name) and len(scope.assignments.get(first.id, [])) == 1:
        path = const_str(scope.assignments[first.id][0])  # path = "/tmp/x"; open(path, "w")
    if call.qual in {"open", "io.open"} and (path or "").startswith(TEMP_DIRS):
        mode = const_str(node.args[1] if len(node.args) > 1 else kwarg(node, "mode")) or "r"
        if any(flag in mode for flag in "wax+"):
            context.report(
                "python/insecure-tempfile",
                node,
                f"Writing to the fixed path {path!r} in a shared temp "
                "directory lets another user pre-create or symlink it; use tempfile.",
            )


@detectors.call
def insecure_permissions(context: FileContext, call: CallSite, scope: Scope) -> None:
    qual, attr, node = call.qual, call.attr, call.node
    mode_node: ast.expr | None = None
    if qual in CHMODS and len(node.args) >= 2:
        mode_node = node.args[1]
    elif qual in CHMODS:
        mode_node = kwarg(node, "mode")
    elif qual in {"os.mkdir", "os.makedirs"}:
        mode_node = kwarg(node, "mode") or (node.args[1] if len(node.args) > 1 else None)
    elif qual == "os.open":
        mode_node = kwarg(node, "mode") or (node.args[2] if len(node.args) > 2 else None)
    elif attr == "chmod" and not qual.startswith("os.") and len(node.args) == 1:
        mode_node = node.args[0]
    if qual == "os.umask":
        mask = _int_value(context, call.first)
        if mask is not None and not mask & stat.S_IWOTH:
            context.report(
                "python/insecure-file-permissions",
                node,
                f"umask {oct(mask)} lets every file this process creates be written by "
                "every user; use 0o077 (or at least 0o022).",
            )
        return
    mode = _int_value(context, mode_node)
    if mode is not None and mode & (stat.S_IWOTH | stat.S_IWGRP):
        context.report(
            "python/insecure-file-permissions",
            node,
            f"Mode {oct(mode)} lets "
            + ("every user on the machine" if mode & stat.S_IWOTH else "the whole group")
            + " write this path; grant only "
            "what the owner needs (0o600 files, 0o700 directories).",
        )


def _int_value(context: FileContext, node: ast.AST | None) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value if not isinstance(node.value, bool) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr | ast.Add):
        left, right = _int_value(context, node.left), _int_value(context, node.right)
        if left is not None and right is not None:
            return left | right if isinstance(node.op, ast.BitOr) else left + right
    name = context.qualname(node) if node is not None else None
    if name and name.startswith("stat.S_"):
        value = getattr(stat, name[5:], None)
        return value if isinstance(value, int) else None
    return None


KEY_EXPORTS = {"private_bytes", "export_key", "exportKey", "save_pkcs1", "to_pem"}
RESTRICTED = ("chmod", "0o600", "0o400", "0o640", "os.open", "umask", "opener=", "S_IRUSR")


def _is_key_export(node: ast.AST | None) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in KEY_EXPORTS
        and not (node.func.attr == "to_pem" and "public" in ast.unparse(node.func.value).lower())
    )


@detectors.function
def key_file_permissions(context: FileContext, scope: Scope) -> None:
    """A private key written through open()/write_bytes() gets the default mode (0o644 under
    the usual umask): every local user can read it."""
    keys = {
        name for name, values in scope.assignments.items() if any(_is_key_export(v) for v in values)
    }
    for node in scope.nodes:
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"write", "write_bytes", "write_text"}
            and node.args
        ):
            continue
        written = node.args[0]
        if _is_key_export(written) or (isinstance(written, ast.Name) and written.id in keys):
            if any(word in context.scope_text(scope) for word in RESTRICTED):
                return  # chmod'ed, created with os.open(..., 0o600) or under a umask
            context.report(
                "python/key-file-permissions",
                node,
                "The private key is written to a file created with the default mode, which "
                "every local user can usually read; create it with os.open(path, flags, 0o600).",
            )
            return
