"""Our own AST detectors for Python: what bandit misses, gets wrong, or reports too noisily.

Each check is precise by design: it resolves import aliases (`from datetime import datetime`),
follows simple assignments inside one function (`q = f"…"; cur.execute(q)`), and treats a
value as attacker-controlled only when it comes from a web request (`request.args…`, a Flask
route parameter) or `input()`. A finding says what is wrong and how to fix it.
"""

from __future__ import annotations

import ast
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reviewbot.analyzers.rules import make_finding
from reviewbot.review.findings import Finding, Severity

if TYPE_CHECKING:
    from reviewbot.review.pipeline import Change

ScopeNode = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef

HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "request"}
REQUESTS_CALLS = {f"requests.{m}" for m in HTTP_METHODS} | {"requests.api.request"}
URLOPEN = {"urllib.request.urlopen", "urllib2.urlopen"}
SESSION_FACTORIES = {"requests.Session", "requests.session", "requests.sessions.Session"}

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
SQL_METHODS = {"execute", "executemany", "executescript", "mogrify", "raw", "read_sql",
               "read_sql_query"}  # fmt: skip
SQL_TEXT_CALLS = {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text"}
SQL_WORDS = re.compile(
    r"\b(select\b.*\bfrom|insert\s+into|update\b.*\bset|delete\s+from|create\s+(table|index|"
    r"view)|drop\s+(table|index|view)|alter\s+table|truncate|where|order\s+by)\b",
    re.IGNORECASE | re.DOTALL,
)
DESERIALIZERS = {
    "pickle.load", "pickle.loads", "pickle.Unpickler", "cPickle.load", "cPickle.loads",
    "_pickle.load", "_pickle.loads", "dill.load", "dill.loads", "jsonpickle.decode",
    "marshal.load", "marshal.loads", "shelve.open", "pandas.read_pickle", "joblib.load",
    "yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all",
}  # fmt: skip
YAML_LOAD = {"yaml.load", "yaml.load_all"}
YAML_SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}
WEAK_HASHES = {"md5", "sha1", "md4", "md5-sha1", "ripemd160"}
SECURITY_WORDS = re.compile(r"pass(word|wd)?|secret|token|sign|auth|credential|\bpin\b", re.I)
PATH_SINKS = {
    "open", "io.open", "os.open", "codecs.open", "os.remove", "os.unlink", "os.rmdir",
    "os.removedirs", "shutil.rmtree", "shutil.copy", "shutil.copyfile", "shutil.copy2",
    "shutil.move", "os.rename", "os.replace", "os.listdir", "flask.send_file", "send_file",
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
LOGGER_NAME = re.compile(r"^_*(log|logger|logging|log_?\w*|\w*_?logger)$", re.IGNORECASE)
SAFE_REQUEST_ATTRS = {"method", "user", "session", "is_secure", "is_json", "scheme", "app",
                      "auth", "id", "META_safe", "content_length", "is_xhr", "blueprint",
                      "endpoint"}  # fmt: skip
ROUTE_DECORATORS = {"route", "get", "post", "put", "delete", "patch", "api_route", "websocket"}
ROUTE_PARAM = re.compile(r"<(?:[a-zA-Z_]+:)?([a-zA-Z_][a-zA-Z0-9_]*)>|\{([a-zA-Z_]\w*)(?::\w+)?\}")
RESOURCE_OPENERS = {
    "open", "io.open", "codecs.open", "socket.socket", "socket.create_connection",
    "sqlite3.connect", "psycopg.connect", "psycopg2.connect", "pymysql.connect",
    "MySQLdb.connect", "urllib.request.urlopen", "tempfile.NamedTemporaryFile",
    "tempfile.TemporaryFile", "gzip.open", "bz2.open", "lzma.open", "zipfile.ZipFile",
    "tarfile.open", "ftplib.FTP", "smtplib.SMTP", "smtplib.SMTP_SSL",
}  # fmt: skip
RESOURCE_CONSUMERS = {
    "json.load", "json.dump", "pickle.load", "pickle.dump", "csv.reader", "csv.writer",
    "csv.DictReader", "csv.DictWriter", "yaml.safe_load", "yaml.load", "yaml.dump",
    "yaml.safe_dump", "print", "next", "iter", "enumerate", "list", "tuple", "sorted", "len",
    "str", "repr", "shutil.copyfileobj", "zip", "map", "filter", "set", "dict", "hasattr",
    "getattr", "isinstance", "tomllib.load", "hashlib.file_digest", "os.fstat", "os.fsync",
}  # fmt: skip
CLOSERS = {"close", "__exit__", "aclose"}
MUTATORS = {"append", "extend", "insert", "remove", "pop", "clear", "add", "discard",
            "update", "popitem", "setdefault", "difference_update", "intersection_update",
            "symmetric_difference_update"}  # fmt: skip
MUTABLE_FACTORIES = {"list", "dict", "set", "bytearray", "collections.defaultdict",
                     "collections.OrderedDict", "collections.Counter", "collections.deque",
                     "defaultdict", "OrderedDict", "Counter", "deque"}  # fmt: skip
DEBUGGER_CALLS = {"pdb.set_trace", "ipdb.set_trace", "pudb.set_trace", "pdb.post_mortem",
                  "ipdb.post_mortem", "pdb.pm", "pdb.run", "web_pdb.set_trace",
                  "rpdb.set_trace", "remote_pdb.set_trace", "pydevd.settrace",
                  "pydevd_pycharm.settrace"}  # fmt: skip
CLEANUP_CALLS = {"close", "unlink", "remove", "rmtree", "rmdir", "kill", "terminate",
                 "shutdown", "release", "cancel", "join", "flush", "disconnect", "__exit__",
                 "aclose", "wait", "wait_closed", "stop", "cleanup"}  # fmt: skip
WEB_FRAMEWORKS = ("flask", "django", "rest_framework", "fastapi", "starlette", "quart",
                  "sanic", "bottle", "pyramid", "falcon", "tornado", "aiohttp")  # fmt: skip
BOTO3_CLIENTS = {"boto3.client", "boto3.session.Session.client"}
PAGINATED_CALLS = {"list_objects", "list_objects_v2", "list_object_versions", "describe_instances",
                   "list_users", "list_roles", "list_functions", "list_secrets",
                   "describe_log_groups", "list_keys", "list_queues", "list_stacks",
                   "describe_db_instances", "list_tables", "list_topics", "list_subscriptions",
                   "describe_snapshots", "list_policies", "list_groups"}  # fmt: skip
PAGINATION_WORDS = re.compile(
    r"ContinuationToken|NextToken|NextMarker|\bMarker\b|IsTruncated|LastEvaluatedKey|"
    r"ExclusiveStartKey|PaginationToken|get_paginator|KeyMarker|NextContinuationToken"
)
LIST_GROWERS = {"append", "extend"}
# interpolated SQL parts that are quoted identifiers or placeholders, not data
SAFE_SQL_PART = re.compile(
    r"quote|escape|identifier|valid\w*name|placeholder|^wld$|^int$|^len$", re.I
)
IN_MEMORY_BUFFERS = {"io.BytesIO", "io.StringIO", "BytesIO", "StringIO"}
# rules whose patterns are normal in test code (round-trip pickles, eval of expected
# values, throwaway temp names, local test servers)
TEST_EXEMPT_RULES = {
    "python/insecure-deserialization", "python/code-injection", "python/insecure-tempfile",
    "python/sql-injection", "python/os-command-injection", "python/subprocess-shell",
    "python/requests-no-timeout", "python/tls-verify-disabled", "python/naive-datetime",
    "python/weak-hash", "python/insecure-file-permissions", "python/path-traversal",
    "python/log-injection", "aws/missing-pagination",
}  # fmt: skip
TEST_FILE = re.compile(
    r"(^|/)(tests?|testing)/|(^|/)test_[^/]*\.py$|_test\.py$|(^|/)conftest\.py$"
)  # growing a list while iterating is the worklist idiom
TEMP_DIRS = ("/tmp/", "/var/tmp/", "/dev/shm/")


def is_python(path: str, content: str) -> bool:
    if path.endswith((".py", ".pyw", ".pyi")):
        return True
    first = content.split("\n", 1)[0]
    return first.startswith("#!") and "python" in first


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a Name/Attribute chain, without alias resolution."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _kwarg(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _has_splat(call: ast.Call) -> bool:
    return any(keyword.arg is None for keyword in call.keywords)


def _is_const(node: ast.AST | None, value: object) -> bool:
    return isinstance(node, ast.Constant) and node.value is value


def _walk_scope(root: ast.AST) -> Iterator[ast.AST]:
    """Nodes of one scope: do not descend into nested functions, lambdas or classes."""
    stack = list(ast.iter_child_nodes(root))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        stack.extend(ast.iter_child_nodes(node))


@dataclass
class Scope:
    node: ScopeNode
    nodes: list[ast.AST]
    assignments: dict[str, list[ast.expr]] = field(default_factory=dict)
    route_params: set[str] = field(default_factory=set)
    _tainted: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, node: ScopeNode) -> Scope:
        nodes = list(_walk_scope(node))
        scope = cls(node, nodes)
        for child in nodes:
            if isinstance(child, ast.Assign):
                for target in child.targets:
                    scope._bind(target, child.value)
            elif isinstance(child, ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
                if child.value is not None:
                    scope._bind(child.target, child.value)
            elif isinstance(child, ast.For | ast.AsyncFor | ast.comprehension):
                scope._bind(child.target, child.iter)
            elif isinstance(child, ast.withitem) and child.optional_vars is not None:
                scope._bind(child.optional_vars, child.context_expr)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            scope.route_params = _route_params(node)
        return scope

    def _bind(self, target: ast.AST, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.assignments.setdefault(target.id, []).append(value)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._bind(element, value)

    def tainted_names(self, sanitizers: set[str], checker: FileChecker) -> set[str]:
        key = ",".join(sorted(sanitizers))
        if key in self._tainted:
            return self._tainted[key]
        names = set(self.route_params)
        changed = True
        while changed:
            changed = False
            for name, values in self.assignments.items():
                if name in names:
                    continue
                if any(checker.tainted(v, names, sanitizers) for v in values):
                    names.add(name)
                    changed = True
        self._tainted[key] = names
        return names


def _route_params(func: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    params: set[str] = set()
    for decorator in func.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in ROUTE_DECORATORS
            and decorator.args
        ):
            route = _const_str(decorator.args[0]) or ""
            for match in ROUTE_PARAM.finditer(route):
                params.add(match.group(1) or match.group(2))
    arg_names = {a.arg for a in func.args.args + func.args.kwonlyargs + func.args.posonlyargs}
    return params & arg_names


class FileChecker:
    def __init__(self, path: str, source: str, tree: ast.Module) -> None:
        self.path = path
        self.lines = source.split("\n")
        self.tree = tree
        self.aliases = self._aliases(tree)
        # `request` counts as a web request only in a module that uses a web framework
        # (a `request` parameter elsewhere is often an HTTP client's outgoing request)
        self.request_is_web = any(
            target.split(".")[0] in WEB_FRAMEWORKS for target in self.aliases.values()
        ) and not self.aliases.get("request", "").startswith("urllib")
        self.findings: list[Finding] = []

    # --- helpers --------------------------------------------------------------------------
    @staticmethod
    def _aliases(tree: ast.Module) -> dict[str, str]:
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        aliases[alias.asname] = alias.name
                    else:
                        root = alias.name.split(".")[0]
                        aliases.setdefault(root, root)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        return aliases

    def qualname(self, node: ast.AST) -> str | None:
        name = dotted(node)
        if name is None:
            return None
        root, _, rest = name.partition(".")
        resolved = self.aliases.get(root, root)
        return f"{resolved}.{rest}" if rest else resolved

    def report(self, rule: str, node: ast.AST, message: str, **extra: object) -> None:
        line = getattr(node, "lineno", 1)
        end = getattr(node, "end_lineno", None) or line
        anchor = "\n".join(self.lines[line - 1 : end])
        self.findings.append(
            make_finding(rule, self.path, line, message, anchor, end_line=end, **extra)  # type: ignore[arg-type]
        )

    def line_text(self, node: ast.AST) -> str:
        line = getattr(node, "lineno", 1)
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def is_dynamic_str(
        self, node: ast.AST | None, scope: Scope, seen: frozenset[str] = frozenset()
    ) -> bool:
        """A string built at run time from non-constant parts. Each local name is expanded
        once per path (`seen`), so `q = q + ...` chains stay linear."""
        if node is None:
            return False
        if isinstance(node, ast.JoinedStr):
            return any(isinstance(v, ast.FormattedValue) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            return (
                _const_str(node.left) is not None or self.is_dynamic_str(node.left, scope, seen)
            ) and not isinstance(node.right, ast.Constant)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            parts = [node.left, node.right]
            stringy = any(
                _const_str(p) is not None or self.is_dynamic_str(p, scope, seen) for p in parts
            )
            return stringy and not all(isinstance(p, ast.Constant) for p in parts)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and (_const_str(node.func.value) is not None)
        ):
            return bool(node.args or node.keywords)
        if isinstance(node, ast.Name) and node.id not in seen:
            values = scope.assignments.get(node.id, [])
            inner = seen | {node.id}
            return any(self.is_dynamic_str(v, scope, inner) for v in values)
        return False

    def interpolated(
        self, node: ast.AST | None, scope: Scope, seen: frozenset[str] = frozenset()
    ) -> list[ast.expr]:
        """The non-constant values formatted into a string expression."""
        if isinstance(node, ast.JoinedStr):
            return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            right = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            return self.interpolated(node.left, scope, seen) + list(right)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            parts: list[ast.expr] = []
            for side in (node.left, node.right):
                if _const_str(side) is not None:
                    continue
                if self.is_dynamic_str(side, scope, seen) or isinstance(side, ast.Name):
                    inner = self.interpolated(side, scope, seen)
                    parts.extend(inner if inner or not isinstance(side, ast.Name) else [side])
                else:
                    parts.append(side)
            return parts
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return list(node.args) + [k.value for k in node.keywords]
        if isinstance(node, ast.Name) and node.id not in seen:
            inner_seen = seen | {node.id}
            return [
                part
                for value in scope.assignments.get(node.id, [])
                for part in self.interpolated(value, scope, inner_seen)
            ]
        return []

    def _safe_sql_part(self, node: ast.expr, scope: Scope) -> bool:
        if isinstance(node, ast.Constant) or self.is_constant_str(node, scope):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else (dotted(func) or "")
            return bool(SAFE_SQL_PART.search(name.rsplit(".", 1)[-1]))
        name = (dotted(node) or "").rsplit(".", 1)[-1]
        return bool(name) and bool(SAFE_SQL_PART.search(name) or re.search("quoted|escaped", name))

    def string_parts(
        self, node: ast.AST | None, scope: Scope, seen: frozenset[str] = frozenset()
    ) -> str:
        """The constant text inside a string expression (to see whether it is SQL)."""
        if node is None:
            return ""
        parts = [
            child.value
            for child in ast.walk(node)
            if isinstance(child, ast.Constant) and isinstance(child.value, str)
        ]
        names = {child.id for child in ast.walk(node) if isinstance(child, ast.Name)} - seen
        inner = seen | names
        for name in sorted(names):
            parts.extend(
                self.string_parts(v, scope, inner) for v in scope.assignments.get(name, [])
            )
        return " ".join(parts)

    def is_constant_str(
        self, node: ast.AST | None, scope: Scope, seen: frozenset[str] = frozenset()
    ) -> bool:
        if _const_str(node) is not None:
            return True
        if isinstance(node, ast.List | ast.Tuple):
            return all(self.is_constant_str(e, scope, seen) for e in node.elts)
        if isinstance(node, ast.Name) and node.id not in seen:
            values = scope.assignments.get(node.id, [])
            inner = seen | {node.id}
            return bool(values) and all(self.is_constant_str(v, scope, inner) for v in values)
        return False

    def tainted(self, node: ast.AST | None, names: set[str], sanitizers: set[str]) -> bool:
        """Does the value come from a web request (or input()) without a sanitizer?"""
        if node is None:
            return False
        if isinstance(node, ast.Call):
            qual = self.qualname(node.func) or ""
            last = node.func.attr if isinstance(node.func, ast.Attribute) else qual.split(".")[-1]
            if last in sanitizers:
                return False
            if qual == "input":
                return True
            return (
                self.tainted(node.func, names, sanitizers)
                or any(self.tainted(a, names, sanitizers) for a in node.args)
                or any(self.tainted(k.value, names, sanitizers) for k in node.keywords)
            )
        if isinstance(node, ast.Attribute):
            chain = dotted(node)
            if chain:
                parts = chain.split(".")
                if parts[0] == "self":
                    parts = parts[1:]
                if len(parts) >= 2 and parts[0] == "request" and self.request_is_web:
                    return parts[1] not in SAFE_REQUEST_ATTRS
            return self.tainted(node.value, names, sanitizers)
        if isinstance(node, ast.Name):
            return node.id in names
        if isinstance(node, ast.Subscript):
            return self.tainted(node.value, names, sanitizers)
        if isinstance(node, ast.JoinedStr):
            return any(
                isinstance(v, ast.FormattedValue)
                and not ("repr" in sanitizers and v.conversion == ord("r"))
                and self.tainted(v.value, names, sanitizers)
                for v in node.values
            )
        if isinstance(node, ast.FormattedValue):
            return self.tainted(node.value, names, sanitizers)
        if isinstance(node, ast.BinOp):
            return self.tainted(node.left, names, sanitizers) or self.tainted(
                node.right, names, sanitizers
            )
        if isinstance(node, ast.BoolOp):
            return any(self.tainted(v, names, sanitizers) for v in node.values)
        if isinstance(node, ast.IfExp):
            return self.tainted(node.body, names, sanitizers) or self.tainted(
                node.orelse, names, sanitizers
            )
        if isinstance(node, ast.Tuple | ast.List):
            return any(self.tainted(e, names, sanitizers) for e in node.elts)
        return False

    # --- driver -----------------------------------------------------------------------------
    def _boto3_clients(self) -> set[str]:
        """Names (and self.attr chains) bound to boto3 clients anywhere in the file."""
        factories = {"boto3.Session", "boto3.session.Session"}
        assigns = [
            node
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
        ]

        def targets(node: ast.Assign) -> set[str]:
            return {name for t in node.targets if (name := dotted(t))}

        sessions: set[str] = set()
        for node in assigns:
            assert isinstance(node.value, ast.Call)
            if self.qualname(node.value.func) in factories:
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
                        and self.qualname(func.value.func) in factories
                    )
                )
            )
            if from_session or self.qualname(func) in BOTO3_CLIENTS:
                clients |= targets(node)
        return clients

    def run(self) -> list[Finding]:
        module_scope = Scope.build(self.tree)
        self.clients = self._boto3_clients()
        scopes = [module_scope] + [
            Scope.build(node)
            for node in ast.walk(self.tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        for scope in scopes:
            sessions = {
                name
                for name, values in scope.assignments.items()
                if any(
                    isinstance(v, ast.Call) and self.qualname(v.func) in SESSION_FACTORIES
                    for v in values
                )
            }
            for node in scope.nodes:
                if isinstance(node, ast.Call):
                    self.check_call(node, scope, sessions)
                elif isinstance(node, ast.Assign):
                    self.check_assign(node)
                elif isinstance(node, ast.Try | ast.TryStar):
                    for handler in node.handlers:
                        self.check_except(handler, node, self._function_name(scope))
                elif isinstance(node, ast.Compare):
                    self.check_identity(node)
                elif isinstance(node, ast.For | ast.AsyncFor):
                    self.check_loop_mutation(node)
            if isinstance(scope.node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.check_defaults(scope.node)
                self.check_resource_leaks(scope)
        return self.findings

    # --- calls ------------------------------------------------------------------------------
    def check_call(self, call: ast.Call, scope: Scope, sessions: set[str]) -> None:
        qual = self.qualname(call.func) or ""
        attr = call.func.attr if isinstance(call.func, ast.Attribute) else None
        first = call.args[0] if call.args else None

        # SQL injection
        if (
            (attr in SQL_METHODS or qual in SQL_TEXT_CALLS)
            and self.is_dynamic_str(first, scope)
            and SQL_WORDS.search(self.string_parts(first, scope))
            and not all(self._safe_sql_part(p, scope) for p in self.interpolated(first, scope))
        ):
            self.report(
                "python/sql-injection",
                call,
                "SQL built with string formatting is passed to "
                f"{attr or qual}(); a quote in the data rewrites the query. Use "
                "placeholders and pass the values separately.",
            )

        # OS command injection / shell
        shell_kw = _kwarg(call, "shell")
        if qual in SHELL_CALLS or (qual in SUBPROCESS_CALLS and _is_const(shell_kw, True)):
            command = first if first is not None else _kwarg(call, "args")
            if command is not None and not self.is_constant_str(command, scope):
                self.report(
                    "python/os-command-injection",
                    call,
                    f"{qual}() runs a shell command built from variable data; a value "
                    "containing ; or $(...) runs arbitrary commands. Pass an argument list "
                    "without a shell.",
                )
            elif command is not None:
                self.report(
                    "python/subprocess-shell",
                    call,
                    f"{qual}() starts a shell for a fixed command; pass an argument list "
                    "instead (subprocess.run(['cmd', 'arg'])).",
                )

        # code injection
        if qual in {"eval", "exec"} and first is not None and not isinstance(first, ast.Constant):
            self.report(
                "python/code-injection",
                call,
                f"{qual}() evaluates a value that is not a constant; if any part comes "
                "from outside it runs attacker code. Use ast.literal_eval or json.loads.",
            )

        # insecure deserialization
        if qual in DESERIALIZERS or (qual in YAML_LOAD and not self._safe_yaml(call)):
            self.report(
                "python/insecure-deserialization",
                call,
                f"{qual}() can execute code embedded in the data. Use json, or yaml.safe_load "
                "(Loader=yaml.SafeLoader), unless this data can only come from this program.",
            )

        # weak hashes
        algorithm = None
        security = False
        if qual in {"hashlib.md5", "hashlib.sha1"}:
            algorithm = qual.split(".")[1]
        elif qual == "hashlib.new" and (_const_str(first) or "").lower() in WEAK_HASHES:
            algorithm = (_const_str(first) or "").lower()
        if algorithm and not _is_const(_kwarg(call, "usedforsecurity"), False):
            context = self.line_text(call) + " " + self._function_name(scope)
            security = bool(SECURITY_WORDS.search(context))
        if algorithm and not security and algorithm == "sha1":
            algorithm = (
                None  # SHA-1 names things (git, websockets, caches); flag it only in security use
            )
        if algorithm and not _is_const(_kwarg(call, "usedforsecurity"), False):
            self.report(
                "python/weak-hash",
                call,
                f"{algorithm.upper()} is broken for security use"
                + (" and this looks like a password/token hash" if security else "")
                + ". Use hashlib.sha256 (hashlib.scrypt for passwords), or pass "
                "usedforsecurity=False for a non-security checksum.",
                severity=Severity.HIGH if security else Severity.LOW,
            )

        # TLS verification
        self.check_tls_call(call, qual, attr)

        # insecure temp files
        if qual == "tempfile.mktemp":
            self.report(
                "python/insecure-tempfile",
                call,
                "tempfile.mktemp() returns a name another process can create first; use "
                "tempfile.NamedTemporaryFile() or mkstemp().",
            )
        if qual in {"open", "io.open"} and (_const_str(first) or "").startswith(TEMP_DIRS):
            mode = _const_str(call.args[1] if len(call.args) > 1 else _kwarg(call, "mode")) or "r"
            if any(flag in mode for flag in "wax+"):
                self.report(
                    "python/insecure-tempfile",
                    call,
                    f"Writing to the fixed path {_const_str(first)!r} in a shared temp "
                    "directory lets another user pre-create or symlink it; use tempfile.",
                )

        # file permissions
        self.check_permissions(call, qual, attr)

        # requests without timeout
        is_request = qual in REQUESTS_CALLS or qual in URLOPEN
        if (
            not is_request
            and attr in HTTP_METHODS
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id in sessions
        ):
            is_request = True
        positional_timeout = qual in URLOPEN and len(call.args) >= 3
        if (
            is_request
            and _kwarg(call, "timeout") is None
            and not _has_splat(call)
            and not positional_timeout
        ):
            self.report(
                "python/requests-no-timeout",
                call,
                f"{dotted(call.func)}() has no timeout, so a server that stops answering "
                "hangs this code forever; pass timeout=(connect, read) seconds.",
            )

        # AWS: list calls that return one page only
        if (
            attr in PAGINATED_CALLS
            and isinstance(call.func, ast.Attribute)
            and dotted(call.func.value) in self.clients
            and not PAGINATION_WORDS.search(self.scope_text(scope))
        ):
            self.report(
                "aws/missing-pagination",
                call,
                f"{attr}() returns one page (for S3 at most 1,000 keys) and this code never "
                f"follows the continuation token; use client.get_paginator('{attr}').",
            )

        # debugging leftovers
        if qual == "breakpoint" or qual in DEBUGGER_CALLS:
            self.report(
                "python/debug-leftover",
                call,
                f"{qual}() stops the program waiting for a debugger; remove it before merging.",
            )

        # naive datetimes
        self.check_datetime(call, qual)

        # XXE
        self.check_xxe(call, qual, attr)

        # request data into paths and logs
        self.check_path_traversal(call, qual, attr, scope)
        self.check_log_injection(call, qual, attr, scope)

    def scope_text(self, scope: Scope) -> str:
        node = scope.node
        if isinstance(node, ast.Module):
            return "\n".join(self.lines)
        return "\n".join(self.lines[node.lineno - 1 : node.end_lineno])

    def _function_name(self, scope: Scope) -> str:
        return getattr(scope.node, "name", "")

    def _safe_yaml(self, call: ast.Call) -> bool:
        loader = _kwarg(call, "Loader") or (call.args[1] if len(call.args) > 1 else None)
        if loader is None:
            return False
        name = (self.qualname(loader) or "").rsplit(".", 1)[-1]
        return name in YAML_SAFE_LOADERS

    def check_tls_call(self, call: ast.Call, qual: str, attr: str | None) -> None:
        root = qual.split(".")[0]
        verify = _kwarg(call, "verify")
        http_like = root in {"requests", "httpx"} or attr in HTTP_METHODS | {
            "send", "stream", "Session", "Client", "AsyncClient", "merge_environment_settings",
        }  # fmt: skip
        if _is_const(verify, False) and http_like:
            self.report(
                "python/tls-verify-disabled",
                call,
                "verify=False turns off certificate checks, so anyone on the network can "
                "read and change this traffic; point verify= at a CA bundle instead.",
            )
        if qual == "ssl._create_unverified_context":
            self.report(
                "python/tls-verify-disabled",
                call,
                "ssl._create_unverified_context() skips certificate and host name checks; "
                "use ssl.create_default_context().",
            )
        ssl_flag = _kwarg(call, "ssl")
        if (
            _is_const(ssl_flag, False) and (attr in HTTP_METHODS or qual.endswith("TCPConnector"))
        ) or (qual.endswith("TCPConnector") and _is_const(_kwarg(call, "verify_ssl"), False)):
            self.report(
                "python/tls-verify-disabled",
                call,
                "ssl=False turns off certificate checks for this connection; keep the "
                "default or pass an ssl.SSLContext.",
            )

    def check_permissions(self, call: ast.Call, qual: str, attr: str | None) -> None:
        mode_node: ast.expr | None = None
        if qual in {"os.chmod", "os.fchmod", "os.lchmod"} and len(call.args) >= 2:
            mode_node = call.args[1]
        elif qual in {"os.chmod", "os.fchmod", "os.lchmod"}:
            mode_node = _kwarg(call, "mode")
        elif qual in {"os.mkdir", "os.makedirs"}:
            mode_node = _kwarg(call, "mode") or (call.args[1] if len(call.args) > 1 else None)
        elif qual == "os.open":
            mode_node = _kwarg(call, "mode") or (call.args[2] if len(call.args) > 2 else None)
        elif attr == "chmod" and not qual.startswith("os.") and len(call.args) == 1:
            mode_node = call.args[0]
        mode = self._int_value(mode_node)
        if mode is not None and mode & stat.S_IWOTH:
            self.report(
                "python/insecure-file-permissions",
                call,
                f"Mode {oct(mode)} lets every user on the machine write this path; grant only "
                "what the owner needs (0o600 files, 0o700 directories).",
            )

    def _int_value(self, node: ast.AST | None) -> int | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value if not isinstance(node.value, bool) else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr | ast.Add):
            left, right = self._int_value(node.left), self._int_value(node.right)
            if left is not None and right is not None:
                return left | right if isinstance(node.op, ast.BitOr) else left + right
        name = self.qualname(node) if node is not None else None
        if name and name.startswith("stat.S_"):
            value = getattr(stat, name[5:], None)
            return value if isinstance(value, int) else None
        return None

    def check_datetime(self, call: ast.Call, qual: str) -> None:
        if not qual.startswith("datetime.datetime."):
            return
        method = qual.rsplit(".", 1)[-1]
        naive = False
        if method in {"utcnow", "utcfromtimestamp", "today"}:
            naive = True
        elif method == "now":
            naive = not call.args and _kwarg(call, "tz") is None
        elif method == "fromtimestamp":
            naive = len(call.args) < 2 and _kwarg(call, "tz") is None
        if naive:
            self.report(
                "python/naive-datetime",
                call,
                f"datetime.{method}() returns a naive datetime (no time zone), which compares "
                "and serialises wrongly across zones; pass tz=timezone.utc.",
            )

    def check_xxe(self, call: ast.Call, qual: str, attr: str | None) -> None:
        unsafe = False
        if qual.endswith("XMLParser") and (
            _is_const(_kwarg(call, "resolve_entities"), True)
            or _is_const(_kwarg(call, "no_network"), False)
        ):
            unsafe = True
        if attr == "setFeature" and len(call.args) == 2 and _is_const(call.args[1], True):
            feature = self.qualname(call.args[0]) or _const_str(call.args[0]) or ""
            if feature.endswith(("feature_external_ges", "feature_external_pes")) or (
                "external-general-entities" in feature or "external-parameter-entities" in feature
            ):
                unsafe = True
        if qual == "xmltodict.parse" and _is_const(_kwarg(call, "disable_entities"), False):
            unsafe = True
        if unsafe:
            self.report(
                "python/xxe",
                call,
                "This XML parser resolves external entities, so a document can read local "
                "files or reach internal URLs (XXE); leave entity resolution off or use "
                "defusedxml.",
            )

    def check_path_traversal(
        self, call: ast.Call, qual: str, attr: str | None, scope: Scope
    ) -> None:
        target: ast.expr | None = None
        if qual in PATH_SINKS:
            target = call.args[0] if call.args else (_kwarg(call, "file") or _kwarg(call, "path"))
        elif attr in PATH_METHODS and isinstance(call.func, ast.Attribute):
            receiver = call.func.value
            is_path = (
                isinstance(receiver, ast.Call)
                and (self.qualname(receiver.func) or "").endswith("Path")
            ) or (isinstance(receiver, ast.BinOp) and isinstance(receiver.op, ast.Div))
            if is_path:
                target = receiver
        if target is None:
            return
        names = scope.tainted_names(PATH_SANITIZERS, self)
        if self.tainted(target, names, PATH_SANITIZERS):
            self.report(
                "python/path-traversal",
                call,
                "A file path is built from request data; a name like ../../etc/passwd "
                "escapes the intended directory. Use secure_filename()/os.path.basename() "
                "or check the resolved path stays inside the base directory.",
            )

    def check_log_injection(
        self, call: ast.Call, qual: str, attr: str | None, scope: Scope
    ) -> None:
        if attr not in LOG_METHODS or not isinstance(call.func, ast.Attribute):
            return
        receiver = dotted(call.func.value) or ""
        last = receiver.rsplit(".", 1)[-1]
        if not (qual.startswith("logging.") or LOGGER_NAME.match(last)):
            return
        names = scope.tainted_names(LOG_SANITIZERS, self)
        values = list(call.args) + [k.value for k in call.keywords]
        if any(self.tainted(v, names, LOG_SANITIZERS) for v in values):
            self.report(
                "python/log-injection",
                call,
                "Request data is logged as-is; a value with a newline forges extra log "
                "lines. Log it with %r or strip \\r and \\n first.",
            )

    # --- statements ----------------------------------------------------------------------
    def check_assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if not isinstance(target, ast.Attribute):
                continue
            if target.attr == "check_hostname" and _is_const(node.value, False):
                self.report(
                    "python/tls-verify-disabled",
                    node,
                    "check_hostname = False accepts a certificate for any host; keep it on.",
                )
            if target.attr == "verify_mode" and self.qualname(node.value) == "ssl.CERT_NONE":
                self.report(
                    "python/tls-verify-disabled",
                    node,
                    "verify_mode = ssl.CERT_NONE accepts any certificate; use CERT_REQUIRED.",
                )
            if target.attr == "verify" and _is_const(node.value, False):
                self.report(
                    "python/tls-verify-disabled",
                    node,
                    "session.verify = False turns off certificate checks for every request "
                    "of this session; point it at a CA bundle instead.",
                )

    def check_except(
        self, handler: ast.ExceptHandler, block: ast.Try | ast.TryStar, func: str
    ) -> None:
        broad = handler.type is None or self._is_broad(handler.type)
        if not broad or func in {"__del__", "__exit__", "__aexit__"}:
            return  # finalizers must not raise: ignoring errors there is the right thing
        silent = all(
            isinstance(stmt, ast.Pass | ast.Continue)
            or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
            for stmt in handler.body
        )
        caught = "everything" if handler.type is None else ast.unparse(handler.type)
        if silent and not self._best_effort_cleanup(block):
            catches_everything = handler.type is None or "BaseException" in caught
            self.report(
                "python/swallowed-exception",
                handler,
                f"This handler catches {caught} and ignores it, so real failures vanish; "
                "catch the specific exception you expect, or log it.",
                severity=Severity.MEDIUM if catches_everything else Severity.LOW,
            )
            return
        reraises = any(isinstance(n, ast.Raise) for n in ast.walk(handler))
        if handler.type is None and not reraises:
            self.report(
                "python/bare-except",
                handler,
                "A bare 'except:' also catches KeyboardInterrupt and SystemExit; catch "
                "Exception or narrower.",
            )

    @staticmethod
    def _best_effort_cleanup(block: ast.Try | ast.TryStar) -> bool:
        """`try: f.close() except Exception: pass` is deliberate: cleanup that may fail."""
        calls = []
        for stmt in block.body:
            if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call | ast.Await)):
                return False
            call = stmt.value.value if isinstance(stmt.value, ast.Await) else stmt.value
            if not isinstance(call, ast.Call):
                return False
            func = call.func
            calls.append(func.attr if isinstance(func, ast.Attribute) else dotted(func) or "")
        return bool(calls) and all(name.rsplit(".", 1)[-1] in CLEANUP_CALLS for name in calls)

    def _is_broad(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Tuple):
            return any(self._is_broad(e) for e in node.elts)
        return (self.qualname(node) or "") in {"Exception", "BaseException", "builtins.Exception"}

    def check_identity(self, node: ast.Compare) -> None:
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
            if isinstance(op, ast.Is | ast.IsNot) and (self._literal(left) or self._literal(right)):
                symbol = "is" if isinstance(op, ast.Is) else "is not"
                fixed = "==" if isinstance(op, ast.Is) else "!="
                self.report(
                    "python/identity-with-literal",
                    node,
                    f"'{symbol}' with a literal compares object identity, which depends on "
                    f"interpreter caching; use '{fixed}'.",
                )
                return

    @staticmethod
    def _literal(node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return not any(node.value is v for v in (None, True, False, ...))
        return isinstance(node, ast.List | ast.Dict | ast.Set | ast.JoinedStr) or (
            isinstance(node, ast.Tuple) and bool(node.elts)
        )

    def check_loop_mutation(self, loop: ast.For | ast.AsyncFor) -> None:
        iterable = loop.iter
        dict_view = (
            isinstance(iterable, ast.Call)
            and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr in {"keys", "values", "items"}
            and not iterable.args
        )
        if dict_view:
            assert isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute)
            iterable = iterable.func.value
        name = dotted(iterable)
        if name is None:
            return
        for stmt, block_rest in _statements_with_rest(loop.body):
            if not self._mutates(stmt, name, growing_is_fine=not dict_view):
                continue
            if any(isinstance(s, ast.Break | ast.Return | ast.Raise) for s in block_rest):
                continue
            self.report(
                "python/modify-while-iterating",
                stmt,
                f"{name} is changed while the loop iterates over it, which skips items (lists) "
                f"or raises RuntimeError (dicts, sets); iterate over a copy: list({name}).",
            )
            return

    @staticmethod
    def _mutates(stmt: ast.stmt, name: str, growing_is_fine: bool) -> bool:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            func = stmt.value.func
            return (
                isinstance(func, ast.Attribute)
                and func.attr in MUTATORS
                and not (growing_is_fine and func.attr in LIST_GROWERS)
                and dotted(func.value) == name
            )
        if isinstance(stmt, ast.Delete):
            return any(
                isinstance(t, ast.Subscript) and dotted(t.value) == name for t in stmt.targets
            )
        if isinstance(stmt, ast.AugAssign) and not growing_is_fine:
            return dotted(stmt.target) == name and isinstance(stmt.op, ast.Add | ast.BitOr)
        return False

    def check_defaults(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        positional = func.args.posonlyargs + func.args.args
        pairs = list(
            zip(
                positional[len(positional) - len(func.args.defaults) :],
                func.args.defaults,
                strict=True,
            )
        )
        pairs += [
            (a, d)
            for a, d in zip(func.args.kwonlyargs, func.args.kw_defaults, strict=True)
            if d is not None
        ]
        for arg, default in pairs:
            if not self._mutable(default):
                continue
            mutated = self._param_mutated(func, arg.arg)
            self.report(
                "python/mutable-default-argument",
                default,
                f"The default for '{arg.arg}' is created once and shared by every call"
                + (" and this function changes it" if mutated else "")
                + f"; default to None and create it inside ({arg.arg} = [] if None).",
                severity=Severity.MEDIUM if mutated else Severity.LOW,
            )

    def _mutable(self, node: ast.expr) -> bool:
        if isinstance(
            node, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp | ast.SetComp
        ):
            return True
        return isinstance(node, ast.Call) and (self.qualname(node.func) or "") in MUTABLE_FACTORIES

    @staticmethod
    def _param_mutated(func: ast.AST, name: str) -> bool:
        for node in _walk_scope(func):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MUTATORS
                and dotted(node.func.value) == name
            ):
                return True
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            elif isinstance(node, ast.Delete):
                targets = node.targets
            if any(
                isinstance(t, ast.Subscript | ast.Attribute) and dotted(t.value) == name
                for t in targets
            ) or (isinstance(node, ast.AugAssign) and dotted(node.target) == name):
                return True
        return False

    def check_resource_leaks(self, scope: Scope) -> None:
        global_names = {
            n
            for node in scope.nodes
            if isinstance(node, ast.Global | ast.Nonlocal)
            for n in node.names
        }
        for node in scope.nodes:
            if not (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call)
            ):
                continue
            opener = self.qualname(node.value.func) or ""
            name = node.targets[0].id
            if opener not in RESOURCE_OPENERS or name in global_names:
                continue
            source = node.value.args[0] if node.value.args else None
            if isinstance(source, ast.Call) and self.qualname(source.func) in IN_MEMORY_BUFFERS:
                continue  # a ZipFile/GzipFile over bytes in memory holds no OS resource
            if not self._released_or_escapes(scope, name, node):
                self.report(
                    "python/resource-leak",
                    node,
                    f"'{name}' from {opener}() is never closed on this path; use "
                    f"'with {opener}(...) as {name}:' so it is closed even on errors.",
                )

    def _released_or_escapes(self, scope: Scope, name: str, origin: ast.Assign) -> bool:
        for node in scope.nodes:
            if node is origin:
                continue
            if (
                isinstance(node, ast.Attribute)
                and node.attr in CLOSERS
                and dotted(node.value) == name
            ):
                return True  # f.close() or f.close passed as a callback
            if isinstance(node, ast.withitem) and any(
                isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.context_expr)
            ):
                return True
            if (
                isinstance(node, ast.Return | ast.Yield | ast.YieldFrom)
                and node.value is not None
                and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.value))
            ):
                return True
            if isinstance(node, ast.Assign | ast.AnnAssign) and _holds(node.value, name):
                return True  # stored elsewhere: someone else closes it
            if isinstance(node, ast.Call) and not self._consumer(node):
                arguments = list(node.args) + [k.value for k in node.keywords]
                if any(isinstance(a, ast.Name) and a.id == name for a in arguments):
                    return True
        return False

    def _consumer(self, call: ast.Call) -> bool:
        return (self.qualname(call.func) or "") in RESOURCE_CONSUMERS


