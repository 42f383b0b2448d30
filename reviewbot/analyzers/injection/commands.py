"""OS command and code injection: shell commands built from user input or other variable
data, shells started for fixed commands, and eval()/exec() of values that are not
constants."""

from __future__ import annotations

import ast

from reviewbot.analyzers.injection.strings import interpolated, is_constant_str
from reviewbot.analyzers.injection.taint import (
    cleared_at,
    describe,
    guarded_names,
    origin_unknown,
    report_flow,
    taint_of,
)
from reviewbot.analyzers.python.ast_utils import dotted, is_const, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

SHELL_CALLS = {
    "os.system",
    "os.popen",
    "os.popen2",
    "os.popen3",
    "os.popen4",
    "popen2.popen2",
    "popen2.popen3",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
    "commands.getoutput",
    "asyncio.create_subprocess_shell",
}
SUBPROCESS_CALLS = {
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.Popen",
    "asyncio.create_subprocess_exec",
}
# os.spawnl(mode, path, ...), os.execv(path, args): the program comes from the arguments
SPAWN_PREFIXES = ("os.spawn", "os.exec", "os.posix_spawn")
COMMAND_SANITIZERS = {"quote", "shlex.quote", "pipes.quote", "basename", "secure_filename"}
CODE_SANITIZERS = {"literal_eval"}

detectors = Family("injection/commands")


def _quoted(node: ast.expr) -> bool:
    """A value formatted into a shell command after shlex.quote() or a number."""
    if isinstance(node, ast.Call):
        name = (dotted(node.func) or "").rsplit(".", 1)[-1]
        return name in {"quote", "int", "float", "len"}
    return False


def _unwrapped(node: ast.expr) -> str | None:
    """The name inside `str(name)`, which formats it without changing what it holds."""
    if isinstance(node, ast.Call) and dotted(node.func) == "str" and len(node.args) == 1:
        node = node.args[0]
    return dotted(node)


@detectors.call
def os_command(context: FileContext, call: CallSite, scope: Scope) -> None:
    qual = call.qual
    node = call.node
    if qual.startswith(SPAWN_PREFIXES):
        taint = taint_of(context, scope, ast.Tuple(elts=list(node.args)), COMMAND_SANITIZERS, node)
        if taint is not None:
            report_flow(
                context,
                "python/os-command-injection",
                node,
                taint,
                f"the program or arguments of {qual}()",
                f"{describe(taint)} chooses the program or arguments that {qual}() "
                "runs. Allow-list the program and validate each argument.",
            )
        return
    shell_kw = kwarg(node, "shell")
    shell = qual in SHELL_CALLS or (qual in SUBPROCESS_CALLS and is_const(shell_kw, True))
    command = call.first if call.first is not None else kwarg(node, "args")
    if command is None:
        return
    if qual in SUBPROCESS_CALLS and not shell:
        # an argument list without a shell: only a tainted program name is a problem
        program = (
            command.elts[0]
            if isinstance(command, ast.List | ast.Tuple) and command.elts
            else command
        )
        taint = taint_of(context, scope, program, COMMAND_SANITIZERS, node)
        if taint is not None:
            if taint.source.description.startswith(("os.environ", "os.getenv")):
                return  # $EDITOR, $PAGER: the user's own choice of program, by design
            report_flow(
                context,
                "python/os-command-injection",
                node,
                taint,
                f"the program {qual}() runs",
                f"{describe(taint)} chooses the program {qual}() runs. Allow-list the "
                "program name.",
            )
        return
    if not shell:
        return
    taint = taint_of(context, scope, command, COMMAND_SANITIZERS, node)
    if taint is not None:
        report_flow(
            context,
            "python/os-command-injection",
            node,
            taint,
            f"the shell command of this {qual}()",
            f"{describe(taint)} reaches the shell command of this {qual}(); a value "
            "containing ; or $(...) runs arbitrary commands. Pass an argument list "
            "without a shell, or quote it with shlex.quote.",
        )
    elif (
        not is_constant_str(command, scope)
        and origin_unknown(context, scope, command, COMMAND_SANITIZERS, node)
        and not all(
            _quoted(p)
            or is_constant_str(p, scope)
            or _unwrapped(p) in guarded_names(scope)
            or _unwrapped(p) in cleared_at(context, scope, COMMAND_SANITIZERS, node)
            for p in interpolated(command, scope)
        )
    ):
        context.report(
            "python/os-command-injection",
            node,
            f"{qual}() runs a shell command built from variable data; a value "
            "containing ; or $(...) runs arbitrary commands. Pass an argument list "
            "without a shell.",
        )
    elif is_constant_str(command, scope):
        context.report(
            "python/subprocess-shell",
            node,
            f"{qual}() starts a shell for a fixed command; pass an argument list "
            "instead (subprocess.run(['cmd', 'arg'])).",
        )


@detectors.call
def code_injection(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual not in {"eval", "exec", "compile", "builtins.eval", "builtins.exec"}:
        return
    first = call.first
    if first is None or is_constant_str(first, scope):
        return
    taint = taint_of(context, scope, first, CODE_SANITIZERS, call.node)
    if taint is not None:
        report_flow(
            context,
            "python/code-injection",
            call.node,
            taint,
            f"this {call.qual}()",
            f"{describe(taint)} reaches this {call.qual}(), which runs it as Python code. "
            "Parse data with ast.literal_eval or json.loads.",
        )
    elif (
        call.qual in {"eval", "exec"}
        and not isinstance(first, ast.Constant)
        and origin_unknown(context, scope, first, CODE_SANITIZERS, call.node)
    ):
        context.report(
            "python/code-injection",
            call.node,
            f"{call.qual}() evaluates a value that is not a constant; if any part comes "
            "from outside it runs attacker code. Use ast.literal_eval or json.loads.",
        )
