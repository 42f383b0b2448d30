"""The taint engine: each kind of source reaches a sink and is reported with its line;
each sanitiser or guard clears it; constant-only strings never count."""

from __future__ import annotations

import ast
import textwrap

import pytest

from reviewbot.analyzers.injection.taint import taint_of
from reviewbot.analyzers.python.analyzer import check_file
from reviewbot.analyzers.python.context import FileContext, Scope


def findings(source: str) -> list[tuple[int, str, str]]:
    source = textwrap.dedent(source)
    return [
        (f.line or 0, f.rule, f.message) for f in check_file("app.py", source, ast.parse(source))
    ]


def rules_at(source: str) -> set[tuple[int, str]]:
    return {(line, rule) for line, rule, _ in findings(source)}


def test_source_line_is_named_in_the_message() -> None:
    ((line, rule, message),) = findings(
        """
        from flask import request
        def search(cur):
            term = request.args.get("q")
            query = "SELECT * FROM t WHERE name = '" + term + "'"
            cur.execute(query)
        """
    )
    assert (line, rule) == (6, "python/sql-injection")
    assert "user input from line 4 (request.args) reaches the SQL text of this execute()" in message


def test_finding_carries_the_flow_from_source_to_sink() -> None:
    source = textwrap.dedent(
        """
        from flask import request
        def search(cur):
            term = request.args.get("q")
            like = "%" + term + "%"
            query = "SELECT * FROM t WHERE name LIKE '" + like + "'"
            cur.execute(query)
        """
    )
    (finding,) = check_file("app.py", source, ast.parse(source))
    assert [(s.line, s.message) for s in finding.flow] == [
        (4, "user input enters from request.args"),
        (5, "flows into like"),
        (6, "flows into query"),
        (7, "reaches this execute()"),
    ]
    assert {s.path for s in finding.flow} == {"app.py"}


@pytest.mark.parametrize(
    ("prelude", "read"),
    [
        ("import sys", "sys.argv[1]"),
        ("import os", 'os.environ["TARGET"]'),
        ("import os", 'os.getenv("TARGET")'),
        ("", 'input("target? ")'),
        ("import socket", "socket.socket().recv(1024).decode()"),
    ],
)
def test_non_web_sources_reach_a_shell(prelude: str, read: str) -> None:
    source = f"""
{prelude}
import subprocess
def run():
    target = {read}
    subprocess.run("ping -c1 " + target, shell=True)
"""
    found = findings(source)
    assert [(line, rule) for line, rule, _ in found] == [(6, "python/os-command-injection")]
    assert "user input from line 5 (" in found[0][2]


DJANGO_VIEW = """
from django.http import HttpResponse
def show(request, slug):
    return HttpResponse('<p>' + slug + '</p>')
"""
DJANGO_QUERY = """
from django.http import HttpResponse
def show(request):
    return HttpResponse('<p>' + request.GET['s'] + '</p>')
"""
FASTAPI_QUERY = """
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
app = FastAPI()
@app.get('/s')
def show(slug: str):
    return HTMLResponse('<p>' + slug + '</p>')
"""
PYRAMID_PARAMS = """
from pyramid.view import view_config
from markupsafe import Markup
@view_config(route_name='s')
def show(request):
    return Markup('<p>' + request.params['s'] + '</p>')
"""
FLASK_ROUTE = """
from flask import Flask, render_template_string
app = Flask(__name__)
@app.route('/s/<slug>')
def show(slug):
    return render_template_string('<p>' + slug + '</p>')
"""


@pytest.mark.parametrize(
    "view", [DJANGO_VIEW, DJANGO_QUERY, FASTAPI_QUERY, PYRAMID_PARAMS, FLASK_ROUTE]
)
def test_framework_sources_reach_html(view: str) -> None:
    assert {rule for _, rule, _ in findings(view)} == {"python/xss"}


