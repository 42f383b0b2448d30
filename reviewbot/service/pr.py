"""The pull-request job: fetch the change, review it, post the result.

Used by both ways of running the bot: `reviewbot pr` (in CI) runs one job in the
foreground, the webhook service queues one per relevant event. A job names a pull request,
not commits: it asks the host for the current head, so a job that waits in the queue while
another push lands reviews the newest commit.

Repositories are cloned (once) and fetched (every job) into a cache directory with
gitpython. The token reaches git as an `http.extraHeader` in the child's environment
(GIT_CONFIG_COUNT/KEY/VALUE): never in a URL, never written to `.git/config`, never in a
log line or an error message. Jobs for the same pull request run one at a time (a lock file
in the cache directory), so two quick pushes cannot post the same comment twice.
"""

from __future__ import annotations

import base64
import fcntl
import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewbot.feedback.signals import DEFAULT_FP_PHRASES, parse_phrases
from reviewbot.feedback.store import feedback_url as feedback_store_url
from reviewbot.hosts import HOSTS, client_for, host_token
from reviewbot.hosts.base import HostClient, HostError, HostUnavailable, PullRequest
from reviewbot.reporters.pull_request import MAX_INLINE, PublishResult, PullRequestReporter
from reviewbot.review.findings import Severity

if TYPE_CHECKING:
    from reviewbot.feedback.store import FeedbackStore
    from reviewbot.review.config import FeedbackConfig
    from reviewbot.review.findings import Finding

log = logging.getLogger(__name__)

_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9_.\-]+$")
# git transports the bot will use; never ext:: or other helpers that run commands.
_CLONE_URL = re.compile(r"^(?:https?|ssh|git|file)://|^[\w.\-]+@[\w.\-]+:[^:]")


@dataclass(frozen=True)
class PullRequestJob:
    host: str
    repo: str  # OWNER/NAME (GitLab: group/subgroup/project)
    number: int
    delivery: str = ""  # the webhook delivery id, for logs
    head_sha: str = ""  # the head the event announced (informational)
    kind: str = "review"  # or "harvest": read reviewer feedback of a closed pull request

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PullRequestJob:
        return cls(
            str(data["host"]),
            str(data["repo"]),
            int(data["number"]),
            str(data.get("delivery") or ""),
            str(data.get("head_sha") or ""),
            str(data.get("kind") or "review"),
        )

    @property
    def key(self) -> str:
        suffix = "" if self.kind == "review" else f":{self.kind}"
        return f"{self.host}:{self.repo}#{self.number}{suffix}"


@dataclass(frozen=True)
class JobSettings:
    """How jobs run. `from_env` reads REVIEWBOT_CACHE_DIR, REVIEWBOT_STATUS_CONTEXT
    (empty: no commit status), REVIEWBOT_FAIL_ON, REVIEWBOT_<HOST>_API_URL and the tokens."""

    cache_dir: Path
    api_urls: Mapping[str, str] = field(default_factory=dict)
    status_context: str | None = None
    fail_on: Severity | None = None
    no_gate: bool = False  # `--fail-on none`: ignore the repository's fail-on too
    max_inline: int = MAX_INLINE
    env: Mapping[str, str] | None = None  # where tokens are read (None: os.environ)
    feedback_url: str | None = None  # reviewer-feedback store (None: off)
    fp_phrases: tuple[str, ...] = DEFAULT_FP_PHRASES

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> JobSettings:
        env = os.environ if env is None else env
        fail_on = env.get("REVIEWBOT_FAIL_ON")
        return cls(
            feedback_url=feedback_store_url(env),
            fp_phrases=parse_phrases(env.get("REVIEWBOT_FP_PHRASES")),
            cache_dir=Path(env.get("REVIEWBOT_CACHE_DIR") or default_cache_dir()),
            api_urls={
                h: env[f"REVIEWBOT_{h.upper()}_API_URL"]
                for h in HOSTS
                if env.get(f"REVIEWBOT_{h.upper()}_API_URL")
            },
            status_context=env.get("REVIEWBOT_STATUS_CONTEXT") or None,
            fail_on=Severity.parse(fail_on) if fail_on else None,
            env=env,
        )


def default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "reviewbot", "repos")


@dataclass
class JobResult:
    pr: PullRequest
    published: PublishResult
    findings: int
    gate_failed: bool
    skipped: str = ""  # why nothing was posted (closed pull request)


def repo_dir(cache_dir: Path, host: str, repo: str) -> Path:
    parts = repo.split("/")
    if len(parts) < 2 or not all(_SAFE_SEGMENT.match(p) and p not in {".", ".."} for p in parts):
        raise HostError(f"invalid repository name {repo!r}: expected OWNER/NAME")
    return cache_dir.joinpath(host, *parts)


