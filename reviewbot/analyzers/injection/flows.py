"""Sinks that only matter when user input reaches them (see `taint`): outgoing requests
(SSRF), redirects, raw HTML responses (XSS), LDAP filters and XPath queries, and regular
expressions compiled from the input (ReDoS)."""

from __future__ import annotations

import ast

from reviewbot.analyzers.injection.taint import describe, report_flow, taint_of
from reviewbot.analyzers.python.ast_utils import kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

HTTP_CLIENTS = ("requests.", "httpx.", "urllib.request.", "urllib3.", "aiohttp.")
HTTP_CALLS = {"get", "post", "put", "patch", "delete", "head", "options", "request",
              "urlopen", "Request", "stream", "urlretrieve"}  # fmt: skip
SESSION_NAMES = ("session", "client", "http", "sess", "opener", "pool")
REDIRECT_CALLS = {"redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect",
                  "RedirectResponse", "HTTPFound", "HTTPSeeOther",
                  "HTTPMovedPermanently"}  # fmt: skip
HTML_CALLS = {"render_template_string", "Markup", "HttpResponse", "mark_safe",
              "HTMLResponse", "format_html_join", "SafeString", "make_response",
              "Template"}  # fmt: skip
HTML_SANITIZERS = {"escape", "html.escape", "clean", "conditional_escape", "quote",
                   "render_template", "urlencode", "jsonify", "dumps", "linkify",
                   "strip_tags"}  # fmt: skip
LDAP_METHODS = {"search", "search_s", "search_st", "search_ext", "search_ext_s",
                "paged_search"}  # fmt: skip
LDAP_SANITIZERS = {"escape_filter_chars", "escape_dn_chars", "escape_rdn"}
XPATH_METHODS = {"xpath", "findall", "find", "iterfind", "XPath", "evaluate", "findtext"}
REGEX_CALLS = {"re.compile", "re.match", "re.search", "re.fullmatch", "re.findall",
               "re.finditer", "re.sub", "re.split", "regex.compile", "regex.search",
               "regex.match"}  # fmt: skip
REGEX_SANITIZERS = {"escape"}
URL_SANITIZERS: set[str] = {"quote", "quote_plus", "urlencode"}

detectors = Family("injection/flows")


def _report(
    context: FileContext,
    scope: Scope,
    call: CallSite,
    rule: str,
    value: ast.expr,
    sanitizers: set[str],
    what: str,
    fix: str,
) -> bool:
    taint = taint_of(context, scope, value, sanitizers, call.node)
    if taint is None:
        return False
    report_flow(context, rule, call.node, taint, what, f"{describe(taint)} reaches {what}. {fix}")
    return True


def _resolved(value: ast.expr, scope: Scope) -> list[ast.expr]:
    """The expressions a local name may hold (`url = f"https://api/{x}"; get(url)`), or
    the value itself."""
    if isinstance(value, ast.Name):
        values = scope.assignments.get(value.id, [])
        if values and all(isinstance(v, ast.JoinedStr | ast.BinOp) for v in values):
            return list(values)
    return [value]


def _url_host_tainted(value: ast.expr) -> ast.expr:
    """The part of a URL expression that decides the host: a URL built as
    f"https://api.example.com/items/{item}" has a fixed host, so only a value in the
    scheme/host position counts."""
    if isinstance(value, ast.JoinedStr) and value.values:
        head = value.values[0]
        if isinstance(head, ast.Constant) and isinstance(head.value, str):
            text = head.value
            if "://" in text and "/" in text.split("://", 1)[1]:
                return ast.Constant(value="")  # fixed scheme, host and path prefix
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        left = value.left
        while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add):
            left = left.left
        if isinstance(left, ast.Constant) and isinstance(left.value, str):
            text = left.value
            if "://" in text and "/" in text.split("://", 1)[1]:
                return ast.Constant(value="")
    return value