def _holds(value: ast.AST | None, name: str) -> bool:
    """Does the expression hand over the object itself (not something read from it)?"""
    if isinstance(value, ast.Name):
        return value.id == name
    if isinstance(value, ast.Tuple | ast.List | ast.Set):
        return any(_holds(e, name) for e in value.elts)
    if isinstance(value, ast.Dict):
        return any(_holds(v, name) for v in value.values)
    if isinstance(value, ast.IfExp):
        return _holds(value.body, name) or _holds(value.orelse, name)
    return False


def _statements_with_rest(
    body: list[ast.stmt], after: tuple[ast.stmt, ...] = ()
) -> Iterator[tuple[ast.stmt, list[ast.stmt]]]:
    """Every statement in a loop body (recursively, not into nested scopes) with the
    statements that run after it before the loop's next turn: the rest of its own block and
    of every enclosing block (so a `break` after an `if` that mutated still counts)."""
    for index, stmt in enumerate(body):
        rest = (*body[index + 1 :], *after)
        yield stmt, list(rest)
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for attr in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, attr, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                if isinstance(stmt, ast.For | ast.While | ast.AsyncFor) and attr == "body":
                    # a break inside a nested loop leaves that loop, not ours: only what
                    # follows the nested loop counts
                    yield from ((s, list(rest)) for s, _ in _statements_with_rest(inner))
                else:
                    yield from _statements_with_rest(inner, rest)
        for handler in getattr(stmt, "handlers", []) or []:
            yield from _statements_with_rest(handler.body, rest)


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
                found = FileChecker(changed.path, changed.content, tree).run()
                if TEST_FILE.search(changed.path):
                    found = [f for f in found if f.rule not in TEST_EXEMPT_RULES]
                findings.extend(found)
            except RecursionError:
                change.notes.append(f"python checks skipped for {changed.path}: too deeply nested")
        return findings
