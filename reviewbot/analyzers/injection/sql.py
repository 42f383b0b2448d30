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
from reviewbot.analyzers.python.ast_utils import dotted
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

SQL_METHODS = {"execute", "executemany", "executescript", "mogrify", "raw", "read_sql",
               "read_sql_query"}  # fmt: skip
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


def safe_sql_part(node: ast.expr, scope: Scope) -> bool:
    if isinstance(node, ast.Constant) or is_constant_str(node, scope):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else (dotted(func) or "")
        return bool(SAFE_SQL_PART.search(name.rsplit(".", 1)[-1]))
    name = (dotted(node) or "").rsplit(".", 1)[-1]
    return bool(name) and bool(SAFE_SQL_PART.search(name) or re.search("quoted|escaped", name))


@detectors.call
def sql_injection(context: FileContext, call: CallSite, scope: Scope) -> None:
    first = call.first
    if (
        (call.attr in SQL_METHODS or call.qual in SQL_TEXT_CALLS)
        and is_dynamic_str(first, scope)
        and SQL_WORDS.search(string_parts(first, scope))
        and not all(safe_sql_part(p, scope) for p in interpolated(first, scope))
    ):
        context.report(
            "python/sql-injection",
            call.node,
            "SQL built with string formatting is passed to "
            f"{call.attr or call.qual}(); a quote in the data rewrites the query. Use "
            "placeholders and pass the values separately.",
        )
