"""SQL injection: SQL text built with string formatting and handed to a driver."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.injection.strings import (
    interpolated,
    is_constant_str,
    is_dynamic_str,
    string_parts,
)
from reviewbot.analyzers.injection.taint import (
    cleared_at,
    describe,
    guarded_names,
    origin_unknown,
    report_flow,
    taint_of,
)
from reviewbot.analyzers.python.ast_utils import dotted
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

SQL_METHODS = {"execute", "executemany", "executescript", "mogrify", "raw", "read_sql",
               "read_sql_query", "fetch", "fetchrow", "fetchval", "exec_driver_sql",
               "extra"}  # fmt: skip
# generic method names that are SQL sinks only when the text looks like SQL
SQL_WORDS_REQUIRED = {"fetch", "fetchrow", "fetchval", "extra", "raw", "mogrify"}
# sanitisers of a value formatted into SQL: numbers and quoted identifiers
SQL_SANITIZERS = {"quote_ident", "quote_identifier", "Identifier", "escape_string",
                  "literal"}  # fmt: skip
SQL_TEXT_CALLS = {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text"}
SQL_WORDS = re.compile(
    r"\b(select\b.*\bfrom|insert\s+into|update\b.*\bset|delete\s+from|create\s+(table|index|"
    r"view)|drop\s+(table|index|view)|alter\s+table|truncate|where|order\s+by)\b",
    re.IGNORECASE | re.DOTALL,
)
# interpolated SQL parts that are quoted identifiers or placeholders, not data
SAFE_SQL_PART = re.compile(
    r"quote|escape|identifier|valid\w*name|placeholder|^wld$|^int$|^len$", re.I
)

detectors = Family("injection/sql")


def numeric_parameters(scope: Scope) -> set[str]:
    """Parameters annotated as numbers (FastAPI validates them before the call)."""
    func = scope.node
    if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
        return set()
    args = func.args.args + func.args.kwonlyargs + func.args.posonlyargs
    return {
        a.arg
        for a in args
        if isinstance(a.annotation, ast.Name) and a.annotation.id in {"int", "float", "bool"}
    }


def safe_sql_part(node: ast.expr, scope: Scope, seen: frozenset[str] = frozenset()) -> bool:
    if isinstance(node, ast.Constant) or is_constant_str(node, scope):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else (dotted(func) or "")
        return bool(SAFE_SQL_PART.search(name.rsplit(".", 1)[-1])) or name in {"float", "bool"}
    if isinstance(node, ast.Name) and node.id in numeric_parameters(scope):
        return True  # def read_item(item_id: int)
    if isinstance(node, ast.Name) and node.id in guarded_names(scope):
        return True  # checked against an allow-list or isalnum() before use
    if isinstance(node, ast.Name) and node.id not in seen:
        values = scope.assignments.get(node.id, [])
        if values and all(safe_sql_part(v, scope, seen | {node.id}) for v in values):
            return True  # limit = int(request.args["limit"])
    name = (dotted(node) or "").rsplit(".", 1)[-1]
    return bool(name) and bool(SAFE_SQL_PART.search(name) or re.search("quoted|escaped", name))


def _sql_argument(call: CallSite) -> ast.expr | None:
    """The SQL text of a sink call: its first argument, or for Django's
    `QuerySet.extra(where=[...], select={...}, tables=[...])` the SQL fragments."""
    if call.attr == "extra" and call.first is None:
        parts = [k.value for k in call.node.keywords if k.arg in {"where", "select", "tables"}]
        return ast.Tuple(elts=parts) if parts else None
    return call.first


@detectors.call
def sql_injection(context: FileContext, call: CallSite, scope: Scope) -> None:
    is_sink = call.attr in SQL_METHODS or call.qual in SQL_TEXT_CALLS
    if not is_sink and call.qual.rsplit(".", 1)[-1] == "RawSQL":
        is_sink = "django" in call.qual or "RawSQL" in context.aliases
    first = _sql_argument(call) if is_sink else None
    if first is None:
        return
    if isinstance(first, ast.Call) and (context.qualname(first.func) or "") in SQL_TEXT_CALLS:
        return  # execute(text(sql)): the text() call is the one reported
    if is_constant_str(first, scope):
        return  # constant-only SQL (module constants included) is never an injection
    sql_like = call.attr not in SQL_WORDS_REQUIRED or bool(
        SQL_WORDS.search(string_parts(first, scope))
    )
    taint = taint_of(context, scope, first, SQL_SANITIZERS, at=call.node) if sql_like else None
    if taint is not None:
        sink = f"this {call.attr or call.qual}()"
        report_flow(
            context,
            "python/sql-injection",
            call.node,
            taint,
            sink,
            f"{describe(taint)} reaches the SQL text of {sink}; a quote in it rewrites the "
            "query. Use placeholders and pass the values separately.",
        )
        return
    if not (is_dynamic_str(first, scope) and SQL_WORDS.search(string_parts(first, scope))):
        return
    if not origin_unknown(context, scope, first, SQL_SANITIZERS, call.node):
        return  # every part is traced to constants, checked values or known results
    cleared = cleared_at(context, scope, SQL_SANITIZERS, call.node)
    if not all(
        safe_sql_part(p, scope) or (isinstance(p, ast.Name) and p.id in cleared)
        for p in interpolated(first, scope)
    ):
        context.report(
            "python/sql-injection",
            call.node,
            "SQL built with string formatting is passed to "
            f"{call.attr or call.qual}(); a quote in the data rewrites the query. Use "
            "placeholders and pass the values separately.",
        )