def test_numeric_view_parameter_is_not_a_source() -> None:
    assert not findings(
        """
        from fastapi import FastAPI
        app = FastAPI()
        @app.get("/items/{item_id}")
        def item(item_id: int, cur=None):
            cur.execute(f"SELECT name FROM items WHERE id = {item_id}")
        """
    )


def test_constant_only_sql_is_never_reported() -> None:
    assert not findings(
        """
        TABLE = "users"
        WHERE = "id = ?"
        def find(conn, uid):
            conn.execute(f"SELECT * FROM {TABLE} WHERE {WHERE}", (uid,))
            conn.execute("SELECT * FROM " + TABLE + " LIMIT 1")
        """
    )


def test_method_call_value_concatenated_into_sql_is_reported() -> None:
    assert rules_at(
        """
        def find(cur, args):
            name = args.get("name")
            cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
        """
    ) == {(4, "python/sql-injection")}


@pytest.mark.parametrize(
    ("sink", "clean"),
    [
        ('os.system("convert " + value)', 'os.system("convert " + shlex.quote(value))'),
        ('open("/data/" + value)', 'open("/data/" + os.path.basename(value))'),
        ("re.compile(value)", "re.compile(re.escape(value))"),
        ('Markup("<b>" + value + "</b>")', 'Markup("<b>" + escape(value) + "</b>")'),
        (
            'cur.execute(f"SELECT * FROM t LIMIT {value}")',
            'cur.execute(f"SELECT * FROM t LIMIT {int(value)}")',
        ),
        ("eval(value)", "ast.literal_eval(value)"),
    ],
)
def test_sanitiser_clears_taint(sink: str, clean: str) -> None:
    template = """
import ast, os, re, shlex
from flask import request
from markupsafe import Markup, escape
def view(cur):
    value = request.args["v"]
    return {call}
"""
    assert rules_at(template.format(call=sink)), sink
    assert not findings(template.format(call=clean)), clean


@pytest.mark.parametrize(
    "guard",
    [
        "if not value.isalnum():\n        return None",
        "if value not in ALLOWED:\n        return None",
        "if not re.fullmatch(r'[a-z]+', value):\n        return None",
    ],
)
def test_guards_clear_taint(guard: str) -> None:
    source = f"""
import os, re
from flask import request
ALLOWED = {{"a", "b"}}
def view():
    value = request.args["v"]
    {guard}
    os.system("backup " + value)
"""
    assert not findings(source)


def test_taint_flows_through_containers_helpers_and_methods() -> None:
    source = textwrap.dedent(
        """
        from flask import request
        def wanted():
            return request.form["q"].strip()
        def view():
            parts = [wanted().lower(), "x"]
            options = {"q": parts[0]}
            joined = "-".join(parts)
            label = "{}!".format(options["q"])
            count = len(joined)
        """
    )
    tree = ast.parse(source)
    context = FileContext("app.py", source, tree)
    view = tree.body[2]
    assert isinstance(view, ast.FunctionDef)
    scope = Scope.build(view, outer=Scope.build(tree))
    count = view.body[-1]
    for name in ("parts", "options", "joined", "label"):
        assert taint_of(context, scope, ast.Name(name), set(), at=count) is not None, name
    assert taint_of(context, scope, ast.Name("count"), set(), at=count) is None  # a number
    origin = taint_of(context, scope, ast.Name("label"), set(), at=count)
    assert origin is not None
    assert (origin.source.line, origin.source.description) == (4, "request.form")
    assert [step.line for step in origin.steps] == [4, 6, 7, 9]


def test_request_is_a_source_only_in_web_code() -> None:
    body = """
import re
def matcher(request):
    return re.compile(request.pattern)
"""
    assert not findings(body)  # an HTTP client's outgoing request object
    assert rules_at("from flask import request\n" + body) == {(5, "python/redos")}


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        (
            "requests.get(value, timeout=5)",
            'requests.get(f"https://api.example.com/v1/{value}", timeout=5)',
        ),
        ("redirect(value)", 'redirect("/items/" + value)'),
        (
            "conn.search_s(BASE, 2, f'(uid={value})')",
            "conn.search_s(BASE, 2, f'(uid={escape_filter_chars(value)})')",
        ),
    ],
)
def test_ssrf_redirect_ldap_sinks(bad: str, good: str) -> None:
    template = """
import ldap, requests
from ldap.filter import escape_filter_chars
from flask import redirect, request
BASE = "dc=example,dc=com"
def view(conn):
    value = request.args["v"]
    return {call}
"""
    assert len(findings(template.format(call=bad))) == 1, bad
    assert not findings(template.format(call=good)), good


