"""Post a review to a pull request on any host: the policy, shared by GitHub, GitLab, Gitea.

The reviewdog recipe (service/github/github.go, service/serviceutil/comment.go), made
idempotent across pushes:

1. Inline comments only where the diff can anchor them: the finding's first line that is a
   new-side line inside a hunk (added or context). Everything else goes to the summary.
2. At most `max_inline` (30) new inline comments per review, worst first; the rest are
   listed in the summary.
3. Every inline comment carries `<!-- reviewbot:fp=FINGERPRINT -->`; a finding whose
   fingerprint is already on the pull request is not posted again.
4. A comment whose finding is gone is resolved (GitLab) or edited to say so (GitHub, Gitea),
   and tagged `<!-- reviewbot:resolved -->`; if the finding comes back, it is posted anew.
   A thread a reviewer resolved while the finding stays is not posted again.
5. If the host refuses the anchors (GitHub 422 for the whole review), the same findings go
   out as one body-only review, fingerprints included, instead of being lost.
6. One sticky summary comment per pull request, found by `<!-- reviewbot:summary -->` and
   edited in place.
7. Nothing posted contains a secret the review found (reporters/masking.py).
8. A rule demoted by reviewer feedback (reviewbot/feedback/) gets no new inline comments;
   its findings are listed in the summary with the reason (precision over how many votes).

`publish` talks to a `HostClient` only; it imports no HTTP library and no Flask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reviewbot.hosts.base import (
    AnchorRejected,
    CommitState,
    HostClient,
    InlineComment,
    PostedComment,
    PullRequest,
)
from reviewbot.model.risk import Risk
from reviewbot.reporters.masking import mask_secrets, secret_values
from reviewbot.review.diff import Diff, LineKind
from reviewbot.review.findings import Finding, Severity

if TYPE_CHECKING:
    from reviewbot.review.pipeline import Review

MAX_INLINE = 30
SUMMARY_MARKER = "<!-- reviewbot:summary -->"
RESOLVED_MARKER = "<!-- reviewbot:resolved -->"
_FP_MARKER = re.compile(r"<!-- reviewbot:fp=([0-9A-Za-z_.\-]+) -->")
_ICONS = {
    Severity.CRITICAL: "🛑",
    Severity.HIGH: "🔴",
    Severity.MEDIUM: "🟠",
    Severity.LOW: "🟡",
    Severity.INFO: "🔵",
}


def fp_marker(fingerprint: str) -> str:
    return f"<!-- reviewbot:fp={fingerprint} -->"


def fingerprints_in(text: str) -> list[str]:
    return _FP_MARKER.findall(text)


@dataclass(frozen=True)
class PublishInput:
    """A review as the pull-request reporter needs it (built from the pipeline's Review)."""

    head_sha: str
    base_sha: str
    inline: Sequence[Finding] = ()  # findings on the change's lines: want an inline comment
    summary: Sequence[Finding] = ()  # findings for the summary only (e.g. critical, off-diff)
    change_level: Sequence[Finding] = ()  # findings about the change as a whole
    notes: Sequence[str] = ()
    risk: Risk | None = None
    diff: Diff | None = None
    gate: Severity | None = None  # findings at or above fail the commit status
    demoted: Mapping[str, str] = field(default_factory=dict)  # rule → why it is not inline

    @property
    def all_findings(self) -> list[Finding]:
        return [*self.inline, *self.summary, *self.change_level]

    @property
    def gate_failed(self) -> bool:
        return self.gate is not None and any(f.severity >= self.gate for f in self.all_findings)


@dataclass
class PublishResult:
    posted: int = 0  # new inline comments accepted this time
    already_posted: int = 0  # findings whose comment was already on the pull request
    unanchored: list[Finding] = field(default_factory=list)  # no commentable line
    overflow: list[Finding] = field(default_factory=list)  # over the per-review cap
    fallback: list[Finding] = field(default_factory=list)  # refused anchors, sent as body
    demoted: list[Finding] = field(default_factory=list)  # rule demoted by reviewer feedback
    resolved: int = 0
    not_resolved: int = 0  # gone findings the host would not let us mark
    summary_id: str = ""
    summary_created: bool = False
    status: CommitState | None = None


# --- anchoring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FileAnchors:
    old_path: str | None
    new_to_old: dict[int, int | None]  # commentable new-side line → old line (None: added)


def anchors_from_diff(diff: Diff) -> dict[str, FileAnchors]:
    anchors: dict[str, FileAnchors] = {}
    for file_diff in diff.files:
        if file_diff.new_path is None or file_diff.is_binary:
            continue
        lines: dict[int, int | None] = {}
        for hunk in file_diff.hunks:
            for line in hunk.lines:
                if line.new_lineno is None:
                    continue
                lines[line.new_lineno] = line.old_lineno if line.kind is LineKind.CONTEXT else None
        anchors[file_diff.new_path] = FileAnchors(file_diff.old_path, lines)
    return anchors


def anchor(finding: Finding, anchors: dict[str, FileAnchors], body: str) -> InlineComment | None:
    """The inline comment for `finding`, or None when no line of it is commentable."""
    if finding.path is None or finding.line is None or finding.path not in anchors:
        return None
    file_anchors = anchors[finding.path]
    last = finding.end_line or finding.line
    start = next((n for n in range(finding.line, last + 1) if n in file_anchors.new_to_old), None)
    if start is None:
        return None
    end = start
    while end + 1 <= last and end + 1 in file_anchors.new_to_old:
        end += 1
    return InlineComment(
        path=finding.path,
        line=start,
        end_line=end if end > start else None,
        body=body,
        old_path=file_anchors.old_path,
        old_line=file_anchors.new_to_old[start],
    )


# --- rendering -----------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Text from a finding, safe inside our markdown: no forged hidden markers."""
    return text.replace("<!--", "&lt;!--").replace("-->", "--&gt;")


def _headline(finding: Finding) -> str:
    cwe = f" · CWE-{finding.cwe}" if finding.cwe is not None else ""
    return (
        f"{_ICONS[finding.severity]} **{finding.severity}** · {finding.category} · "
        f"`{finding.rule}`{cwe}"
    )


def comment_body(finding: Finding) -> str:
    parts = [_headline(finding), "", _clean(finding.message)]
    if len(finding.flow) > 1:
        # the path from the source to this line, so the reviewer can check each hop
        parts += ["", "**Data flow:**"]
        parts += [
            f"{n}. `{step.path}:{step.line}` {_clean(step.message)}"
            for n, step in enumerate(finding.flow, 1)
        ]
    if finding.fix:
        parts += ["", f"**Fix:** {_clean(finding.fix)}"]
    parts += ["", fp_marker(finding.fingerprint)]
    return "\n".join(parts)


def resolved_body(comment: PostedComment, head_sha: str) -> str:
    fingerprints = fingerprints_in(comment.body)
    first_line = _FP_MARKER.sub("", comment.body).strip().splitlines()[0:1]
    struck = f"~~{first_line[0]}~~" if first_line else ""
    markers = "\n".join(fp_marker(fp) for fp in fingerprints)
    return (
        f"{struck}\n\n✅ Resolved: reviewbot no longer finds this at `{head_sha[:12]}`.\n\n"
        f"{markers}\n{RESOLVED_MARKER}"
    )


def _location(finding: Finding) -> str:
    if finding.path is None:
        return "the change"
    if finding.line is None:
        return f"`{finding.path}`"
    span = (
        f"{finding.line}"
        if finding.end_line in (None, finding.line)
        else (f"{finding.line}-{finding.end_line}")
    )
    return f"`{finding.path}:{span}`"


def _bullet(finding: Finding) -> str:
    return (
        f"- {_ICONS[finding.severity]} **{finding.severity}** {_location(finding)} "
        f"`{finding.rule}`: {_clean(finding.message)}"
    )


def fallback_body(findings: Sequence[Finding], head_sha: str) -> str:
    lines = [
        f"reviewbot could not anchor these findings on the diff of `{head_sha[:12]}`, "
        "so they are listed here:",
        "",
    ]
    for finding in findings:
        lines.append(_bullet(finding) + " " + fp_marker(finding.fingerprint))
    return "\n".join(lines)


def review_body(count: int, head_sha: str) -> str:
    noun = "finding" if count == 1 else "findings"
    return (
        f"reviewbot: {count} new {noun} on `{head_sha[:12]}`. "
        "The reviewbot summary comment has the full picture."
    )


def summary_body(
    review: PublishInput, result: PublishResult, existing_inline: int, limit: int = MAX_INLINE
) -> str:
    findings = review.all_findings
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    counted = ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), reverse=True) if n)
    lines = [
        SUMMARY_MARKER,
        "## reviewbot",
        "",
        f"Reviewed `{review.base_sha[:12]}..{review.head_sha[:12]}`: "
        + (f"**{len(findings)} findings** ({counted})." if findings else "**no findings**."),
    ]
    if review.gate is not None:
        verdict = "❌ failed" if review.gate_failed else "✅ passed"
        lines.append(f"Gate (fail on {review.gate} or worse): {verdict}.")
    if review.risk is not None:
        risk = review.risk
        lines += [
            "",
            f"**Defect risk:** {risk.probability:.0%} ({risk.band})"
            + (f" · model `{risk.model}`" if risk.model else "")
            + (f" ({_clean(risk.source)})" if risk.source else ""),
        ]
        lines += [f"- {_clean(reason)}" for reason in risk.reasons]
    lines += [
        "",
        f"Inline: {result.posted} new, {existing_inline} already on this pull request; "
        f"{result.resolved} resolved since the last push.",
    ]
    if result.not_resolved:
        lines.append(
            f"{result.not_resolved} earlier comment(s) point at findings that are gone but "
            "could not be marked resolved on this host."
        )
    if result.demoted:
        # A heading, not a folded <details>: a demotion must be visible to the team.
        lines += ["", f"### Demoted by reviewer feedback ({len(result.demoted)})", ""]
        for rule in sorted({f.rule for f in result.demoted}):
            lines.append(f"`{rule}`: {_clean(review.demoted.get(rule, 'demoted'))}; "
                         "`keep-inline` in `[feedback]` of the config brings it back inline.")
        lines += [""] + [_bullet(f) for f in result.demoted]
    if review.change_level:
        lines += ["", "### About the change as a whole"]
        lines += [_bullet(f) for f in review.change_level]
    off_diff = [*result.unanchored, *review.summary, *result.fallback, *result.overflow]
    if off_diff:
        lines += ["", f"<details><summary>Not shown inline ({len(off_diff)})</summary>", ""]
        for title, group in (
            ("Outside the diff's lines", [*result.unanchored, *review.summary]),
            ("Refused by the host's anchors", result.fallback),
            (f"Over the {limit}-comment limit of one review", result.overflow),
        ):
            if group:
                lines += [f"**{title}**", ""] + [_bullet(f) for f in group] + [""]
        lines.append("</details>")
    if review.notes:
        lines += ["", "<details><summary>Notes</summary>", ""]
        lines += [f"- {_clean(note)}" for note in review.notes]
        lines.append("</details>")
    return "\n".join(lines)


