"""Web framework configuration written in code: debug mode on, a committed SECRET_KEY,
cookies without Secure/HttpOnly/SameSite, and CSRF protection switched off (Flask, Django,
FastAPI/Starlette responses)."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.python.ast_utils import const_str, dotted, is_const, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

SECRET_SETTINGS = {"SECRET_KEY", "JWT_SECRET_KEY", "SECURITY_PASSWORD_SALT", "WTF_CSRF_SECRET_KEY"}
COOKIE_FLAGS_OFF = {
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY", "REMEMBER_COOKIE_SECURE", "REMEMBER_COOKIE_HTTPONLY",
}  # fmt: skip
CSRF_OFF = {"WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT", "CSRF_ENABLED"}
CSRF_EXEMPT = {
    "django.views.decorators.csrf.csrf_exempt", "csrf_exempt", "flask_wtf.csrf.exempt",
}  # fmt: skip
# a value that is obviously a placeholder or read from elsewhere is fine
PLACEHOLDER = re.compile(r"^(|changeme|change-me|dummy|test|testing|xxx+|\*+|<.*>)$", re.I)
FRAMEWORKS = (
    "flask", "django", "fastapi", "starlette", "quart", "pyramid", "bottle", "rest_framework",
)  # fmt: skip

detectors = Family("web_config")


SETTINGS_MARKERS = {
    "INSTALLED_APPS", "ALLOWED_HOSTS", "MIDDLEWARE", "ROOT_URLCONF", "DATABASES",
    "SECRET_KEY", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "WSGI_APPLICATION",
}  # fmt: skip


def _web_module(context: FileContext) -> bool:
    """A module of a web app: it imports a framework, or it is a settings module (named
    so, or assigning Django-style settings at module level)."""
    if "web_module" not in context.memo:
        module_names = {
            target.id
            for node in context.tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        context.memo["web_module"] = (
            any(name.split(".")[0] in FRAMEWORKS for name in context.aliases.values())
            or context.path.rsplit("/", 1)[-1].startswith("settings")
            or bool(module_names & SETTINGS_MARKERS)
        )
    return bool(context.memo["web_module"])


def _setting_name(context: FileContext, target: ast.expr) -> str | None:
    """`DEBUG`, `app.debug`, `app.config["DEBUG"]`, `app.secret_key` → the setting's name."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute) and target.attr in {"debug", "secret_key"}:
        return target.attr.upper()
    if (
        isinstance(target, ast.Subscript)
        and isinstance(target.value, ast.Attribute)
        and target.value.attr == "config"
    ):
        return const_str(target.slice)
    return None


@detectors.node(ast.Assign)
def settings_assignment(context: FileContext, node: ast.Assign, scope: Scope) -> None:
    if not _web_module(context):
        return
    for target in node.targets:
        name = _setting_name(context, target)
        if name is not None:
            _check_setting(context, name, node.value, node)


@detectors.call
def settings_update(context: FileContext, call: CallSite, scope: Scope) -> None:
    """app.config.update(DEBUG=True, ...) / app.config.from_mapping(SECRET_KEY="...")."""
    node = call.node
    if call.attr not in {"update", "from_mapping"} or not isinstance(node.func, ast.Attribute):
        return
    if not (dotted(node.func.value) or "").endswith("config") or not _web_module(context):
        return
    for keyword in node.keywords:
        if keyword.arg is not None:
            _check_setting(context, keyword.arg, keyword.value, keyword)


def _check_setting(context: FileContext, name: str, value: ast.expr, node: ast.AST) -> None:
    if name == "DEBUG" and is_const(value, True):
        context.report(
            "python/debug-enabled",
            node,
            "DEBUG = True in code ships the debugger and stack traces to production; "
            "read it from the environment (os.environ.get('DEBUG') == '1').",
        )
    elif name in SECRET_SETTINGS:
        text = const_str(value)
        if text is not None and not PLACEHOLDER.match(text.strip()):
            context.report(
                "python/hardcoded-secret-key",
                node,
                f"{name} is written in the source, so anyone who can read it can forge "
                f"sessions; load it with os.environ['{name}'] and rotate this value.",
            )
    elif name in COOKIE_FLAGS_OFF and is_const(value, False):
        context.report(
            "python/insecure-cookie",
            node,
            f"{name} = False sends the cookie "
            + ("over plain HTTP" if "SECURE" in name else "to JavaScript")
            + "; set it to True.",
        )
    elif name in CSRF_OFF and is_const(value, False):
        context.report(
            "python/csrf-disabled",
            node,
            f"{name} = False turns off CSRF checks for every form; keep them on.",
        )


