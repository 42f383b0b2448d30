"""One pull request's life, the same on every host: opened, a push that fixes a finding and
moves the others, a push that changes nothing the analyzers care about."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reviewbot.analyzers import default_analyzers
from reviewbot.reporters.pull_request import RESOLVED_MARKER, SUMMARY_MARKER, fingerprints_in
from reviewbot.review.config import config_from_texts
from reviewbot.review.git import GitChangeSource
from reviewbot.review.pipeline import review
from tests.fakes.base import FakeHost
from tests.fakes.gitrepo import HostedRepo

from .helpers import BASE

AWS_KEY = "AKIAIOSFODNN7EXAMPLF"

OPENED = BASE + f'''

def run(command):
    subprocess.call(command, shell=True)
    return eval(command)


AWS_ACCESS_KEY_ID = "{AWS_KEY}"
'''.replace("import os\n", "import os\nimport subprocess\n", 1)

# eval() is gone; three new lines above move the other findings down.
FIXED = OPENED.replace("def run(command):\n", "def run(command):\n    # one\n    # two\n"
                       "    # three\n").replace("    return eval(command)\n", "    return 0\n")

DOCS_ONLY = FIXED.replace("def greet(name):\n", 'def greet(name):\n    """Say hello."""\n')

PUSHES = [OPENED, FIXED, DOCS_ONLY]


def expected_inline(repo: HostedRepo, head: str) -> set[str]:
    """What the review core reports inline for main...head: the test's oracle."""
    change = GitChangeSource(repo.work, "main", head).load()
    config = config_from_texts(change.config_texts)
    result = review(change, default_analyzers(config), config=config)
    return {f.fingerprint for f in result.inline}


def comments(fake: FakeHost, full_name: str, number: int) -> list[dict[str, Any]]:
    return fake.inline(full_name, number)


def is_resolved(comment: dict[str, Any]) -> bool:
    return bool(comment.get("resolved")) or RESOLVED_MARKER in comment["body"]


def active_fingerprints(fake: FakeHost, full_name: str, number: int) -> list[str]:
    return [fp for c in comments(fake, full_name, number) if not is_resolved(c)
            for fp in fingerprints_in(c["body"])]


def summaries(fake: FakeHost, full_name: str, number: int) -> list[dict[str, Any]]:
    return [n for n in fake.notes(full_name, number) if SUMMARY_MARKER in n["body"]]


def summary_is_for(fake: FakeHost, full_name: str, number: int, head: str) -> bool:
    found = summaries(fake, full_name, number)
    return len(found) == 1 and f"..{head[:12]}" in found[0]["body"]


def check_push(fake: FakeHost, repo: HostedRepo, number: int, head: str,
               previous: set[str]) -> set[str]:
    """After the bot ran for `head`: one up-to-date summary, exactly one live comment per
    current finding, and every comment of a vanished finding resolved."""
    full_name = repo.full_name
    expected = expected_inline(repo, head)
    assert expected, "the analyzers found nothing: the scenario no longer tests anything"
    live = active_fingerprints(fake, full_name, number)
    assert sorted(live) == sorted(expected), "one live inline comment per current finding"
    all_fps = [fp for c in comments(fake, full_name, number) for fp in fingerprints_in(c["body"])]
    assert len(all_fps) == len(set(all_fps)), "a fingerprint was posted twice"
    for comment in comments(fake, full_name, number):
        if set(fingerprints_in(comment["body"])) & (previous - expected):
            assert is_resolved(comment), "a fixed finding's comment was not resolved"
    assert summary_is_for(fake, full_name, number, head)
    posted = json.dumps([r.body for r in fake.requests])
    assert AWS_KEY not in posted, "the bot posted the secret it found"
    assert fake.violations == []
    return expected


def write_push(repo: HostedRepo, text: str, message: str) -> str:
    return repo.commit({"app.py": text}, message, branch="feature")


def make_repo(fake: FakeHost, root: Path, full_name: str, number: int) -> HostedRepo:
    repo = fake.add_repo(HostedRepo(root, full_name))
    repo.commit({"app.py": BASE, "tests/test_app.py": "def test_ok():\n    assert True\n"},
                "initial")
    write_push(repo, OPENED, "add run()")
    fake.open_pr(repo, number, "main", "feature")
    return repo
