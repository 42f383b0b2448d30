"""OS command and code injection: shell commands built from variable data, shells started
for fixed commands, and eval()/exec() of values that are not constants."""

from __future__ import annotations

import ast

from reviewbot.analyzers.injection.strings import is_constant_str
from reviewbot.analyzers.python.ast_utils import is_const, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

SHELL_CALLS = {
    "os.system",
    "os.popen",
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
}

detectors = Family("injection/commands")


@detectors.call
def os_command(context: FileContext, call: CallSite, scope: Scope) -> None:
    qual = call.qual
    shell_kw = kwarg(call.node, "shell")
    if not (qual in SHELL_CALLS or (qual in SUBPROCESS_CALLS and is_const(shell_kw, True))):
        return
    command = call.first if call.first is not None else kwarg(call.node, "args")
    if command is not None and not is_constant_str(command, scope):
        context.report(
            "python/os-command-injection",
            call.node,
            f"{qual}() runs a shell command built from variable data; a value "
            "containing ; or $(...) runs arbitrary commands. Pass an argument list "
            "without a shell.",
        )
    elif command is not None:
        context.report(
            "python/subprocess-shell",
            call.node,
            f"{qual}() starts a shell for a fixed command; pass an argument list "
            "instead (subprocess.run(['cmd', 'arg'])).",
        )


@detectors.call
def code_injection(context: FileContext, call: CallSite, scope: Scope) -> None:
    if (
        call.qual in {"eval", "exec"}
        and call.first is not None
        and not isinstance(call.first, ast.Constant)
    ):
        context.report(
            "python/code-injection",
            call.node,
            f"{call.qual}() evaluates a value that is not a constant; if any part comes "
            "from outside it runs attacker code. Use ast.literal_eval or json.loads.",
        )