FLOW_TEMPLATE = """
import os, re, subprocess
from flask import abort, request
ALLOWED = {{"daily", "weekly"}}
SLUG = re.compile(r"[a-z0-9-]+")
def view(mode):
    name = request.args["name"]
{body}
"""


def _sinks(body: str) -> set[int]:
    body = textwrap.dedent(body).strip("\n")
    source = FLOW_TEMPLATE.format(body=textwrap.indent(body, "    "))
    return {line for line, rule, _ in findings(source) if rule == "python/os-command-injection"}


@pytest.mark.parametrize(
    "guard",
    [
        "if not name.isalnum():\n    abort(400)",
        "if not name.isalnum():\n    return None",
        "if not name.isalnum():\n    raise ValueError(name)",
        "if name not in ALLOWED:\n    return None",
        "if not SLUG.fullmatch(name):\n    abort(404)",
        "match = SLUG.fullmatch(name)\nif match is None or not match:\n    abort(404)",
        "checked = SLUG.fullmatch(name)\nif not checked:\n    abort(404)",
        "name = int(name)",
        "if name != 'daily':\n    return None",
    ],
)
def test_a_guard_that_leaves_the_path_clears_the_fall_through(guard: str) -> None:
    assert _sinks(guard + "\nos.system('backup ' + str(name))") == set()
    # the same sink before the guard is still reached by the raw value
    assert _sinks("os.system('backup ' + str(name))\n" + guard) == {8}


def test_a_guard_clears_only_the_branch_it_protects() -> None:
    body = """
    if name in ALLOWED:
        os.system("backup " + name)
    else:
        os.system("restore " + name)
    """
    assert _sinks(body) == {11}
    nested = """
    if mode == "strict":
        if not name.isalnum():
            abort(400)
        os.system("backup " + name)
    else:
        os.system("restore " + name)
    os.system("verify " + name)
    """
    assert _sinks(nested) == {13, 14}  # the else branch and the join after it


def test_a_check_that_does_not_stop_the_path_clears_nothing() -> None:
    body = """
    if not name.isalnum():
        print("suspicious name", name)
    os.system("backup " + name)
    """
    assert _sinks(body) == {10}


def test_reassignment_order_matters() -> None:
    assert _sinks("name = 'fixed'\nos.system('backup ' + name)") == set()
    assert _sinks("safe = int(name)\nos.system('backup ' + name)") == {9}
    assert _sinks("n = int(name)\nname = request.form['n']\nos.system('x ' + name)") == {10}


def test_loops_carry_taint_around_and_continue_guards() -> None:
    built = """
    command = "tar czf out.tgz"
    for part in request.args.getlist("path"):
        command += " " + part
    os.system(command)
    """
    assert _sinks(built) == {11}
    guarded = """
    for part in request.args.getlist("path"):
        if not part.isalnum():
            continue
        os.system("tar czf out.tgz " + part)
    """
    assert _sinks(guarded) == set()


def test_helper_parameters_are_seeded_from_same_file_callers() -> None:
    source = textwrap.dedent(
        """
        from flask import request
        def _run(cur, name):
            cur.execute("SELECT * FROM t WHERE name = '%s'" % name)
        def view(cur):
            _run(cur, request.args["name"])
        def job(cur):
            _run(cur, "nightly")
        """
    )
    (finding,) = check_file("app.py", source, ast.parse(source))
    assert finding.line == 4
    assert [(s.line, s.message) for s in finding.flow] == [
        (6, "user input enters from request.args"),
        (6, "passed to _run() as name"),
        (4, "reaches this execute()"),
    ]
    # a private helper whose callers in the file pass only constants is not reported;
    # a public one may be called from elsewhere with anything
    assert not findings(source.replace('request.args["name"]', '"weekly"'))
    public = source.replace('request.args["name"]', '"weekly"').replace("_run", "run")
    assert {rule for _, rule, _ in findings(public)} == {"python/sql-injection"}


