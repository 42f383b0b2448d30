"""Reviewers teach the bot, end to end on each host, through a live `reviewbot serve`
(gunicorn) with its feedback store on SQLite and on the real PostgreSQL:

1. a pull request is opened: the bot posts inline comments and records each one;
2. reviewers react (👍/👎), reply "false positive", resolve a thread without changing it,
   and a push fixes the flagged line of another comment;
3. the pull request closes: the service reads the reactions (GitHub `GET .../pulls/comments/
   {id}/reactions`, GitLab `GET .../notes/:note_id/award_emoji`, Gitea `GET .../issues/
   comments/{id}/reactions`) — the fakes check those requests against GitHub's REST
   description and against the GitLab and Gitea API fields, as for every other call;
4. `reviewbot stats` shows the numbers, and the rule with precision 1/6 over 6 votes is
   demoted: the next pull request lists its findings in the summary instead of inline;
5. `keep-inline` in the repository's `[feedback]` config brings it back inline.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
import requests

from reviewbot.feedback.store import FeedbackStore
from reviewbot.reporters.pull_request import fingerprints_in
from tests.fakes.base import FakeHost
from tests.fakes.gitrepo import HostedRepo, git

from .conftest import FAKES, start_fake
from .helpers import BASE
from .scenario import summaries, summary_is_for
from .test_end_to_end import (
    BIN,
    SECRET,
    TOKEN_VARS,
    clean_env,
    free_port,
    gitea_delivery,
    github_delivery,
    gitlab_delivery,
    wait_for,
)

EVAL = "python/code-injection"
SHELL = "python/os-command-injection"
OPENED = BASE.replace("import os\n", "import os\nimport subprocess\n", 1) + '''

def run(command):
    subprocess.call(command, shell=True)
    return eval(command)


def again(command):
    return eval(command + "1")
'''
# The next push changes only the shell line (line 10): that comment is fixed, the two
# eval comments (lines 11 and 15) keep their lines unchanged.
PUSHED = OPENED.replace("subprocess.call(command, shell=True)",
                        'subprocess.call(["echo", command])')
SECOND = BASE + '''

def later(text):
    return eval(text)
'''


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def feedback_service(request, github_spec, tmp_path_factory) -> Iterator[tuple]:
    """Three fakes and one live `reviewbot serve` whose feedback store is SQLite or a fresh
    PostgreSQL database."""
    with ExitStack() as stack:
        cache = tmp_path_factory.mktemp(f"feedback-{request.param}")
        if request.param == "sqlite":
            store_url = f"sqlite:///{cache}/feedback.sqlite3"
        else:
            from tests.support.postgres import postgres_database

            store_url = stack.enter_context(postgres_database("reviewbot_fb_e2e_"))
        fakes = {host: start_fake(host) for host in FAKES}
        for fake in fakes.values():
            stack.callback(fake.stop)
        port = free_port()
        env = clean_env(
            REVIEWBOT_WEBHOOK_SECRET=SECRET,
            REVIEWBOT_CACHE_DIR=str(cache / "repos"),
            REVIEWBOT_FEEDBACK_URL=store_url,
            **{f"REVIEWBOT_{h.upper()}_API_URL": f.base_url for h, f in fakes.items()},
            **{TOKEN_VARS[h]: f.token for h, f in fakes.items()},
        )
        log = stack.enter_context((cache / "service.log").open("w"))
        proc = subprocess.Popen(
            [str(BIN / "reviewbot"), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        stack.callback(proc.wait, 30)
        stack.callback(proc.terminate)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert proc.poll() is None, (cache / "service.log").read_text()
            assert time.monotonic() < deadline, "reviewbot serve did not come up"
            time.sleep(0.2)
        yield url, fakes, store_url, env, cache / "service.log"
        for fake in fakes.values():
            assert fake.violations == [], f"requests the real {fake.name} would refuse"


# --- deliveries ----------------------------------------------------------------------------


def _github(event: str, payload: dict) -> tuple[bytes, dict[str, str], str]:
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-GitHub-Event": event, "X-Hub-Signature-256": signature,
                  "Content-Type": "application/json"}, "X-GitHub-Delivery"


def _example(examples: dict, event: str, action: str) -> dict:
    """One of GitHub's published example payloads (@octokit/webhooks-examples)."""
    return copy.deepcopy(next(e for e in examples[event] if e["action"] == action))


