"""The Python analyzer: parse each changed Python file once and run every family's
detectors over it, scope by scope.

Each check is precise by design: it resolves import aliases (`from datetime import datetime`),
follows simple assignments inside one function (`q = f"…"; cur.execute(q)`), and treats a
value as attacker-controlled only when it comes from a web request (`request.args…`, a Flask
route parameter) or `input()`. A finding says what is wrong and how to fix it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from reviewbot.analyzers import (
    aws,
    correctness,
    crypto_tls,
    filesystem,
    ml,
    resources,
    secrets_code,
    web_config,
)
from reviewbot.analyzers.injection import commands, flows, parsers, request_data, sql
from reviewbot.analyzers.python.ast_utils import is_python
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family, NodeCheck
from reviewbot.review.findings import Finding

if TYPE_CHECKING:
    from reviewbot.review.change import Change

FAMILIES: tuple[Family, ...] = (
    sql.detectors,
    commands.detectors,
    parsers.detectors,
    request_data.detectors,
    flows.detectors,
    crypto_tls.detectors,
    web_config.detectors,
    ml.detectors,
    filesystem.detectors,
    resources.detectors,
    aws.detectors,
    correctness.detectors,
    secrets_code.detectors,
)

# rules whose patterns are normal in test code (round-trip pickles, eval of expected
# values, throwaway temp names, local test servers)
TEST_EXEMPT_RULES = {
    "python/insecure-deserialization", "python/code-injection", "python/insecure-tempfile",
    "python/sql-injection", "python/os-command-injection", "python/subprocess-shell",
    "python/requests-no-timeout", "python/tls-verify-disabled", "python/naive-datetime",
    "python/weak-hash", "python/insecure-file-permissions", "python/path-traversal",
    "python/log-injection", "aws/missing-pagination", "python/ssrf", "python/redos",
}  # fmt: skip
TEST_FILE = re.compile(r"(^|/)(tests?|testing)/|(^|/)test_[^/]*\.py$|_test\.py$|(^|/)conftest\.py$")


def check_file(
    path: str, source: str, tree: ast.Module, families: Sequence[Family] = FAMILIES
) -> list[Finding]:
    """Every family's findings in one parsed file (test-file exemptions not applied)."""
    context = FileContext(path, source, tree)
    calls = [check for family in families for check in family.calls]
    by_type: dict[type[ast.AST], list[NodeCheck]] = {}
    for family in families:
        for types, check in family.nodes:
            for node_type in types:
                by_type.setdefault(node_type, []).append(check)
    functions = [check for family in families for check in family.functions]
    module = Scope.build(tree)
    scopes = [module] + [
        Scope.build(node, outer=module)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    for scope in scopes:
        for node in scope.nodes:
            if isinstance(node, ast.Call):
                site = CallSite.of(context, node)
                for call_check in calls:
                    call_check(context, site, scope)
            for node_check in by_type.get(type(node), ()):
                node_check(context, node, scope)
        if scope.is_function:
            for function_check in functions:
                function_check(context, scope)
    return context.findings


class PythonAnalyzer:
    name = "python"

    def analyze(self, change: Change) -> Iterable[Finding]:
        findings: list[Finding] = []
        for changed in change.text_files():
            if not is_python(changed.path, changed.content) or not changed.diff.added_lines():
                continue
            try:
                tree = ast.parse(changed.content.replace("\r\n", "\n"))
            except (RecursionError, MemoryError):
                change.notes.append(f"python checks skipped for {changed.path}: too deeply nested")
                continue
            except (SyntaxError, ValueError) as exc:
                where = getattr(exc, "lineno", "?")
                reason = (
                    "only part of the file is known"
                    if not changed.complete
                    else f"it does not parse ({type(exc).__name__} line {where})"
                )
                change.notes.append(f"python checks skipped for {changed.path}: {reason}")
                continue
            try:
                found = check_file(changed.path, changed.content, tree)
                if TEST_FILE.search(changed.path):
                    found = [f for f in found if f.rule not in TEST_EXEMPT_RULES]
                findings.extend(found)
            except RecursionError:
                change.notes.append(f"python checks skipped for {changed.path}: too deeply nested")
        return findings