def test_class_attributes_set_from_the_request_taint_other_methods() -> None:
    source = """
        import subprocess
        from django.views import View
        class Deploy(View):
            def post(self, request):
                self.branch = request.POST["branch"]
                self.tag = "v1"
                return self._run()
            def _run(self):
                subprocess.call("git checkout " + self.tag, shell=True)
                return subprocess.call("git checkout " + self.branch, shell=True)
        """
    found = [(line, rule) for line, rule, _ in findings(source)]
    assert (11, "python/os-command-injection") in found
    assert (10, "python/os-command-injection") not in found


def test_checks_on_derived_values_clear_the_origin() -> None:
    template = """
from urllib.parse import urlparse
import requests
from flask import abort, request
HOSTS = {{"api.example.com"}}
def view():
    url = request.args["u"]
    {check}
    return requests.get(url, timeout=5)
"""
    parsed = "parsed = urlparse(url)\n    if parsed.hostname not in HOSTS:\n        abort(400)"
    inline = "if urlparse(url).hostname not in HOSTS:\n        abort(400)"
    scheme = "if not url.startswith('https://'):\n        abort(400)"
    assert not findings(template.format(check=parsed))
    assert not findings(template.format(check=inline))
    assert rules_at(template.format(check=scheme)) == {(10, "python/ssrf")}


def test_prefix_checks_need_a_resolved_path() -> None:
    template = """
import os
from flask import abort, request
BASE = "/srv/files"
def view():
    full = {path}
    if not full.startswith(BASE + os.sep):
        abort(404)
    return open(full).read()
"""
    raw = 'os.path.join(BASE, request.args["f"])'
    resolved = 'os.path.realpath(os.path.join(BASE, request.args["f"]))'
    assert rules_at(template.format(path=raw)) == {(9, "python/path-traversal")}
    assert not findings(template.format(path=resolved))


def test_variable_data_fallback_needs_an_untraced_part() -> None:
    source = """
        import os
        def archive(paths):
            os.system("tar czf out.tgz " + " ".join(paths))
        def nightly():
            names = ["a", "b"]
            os.system("tar czf out.tgz " + " ".join(names))
        """
    assert {line for line, _, _ in findings(source)} == {4}


def test_module_level_input_reaches_functions_that_read_it() -> None:
    source = """
        import os, shlex, sys
        TARGET = sys.argv[1]
        SAFE = shlex.quote(sys.argv[2])
        def run():
            os.system("ping -c1 " + SAFE)
            os.system("ping -c1 " + TARGET)
        """
    assert rules_at(source) == {(7, "python/os-command-injection")}


def test_werkzeug_type_conversion_clears_taint() -> None:
    template = """
from flask import request
def view(cur):
    page = request.args.get("page", 1{kind})
    cur.execute(f"SELECT * FROM t LIMIT 20 OFFSET {{page * 20}}")
"""
    assert rules_at(template.format(kind="")) == {(5, "python/sql-injection")}
    assert not findings(template.format(kind=", type=int"))


def test_urls_and_redirects_held_in_a_name_keep_their_fixed_prefix() -> None:
    template = """
import requests
from flask import redirect, request
def view():
    name = request.args["n"]
    url = {url}
    requests.get(url, timeout=5)
    target = {target}
    return redirect(target)
"""
    fixed = template.format(url='f"https://api.example.com/users/{name}"', target='"/u/" + name')
    assert not findings(fixed)
    open_ = template.format(url='name + "/users"', target='name + "/u"')
    assert {rule for _, rule, _ in findings(open_)} == {"python/ssrf", "python/open-redirect"}
