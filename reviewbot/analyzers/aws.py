"""AWS SDK (boto3) and CDK use: list calls that read only the first page, clients created per
iteration, batch calls whose partial failures go unchecked, public ACLs, unencrypted
queues/topics, literal credentials and regions, and sleep loops where a waiter exists."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.python.ast_utils import const_str, dotted, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

BOTO3_CLIENTS = {"boto3.client", "boto3.session.Session.client"}
SESSION_FACTORIES = {"boto3.Session", "boto3.session.Session"}
PAGINATED_CALLS = {"list_objects", "list_objects_v2", "list_object_versions", "describe_instances",
                   "list_users", "list_roles", "list_functions", "list_secrets",
                   "describe_log_groups", "list_keys", "list_queues", "list_stacks",
                   "describe_db_instances", "list_tables", "list_topics", "list_subscriptions",
                   "describe_snapshots", "list_policies", "list_groups", "scan"}  # fmt: skip
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


# --- clients per iteration, partial failures, public/unencrypted resources, literals ------

CLIENT_FACTORIES = {"boto3.client", "boto3.resource", "boto3.session.Session.client"}
HANDLER_NAME = re.compile(r"(^|_)handler$|^lambda_handler$|^handle$")
BATCH_CALLS = {
    "put_records": "FailedRecordCount", "put_record_batch": "FailedPutCount",
    "batch_write_item": "UnprocessedItems", "batch_get_item": "UnprocessedKeys",
    "send_message_batch": "Failed", "delete_message_batch": "Failed",
    "put_events": "FailedEntryCount", "change_message_visibility_batch": "Failed",
}  # fmt: skip
BATCH_CHECK_WORDS = re.compile(r"Failed|Unprocessed|ErrorCode")
PUBLIC_ACLS = {"public-read", "public-read-write", "authenticated-read"}
POLLED_CALLS = re.compile(r"^(describe_|get_)")


def _inside_loop(scope: Scope, call: ast.Call) -> bool:
    for node in scope.nodes:
        if isinstance(node, ast.For | ast.AsyncFor | ast.While) and any(
            child is call for stmt in node.body for child in ast.walk(stmt)
        ):
            return True
    return False


@detectors.call
def client_in_loop(context: FileContext, call: CallSite, scope: Scope) -> None:
    factory = call.qual in CLIENT_FACTORIES or (
        call.attr in {"client", "resource"} and call.qual.startswith("boto3.")
    )
    if not factory:
        return
    if _inside_loop(scope, call.node):
        where = "inside a loop"
    elif HANDLER_NAME.search(scope.function_name):
        where = f"on every call of the handler '{scope.function_name}'"
    else:
        return
    context.report(
        "aws/client-in-loop",
        call.node,
        f"A boto3 client is created {where}; each one loads the service model and opens "
        "its own connections. Create it once at module level (or before the loop) and reuse it.",
    )


@detectors.call
def unchecked_partial_failure(context: FileContext, call: CallSite, scope: Scope) -> None:
    field = BATCH_CALLS.get(call.attr or "")
    if field is None or BATCH_CHECK_WORDS.search(context.scope_text(scope)):
        return
    context.report(
        "aws/unchecked-partial-failure",
        call.node,
        f"{call.attr}() reports success even when some records fail; check "
        f"response['{field}'] and retry the failed entries.",
    )


def _literal_strings(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


@detectors.call
def public_acl(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    acl = kwarg(node, "ACL")
    extra = kwarg(node, "ExtraArgs")
    values = _literal_strings(acl) if acl is not None else []
    if extra is not None:
        values += _literal_strings(extra)
    grants = " ".join(_literal_strings(node)) if call.attr and call.attr.startswith("put_") else ""
    if PUBLIC_ACLS & set(values) or "groups/global/AllUsers" in grants:
        context.report(
            "aws/public-acl",
            node,
            "This ACL makes the object or bucket readable by anyone on the internet; keep it "
            "private and hand out presigned URLs.",
        )


@detectors.call
def unencrypted_resource(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.attr in {"create_queue", "create_topic"} and isinstance(node.func, ast.Attribute):
        attributes = kwarg(node, "Attributes")
        keys = _literal_strings(attributes) if attributes is not None else []
        if not {"KmsMasterKeyId", "SqsManagedSseEnabled"} & set(keys) and (
            attributes is None or isinstance(attributes, ast.Dict)
        ):
            kind = "queue" if call.attr == "create_queue" else "topic"
            context.report(
                "aws/unencrypted-resource",
                node,
                f"This {kind} is created without encryption at rest; set KmsMasterKeyId "
                "(or SqsManagedSseEnabled for SQS) in Attributes.",
            )
    elif call.qual.endswith(("aws_s3.Bucket", "aws_sqs.Queue", "aws_sns.Topic")):
        encryption = kwarg(node, "encryption") or kwarg(node, "master_key")
        name = context.qualname(encryption) if encryption is not None else None
        if encryption is None and call.qual.endswith("aws_s3.Bucket"):
            return  # CDK encrypts new buckets with S3-managed keys by default
        if encryption is None or (name or "").endswith("UNENCRYPTED"):
            context.report(
                "aws/unencrypted-resource",
                node,
                "This CDK resource is declared without encryption at rest; pass "
                "encryption=...KMS_MANAGED (or a KMS key).",
            )


@detectors.call
def hardcoded_credentials_or_region(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    # the key argument names are boto3's own, so any .client()/.resource()/Session() counts
    factory = call.qual in CLIENT_FACTORIES | SESSION_FACTORIES or call.attr in {
        "client", "resource", "Session",
    }  # fmt: skip
    if not factory:
        return
    secret = kwarg(node, "aws_secret_access_key")
    if isinstance(secret, ast.Name):  # SECRET = "..." at module level, then passed by name
        bound = [
            v
            for where in (scope, scope.outer)
            if where
            for v in where.assignments.get(secret.id, [])
        ]
        secret = bound[0] if len(bound) == 1 else secret
    if isinstance(secret, ast.Constant) and isinstance(secret.value, str) and secret.value:
        context.report(
            "aws/hardcoded-credentials",
            node,
            "AWS keys are passed as literals; anyone with the source has them. Drop the "
            "arguments (boto3 reads the environment, profile or role) and rotate the key.",
        )
        return
    region = kwarg(node, "region_name")
    if "boto3" in call.qual and isinstance(region, ast.Constant) and isinstance(region.value, str):
        context.report(
            "aws/hardcoded-region",
            node,
            f"region_name='{region.value}' pins this code to one region; read it from "
            "AWS_REGION or the profile.",
        )


@detectors.node(ast.While)
def polling_instead_of_waiter(context: FileContext, node: ast.While, scope: Scope) -> None:
    polled = sleeps = None
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            name = context.qualname(child.func) or ""
            if name in {"time.sleep", "asyncio.sleep"}:
                sleeps = child
            elif (
                isinstance(child.func, ast.Attribute)
                and POLLED_CALLS.match(child.func.attr)
                and dotted(child.func.value) in boto3_clients(context)
            ):
                polled = child
    if polled is not None and sleeps is not None:
        assert isinstance(polled.func, ast.Attribute)
        context.report(
            "aws/polling-instead-of-waiter",
            polled,
            f"Polling {polled.func.attr}() with sleep re-implements a waiter without its "
            "back-off and timeout; use client.get_waiter(...).wait(...).",
        )


# --- second round: public access, storage encryption, IAM, security groups, SQS, SSM -----

PUBLIC_ACCESS_KEYS = {
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
}
CDK_PUBLIC_ACCESS_KEYS = {
    "block_public_acls",
    "ignore_public_acls",
    "block_public_policy",
    "restrict_public_buckets",
}
EXPOSED_PORTS = {
    22: "SSH",
    3389: "RDP",
    3306: "MySQL",
    5432: "PostgreSQL",
    6379: "Redis",
    27017: "MongoDB",
    9200: "Elasticsearch",
    1433: "SQL Server",
}
ANYWHERE = {"0.0.0.0/0", "::/0"}
SECRET_PARAMETER = re.compile(r"pass(word|wd)?|secret|token|api[_-]?key|private|credential", re.I)


def _dict_items(node: ast.AST | None) -> dict[str, ast.expr]:
    if not isinstance(node, ast.Dict):
        return {}
    return {
        k.value: v
        for k, v in zip(node.keys, node.values, strict=True)
        if isinstance(k, ast.Constant) and isinstance(k.value, str)
    }


@detectors.call
def public_access_block_disabled(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    off: list[str] = []
    if call.attr == "put_public_access_block":
        items = _dict_items(kwarg(node, "PublicAccessBlockConfiguration"))
        off = [
            k
            for k in PUBLIC_ACCESS_KEYS
            if isinstance(items.get(k), ast.Constant) and items[k].value is False
        ]
    elif call.qual.endswith("aws_s3.BlockPublicAccess"):
        off = [
            k.arg
            for k in node.keywords
            if k.arg in CDK_PUBLIC_ACCESS_KEYS
            and isinstance(k.value, ast.Constant)
            and k.value.value is False
        ]
    elif (
        call.qual.endswith("aws_s3.Bucket")
        and isinstance(kwarg(node, "public_read_access"), ast.Constant)
        and getattr(kwarg(node, "public_read_access"), "value", None) is True
    ):
        off = ["public_read_access"]
    if off:
        context.report(
            "aws/public-access-block-disabled",
            node,
            f"{', '.join(sorted(off))} switched off lets a bucket policy or ACL publish this "
            "bucket to the internet; keep Block Public Access on and share with presigned URLs.",
        )


@detectors.call
def unencrypted_storage(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if any(k.arg is None for k in node.keywords):
        return  # **settings: cannot tell
    flag: str | None = None
    sdk = (
        call.attr in {"create_volume", "create_db_instance", "create_db_cluster"}
        and isinstance(node.func, ast.Attribute)
        and dotted(node.func.value) in boto3_clients(context)
    )
    if call.attr == "create_volume" and sdk:
        flag = "Encrypted"
    elif call.attr in {"create_db_instance", "create_db_cluster"} and sdk:
        flag = "StorageEncrypted"
    elif call.qual.endswith(("aws_rds.DatabaseInstance", "aws_rds.DatabaseCluster")):
        flag = "storage_encrypted"
    elif call.qual.endswith("aws_ec2.Volume"):
        flag = "encrypted"
    if flag is None:
        return
    value = kwarg(node, flag)
    if value is None and flag == "storage_encrypted" and call.qual.endswith("DatabaseCluster"):
        return  # CDK encrypts Aurora clusters by default
    if value is None or (isinstance(value, ast.Constant) and value.value is False):
        context.report(
            "aws/unencrypted-storage",
            node,
            f"This {'volume' if 'olume' in (call.attr or call.qual) else 'database'} is created "
            f"without encryption at rest; pass {flag}=True (with a KMS key if you need to "
            "control access to it).",
        )


def _policy_statements(node: ast.AST) -> list[dict[str, ast.expr]]:
    return [
        items
        for child in ast.walk(node)
        if isinstance(child, ast.Dict)
        for items in [_dict_items(child)]
        if "Effect" in items or "Action" in items
    ]


def _is_star(node: ast.expr | None) -> bool:
    if isinstance(node, ast.Constant):
        return node.value == "*"
    return isinstance(node, ast.List | ast.Tuple) and any(_is_star(e) for e in node.elts)


@detectors.call
def iam_wildcard_policy(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    wildcard = False
    if call.qual.endswith("aws_iam.PolicyStatement"):
        effect = (
            context.qualname(kwarg(node, "effect")) if kwarg(node, "effect") is not None else ""
        )
        wildcard = (
            _is_star(kwarg(node, "actions"))
            and _is_star(kwarg(node, "resources"))
            and not (effect or "").endswith("DENY")
        )
    elif call.attr in {
        "put_role_policy",
        "put_user_policy",
        "put_group_policy",
        "create_policy",
        "create_policy_version",
    }:
        document = kwarg(node, "PolicyDocument")
        if isinstance(document, ast.Call) and document.args:
            document = document.args[0]  # json.dumps({...})
        if isinstance(document, ast.Name):
            values = (
                scope.assignments.get(document.id)
                or (scope.outer.assignments.get(document.id) if scope.outer else None)
                or []
            )
            document = values[0] if values else document
        if document is not None:
            wildcard = any(
                _is_star(s.get("Action"))
                and _is_star(s.get("Resource"))
                and const_str(s.get("Effect")) != "Deny"
                for s in _policy_statements(document)
            )
    if wildcard:
        context.report(
            "aws/iam-wildcard-policy",
            node,
            "Action '*' on Resource '*' makes this principal an administrator; grant only the "
            "actions and resources the code uses.",
        )


def _int(node: ast.AST | None) -> int | None:
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


@detectors.call
def open_security_group(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.attr == "authorize_security_group_ingress":
        ranges = [kwarg(node, "CidrIp")]
        permissions = kwarg(node, "IpPermissions")
        blocks: list[tuple[ast.AST, int | None, int | None, str | None]] = []
        if isinstance(permissions, ast.List):
            for permission in permissions.elts:
                items = _dict_items(permission)
                blocks.append(
                    (
                        permission,
                        _int(items.get("FromPort")),
                        _int(items.get("ToPort")),
                        const_str(items.get("IpProtocol")),
                    )
                )
        else:
            blocks.append(
                (
                    node,
                    _int(kwarg(node, "FromPort")),
                    _int(kwarg(node, "ToPort")),
                    const_str(kwarg(node, "IpProtocol")),
                )
            )
        for where, low, high, protocol in blocks:
            cidrs = {const_str(r) for r in ranges if r is not None} | {
                s for s in _all_strings(where)
            }
            if not cidrs & ANYWHERE:
                continue
            exposed = protocol == "-1" or (
                low is not None
                and high is not None
                and any(low <= p <= high for p in EXPOSED_PORTS)
            )
            if exposed:
                _report_open(context, node)
                return
    elif call.attr in {"add_ingress_rule", "connections.allow_from_any_ipv4"} and node.args:
        peer = context.qualname(node.args[0].func) if isinstance(node.args[0], ast.Call) else ""
        port = node.args[1] if len(node.args) > 1 else kwarg(node, "connection")
        if (peer or "").endswith(("Peer.any_ipv4", "Peer.any_ipv6")) and isinstance(port, ast.Call):
            port_name = context.qualname(port.func) or ""
            number = _int(port.args[0]) if port.args else None
            if (
                port_name.endswith("Port.all_traffic")
                or port_name.endswith("Port.all_tcp")
                or number in EXPOSED_PORTS
            ):
                _report_open(context, node)


def _all_strings(node: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _report_open(context: FileContext, node: ast.AST) -> None:
    context.report(
        "aws/open-security-group",
        node,
        "This rule opens an administrative or database port (or all traffic) to 0.0.0.0/0, "
        "where it is scanned within minutes; allow known CIDRs or security groups only.",
    )


@detectors.call
def sqs_short_polling(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.attr != "receive_message" or kwarg(node, "WaitTimeSeconds") is not None:
        return
    if not (
        isinstance(node.func, ast.Attribute) and dotted(node.func.value) in boto3_clients(context)
    ):
        return
    if any(k.arg is None for k in node.keywords) or not _inside_loop(scope, node):
        return
    context.report(
        "aws/sqs-short-polling",
        node,
        "receive_message without WaitTimeSeconds short-polls: a loop pays for a request per "
        "empty answer and may miss messages; pass WaitTimeSeconds=20.",
    )


@detectors.call
def ssm_plaintext_secret(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.attr != "put_parameter":
        return
    kind = const_str(kwarg(node, "Type"))
    name = kwarg(node, "Name")
    text = ast.unparse(name) if name is not None else ""
    if kind in {"String", "StringList"} and SECRET_PARAMETER.search(text):
        context.report(
            "aws/ssm-plaintext-secret",
            node,
            "This parameter holds a secret but is stored as a plain String, readable by anyone "
            "with ssm:GetParameter and shown in the console; use Type='SecureString'.",
        )
