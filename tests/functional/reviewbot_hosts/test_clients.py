"""Each host client against its strict fake: the calls, pagination, retries and errors."""

import time

import pytest

from reviewbot.hosts.base import HostError, HostUnavailable, InlineComment
from reviewbot.reporters.pull_request import PublishInput, fingerprints_in, publish
from reviewbot.review.diff_parser import parse_diff
from reviewbot.review.findings import Category, Finding, Severity
from tests.fakes.gitrepo import git

from .helpers import client, make_pr

LINES = "".join(f"value_{n} = {n}\n" for n in range(1, 41))


def test_pull_request_details(fake, tmp_path):
    repo = make_pr(fake, tmp_path, "acme/app", 4, {"app.py": LINES})
    pr = client(fake).get_pull_request("acme/app", 4)
    assert pr.number == 4 and pr.base_ref == "main" and pr.head_ref == "feature"
    assert pr.head_sha == repo.rev("feature")
    assert pr.clone_url == repo.clone_url
    assert git(repo.bare, "rev-parse", pr.fetch_ref) == pr.head_sha
    if fake.name == "gitlab":
        assert pr.start_sha == repo.rev("main")
        assert pr.base_sha == git(repo.bare, "merge-base", "main", "feature")


def test_thirty_comments_in_one_review_and_the_rest_in_the_summary(fake, tmp_path):
    repo = make_pr(fake, tmp_path, "acme/app", 4, {"app.py": LINES})
    host = client(fake)
    pr = host.get_pull_request("acme/app", 4)
    diff = parse_diff(git(repo.bare, "diff", "main...feature") + "\n")
    findings = [Finding(f"demo/r{n}", Category.CODE_QUALITY, Severity.LOW, f"issue {n}",
                        "app.py", n, anchor_text=f"value_{n} = {n}") for n in range(1, 36)]
    result = publish(host, "acme/app", pr, PublishInput(pr.head_sha, pr.base_sha,
                                                        inline=findings, diff=diff))
    assert result.posted == 30 and len(result.overflow) == 5
    inline = fake.inline("acme/app", 4)
    assert len(inline) == 30
    if fake.name != "gitlab":
        review = next(r for r in fake.review_list("acme/app", 4) if r["body"])
        assert review["commit_id"] == pr.head_sha
    [summary] = fake.notes("acme/app", 4)
    assert "Over the 30-comment limit" in summary["body"]
    # second run: the five left over are posted now, nothing is repeated
    again = publish(host, "acme/app", pr, PublishInput(pr.head_sha, pr.base_sha,
                                                       inline=findings, diff=diff))
    assert again.posted == 5 and again.already_posted == 30
    fps = [fp for c in fake.inline("acme/app", 4) for fp in fingerprints_in(c["body"])]
    assert sorted(fps) == sorted(f.fingerprint for f in findings)
    assert len(fake.notes("acme/app", 4)) == 1


def test_anchor_outside_the_diff_is_refused_by_the_fake_and_lands_in_a_body(fake, tmp_path):
    make_pr(fake, tmp_path, "acme/app", 4, {"app.py": LINES})
    host = client(fake)
    pr = host.get_pull_request("acme/app", 4)
    # Our diff claims line 70 exists; the host's diff has 40 lines: the host must refuse.
    stale = parse_diff("diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n"
                       "@@ -1,0 +70,1 @@\n+value_70 = 70\n")
    finding = Finding("demo/stale", Category.SECURITY, Severity.HIGH, "stale anchor",
                      "app.py", 70, anchor_text="value_70 = 70")
    result = publish(host, "acme/app", pr, PublishInput(pr.head_sha, pr.base_sha,
                                                        inline=[finding], diff=stale))
    assert result.posted == 0 and result.fallback == [finding]
    assert fake.inline("acme/app", 4) == []
    refused = [r for r in fake.requests if r.status in (400, 422)]
    assert refused, "the fake should have refused the anchor"
    bodies = [n["body"] for n in fake.notes("acme/app", 4)]
    if fake.name != "gitlab":
        bodies += [r["body"] for r in fake.review_list("acme/app", 4)]
    assert any(finding.fingerprint in body for body in bodies)
    fake.violations.clear()  # GitLab's 400 is recorded as the answer, not as our violation


def test_pagination_follows_link_headers(fake, tmp_path):
    make_pr(fake, tmp_path, "acme/app", 4, {"app.py": LINES})
    host = client(fake)
    pr = host.get_pull_request("acme/app", 4)
    for n in range(5):
        host.create_note("acme/app", 4, f"note {n}")
    host.post_review("acme/app", pr, "review" if host.batches_reviews else "", [
        InlineComment("app.py", n, f"comment {n}") for n in range(1, 8)])
    fake.max_per_page = 2
    assert [n.body for n in host.list_notes("acme/app", 4)] == [f"note {n}" for n in range(5)]
    assert sorted(c.line for c in host.list_inline_comments("acme/app", 4)) == list(range(1, 8))
    assert any("page=2" in "&".join(f"{k}={v[0]}" for k, v in r.query.items())
               for r in fake.requests)


def test_retries_honour_retry_after_and_secondary_rate_limits(fake, tmp_path):
    make_pr(fake, tmp_path, "acme/app", 4, {"app.py": LINES})
    waits = []
    host = client(fake, sleep=waits.append, secondary_wait=60.0, backoff=0.5)
    fake.inject(502, {"message": "Bad Gateway"})
    fake.inject(403, {"message": "You have exceeded a secondary rate limit."},
                {"Retry-After": "7"})
    fake.inject(403, {"message": "You have exceeded a secondary rate limit."})
    fake.inject(429, {"message": "API rate limit exceeded"},
                {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 5)})
    pr = host.get_pull_request("acme/app", 4)
    assert pr.number == 4
    assert waits[0] == 0.5 and waits[1] == 7.0 and waits[2] >= 60.0 and 3 <= waits[3] <= 7


def test_an_outage_is_retryable_and_a_bad_token_is_not(fake, tmp_path):
    make_pr(fake, tmp_path, "acme/app", 4, {"app.py": LINES})
    fake.inject(503, {"message": "down"}, times=3)
    with pytest.raises(HostUnavailable) as outage:
        client(fake, sleep=lambda s: None, attempts=3).get_pull_request("acme/app", 4)
    assert outage.value.retryable
    with pytest.raises(HostError) as denied:
        client(fake, token="wrong-token").get_pull_request("acme/app", 4)
    assert denied.value.status == 401 and not denied.value.retryable
    assert "wrong-token" not in str(denied.value)
    with pytest.raises(HostError) as missing:
        client(fake).get_pull_request("acme/app", 99)
    assert missing.value.status == 404 and not missing.value.retryable


def test_unreachable_host_is_retryable():
    from reviewbot.hosts.github import GitHubClient

    host = GitHubClient("t", "http://127.0.0.1:9", sleep=lambda s: None, attempts=2)
    with pytest.raises(HostUnavailable):
        host.get_pull_request("acme/app", 1)