def git_auth_env(clone_url: str, user: str, token: str) -> dict[str, str]:
    """Environment for a git child process that authenticates over HTTP(S) without the token
    ever appearing on a command line, in a URL or in the repository's config."""
    env = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true"}
    if token and clone_url.startswith(("https://", "http://")):
        basic = base64.b64encode(f"{user}:{token}".encode()).decode()
        env.update(
            {
                "GIT_CONFIG_COUNT": "1",
                "GIT_CONFIG_KEY_0": "http.extraHeader",
                "GIT_CONFIG_VALUE_0": f"Authorization: Basic {basic}",
            }
        )
    return env


def _scrub(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[masked]")
    return text


@contextmanager
def pr_lock(cache_dir: Path, job: PullRequestJob) -> Iterator[None]:
    """One job per pull request at a time, across threads and processes on this machine."""
    locks = cache_dir / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.\-]", "_", job.key)
    with open(locks / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _has_commits(path: Path, *shas: str) -> bool:
    import git as gitpython

    try:
        repo = gitpython.Repo(path, search_parent_directories=True)
        for sha in shas:
            repo.git.cat_file("-e", f"{sha}^{{commit}}")
    except Exception:
        return False
    return True


def fetch_pull_request(cache_dir: Path, host: str, repo: str, pr: PullRequest, token: str) -> Path:
    """Clone (first time) or fetch the pull request's base and head into the cache."""
    import git as gitpython
    from git.exc import GitCommandError

    target = repo_dir(cache_dir, host, repo)
    if not _CLONE_URL.match(pr.clone_url):
        raise HostError(
            f"refusing to fetch {repo} from {pr.clone_url!r}: not an http(s), ssh, git or file URL"
        )
    env = git_auth_env(pr.clone_url, HOSTS[host].git_user, token)
    local_ref = f"refs/reviewbot/pull/{pr.number}"
    try:
        if (target / ".git").is_dir():
            checkout = gitpython.Repo(target)
            checkout.remotes.origin.set_url(pr.clone_url)
        else:
            target.mkdir(parents=True, exist_ok=True)
            checkout = gitpython.Repo.init(target)
            checkout.create_remote("origin", pr.clone_url)
        checkout.git.fetch(
            "--no-tags",
            "--force",
            "origin",
            f"+refs/heads/{pr.base_ref}:refs/remotes/origin/{pr.base_ref}",
            f"+{pr.fetch_ref}:{local_ref}/head",
            env=env,
        )
        for sha in (pr.base_sha, pr.head_sha):
            try:
                checkout.git.cat_file("-e", f"{sha}^{{commit}}")
            except GitCommandError:
                checkout.git.fetch("--no-tags", "origin", sha, env=env)
    except GitCommandError as exc:
        detail = _scrub(str(exc.stderr or exc).strip(), [token])
        raise HostUnavailable(f"fetching {repo} #{pr.number} failed: {detail}") from None
    return target


def run_job(
    job: PullRequestJob,
    settings: JobSettings,
    *,
    client: HostClient | None = None,
    checkout: str | os.PathLike[str] | None = None,
    analyzers: Sequence[Any] | None = None,
) -> JobResult:
    """Review the pull request's current head and post the result. Raises HostError;
    `.retryable` says whether to run the job again later."""
    from reviewbot.model.scoring import default_scorer
    from reviewbot.review.change import InputError
    from reviewbot.review.config import config_from_texts
    from reviewbot.review.git import GitChangeSource
    from reviewbot.review.pipeline import review

    client = client or client_for(job.host, settings.api_urls.get(job.host), settings.env)
    if job.kind == "harvest":
        return harvest_job(job, settings, client)
    with pr_lock(settings.cache_dir, job):
        pr = client.get_pull_request(job.repo, job.number)
        if pr.state not in ("open", "opened"):
            log.info("%s is %s; nothing to review", job.key, pr.state)
            if settings.feedback_url:  # `reviewbot pr` run on close reads the feedback too
                result = harvest_job(job, settings, client, pr, locked=True)
                return JobResult(pr, PublishResult(), 0, False,
                                 skipped=f"pull request is {pr.state}; {result.skipped}")
            return JobResult(pr, PublishResult(), 0, False, skipped=f"pull request is {pr.state}")
        if checkout is not None and _has_commits(Path(checkout), pr.base_sha, pr.head_sha):
            path = Path(checkout)
        else:
            token = host_token(job.host, settings.env)
            path = fetch_pull_request(settings.cache_dir, job.host, job.repo, pr, token)
        try:
            change = GitChangeSource(path, pr.base_sha, pr.head_sha).load()
        except InputError as exc:
            raise HostError(f"{job.key}: {exc}") from None
        config = config_from_texts(change.config_texts)
        store = _open_store(settings)
        try:
            demoted: dict[str, str] = {}
            if store is not None:
                demoted = _feedback_before_review(store, job, pr, path, config.feedback)
            if analyzers is None:
                from reviewbot.analyzers import default_analyzers

                analyzers = default_analyzers(config)
            scorer = default_scorer(str(path), config=config)
            result = review(change, analyzers, scorer=scorer, config=config)
            gate = settings.fail_on if settings.fail_on is not None else config.fail_on
            if settings.no_gate:
                gate = None
            reporter = PullRequestReporter(
                client,
                job.repo,
                pr,
                gate=gate,
                max_inline=settings.max_inline,
                status_context=settings.status_context,
                demoted=demoted,
            )
            reporter.report(result)
            assert reporter.result is not None
            published = reporter.result
            if store is not None:
                _record(store, client, job, pr, result.inline, published)
        finally:
            if store is not None:
                store.close()
    log.info(
        "%s at %s: %d findings, %d new inline, %d resolved, summary %s",
        job.key,
        pr.head_sha[:12],
        len(result.findings),
        published.posted,
        published.resolved,
        "created" if published.summary_created else "updated",
    )
    return JobResult(pr, published, len(result.findings), result.fails(gate))


# --- reviewer feedback (reviewbot/feedback/) -------------------------------------------------


def _open_store(settings: JobSettings) -> FeedbackStore | None:
    """The feedback store, or None when it is off. A store that cannot be opened is logged
    and skipped: reviewer feedback must never stop a review from being posted."""
    if not settings.feedback_url:
        return None
    from reviewbot.feedback.store import FeedbackStore, FeedbackStoreError

    try:
        return FeedbackStore(settings.feedback_url)
    except FeedbackStoreError as exc:
        log.error("reviewer feedback is off for this job: %s", exc)
        return None


def _feedback_before_review(store: FeedbackStore, job: PullRequestJob, pr: PullRequest,
                            path: Path, config: FeedbackConfig) -> dict[str, str]:
    """Mark comments whose flagged lines this push changed as fixed, then the rules this
    repository's reviewers demoted (rule → the reason shown in the summary)."""
    import git as gitpython

    from reviewbot.feedback.collect import check_fixed
    from reviewbot.feedback.signals import demotions

    checkout = gitpython.Repo(path, search_parent_directories=True)

    def diff(old: str, new: str) -> str:
        try:
            return str(checkout.git.diff("--no-color", "--find-renames", "-U0", old, new))
        except Exception:  # the old head is gone (force-push, gc): nothing to compare
            log.info("%s: cannot diff %s..%s for fixed lines", job.key, old[:12], new[:12])
            return ""

    try:
        store.save_settings(job.host, job.repo, config)  # what `reviewbot stats` applies
        fixed = check_fixed(store, job.host, job.repo, job.number, pr.head_sha, diff)
        if fixed:
            log.info("%s: %d earlier comment(s) fixed by the push", job.key, fixed)
        stats = store.stats(repo=job.repo, host=job.host).get((job.host, job.repo), {})
    except Exception:
        log.exception("%s: reading reviewer feedback failed; reviewing without it", job.key)
        return {}
    return {rule: d.reason for rule, d in demotions(stats.values(), config).items()}


def _record(store: FeedbackStore, client: HostClient, job: PullRequestJob, pr: PullRequest,
            findings: Sequence[Finding], published: PublishResult) -> None:
    from reviewbot.feedback.collect import record_posted

    # Also when nothing new was posted: a comment whose recording failed last time (store
    # down) is recorded now; record_posted skips the ones already stored.
    if not (published.posted or published.already_posted):
        return
    try:
        posted = client.list_inline_comments(job.repo, job.number)
        added = record_posted(store, job.host, job.repo, pr, findings, posted)
        log.info("%s: %d inline comment(s) recorded for reviewer feedback", job.key, added)
    except Exception:
        log.exception("%s: recording the posted comments for feedback failed", job.key)


def harvest_job(job: PullRequestJob, settings: JobSettings, client: HostClient,
                pr: PullRequest | None = None, locked: bool = False) -> JobResult:
    """A closed or merged pull request: read the reactions, replies and resolutions on the
    bot's recorded comments into the store."""
    from reviewbot.feedback.collect import harvest

    pr = pr or client.get_pull_request(job.repo, job.number)
    store = _open_store(settings)
    if store is None:
        return JobResult(pr, PublishResult(), 0, False, skipped="reviewer feedback is off")
    try:
        if locked:
            found = harvest(store, client, job.host, job.repo, job.number, settings.fp_phrases)
        else:
            # the review job's lock: a harvest never interleaves with a review's posting
            review_job = PullRequestJob(job.host, job.repo, job.number)
            with pr_lock(settings.cache_dir, review_job):
                found = harvest(store, client, job.host, job.repo, job.number,
                                settings.fp_phrases)
    finally:
        store.close()
    log.info("%s: feedback read from %d comment(s): %d vote(s), %d false-positive "
             "repl(ies), %d resolved", job.key, found.comments, found.votes, found.fp_replies,
             found.resolved)
    return JobResult(pr, PublishResult(), 0, False,
                     skipped=f"reviewer feedback read from {found.comments} comment(s)")
