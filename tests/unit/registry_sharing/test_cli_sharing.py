"""The sharing commands through click's runner (the live tests drive the installed script)."""

import json
import re

import pytest
from click.testing import CliRunner

from registry.cli import main


@pytest.fixture
def cli(tmp_path):
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, [*args, "--data-dir", str(tmp_path)])
        assert result.exit_code == code, (result.output, result.exception)
        return result.output

    for name in ("a", "b", "c"):
        invoke("repo", "create", name)
    return invoke


def test_upstream_and_external_commands(cli):
    assert "a upstreams: b" in cli("repo", "add-upstream", "a", "b")
    assert "a upstreams: b, c" in cli("repo", "add-upstream", "a", "c")
    assert "would create a cycle: c -> a -> c" in cli("repo", "add-upstream", "c", "a", code=2)
    assert "a upstreams: c" in cli("repo", "remove-upstream", "a", "b")
    assert "is not an upstream" in cli("repo", "remove-upstream", "a", "b", code=2)
    out = cli("repo", "set-external", "a", "https://u:secret@pypi.example/simple/", "--ttl", "9")
    assert "https://pypi.example/simple/ (cache 9s)" in out and "secret" not in out
    assert "must be an http(s)" in cli("repo", "set-external", "a", "file:///tmp", code=2)
    shown = cli("repo", "show", "a")
    assert "upstreams\tc" in shown and "external\thttps://pypi.example/simple/" in shown
    assert "no external connection" in cli("repo", "remove-external", "a")
    assert "has no external connection" in cli("repo", "remove-external", "a", code=2)
    assert "does not exist" in cli("repo", "show", "zz", code=2)


def test_origin_webhook_delete_and_audit_commands(cli):
    assert "publish=allow upstream=allow" in cli("package", "origin", "--repo", "a", "Acme.Utils")
    out = cli("package", "origin", "--repo", "a", "acme-utils", "--publish", "block")
    assert "acme-utils in a: publish=block upstream=allow" in out
    refused = cli("package", "origin", "--repo", "a", "x", "--publish", "no", code=2)
    assert "is not one of 'allow', 'block'" in refused
    added = cli("webhook", "add", "--repo", "a", "--secret", "x" * 16, "http://h.example/")
    hook_id = re.fullmatch(r"added webhook (\d+) to a: http://h\.example/\n", added).group(1)
    assert f"{hook_id}\thttp://h.example/" in cli("webhook", "list", "--repo", "a")
    assert cli("webhook", "deliveries", "--repo", "a") == ""
    assert "removed webhook" in cli("webhook", "remove", "--repo", "a", hook_id)
    assert "add --yes" in cli("delete", "--repo", "a", "p", "1.0", code=2)
    assert "is not in repository" in cli("delete", "--repo", "a", "p", "1.0", "--yes", code=2)
    assert "is not in repository" in cli("copy", "--from", "a", "--to", "b", "p", "1.0", code=2)
    assert "is not in repository" in cli("status", "--repo", "a", "p", "1.0", "archived", code=2)
    lines = [json.loads(x) for x in cli("audit", "--repo", "a", "--json").splitlines()]
    assert [e["action"] for e in lines] == [
        "repository.create", "package.origin.set", "webhook.create", "webhook.delete"]  # fmt: skip
    assert lines[1]["details"]["after"] == {"publish": "block", "upstream": "allow"}
    only = cli("audit", "--action", "webhook.create", "--since", "2000-01-01T00:00:00Z")
    header, row = only.splitlines()
    assert header.split("\t") == ["TIME", "REPOSITORY", "ACTOR", "ADDRESS", "ACTION", "SUBJECT",
                                   "DETAILS"]  # fmt: skip
    assert "\twebhook.create\t" in row


def test_core_yank_command_notifies_webhooks(cli, tmp_path):
    import http.server
    import threading

    from registry.core.model import NewFile
    from registry.db.catalog import SqlCatalog
    from registry.db.session import make_engine, session_factory

    engine = make_engine(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    with session_factory(engine)() as session:
        catalog = SqlCatalog(session)
        new = NewFile("p", "1.0", "p-1.0-py3-none-any.whl", "bdist_wheel", "0" * 64, "0" * 64,
                      "0" * 32, 1, None, None, "k")  # fmt: skip
        catalog.add_file("a", new)
        catalog.commit()
    engine.dispose()
    received = []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        cli("webhook", "add", "--repo", "a", "--secret", "x" * 16,
            f"http://127.0.0.1:{server.server_port}/")  # fmt: skip
        assert "yanked p 1.0 in a" in cli("yank", "--repo", "a", "p", "1.0", "--reason", "bad")
        assert "unyanked p 1.0" in cli("unyank", "--repo", "a", "p", "1.0")
    finally:
        server.shutdown()
        server.server_close()
    # The command waits for its deliveries (and records them) before exiting.
    log = cli("webhook", "deliveries", "--repo", "a").splitlines()
    assert len(log) == 2 and all("\tdelivered\t200" in line for line in log)
    assert [(e["type"], e["data"]) for e in received] == [
        ("package_version.yanked", {"reason": "bad"}),
        ("package_version.unyanked", {}),
    ]
