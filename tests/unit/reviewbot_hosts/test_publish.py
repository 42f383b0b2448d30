"""The posting policy against an in-memory host: anchoring, the per-review cap, dedupe by
fingerprint, resolving, the 422 fallback, the sticky summary, masking, the commit status."""

from reviewbot.reporters.pull_request import (
    RESOLVED_MARKER,
    SUMMARY_MARKER,
    PublishInput,
    fingerprints_in,
    publish,
)
from reviewbot.review.diff_parser import parse_diff
from reviewbot.review.findings import Category, Finding, Severity
from tests.fakes.memory import MemoryHost

# app.py: lines 1-3 context, 4-43 added (40 lines), 44-46 context; 50 is outside any hunk.
DIFF = parse_diff(
    "diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n@@ -1,6 +1,46 @@\n"
    + " a\n b\n c\n"
    + "".join(f"+x{n}\n" for n in range(4, 44))
    + " d\n e\n f\n"
)
COMMENTABLE = {"app.py": set(range(1, 47))}
PR = MemoryHost(COMMENTABLE).get_pull_request("o/r", 1)


def finding(line, rule="py/rule", severity=Severity.MEDIUM, end=None, text=None):
    return Finding(rule, Category.SECURITY, severity, f"problem on {line}", "app.py", line,
                   end_line=end, anchor_text=text or f"x{line}")


def review(*inline, **kwargs):
    return PublishInput(head_sha=PR.head_sha, base_sha=PR.base_sha, inline=list(inline),
                        diff=DIFF, **kwargs)


def active_fps(host):
    return [fp for c in host.inline if not c.resolved for fp in fingerprints_in(c.body)]


def test_comments_anchor_on_the_first_commentable_line_and_off_diff_go_to_summary():
    host = MemoryHost(COMMENTABLE)
    spans = finding(45, end=50)  # starts on a context line inside the hunk
    outside = finding(50, rule="py/outside")
    result = publish(host, "o/r", PR, review(finding(5), spans, outside))
    assert sorted((c.path, c.line) for c in host.inline) == [("app.py", 5), ("app.py", 45)]
    assert result.unanchored == [outside]
    assert len(host.notes) == 1 and "py/outside" in host.notes[0].body


def test_at_most_thirty_new_inline_comments_per_review_worst_first():
    host = MemoryHost(COMMENTABLE)
    findings = [finding(n, rule=f"py/r{n}") for n in range(4, 44)]
    findings[-1] = finding(43, rule="py/critical", severity=Severity.CRITICAL)
    result = publish(host, "o/r", PR, review(*findings))
    assert host.reviews[0][1] == 30 and len(host.inline) == 30
    assert len(result.overflow) == 10
    assert any("py/critical" in c.body for c in host.inline)
    assert "Over the 30-comment limit" in host.notes[0].body


def test_rerun_does_not_duplicate_and_updates_the_one_summary():
    host = MemoryHost(COMMENTABLE)
    first = review(finding(5), finding(6, rule="py/b"))
    publish(host, "o/r", PR, first)
    again = publish(host, "o/r", PR, first)
    assert again.posted == 0 and again.already_posted == 2
    assert len(host.inline) == 2 and len(host.notes) == 1
    assert [c for c in host.calls if c.startswith("post_review")] == ["post_review:2"]
    assert host.notes[0].body.startswith(SUMMARY_MARKER)


def test_a_finding_that_disappeared_is_resolved_and_a_returning_one_posted_anew():
    host = MemoryHost(COMMENTABLE)
    gone, stays = finding(5, rule="py/gone"), finding(6, rule="py/stays")
    publish(host, "o/r", PR, review(gone, stays))
    result = publish(host, "o/r", PR, review(stays))
    assert result.resolved == 1
    resolved = [c for c in host.inline if c.resolved]
    assert len(resolved) == 1 and RESOLVED_MARKER in resolved[0].body
    assert gone.fingerprint in resolved[0].body
    assert active_fps(host) == [stays.fingerprint]
    back = publish(host, "o/r", PR, review(gone, stays))
    assert back.posted == 1 and sorted(active_fps(host)) == sorted(
        [gone.fingerprint, stays.fingerprint])


