"""AWS SDK (boto3) use: list calls that read only the first page of results."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.python.ast_utils import dotted
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

BOTO3_CLIENTS = {"boto3.client", "boto3.session.Session.client"}
SESSION_FACTORIES = {"boto3.Session", "boto3.session.Session"}
PAGINATED_CALLS = {"list_objects", "list_objects_v2", "list_object_versions", "describe_instances",
                   "list_users", "list_roles", "list_functions", "list_secrets",
                   "describe_log_groups", "list_keys", "list_queues", "list_stacks",
                   "describe_db_instances", "list_tables", "list_topics", "list_subscriptions",
                   "describe_snapshots", "list_policies", "list_groups"}  # fmt: skip
PAGINATION_WORDS = re.compile(
    r"ContinuationToken|NextToken|NextMarker|\bMarker\b|IsTruncated|LastEvaluatedKey|"
    r"ExclusiveStartKey|PaginationToken|get_paginator|KeyMarker|NextContinuationToken"
)

detectors = Family("aws")


def boto3_clients(context: FileContext) -> set[str]:
    """Names (and self.attr chains) bound to boto3 clients anywhere in the file."""
    if "boto3_clients" in context.memo:
        cached: set[str] = context.memo["boto3_clients"]
        return cached
    assigns = [
        node
        for node in ast.walk(context.tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
    ]

    def targets(node: ast.Assign) -> set[str]:
        return {name for t in node.targets if (name := dotted(t))}

    sessions: set[str] = set()
    for node in assigns:
        assert isinstance(node.value, ast.Call)
        if context.qualname(node.value.func) in SESSION_FACTORIES:
            sessions |= targets(node)
    clients: set[str] = set()
    for node in assigns:
        assert isinstance(node.value, ast.Call)
        func = node.value.func
        from_session = (
            isinstance(func, ast.Attribute)
            and func.attr == "client"
            and (
                dotted(func.value) in sessions
                or (
                    isinstance(func.value, ast.Call)
                    and context.qualname(func.value.func) in SESSION_FACTORIES
                )
            )
        )
        if from_session or context.qualname(func) in BOTO3_CLIENTS:
            clients |= targets(node)
    context.memo["boto3_clients"] = clients
    return clients


@detectors.call
def missing_pagination(context: FileContext, call: CallSite, scope: Scope) -> None:
    node, attr = call.node, call.attr
    if (
        attr in PAGINATED_CALLS
        and isinstance(node.func, ast.Attribute)
        and dotted(node.func.value) in boto3_clients(context)
        and not PAGINATION_WORDS.search(context.scope_text(scope))
    ):
        context.report(
            "aws/missing-pagination",
            node,
            f"{attr}() returns one page (for S3 at most 1,000 keys) and this code never "
            f"follows the continuation token; use client.get_paginator('{attr}').",
        )