@detectors.call
def debug_run(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.attr == "run" and is_const(kwarg(call.node, "debug"), True) and _web_module(context):
        context.report(
            "python/debug-enabled",
            call.node,
            "run(debug=True) starts the interactive debugger, which runs any code a visitor "
            "sends; take debug from the environment (FLASK_DEBUG) instead.",
        )


@detectors.call
def insecure_cookie(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.attr != "set_cookie" or len(call.node.args) + len(call.node.keywords) < 2:
        return
    if any(k.arg is None for k in call.node.keywords):
        return  # **options: cannot tell
    name = (const_str(call.first) or "").lower()
    missing = [
        flag
        for flag in ("secure", "httponly", "samesite")
        if kwarg(call.node, flag) is None
        or is_const(kwarg(call.node, flag), False)
        or is_const(kwarg(call.node, flag), None)
    ]
    sensitive = any(word in name for word in ("session", "token", "auth", "sid", "remember"))
    if ("secure" in missing or "httponly" in missing) and (sensitive or len(missing) == 3):
        context.report(
            "python/insecure-cookie",
            call.node,
            f"This cookie is set without {', '.join(missing)}; pass secure=True, "
            "httponly=True, samesite='Lax' so it is not sent over HTTP, read by scripts, "
            "or sent on cross-site requests.",
        )


@detectors.node(ast.FunctionDef, ast.AsyncFunctionDef)
def csrf_exempt(context: FileContext, node: ast.FunctionDef, scope: Scope) -> None:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = context.qualname(target) or ""
        if name in CSRF_EXEMPT or name.endswith("csrf.exempt"):
            context.report(
                "python/csrf-disabled",
                decorator,
                f"'{node.name}' accepts cookie-authenticated POSTs without a CSRF token; "
                "remove the exemption, or authenticate this endpoint by signature instead.",
            )


# --- second round: hosts, CORS, password policy, mass assignment --------------------------

WEAK_HASHERS = re.compile(r"(MD5|SHA1|UnsaltedSHA1|UnsaltedMD5|Crypt)PasswordHasher$")
CORS_CALLS = {"flask_cors.CORS", "flask_cors.cross_origin"}


def _module_value(context: FileContext, name: str) -> ast.expr | None:
    for node in context.tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return node.value
    return None


@detectors.node(ast.Assign)
def settings_policy(context: FileContext, node: ast.Assign, scope: Scope) -> None:
    if scope.is_function or not _web_module(context):
        return
    for target in node.targets:
        name = _setting_name(context, target)
        value = node.value
        if name == "ALLOWED_HOSTS" and isinstance(value, ast.List | ast.Tuple):
            if any(const_str(e) == "*" for e in value.elts):
                context.report(
                    "python/allowed-hosts-wildcard",
                    node,
                    "ALLOWED_HOSTS = ['*'] accepts any Host header, so password-reset and "
                    "absolute links can point at an attacker's host; list the real names.",
                )
        elif name == "AUTH_PASSWORD_VALIDATORS" and isinstance(value, ast.List) and not value.elts:
            context.report(
                "python/password-validation-disabled",
                node,
                "An empty AUTH_PASSWORD_VALIDATORS accepts '1' or 'password' as a password; keep "
                "at least the length and common-password validators.",
            )
        elif name == "PASSWORD_HASHERS" and isinstance(value, ast.List | ast.Tuple) and value.elts:
            first = const_str(value.elts[0]) or ""
            if WEAK_HASHERS.search(first):
                context.report(
                    "python/weak-password-hasher",
                    node,
                    f"New passwords are hashed with {first.rsplit('.', 1)[-1]}, which a GPU "
                    "cracks at billions of guesses a second; put Argon2/PBKDF2 first.",
                )
        elif name in {"CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"} and is_const(value, True):
            credentials = _module_value(context, "CORS_ALLOW_CREDENTIALS")
            if is_const(credentials, True):
                context.report(
                    "python/cors-wildcard-credentials",
                    node,
                    "Every origin may make credentialed requests, so any web page a user "
                    "visits can read their data here; list CORS_ALLOWED_ORIGINS instead.",
                )


def _wildcard(node: ast.expr | None) -> bool:
    if const_str(node) in {"*", ".*", "^.*$"}:
        return True
    return isinstance(node, ast.List | ast.Tuple | ast.Set) and any(
        const_str(e) in {"*", ".*"} for e in node.elts
    )


@detectors.call
def cors_wildcard_credentials(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.qual in CORS_CALLS:
        origins = kwarg(node, "origins")
        resources = kwarg(node, "resources")
        if origins is None and isinstance(resources, ast.Dict):
            origins = next(
                (
                    v.values[i]
                    for v in resources.values
                    if isinstance(v, ast.Dict)
                    for i, k in enumerate(v.keys)
                    if const_str(k) == "origins"
                ),
                None,
            )
        wildcard = origins is None or _wildcard(origins)
        credentials = is_const(kwarg(node, "supports_credentials"), True)
    elif (context.qualname(call.first) or "").endswith("CORSMiddleware") and call.attr in {
        "add_middleware",
        "Middleware",
    }:
        wildcard = _wildcard(kwarg(node, "allow_origins")) or _wildcard(
            kwarg(node, "allow_origin_regex")
        )
        credentials = is_const(kwarg(node, "allow_credentials"), True)
    else:
        return
    if wildcard and credentials:
        context.report(
            "python/cors-wildcard-credentials",
            node,
            "CORS reflects any origin and allows credentials, so any web page a user visits "
            "can call this API as them; list the trusted origins.",
        )


@detectors.node(ast.ClassDef)
def modelform_all_fields(context: FileContext, node: ast.ClassDef, scope: Scope) -> None:
    # scopes do not descend into classes, so look for the form's nested Meta from here
    for meta in node.body:
        if not (isinstance(meta, ast.ClassDef) and meta.name == "Meta"):
            continue
        for stmt in meta.body:
            if (
                isinstance(stmt, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "fields" for t in stmt.targets)
                and const_str(stmt.value) == "__all__"
                and _web_module(context)
            ):
                context.report(
                    "python/modelform-all-fields",
                    stmt,
                    "fields = '__all__' lets a posted form or JSON body set every model field, "
                    "including ones such as is_staff or owner; list the editable fields.",
                )
