"""Labelled cases for the Python detectors: (case id, rule, source, lines the rule must flag).

A case with no lines is a negative: the rule must stay silent. Each rule has both kinds.
`precision.py` beside this file scores the detectors on these cases for the report; the
tests assert every case exactly."""

from __future__ import annotations

CASES: list[tuple[str, str, str, list[int]]] = [
    # --- SQL injection -------------------------------------------------------------------
    (
        "sql-fstring",
        "python/sql-injection",
        """
        def find(cur, name):
            cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    """,
        [3],
    ),
    (
        "sql-via-variable",
        "python/sql-injection",
        """
        def find(cur, name):
            query = "SELECT id FROM users WHERE name = '%s'" % name
            rows = cur.execute(query)
            return rows
    """,
        [4],
    ),
    (
        "sql-concat-and-format",
        "python/sql-injection",
        """
        def find(session, table, uid):
            session.execute("DELETE FROM " + table + " WHERE id = 1")
            session.execute("UPDATE t SET a = {} WHERE id = 2".format(uid))
    """,
        [3, 4],
    ),
    (
        "sql-params-ok",
        "python/sql-injection",
        """
        def find(cur, name):
            cur.execute("SELECT * FROM users WHERE name = %s", (name,))
            cur.execute("SELECT 1")
    """,
        [],
    ),
    (
        "sql-non-sql-format-ok",
        "python/sql-injection",
        """
        def run(executor, job):
            executor.execute(f"job-{job}")
    """,
        [],
    ),
    # --- OS command injection / shell ---------------------------------------------------
    (
        "cmd-shell-dynamic",
        "python/os-command-injection",
        """
        import os
        import subprocess
        def archive(name):
            subprocess.run(f"tar czf {name}.tgz data", shell=True)
            os.system("rm -rf " + name)
    """,
        [5, 6],
    ),
    (
        "cmd-list-ok",
        "python/os-command-injection",
        """
        import subprocess
        def archive(name):
            subprocess.run(["tar", "czf", name], check=True)
            cmd = "make all"
            subprocess.run(cmd, shell=True)
    """,
        [],
    ),
    (
        "shell-constant",
        "python/subprocess-shell",
        """
        import subprocess
        def build():
            cmd = "make all"
            subprocess.run(cmd, shell=True)
    """,
        [5],
    ),
    (
        "shell-false-ok",
        "python/subprocess-shell",
        """
        import subprocess
        def build():
            subprocess.run("make", shell=False)
    """,
        [],
    ),
    # --- code injection ------------------------------------------------------------------
    (
        "eval-dynamic",
        "python/code-injection",
        """
        def calc(expr):
            return eval(expr)
    """,
        [3],
    ),
    (
        "eval-literal-ok",
        "python/code-injection",
        """
        import ast
        def calc(expr, model):
            model.eval()
            return ast.literal_eval(expr), eval("1 + 1")
    """,
        [],
    ),
    # --- path traversal --------------------------------------------------------------------
    (
        "path-flask-route",
        "python/path-traversal",
        """
        import os
        from flask import Flask, request, send_file
        app = Flask(__name__)

        @app.route("/files/<path:name>")
        def download(name):
            return send_file(os.path.join("/srv/files", name))

        @app.post("/upload")
        def upload():
            target = "/srv/up/" + request.form["filename"]
            with open(target, "wb") as out:
                out.write(request.data)
    """,
        [8, 13],
    ),
    (
        "path-sanitized-ok",
        "python/path-traversal",
        """
        import os
        from flask import Flask, request, send_file
        from werkzeug.utils import secure_filename
        app = Flask(__name__)

        @app.route("/files/<name>")
        def download(name):
            return send_file(os.path.join("/srv/files", secure_filename(name)))

        def local(path):
            return open(path).read()
    """,
        [],
    ),
    # --- log injection -------------------------------------------------------------------
    (
        "log-request",
        "python/log-injection",
        """
        import logging
        from flask import request
        logger = logging.getLogger(__name__)
        def login():
            user = request.args.get("user")
            logger.info(f"login attempt for {user}")
            logging.warning("bad user %s", request.form["name"])
    """,
        [7, 8],
    ),
    (
        "log-sanitized-ok",
        "python/log-injection",
        """
        import logging
        from flask import request
        logger = logging.getLogger(__name__)
        def login():
            user = request.args.get("user", "").replace("\\n", "")
            logger.info(f"login attempt for {user}")
            logger.info(f"method {request.method}")
            logger.info(f"raw {request.args.get('q')!r}")
    """,
        [],
    ),
    # --- XXE -----------------------------------------------------------------------------
    (
        "xxe-lxml-sax",
        "python/xxe",
        """
        from lxml import etree
        import xml.sax
        from xml.sax.handler import feature_external_ges
        parser = etree.XMLParser(resolve_entities=True)
        reader = xml.sax.make_parser()
        reader.setFeature(feature_external_ges, True)
    """,
        [5, 7],
    ),
    (
        "xxe-safe-ok",
        "python/xxe",
        """
        from lxml import etree
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        tree = etree.fromstring(b"<a/>", parser)
    """,
        [],
    ),
    # --- deserialization -----------------------------------------------------------------
    (
        "deser-pickle-yaml",
        "python/insecure-deserialization",
        """
        import pickle
        import yaml
        def load(blob, text):
            a = pickle.loads(blob)
            b = yaml.load(text, Loader=yaml.Loader)
            c = yaml.load(text)
            return a, b, c
    """,
        [5, 6, 7],
    ),
    (
        "deser-safe-ok",
        "python/insecure-deserialization",
        """
        import json
        import yaml
        def load(text):
            return yaml.load(text, Loader=yaml.SafeLoader), yaml.safe_load(text), json.loads(text)
    """,
        [],
    ),
    # --- weak hash -----------------------------------------------------------------------
    (
        "hash-md5-sha1",
        "python/weak-hash",
        """
        import hashlib
        def store(password, data):
            digest = hashlib.md5(password.encode()).hexdigest()
            etag = hashlib.new("md5", data).hexdigest()
            token_sig = hashlib.sha1(data).hexdigest()
            return digest, etag, token_sig
    """,
        [4, 5, 6],
    ),
    (
        "hash-ok",
        "python/weak-hash",
        """
        import hashlib
        def etag(data):
            cache_key = hashlib.sha1(data).hexdigest()
            return hashlib.md5(data, usedforsecurity=False).hexdigest(), cache_key
    """,
        [],
    ),
    # --- TLS ------------------------------------------------------------------------------
    (
        "tls-off",
        "python/tls-verify-disabled",
        """
        import ssl
        import requests
        def fetch(url):
            requests.get(url, verify=False, timeout=5)
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return ssl._create_unverified_context()
    """,
        [5, 7, 8, 9],
    ),
    (
        "tls-ok",
        "python/tls-verify-disabled",
        """
        import requests
        def fetch(url, checker):
            checker.run(verify=False)
            return requests.get(url, verify="/etc/ssl/ca.pem", timeout=5)
    """,
        [],
    ),
    # --- temp files and permissions ------------------------------------------------------
    (
        "tempfile-bad",
        "python/insecure-tempfile",
        """
        import tempfile
        def scratch():
            name = tempfile.mktemp()
            with open("/tmp/report.txt", "w") as out:
                out.write(name)
    """,
        [4, 5],
    ),
    (
        "tempfile-ok",
        "python/insecure-tempfile",
        """
        import tempfile
        def scratch():
            with tempfile.NamedTemporaryFile() as handle, open("/tmp/input.txt") as src:
                handle.write(src.read().encode())
    """,
        [],
    ),
    (
        "chmod-world-writable",
        "python/insecure-file-permissions",
        """
        import os
        import stat
        def publish(path):
            os.chmod(path, 0o777)
            os.chmod(path, stat.S_IRWXU | stat.S_IWOTH)
            os.makedirs(path, mode=0o777)
    """,
        [5, 6, 7],
    ),
    (
        "chmod-ok",
        "python/insecure-file-permissions",
        """
        import os
        from pathlib import Path
        def publish(path):
            os.chmod(path, 0o600)
            Path(path).chmod(0o755)
    """,
        [],
    ),
    # --- requests without timeout -----------------------------------------------------------
    (
        "timeout-missing",
        "python/requests-no-timeout",
        """
        import requests
        from urllib.request import urlopen
        def fetch(url):
            requests.get(url)
            session = requests.Session()
            session.post(url, json={})
            return urlopen(url)
    """,
        [5, 7, 8],
    ),
    (
        "timeout-ok",
        "python/requests-no-timeout",
        """
        import requests
        def fetch(url, options, client):
            requests.get(url, timeout=5)
            requests.post(url, **options)
            client.get(url)
    """,
        [],
    ),
    # --- resource leaks -----------------------------------------------------------------
    (
        "leak-open-socket",
        "python/resource-leak",
        """
        import json
        import socket
        def read(path, host):
            handle = open(path)
            data = json.load(handle)
            sock = socket.create_connection((host, 80))
            sock.sendall(b"ping")
            return data
    """,
        [5, 7],
    ),
    (
        "leak-ok",
        "python/resource-leak",
        """
        import sqlite3
        def read(path):
            with open(path) as handle:
                text = handle.read()
            conn = sqlite3.connect(path)
            try:
                conn.execute("select 1")
            finally:
                conn.close()
            out = open(path + ".out", "w")
            return out, text

        class Holder:
            def __init__(self, path):
                self.handle = open(path)
    """,
        [],
    ),
    # --- exceptions --------------------------------------------------------------------------
    (
        "swallowed",
        "python/swallowed-exception",
        """
        def run(job):
            try:
                job()
            except Exception:
                pass
            for item in job.items:
                try:
                    item()
                except:
                    continue
    """,
        [5, 10],
    ),
    (
        "swallowed-ok",
        "python/swallowed-exception",
        """
        import logging
        def run(job):
            try:
                job()
            except FileNotFoundError:
                pass
            except Exception:
                logging.exception("job failed")
    """,
        [],
    ),
    (
        "bare-except",
        "python/bare-except",
        """
        def run(job):
            try:
                job()
            except:
                job.failed = True
    """,
        [5],
    ),
    (
        "bare-except-reraise-ok",
        "python/bare-except",
        """
        def run(job):
            try:
                job()
            except:
                job.rollback()
                raise
    """,
        [],
    ),
    # --- mutable defaults ----------------------------------------------------------------
    (
        "mutable-default",
        "python/mutable-default-argument",
        """
        def add(item, bucket=[], *, seen=set(), opts={}):
            bucket.append(item)
            return bucket, seen, opts
    """,
        [2, 2, 2, 3],
    ),
    (
        "mutable-default-ok",
        "python/mutable-default-argument",
        """
        def add(item, bucket=None, names=(), size=0):
            bucket = [] if bucket is None else bucket
            return bucket
    """,
        [],
    ),
    # --- identity with literals -----------------------------------------------------------
    (
        "is-literal",
        "python/identity-with-literal",
        """
        def check(x, y):
            if x is "admin":
                return 1
            return y is not 10
    """,
        [3, 5],
    ),
    (
        "is-none-ok",
        "python/identity-with-literal",
        """
        def check(x, y):
            return x is None or y is True or x is not False or x is ...
    """,
        [],
    ),
    # --- mutating while iterating --------------------------------------------------------
    (
        "modify-iter",
        "python/modify-while-iterating",
        """
        def prune(items, index):
            for item in items:
                if item < 0:
                    items.remove(item)
            for key in index.keys():
                del index[key]
    """,
        [5, 7],
    ),
    (
        "modify-iter-ok",
        "python/modify-while-iterating",
        """
        def prune(items, index, other):
            for item in list(items):
                items.remove(item)
            for item in items:
                if item == 3:
                    items.remove(item)
                    break
            for key in index:
                other.pop(key)
    """,
        [],
    ),
    # --- naive datetimes -----------------------------------------------------------------
    (
        "naive-datetime",
        "python/naive-datetime",
        """
        import datetime as dt
        from datetime import datetime
        def stamp(ts):
            return datetime.now(), dt.datetime.utcnow(), datetime.fromtimestamp(ts)
    """,
        [5, 5, 5],
    ),
    (
        "aware-datetime-ok",
        "python/naive-datetime",
        """
        from datetime import datetime, timezone
        def stamp(ts, clock):
            now = datetime.now(timezone.utc)
            return now, datetime.fromtimestamp(ts, tz=timezone.utc), clock.now()
    """,
        [],
    ),
    # --- debug leftovers -----------------------------------------------------------------
    (
        "debugger",
        "python/debug-leftover",
        """
        import pdb
        def work():
            breakpoint()
            pdb.set_trace()
    """,
        [4, 5],
    ),
    (
        "debugger-ok",
        "python/debug-leftover",
        """
        import logging
        def work(debugger):
            debugger.set_trace()
            logging.debug("set_trace")
    """,
        [],
    ),
    (
        "swallowed-cleanup-and-finalizer-ok",
        "python/swallowed-exception",
        """
        import os
        class Temp:
            def remove(self, path, handle):
                try:
                    handle.close()
                    os.unlink(path)
                except Exception:
                    pass

            def __del__(self):
                try:
                    self.remove(self.path, self.handle)
                except Exception:
                    pass
    """,
        [],
    ),
    (
        "worklist-append-ok",
        "python/modify-while-iterating",
        """
        def descendants(root, children):
            todo = [root]
            for node in todo:
                todo.extend(children(node))
                todo.append(None)
            return todo
    """,
        [],
    ),
    (
        "modify-dict-view",
        "python/modify-while-iterating",
        """
        def grow(index):
            for key, value in index.items():
                index.setdefault(key + "_copy", value)
    """,
        [4],
    ),
    (
        "request-outside-web-code-ok",
        "python/path-traversal",
        """
        def send(self, request):
            pathname = request.url.replace("file://", "")
            return open(pathname, "rb")
    """,
        [],
    ),
    (
        "aws-one-page",
        "aws/missing-pagination",
        """
        import boto3
        s3 = boto3.client("s3")

        class Inventory:
            def __init__(self):
                self.ec2 = boto3.Session(profile_name="ops").client("ec2")

            def keys(self, bucket):
                return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]

            def hosts(self):
                return self.ec2.describe_instances()["Reservations"]
    """,
        [10, 13],
    ),
    (
        "aws-paginated-ok",
        "aws/missing-pagination",
        """
        import boto3
        s3 = boto3.client("s3")

        def keys(bucket):
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                yield from page.get("Contents", [])

        def all_keys(bucket):
            kwargs = {"Bucket": bucket}
            while True:
                page = s3.list_objects_v2(**kwargs)
                yield from page.get("Contents", [])
                if not page.get("IsTruncated"):
                    return
                kwargs["ContinuationToken"] = page["NextContinuationToken"]

        def other(store):
            return store.list_objects_v2()
    """,
        [],
    ),
    (
        "sql-quoted-identifiers-ok",
        "python/sql-injection",
        """
        def drop(cur, table, quote_name):
            cur.execute(f"DROP TABLE IF EXISTS {quote_name(table)}")
            quoted_table = quote_name(table)
            cur.execute("DELETE FROM " + quoted_table + " WHERE id = ?", (1,))
            view = "sys.views"
            cur.execute("SELECT name FROM {} WHERE name = 'x'".format(view))
    """,
        [],
    ),
    (
        "modify-then-break-outer-ok",
        "python/modify-while-iterating",
        """
        def promote(formats, value, parse):
            for fmt in formats:
                try:
                    parse(value, fmt)
                    if fmt != formats[0]:
                        formats.remove(fmt)
                        formats.insert(0, fmt)
                    break
                except ValueError:
                    continue
    """,
        [],
    ),
    (
        "leak-in-memory-ok",
        "python/resource-leak",
        """
        import io
        import zipfile
        def names(data):
            archive = zipfile.ZipFile(io.BytesIO(data))
            return archive.namelist()
    """,
        [],
    ),
    # --- taint engine: sources reaching sinks, sanitised twins ---------------------------
    (
        "sql-request-concat",
        "python/sql-injection",
        """
        from flask import request
        def find(cur):
            name = request.args.get("name")
            cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
    """,
        [5],
    ),
    (
        "sql-module-constant-ok",
        "python/sql-injection",
        """
        TABLE = "users"
        COLUMNS = "id, " + "name"
        def find(conn, uid):
            conn.execute(f"SELECT {COLUMNS} FROM {TABLE} WHERE id = ?", (uid,))
    """,
        [],
    ),
    (
        "sql-int-sanitised-ok",
        "python/sql-injection",
        """
        from flask import request
        def page(cur):
            limit = int(request.args.get("limit", "10"))
            cur.execute(f"SELECT * FROM posts LIMIT {limit}")
    """,
        [],
    ),
    (
        "sql-text-tainted-through-helper",
        "python/sql-injection",
        """
        from flask import request
        from sqlalchemy import text
        def wanted():
            return request.args["q"]
        def search(db):
            sql = "SELECT * FROM items WHERE title LIKE '%" + wanted() + "%'"
            return db.execute(text(sql))
    """,
        [8],
    ),
    (
        "cmd-shlex-quote-ok",
        "python/os-command-injection",
        """
        import os, shlex
        from flask import request
        def convert():
            name = request.form["file"]
            os.system("convert " + shlex.quote(name) + " out.png")
    """,
        [],
    ),
    (
        "cmd-spawn-argv",
        "python/os-command-injection",
        """
        import os, sys
        def main():
            tool = sys.argv[1]
            os.spawnlp(os.P_WAIT, tool, tool, "--version")
    """,
        [5],
    ),
    (
        "ssrf-requests-url",
        "python/ssrf",
        """
        import requests
        from flask import request
        def preview():
            url = request.args["url"]
            return requests.get(url, timeout=5).text
    """,
        [6],
    ),
    (
        "ssrf-fixed-host-ok",
        "python/ssrf",
        """
        import requests
        from flask import request
        def item():
            item_id = request.args["id"]
            return requests.get(f"https://api.example.com/items/{item_id}", timeout=5).text
    """,
        [],
    ),
    (
        "redirect-next",
        "python/open-redirect",
        """
        from flask import redirect, request
        def login_done():
            return redirect(request.args.get("next"))
    """,
        [4],
    ),
    (
        "redirect-allow-listed-ok",
        "python/open-redirect",
        """
        from flask import redirect, request
        SAFE = {"/home", "/account"}
        def login_done():
            target = request.args.get("next", "/home")
            if target not in SAFE:
                target = "/home"
            return redirect(target)
    """,
        [],
    ),
    (
        "xss-render-template-string",
        "python/xss",
        """
        from flask import render_template_string, request
        def hello():
            name = request.args.get("name", "")
            return render_template_string("<h1>Hello " + name + "</h1>")
    """,
        [5],
    ),
    (
        "xss-escaped-ok",
        "python/xss",
        """
        from flask import request
        from markupsafe import Markup, escape
        def hello():
            name = escape(request.args.get("name", ""))
            return Markup("<h1>Hello %s</h1>") % name
    """,
        [],
    ),
    (
        "ldap-filter",
        "python/ldap-xpath-injection",
        """
        import ldap
        from flask import request
        def lookup(conn):
            user = request.args["user"]
            return conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={user})")
    """,
        [6],
    ),
    (
        "ldap-escaped-ok",
        "python/ldap-xpath-injection",
        """
        import ldap
        from ldap.filter import escape_filter_chars
        from flask import request
        def lookup(conn):
            user = escape_filter_chars(request.args["user"])
            return conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={user})")
    """,
        [],
    ),
    (
        "redos-compile",
        "python/redos",
        """
        import re
        from flask import request
        def grep(lines):
            pattern = re.compile(request.args["q"])
            return [line for line in lines if pattern.search(line)]
    """,
        [5],
    ),
    (
        "redos-escaped-ok",
        "python/redos",
        """
        import re
        from flask import request
        def grep(lines):
            pattern = re.compile(re.escape(request.args["q"]))
            return [line for line in lines if pattern.search(line)]
    """,
        [],
    ),
]

# the rule packs of issue 11 keep their cases in their own file
from tests.unit.reviewbot.detector_cases_rule_packs import RULE_PACK_CASES  # noqa: E402

CASES += RULE_PACK_CASES