@detectors.call
def ssrf(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    is_client = (
        call.qual.startswith(HTTP_CLIENTS) and (call.attr or call.qual).split(".")[-1] in HTTP_CALLS
    )
    if not is_client and call.attr in HTTP_CALLS and isinstance(node.func, ast.Attribute):
        receiver = node.func.value
        name = receiver.id if isinstance(receiver, ast.Name) else ""
        is_client = name.lower().endswith(SESSION_NAMES)
    if not is_client:
        return
    url = kwarg(node, "url")
    if url is None and node.args:
        url = node.args[1] if call.attr == "request" and len(node.args) > 1 else node.args[0]
    if url is None:
        return
    if all(
        isinstance(fixed := _url_host_tainted(v), ast.Constant) and fixed.value == ""
        for v in _resolved(url, scope)
    ):
        return  # every URL it may be has a fixed scheme and host
    _report(
        context,
        scope,
        call,
        "python/ssrf",
        _url_host_tainted(url),
        URL_SANITIZERS,
        "the URL of an outgoing request",
        "Check the host against an allow-list before fetching it.",
    )


def _stays_on_site(target: ast.expr) -> bool:
    if not isinstance(target, ast.JoinedStr | ast.BinOp):
        return False
    first = target.values[0] if isinstance(target, ast.JoinedStr) and target.values else None
    left = target.left if isinstance(target, ast.BinOp) else first
    while isinstance(left, ast.BinOp):
        left = left.left
    text = str(left.value) if isinstance(left, ast.Constant) else ""
    return text.startswith("/") and not text.startswith(("//", "/\\"))


@detectors.call
def open_redirect(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual.rsplit(".", 1)[-1] not in REDIRECT_CALLS:
        return
    target = call.first if call.first is not None else kwarg(call.node, "location")
    if target is None:
        target = kwarg(call.node, "url")
    if target is None:
        return
    if all(_stays_on_site(v) for v in _resolved(target, scope)):
        return  # "/items/" + slug keeps the user on this site
    _report(
        context,
        scope,
        call,
        "python/open-redirect",
        target,
        set(),
        f"the target of {call.qual.rsplit('.', 1)[-1]}()",
        "Redirect only to relative paths or allow-listed hosts.",
    )


@detectors.call
def xss(context: FileContext, call: CallSite, scope: Scope) -> None:
    name = call.qual.rsplit(".", 1)[-1]
    if call.first is None:
        return
    if name == "Response":
        # Flask/werkzeug and Pyramid/WebOb responses default to text/html; Starlette's
        # and FastAPI's have no type unless given one
        content_type = (
            kwarg(call.node, "content_type")
            or kwarg(call.node, "media_type")
            or kwarg(call.node, "mimetype")
        )
        html_by_default = call.qual.startswith(("flask", "werkzeug", "pyramid", "webob"))
        if content_type is None and not html_by_default:
            return
        if content_type is not None and not (
            isinstance(content_type, ast.Constant) and "html" in str(content_type.value)
        ):
            return
    elif name not in HTML_CALLS:
        return
    if name == "make_response" or name == "HttpResponse":
        content_type = kwarg(call.node, "content_type") or kwarg(call.node, "mimetype")
        if content_type is not None and "html" not in str(getattr(content_type, "value", "html")):
            return
    _report(
        context,
        scope,
        call,
        "python/xss",
        call.first,
        HTML_SANITIZERS,
        f"HTML sent by {name}() without escaping",
        "Escape it with markupsafe.escape/html.escape or render an auto-escaping template.",
    )


@detectors.call
def ldap_xpath(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.attr in LDAP_METHODS and (
        context.aliases.get("ldap")
        or context.aliases.get("ldap3")
        or any(t.startswith(("ldap", "ldap3")) for t in context.aliases.values())
    ):
        values = list(node.args[1:]) + [
            k.value for k in node.keywords if k.arg in {"search_filter", "filterstr", "filter"}
        ]
        for value in values:
            if _report(
                context,
                scope,
                call,
                "python/ldap-xpath-injection",
                value,
                LDAP_SANITIZERS,
                "an LDAP search filter",
                "Escape it with ldap.filter.escape_filter_chars.",
            ):
                return
    elif (
        call.attr in XPATH_METHODS
        and call.first is not None
        and any(t.startswith(("lxml", "xml.", "elementpath")) for t in context.aliases.values())
    ):
        _report(
            context,
            scope,
            call,
            "python/ldap-xpath-injection",
            call.first,
            set(),
            "an XPath query",
            "Pass it as an XPath variable ($name=value) instead.",
        )


@detectors.call
def redos(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual not in REGEX_CALLS or call.first is None:
        return
    _report(
        context,
        scope,
        call,
        "python/redos",
        call.first,
        REGEX_SANITIZERS,
        f"the pattern of {call.qual}()",
        "Escape it with re.escape or match plain text.",
    )