def github_reply(examples, repo: str, number: int, reply: dict):
    payload = _example(examples, "pull_request_review_comment", "created")
    payload["comment"].update({k: reply[k] for k in ("id", "body", "in_reply_to_id", "user")})
    payload["pull_request"]["number"] = number
    payload["repository"]["full_name"] = repo
    return _github("pull_request_review_comment", payload)


def github_resolved(examples, repo: str, number: int, thread: list[dict]):
    payload = _example(examples, "pull_request_review_thread", "resolved")
    first = payload["thread"]["comments"][0]
    payload["thread"]["comments"] = [{**first, "id": c["id"], "body": c["body"]} for c in thread]
    payload["pull_request"]["number"] = number
    payload["repository"]["full_name"] = repo
    payload["sender"]["login"] = "erin"
    return _github("pull_request_review_thread", payload)


def gitlab_note(repo: str, number: int, discussion: dict, note: dict):
    payload = {
        "object_kind": "note", "event_type": "note", "user": note["author"],
        "project": {"path_with_namespace": repo},
        "object_attributes": {"id": note["id"], "note": note["body"], "type": "DiffNote",
                              "noteable_type": "MergeRequest",
                              "discussion_id": discussion["id"]},
        "merge_request": {"iid": number},
    }
    return json.dumps(payload).encode(), {"X-Gitlab-Event": "Note Hook",
                                          "X-Gitlab-Token": SECRET,
                                          "Content-Type": "application/json"}, \
        "X-Gitlab-Event-UUID"


def pr_event(host: str, examples, stage: str, repo: str, number: int, head: str, oldrev: str):
    """stage: opened | pushed | closed."""
    if host == "github":
        action = {"opened": "opened", "pushed": "synchronize", "closed": "closed"}[stage]
        return github_delivery(examples, action, repo, number, head)
    if host == "gitea":
        action = {"opened": "opened", "pushed": "synchronized", "closed": "closed"}[stage]
        return gitea_delivery(action, repo, number, head)
    action = {"opened": "open", "pushed": "update", "closed": "merge"}[stage]
    return gitlab_delivery(action, repo, number, head, oldrev)


class Deliverer:
    def __init__(self, url: str, host: str) -> None:
        self.url, self.host, self.count = url, host, 0

    def send(self, delivery: tuple[bytes, dict[str, str], str], expect: str) -> dict:
        body, headers, id_header = delivery
        self.count += 1
        headers[id_header] = f"{self.host}-fb-{self.count}-{time.monotonic_ns()}"
        response = requests.post(f"{self.url}/webhooks/{self.host}", data=body,
                                 headers=headers, timeout=10)
        assert response.status_code == 202, response.text
        answer = response.json()
        assert answer["status"] == expect, answer
        return answer


# --- the scenario --------------------------------------------------------------------------


def bot_comments(fake: FakeHost, repo: str, number: int, rule: str) -> list[dict]:
    return [c for c in fake.inline(repo, number)
            if fingerprints_in(c["body"]) and f"`{rule}`" in c["body"]]


def by_line(comments: list[dict], line: int) -> dict:
    """GitHub: `line`; GitLab: `position.new_line`; Gitea: `position`."""
    def where(comment: dict) -> int | None:
        position = comment.get("position")
        if isinstance(position, dict):
            return position.get("new_line")
        return comment.get("line", position)

    return next(c for c in comments if where(c) == line)