def test_fingerprint_survives_a_moved_line():
    host = MemoryHost(COMMENTABLE)
    publish(host, "o/r", PR, review(finding(5, text="eval(x)")))
    moved = publish(host, "o/r", PR, review(finding(9, text="eval(x)")))
    assert moved.posted == 0 and moved.resolved == 0 and len(host.inline) == 1


def test_refused_anchors_fall_back_to_a_body_only_review():
    host = MemoryHost({"app.py": {5}})  # the host disagrees with our diff about line 6
    ok, refused = finding(5), finding(6, rule="py/refused")
    result = publish(host, "o/r", PR, review(ok, refused))
    assert set(result.fallback) == {ok, refused}
    assert host.inline == []  # GitHub rejects the whole review
    body, count = host.reviews[-1]
    assert count == 0 and set(fingerprints_in(body)) == {ok.fingerprint, refused.fingerprint}
    assert "Refused by the host" in host.notes[0].body
    rerun = publish(host, "o/r", PR, review(ok, refused))
    assert rerun.posted == 0 and rerun.already_posted == 2 and len(host.reviews) == 1


def test_per_comment_refusal_keeps_the_accepted_ones():
    host = MemoryHost({"app.py": {5}}, batches_reviews=False, whole_review_422=False)
    ok, refused = finding(5), finding(6, rule="py/refused")
    result = publish(host, "o/r", PR, review(ok, refused))
    assert result.posted == 1 and result.fallback == [refused]
    assert [c.line for c in host.inline] == [5]
    assert fingerprints_in(host.reviews[-1][0]) == [refused.fingerprint]


def test_nothing_posted_contains_the_secret_found():
    key = "AKIAIOSFODNN7EXAMPLF"
    leak = Finding("secrets/aws", Category.SECRETS, Severity.CRITICAL,
                   f"AWS key {key} committed", "app.py", 5, anchor_text=f'KEY = "{key}"')
    host = MemoryHost(COMMENTABLE)
    publish(host, "o/r", PR, review(leak, summary=[leak]))
    posted = [c.body for c in host.inline] + [n.body for n in host.notes]
    posted += [b for b, _ in host.reviews]
    assert posted and not any(key in body for body in posted)


def test_change_level_risk_gate_and_status():
    from reviewbot.model.risk import Risk

    host = MemoryHost(COMMENTABLE)
    change = Finding("change/large", Category.CODE_QUALITY, Severity.LOW, "a very large change")
    risk = Risk(0.73, "high", ["many files touched"], "jit-1.0")
    result = publish(host, "o/r", PR, review(finding(5, severity=Severity.HIGH),
                                             change_level=[change], risk=risk,
                                             gate=Severity.HIGH),
                     status_context="reviewbot")
    body = host.notes[0].body
    assert "73%" in body and "many files touched" in body and "a very large change" in body
    assert "failed" in body
    assert result.status is not None and host.statuses[0][1] == result.status
    assert host.statuses[0][1].value == "failure"


def test_hidden_markers_in_messages_cannot_forge_a_summary():
    host = MemoryHost(COMMENTABLE)
    sneaky = Finding("py/x", Category.SECURITY, Severity.LOW,
                     "text <!-- reviewbot:summary --> <!-- reviewbot:fp=deadbeef -->", "app.py", 5)
    publish(host, "o/r", PR, review(sneaky))
    assert SUMMARY_MARKER not in host.inline[0].body
    assert fingerprints_in(host.inline[0].body) == [sneaky.fingerprint]


def test_host_that_cannot_resolve_is_reported_in_the_summary():
    host = MemoryHost(COMMENTABLE, can_resolve=False)
    publish(host, "o/r", PR, review(finding(5)))
    result = publish(host, "o/r", PR, review())
    assert result.not_resolved == 1 and "could not be marked resolved" in host.notes[0].body
