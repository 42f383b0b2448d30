"""Shared by the functional tests: a repository with a pull request on a fake host."""

from __future__ import annotations

from pathlib import Path

from reviewbot.hosts import HOSTS
from reviewbot.hosts.base import HostClient
from tests.fakes.base import FakeHost
from tests.fakes.gitrepo import HostedRepo

BASE = "import os\n\n\ndef greet(name):\n    return 'hello ' + name\n"


def make_pr(fake: FakeHost, root: Path, full_name: str, number: int,
            feature: dict[str, str | None]) -> HostedRepo:
    repo = fake.add_repo(HostedRepo(root, full_name))
    repo.commit({"app.py": BASE, "tests/test_app.py": "def test_ok():\n    assert True\n"},
                "initial")
    repo.commit(feature, "feature work", branch="feature")
    fake.open_pr(repo, number, "main", "feature")
    return repo


def client(fake: FakeHost, token: str = "test-token", **http: object) -> HostClient:
    return HOSTS[fake.name].factory(token, fake.base_url, **http)