def stats_json(env: dict[str, str], repo: str) -> dict:
    proc = subprocess.run([str(BIN / "reviewbot"), "stats", "--repo", repo, "--format", "json"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def open_and_review(fake, send, examples, repo: HostedRepo, number: int, branch: str) -> str:
    fake.open_pr(repo, number, "main", branch)
    head = fake.sync(repo.full_name, number)
    send(pr_event(fake.name, examples, "opened", repo.full_name, number, head, ""), "queued")
    wait_for(lambda: summary_is_for(fake, repo.full_name, number, head))
    return head


@pytest.mark.functional
@pytest.mark.parametrize("host", sorted(FAKES))
def test_reviewers_feedback_demotes_a_rule(host, feedback_service, github_examples, tmp_path):
    url, fakes, store_url, env, log_path = feedback_service
    fake = fakes[host]
    deliver = Deliverer(url, host)
    send = deliver.send
    name = f"acme/fb-{host}"  # one store serves the three hosts
    repo = fake.add_repo(HostedRepo(tmp_path, name))
    repo.commit({"app.py": BASE, "tests/test_app.py": "def test_ok():\n    assert True\n"},
                "initial")
    repo.commit({"app.py": OPENED}, "add run()", branch="feature")

    # 1. opened: three inline comments, each recorded with its rule, path, line, fingerprint
    head = open_and_review(fake, send, github_examples, repo, 1, "feature")
    evals, shells = bot_comments(fake, name, 1, EVAL), bot_comments(fake, name, 1, SHELL)
    assert len(evals) == 2 and len(shells) == 1
    store = FeedbackStore(store_url)
    try:
        # the job records the comments right after it posted them (after the summary)
        wait_for(lambda: len(store.comments_for(host, name, 1)) == 3, what="the records")
        records = {r.comment_id: r for r in store.comments_for(host, name, 1)}
        assert set(records) == {str(c["id"]) for c in evals + shells}
        shell_record = records[str(shells[0]["id"])]
        assert (shell_record.rule, shell_record.path, shell_record.line,
                shell_record.commit_sha) == (SHELL, "app.py", 10, head)
        assert shell_record.fingerprint in shells[0]["body"]
    finally:
        store.close()
    first_eval, second_eval = by_line(evals, 11), by_line(evals, 15)

    # 2. reviewers: 3 x 👎 and 1 x 👍 on the first eval comment, 👍 on the shell comment
    for user, content in (("ann", "-1"), ("bob", "-1"), ("cy", "-1"), ("dee", "+1")):
        if host == "gitlab":
            fake.award(first_eval["id"], user, {"-1": "thumbsdown", "+1": "thumbsup"}[content])
        else:
            fake.react(first_eval["id"], user, content)
    if host == "gitlab":
        fake.award(first_eval["id"], "eve", "rocket")  # not a vote
        fake.award(shells[0]["id"], "ann", "thumbsup")
    else:
        fake.react(first_eval["id"], "eve", "rocket")
        fake.react(shells[0]["id"], "ann", "+1")
    # ... a "false positive" reply and a resolution without a change on the second
    reply_text = "False positive: `command` is a constant here."
    if host == "github":
        reply = fake.reply(name, 1, second_eval["id"], "erin", reply_text)
        answer = send(github_reply(github_examples, name, 1, reply), "feedback")
        assert answer["result"] == "false-positive reply recorded"
        again = send(github_reply(github_examples, name, 1, reply), "feedback")  # redelivered
        assert again["result"] == "false-positive reply already recorded"
        chatter = fake.reply(name, 1, first_eval["id"], "erin", "Thanks, looking at it")
        assert send(github_reply(github_examples, name, 1, chatter), "feedback")["result"] == (
            "reply without a false-positive phrase")
        thread = fake.thread_comments(name, 1, second_eval["id"])
        assert send(github_resolved(github_examples, name, 1, thread), "feedback")[
            "result"] == "resolution recorded"
    elif host == "gitlab":
        discussion, note = fake.reply(name, 1, second_eval["id"], "erin", reply_text)
        answer = send(gitlab_note(name, 1, discussion, note), "feedback")
        assert answer["result"] == "false-positive reply recorded"
        fake.resolve_thread(name, 1, second_eval["id"], "erin")  # read when it closes
    else:
        fake.reply(name, 1, second_eval["id"], "erin", reply_text)  # read when it closes
        fake.resolve(second_eval["id"], "erin")

    # 3. a push changes the shell line only: that comment is fixed
    oldrev = repo.rev("feature")
    repo.commit({"app.py": PUSHED}, "no shell", branch="feature")
    head = fake.sync(name, 1)
    send(pr_event(host, github_examples, "pushed", name, 1, head, oldrev), "queued")
    wait_for(lambda: summary_is_for(fake, name, 1, head))

    # 4. the pull request closes (GitLab: merges): the service reads the reactions
    fake.pr(name, 1).state = "merged" if host == "gitlab" else "closed"
    send(pr_event(host, github_examples, "closed", name, 1, head, ""), "queued")
    expected = {"comments": 2, "upvotes": 1, "downvotes": 3, "fp_replies": 1,
                "resolved_unchanged": 1, "fixed": 0, "votes": 6}

    def eval_row() -> dict:
        rows = stats_json(env, name)["repositories"]
        return next((r for r in rows[0]["rules"] if r["rule"] == EVAL), {}) if rows else {}

    wait_for(lambda: {k: eval_row().get(k) for k in expected} == expected, timeout=60,
             what="the feedback harvest")
    report = stats_json(env, name)
    assert [(r["host"], r["repo"]) for r in report["repositories"]] == [(host, name)]
    rules = {r["rule"]: r for r in report["repositories"][0]["rules"]}
    assert {k: rules[EVAL][k] for k in expected} == expected
    assert rules[EVAL]["precision"] == pytest.approx(1 / 6)
    assert rules[EVAL]["demoted"] is True
    assert rules[EVAL]["reason"] == "demoted by reviewer feedback (precision 0.2 over 6 votes)"
    assert {k: rules[SHELL][k] for k in ("comments", "upvotes", "fixed", "votes")} == {
        "comments": 1, "upvotes": 1, "fixed": 1, "votes": 2}
    assert rules[SHELL]["precision"] == 1.0 and rules[SHELL]["demoted"] is False
    text = subprocess.run([str(BIN / "reviewbot"), "stats", "--repo", name], env=env,
                          capture_output=True, text=True, timeout=60, check=True).stdout
    assert "DEMOTED: demoted by reviewer feedback (precision 0.2 over 6 votes)" in text

    # 5. the next pull request: the demoted rule's finding goes to the summary
    git(repo.work, "checkout", "-q", "main")
    repo.commit({"app.py": SECOND.replace("eval(text)", "eval(text)  # new")}, "later",
                branch="second")
    open_and_review(fake, send, github_examples, repo, 2, "second")
    assert bot_comments(fake, name, 2, EVAL) == []
    summary = summaries(fake, name, 2)[0]["body"]
    assert "Demoted by reviewer feedback (1)" in summary
    assert f"`{EVAL}`: demoted by reviewer feedback (precision 0.2 over 6 votes)" in summary
    assert f"`app.py:9` `{EVAL}`" in summary  # the finding itself is listed

    # 6. reversible: keep-inline in the repository's config brings the rule back inline
    repo.commit({".reviewbot.toml": f'[feedback]\nkeep-inline = ["{EVAL}"]\n'}, "keep eval",
                branch="main")
    repo.commit({"app.py": SECOND}, "third", branch="third")
    open_and_review(fake, send, github_examples, repo, 3, "third")
    assert len(bot_comments(fake, name, 3, EVAL)) == 1
    assert "Demoted by reviewer feedback" not in summaries(fake, name, 3)[0]["body"]
    assert stats_json(env, name)["repositories"][0]["keep_inline"] == [EVAL]
    assert fake.violations == []
    assert fake.token not in log_path.read_text()


@pytest.mark.functional
@pytest.mark.parametrize("host", sorted(FAKES))
def test_ci_command_records_and_reads_feedback_on_close(host, github_spec, tmp_path):
    """`reviewbot pr` in CI: it records what it posts, and run on the closed pull request
    it reads the reactions instead of reviewing."""
    fake = start_fake(host)
    try:
        name = "acme/ci"
        repo = fake.add_repo(HostedRepo(tmp_path, name))
        repo.commit({"app.py": BASE}, "initial")
        repo.commit({"app.py": OPENED}, "add run()", branch="feature")
        fake.open_pr(repo, 5, "main", "feature")
        env = clean_env(REVIEWBOT_FEEDBACK_URL=f"sqlite:///{tmp_path}/feedback.sqlite3",
                        **{TOKEN_VARS[host]: fake.token})

        def reviewbot_pr() -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [str(BIN / "reviewbot"), "pr", "--host", host, "--repo", name, "--number", "5",
                 "--api-url", fake.base_url, "--checkout", str(repo.work),
                 "--cache-dir", str(tmp_path / "cache"), "--fail-on", "none"],
                env=env, capture_output=True, text=True, timeout=120, check=False)

        proc = reviewbot_pr()
        assert proc.returncode == 0, proc.stderr
        target = by_line(bot_comments(fake, name, 5, EVAL), 11)
        if host == "gitlab":
            fake.award(target["id"], "ann", "thumbsdown")
        else:
            fake.react(target["id"], "ann", "-1")
        fake.pr(name, 5).state = "closed"
        proc = reviewbot_pr()
        assert proc.returncode == 0, proc.stderr
        assert "reviewer feedback read from 3 comment(s); nothing posted" in proc.stdout
        rules = {r["rule"]: r for r in stats_json(env, name)["repositories"][0]["rules"]}
        assert (rules[EVAL]["comments"], rules[EVAL]["downvotes"]) == (2, 1)
        assert (rules[SHELL]["comments"], rules[SHELL]["votes"]) == (1, 0)
        assert fake.violations == []
    finally:
        fake.stop()