# --- publishing ----------------------------------------------------------------------------


def _worst_first(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity, f.path or "", f.line or 0, f.rule))


def publish(
    client: HostClient,
    repo: str,
    pr: PullRequest,
    review: PublishInput,
    *,
    max_inline: int = MAX_INLINE,
    status_context: str | None = None,
) -> PublishResult:
    """Post one review for this push and bring the sticky summary up to date."""
    secrets = secret_values(review.all_findings)

    def masked(text: str) -> str:
        return mask_secrets(text, secrets)

    result = PublishResult()
    posted = client.list_inline_comments(repo, pr.number)
    active = {
        fp: comment
        for comment in posted
        if not comment.resolved and RESOLVED_MARKER not in comment.body
        for fp in fingerprints_in(comment.body)
    }
    in_bodies = {
        fp for body in client.list_review_bodies(repo, pr.number) for fp in fingerprints_in(body)
    }
    # A thread a person resolved while its finding is still there was dismissed: posting it
    # again on every push would argue with the reviewer (and the dismissal is feedback).
    dismissed = {
        fp
        for comment in posted
        if comment.resolved and RESOLVED_MARKER not in comment.body
        for fp in fingerprints_in(comment.body)
    }
    current = {f.fingerprint for f in review.all_findings}

    anchors = anchors_from_diff(review.diff) if review.diff is not None else {}
    candidates: list[tuple[Finding, InlineComment]] = []
    for finding in _worst_first(review.inline):
        if finding.rule in review.demoted:
            result.demoted.append(finding)
            continue
        if finding.fingerprint in active or finding.fingerprint in in_bodies or (
            finding.fingerprint in dismissed
        ):
            result.already_posted += 1
            continue
        comment = anchor(finding, anchors, masked(comment_body(finding)))
        if comment is None:
            result.unanchored.append(finding)
        else:
            candidates.append((finding, comment))
    to_post, overflowing = candidates[:max_inline], candidates[max_inline:]
    result.overflow = [f for f, _ in overflowing]

    if to_post:
        body = masked(review_body(len(to_post), pr.head_sha)) if client.batches_reviews else ""
        refused: list[Finding] = []
        try:
            outcome = client.post_review(repo, pr, body, [c for _, c in to_post])
            result.posted = outcome.posted
            refused_ids = {id(c) for c in outcome.rejected}
            refused = [f for f, c in to_post if id(c) in refused_ids]
        except AnchorRejected:
            refused = [f for f, _ in to_post]
        if refused:
            client.post_review(repo, pr, masked(fallback_body(refused, pr.head_sha)), [])
            result.fallback = refused

    gone = {c.id: c for fp, c in active.items() if fp not in current}
    for comment in gone.values():
        new_body = masked(resolved_body(comment, pr.head_sha))
        if client.mark_resolved(repo, pr.number, comment, new_body):
            result.resolved += 1
        else:
            result.not_resolved += 1

    existing_inline = sum(1 for fp in active if fp in current)
    summary = masked(summary_body(review, result, existing_inline, max_inline))
    sticky = next((n for n in client.list_notes(repo, pr.number) if SUMMARY_MARKER in n.body), None)
    if sticky is None:
        result.summary_id = client.create_note(repo, pr.number, summary).id
        result.summary_created = True
    else:
        result.summary_id = sticky.id
        if sticky.body.strip() != summary.strip():
            client.update_note(repo, pr.number, sticky.id, summary)

    if status_context:
        result.status = CommitState.FAILURE if review.gate_failed else CommitState.SUCCESS
        findings = len(review.all_findings)
        description = f"{findings} finding{'s' if findings != 1 else ''}"
        if review.risk is not None:
            description += f", defect risk {review.risk.probability:.0%} ({review.risk.band})"
        client.set_commit_status(repo, pr.head_sha, result.status, description, status_context)
    return result


class PullRequestReporter:
    """The `Reporter` protocol (reporters/__init__.py) for a pull request on a host:
    `report(review)` posts it; `result` says what happened."""

    def __init__(
        self,
        client: HostClient,
        repo: str,
        pr: PullRequest,
        *,
        gate: Severity | None = None,
        max_inline: int = MAX_INLINE,
        status_context: str | None = None,
        demoted: Mapping[str, str] | None = None,
    ) -> None:
        self.demoted = dict(demoted or {})
        self.client = client
        self.repo = repo
        self.pr = pr
        self.gate = gate
        self.max_inline = max_inline
        self.status_context = status_context
        self.result: PublishResult | None = None

    def report(self, review: Review) -> None:
        self.result = publish(
            self.client,
            self.repo,
            self.pr,
            PublishInput(
                head_sha=self.pr.head_sha,
                base_sha=review.merge_base or self.pr.base_sha,
                inline=review.inline,
                summary=review.summary,
                change_level=review.change_level,
                notes=review.notes,
                risk=review.risk,
                diff=review.diff,
                gate=self.gate,
                demoted=self.demoted,
            ),
            max_inline=self.max_inline,
            status_context=self.status_context,
        )
