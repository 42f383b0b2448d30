"""The webhook receiver: verify → filter → deduplicate → queue, and answer at once.

    POST /webhooks/github   X-Hub-Signature-256: sha256=HMAC-SHA256(secret, body)
    POST /webhooks/gitea    X-Gitea-Signature:   hex HMAC-SHA256(secret, body)
    POST /webhooks/gitlab   X-Gitlab-Token:      the secret itself
    GET  /healthz           the process answers
    GET  /readyz            and its delivery log (Redis when configured) answers; else 503

Anything unsigned or wrongly signed gets 401 and a log line, and is not looked at further.
GitHub's `ping` gets 200. Pull-request events that change what there is to review (GitHub
opened/synchronize/reopened/ready_for_review, Gitea opened/synchronized/reopened, GitLab
open/reopen and update with new commits) are queued and answered 202; everything else is
answered 202 and ignored. Reviewer feedback (reviewbot/feedback/): GitHub review-comment
replies and review-thread (un)resolutions and GitLab notes are recorded in the feedback
store at once (202 "feedback"); a closed or merged pull request queues a job that reads the
reactions on the bot's comments. A delivery id seen before is not queued again, nor is the same
payload under a fresh delivery id within REVIEWBOT_REPLAY_WINDOW seconds (a replayed
capture). The review itself runs in the queue (service/queue.py), never in the request.

Bodies are capped (REVIEWBOT_MAX_BODY_BYTES, default 25 MB like GitHub's own limit): a larger
Content-Length is answered 413 before a byte is read, a chunked body is read in 64 KiB
pieces and dropped at the cap, and the signature's HMAC is updated piece by piece so that no
unsigned body is ever held whole. A signed payload of the wrong shape gets 400 and a reason.

Settings (env): REVIEWBOT_WEBHOOK_SECRET (required; REVIEWBOT_<HOST>_WEBHOOK_SECRET
overrides it per host), REVIEWBOT_REDIS_URL (use Redis/RQ instead of the thread pool),
REVIEWBOT_WORKERS (thread pool size, default 2), REVIEWBOT_REVIEW_DRAFTS=1 (review drafts
too), REVIEWBOT_MAX_BODY_BYTES, REVIEWBOT_REPLAY_WINDOW (seconds, default 3600; 0 turns
the payload dedupe off), plus the job settings of service/pr.py.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from flask import Flask, Response, jsonify, request

from reviewbot.feedback.collect import apply as apply_feedback
from reviewbot.feedback.collect import webhook_feedback
from reviewbot.service import metrics
from reviewbot.service.pr import JobSettings, PullRequestJob, run_job
from reviewbot.service.queue import (
    DeliveryLog,
    JobQueue,
    MemoryDeliveryLog,
    RedisDeliveryLog,
    RedisQueue,
    ThreadQueue,
)

log = logging.getLogger(__name__)

GITHUB_ACTIONS = {"opened", "synchronize", "reopened", "ready_for_review"}
GITEA_ACTIONS = {"opened", "synchronized", "reopened"}
GITLAB_ACTIONS = {"open", "reopen"}


DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024  # GitHub caps webhook payloads at 25 MB
DEFAULT_REPLAY_WINDOW = 3600
READ_CHUNK = 64 * 1024


class ServiceConfigError(RuntimeError):
    """The service cannot start as configured (e.g. no webhook secret)."""


def _positive_int(env: Mapping[str, str], name: str, default: int, allow_zero: bool = False) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ServiceConfigError(f"{name}={raw!r} is not a whole number") from None
    if value < 0 or (value == 0 and not allow_zero):
        raise ServiceConfigError(f"{name}={raw!r} must be {'>= 0' if allow_zero else '> 0'}")
    return value


@dataclass(frozen=True)
class ServiceSettings:
    secrets: Mapping[str, str]  # host → webhook secret
    redis_url: str = ""
    workers: int = 2
    review_drafts: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    replay_window: int = DEFAULT_REPLAY_WINDOW
    jobs: JobSettings = field(default_factory=lambda: JobSettings.from_env())

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ServiceSettings:
        env = os.environ if env is None else env
        shared = env.get("REVIEWBOT_WEBHOOK_SECRET", "")
        secrets = {
            host: env.get(f"REVIEWBOT_{host.upper()}_WEBHOOK_SECRET") or shared
            for host in ("github", "gitlab", "gitea")
        }
        if not any(secrets.values()):
            raise ServiceConfigError(
                "REVIEWBOT_WEBHOOK_SECRET is not set: the service refuses unsigned webhooks; "
                "set it to the secret configured in the repository's webhook settings"
            )
        return cls(
            secrets=secrets,
            redis_url=env.get("REVIEWBOT_REDIS_URL", ""),
            workers=int(env.get("REVIEWBOT_WORKERS") or 2),
            review_drafts=env.get("REVIEWBOT_REVIEW_DRAFTS", "") in {"1", "true", "yes"},
            max_body_bytes=_positive_int(env, "REVIEWBOT_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
            replay_window=_positive_int(env, "REVIEWBOT_REPLAY_WINDOW", DEFAULT_REPLAY_WINDOW,
                                        allow_zero=True),
            jobs=JobSettings.from_env(env),
        )


# --- verification (pure) -------------------------------------------------------------------


def _hmac_hex(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def body_mac(secret: str) -> hmac.HMAC:
    """An HMAC-SHA256 to feed the body into piece by piece as it is read."""
    return hmac.new(secret.encode("utf-8"), digestmod=hashlib.sha256)


def github_digest_ok(secret: str, hexdigest: str, headers: Mapping[str, str]) -> bool:
    signature = headers.get("X-Hub-Signature-256", "")
    expected = "sha256=" + hexdigest
    return bool(secret and signature) and hmac.compare_digest(signature.encode(), expected.encode())


def gitea_digest_ok(secret: str, hexdigest: str, headers: Mapping[str, str]) -> bool:
    signature = headers.get("X-Gitea-Signature", "")
    return bool(secret and signature) and hmac.compare_digest(
        signature.encode(), hexdigest.encode()
    )


def gitlab_token_ok(secret: str, hexdigest: str, headers: Mapping[str, str]) -> bool:
    """GitLab sends the secret itself, not a body signature: the digest is not needed."""
    token = headers.get("X-Gitlab-Token", "")
    return bool(secret and token) and hmac.compare_digest(token.encode(), secret.encode())


def verify_github(secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    return github_digest_ok(secret, _hmac_hex(secret, body), headers)


def verify_gitea(secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    return gitea_digest_ok(secret, _hmac_hex(secret, body), headers)


def verify_gitlab(secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    return gitlab_token_ok(secret, "", headers)


class BodyTooLarge(Exception):
    """The request body is over the configured cap."""


def read_capped(stream: BinaryIO, limit: int, feed: Callable[[bytes], object]) -> bytes:
    """Read `stream` to its end in READ_CHUNK pieces, passing each to `feed`; raise
    BodyTooLarge as soon as more than `limit` bytes arrived (the rest is never read)."""
    pieces: list[bytes] = []
    total = 0
    while True:
        piece = stream.read(min(READ_CHUNK, limit + 1 - total))
        if not piece:
            return b"".join(pieces)
        total += len(piece)
        if total > limit:
            raise BodyTooLarge
        feed(piece)
        pieces.append(piece)


# --- event → job (pure) --------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    job: PullRequestJob | None
    reason: str  # why it was ignored, or what was queued


class PayloadError(ValueError):
    """A signed payload that does not have the shape its event promises (answered 400)."""


EventParser = Callable[[str, dict[str, Any], str, bool], Decision]


def _object(value: object, where: str) -> dict[str, Any]:
    """`value` as a JSON object; None/absent counts as empty, anything else is an error."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PayloadError(f"{where} is {type(value).__name__}, expected an object")
    return value


def _text(value: object, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PayloadError(f"{where} is {type(value).__name__}, expected a string")
    return value


def _number(value: object, where: str) -> int:
    """A pull request number: a positive int (bool and numeric strings are refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise PayloadError(f"{where} is {value!r:.40}, expected a positive whole number")
    return value


def _pull_request_event(host: str, actions: set[str]) -> EventParser:
    """GitHub and Gitea send the same pull_request payload shape; only the actions differ."""

    def parse(event: str, payload: dict[str, Any], delivery: str, drafts: bool) -> Decision:
        if event != "pull_request":
            return Decision(None, f"event {event!r} is not reviewed")
        action = payload.get("action", "")
        if not isinstance(action, str) or action not in actions:
            return Decision(None, f"pull_request action {action!r:.60} is not reviewed")
        pull = _object(payload.get("pull_request"), "pull_request")
        if pull.get("draft") and not drafts:
            return Decision(None, "draft pull request")
        repo = _text(_object(payload.get("repository"), "repository").get("full_name"),
                     "repository.full_name")
        raw_number = payload.get("number")
        where = "number"
        if raw_number is None:
            raw_number, where = pull.get("number"), "pull_request.number"
        if not repo or raw_number is None:
            raise PayloadError("payload has no repository.full_name or number")
        number = _number(raw_number, where)
        head = _text(_object(pull.get("head"), "pull_request.head").get("sha"),
                     "pull_request.head.sha")
        return Decision(PullRequestJob(host, repo, number, delivery, head), action)

    return parse


github_event = _pull_request_event("github", GITHUB_ACTIONS)
gitea_event = _pull_request_event("gitea", GITEA_ACTIONS)


def gitlab_event(event: str, payload: dict[str, Any], delivery: str, drafts: bool) -> Decision:
    if event != "Merge Request Hook" or payload.get("object_kind") != "merge_request":
        return Decision(None, f"event {event!r} is not reviewed")
    attributes = _object(payload.get("object_attributes"), "object_attributes")
    action = attributes.get("action", "")
    if not isinstance(action, str):
        return Decision(None, f"merge_request action {action!r:.60} is not reviewed")
    # "update" also fires for title, label and assignee edits; only new commits carry oldrev.
    if action not in GITLAB_ACTIONS and not (action == "update" and attributes.get("oldrev")):
        return Decision(None, f"merge_request action {action!r:.60} is not reviewed")
    if (attributes.get("draft") or attributes.get("work_in_progress")) and not drafts:
        return Decision(None, "draft merge request")
    repo = _text(_object(payload.get("project"), "project").get("path_with_namespace"),
                 "project.path_with_namespace")
    raw_number = attributes.get("iid")
    if not repo or raw_number is None:
        raise PayloadError("payload has no project.path_with_namespace or object_attributes.iid")
    number = _number(raw_number, "object_attributes.iid")
    head = _text(_object(attributes.get("last_commit"), "object_attributes.last_commit")
                 .get("id"), "object_attributes.last_commit.id")
    return Decision(PullRequestJob("gitlab", repo, number, delivery, head), action)


def parse_payload(body: bytes) -> dict[str, Any]:
    """The body as a JSON object, or PayloadError saying why not."""
    try:
        payload = json.loads(body)
    except RecursionError:
        raise PayloadError("the body nests too deeply to be a webhook payload") from None
    except ValueError:
        raise PayloadError("the body is not JSON (set the webhook's content type to "
                           "application/json)") from None
    if not isinstance(payload, dict):
        raise PayloadError("the body is not a JSON object")
    return payload


@dataclass(frozen=True)
class HostHooks:
    digest_ok: Callable[[str, str, Mapping[str, str]], bool]  # (secret, body HMAC hex, headers)
    credential_header: str  # without it the request is refused before its body is read
    event_header: str
    delivery_header: str
    decide: EventParser


HOOKS: dict[str, HostHooks] = {
    "github": HostHooks(github_digest_ok, "X-Hub-Signature-256", "X-GitHub-Event",
                        "X-GitHub-Delivery", github_event),
    "gitea": HostHooks(gitea_digest_ok, "X-Gitea-Signature", "X-Gitea-Event",
                       "X-Gitea-Delivery", gitea_event),
    "gitlab": HostHooks(gitlab_token_ok, "X-Gitlab-Token", "X-Gitlab-Event",
                        "X-Gitlab-Event-UUID", gitlab_event),
}


# --- the app -------------------------------------------------------------------------------


def create_app(
    settings: ServiceSettings | None = None,
    queue: JobQueue | None = None,
    deliveries: DeliveryLog | None = None,
) -> Flask:
    settings = settings or ServiceSettings.from_env()
    # under a bare `gunicorn 'reviewbot.service.server:create_app()'`
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if queue is None:
        if settings.redis_url:
            queue = RedisQueue(settings.redis_url)
        else:
            jobs = settings.jobs
            queue = ThreadQueue(
                lambda job: metrics.observe_job(job.host, lambda: run_job(job, jobs)),
                workers=settings.workers,
            )
    if deliveries is None:
        deliveries = (
            RedisDeliveryLog(settings.redis_url) if settings.redis_url else MemoryDeliveryLog()
        )

    feedback_store: list[Any] = []  # opened on the first feedback event, then kept

    def store() -> Any:
        if not feedback_store:
            from reviewbot.feedback.store import FeedbackStore

            assert settings.jobs.feedback_url
            feedback_store.append(FeedbackStore(settings.jobs.feedback_url))
        return feedback_store[0]

    app = Flask("reviewbot")
    app.extensions["reviewbot"] = {"queue": queue, "deliveries": deliveries,
                                   "settings": settings, "feedback": feedback_store}
    metrics.install(app)

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz() -> tuple[Response, int]:
        problem = deliveries.unreachable()
        if problem:
            return jsonify(status="unavailable", reason=problem), 503
        return jsonify(status="ready"), 200

    def refuse(host: str, delivery: str) -> tuple[Response, int]:
        log.warning("rejected %s webhook from %s: missing or invalid signature (delivery %s)",
                    host, request.remote_addr, delivery or "-")
        return jsonify(error="missing or invalid webhook signature"), 401

    def too_large(host: str, delivery: str) -> tuple[Response, int]:
        log.warning("rejected %s webhook from %s: body over %d bytes (delivery %s)",
                    host, request.remote_addr, settings.max_body_bytes, delivery or "-")
        response = jsonify(error=f"the body is over {settings.max_body_bytes} bytes "
                           "(REVIEWBOT_MAX_BODY_BYTES)")
        response.headers["Connection"] = "close"  # do not drain the rest of it for keep-alive
        return response, 413

    @app.post("/webhooks/<host>")
    def webhook(host: str) -> tuple[Response, int]:
        hooks = HOOKS.get(host)
        if hooks is None:
            return jsonify(error=f"unknown host {host!r}; use github, gitlab or gitea"), 404
        secret = settings.secrets.get(host, "")
        delivery = request.headers.get(hooks.delivery_header, "")
        if not secret or not request.headers.get(hooks.credential_header):
            return refuse(host, delivery)
        declared = request.content_length
        if declared is not None and declared > settings.max_body_bytes:
            return too_large(host, delivery)
        mac = body_mac(secret)
        try:
            body = read_capped(request.stream, settings.max_body_bytes, mac.update)
        except BodyTooLarge:
            return too_large(host, delivery)
        if not hooks.digest_ok(secret, mac.hexdigest(), request.headers):
            return refuse(host, delivery)
        event = request.headers.get(hooks.event_header, "")
        if host == "github" and event == "ping":
            return jsonify(status="pong"), 200
        try:
            payload = parse_payload(body)
            feedback = (webhook_feedback(host, event, payload)
                        if settings.jobs.feedback_url else None)
            if feedback is not None and feedback.kind == "closed":
                decision = Decision(PullRequestJob(host, feedback.repo, feedback.number,
                                                   delivery, kind="harvest"),
                                    "closed: read reviewer feedback")
            elif feedback is not None:
                try:
                    outcome = apply_feedback(store(), feedback, settings.jobs.fp_phrases)
                except Exception:
                    log.exception("could not record %s feedback (delivery %s)", host,
                                  delivery or "-")
                    return jsonify(error="could not record the feedback; redeliver later"), 503
                log.info("%s %s feedback (delivery %s): %s", host, event, delivery or "-",
                         outcome)
                return jsonify(status="feedback", result=outcome), 202
            else:
                decision = hooks.decide(event, payload, delivery, settings.review_drafts)
        except PayloadError as exc:
            log.info("refused %s %s delivery %s: %s", host, event, delivery or "-", exc)
            return jsonify(error=str(exc)), 400
        if decision.job is None:
            log.info("ignored %s %s delivery %s: %s", host, event, delivery or "-",
                     decision.reason)
            return jsonify(status="ignored", reason=decision.reason), 202
        if delivery and not deliveries.first_time(f"{host}:{delivery}"):
            log.info("duplicate %s delivery %s ignored", host, delivery)
            return jsonify(status="duplicate", delivery=delivery), 202
        # A captured signed body replayed under a fresh delivery id: the same bytes again
        # within the window are the same event (real redeliveries reuse the delivery id).
        payload_key = f"{host}:payload:{mac.hexdigest()}"
        if settings.replay_window and not deliveries.first_time(
            payload_key, ttl=settings.replay_window
        ):
            log.warning("replayed %s payload under delivery %s ignored", host, delivery or "-")
            return jsonify(status="duplicate", delivery=delivery,
                           reason="the same payload was received within the replay window"), 202
        try:
            job_id = queue.enqueue(decision.job)
        except Exception:
            if delivery:
                deliveries.forget(f"{host}:{delivery}")  # let the host's redelivery through
            deliveries.forget(payload_key)
            log.exception("could not queue %s", decision.job.key)
            return jsonify(error="could not queue the review; redeliver later"), 503
        log.info("queued %s (%s, delivery %s) as %s", decision.job.key, decision.reason,
                 delivery or "-", job_id)
        return jsonify(status="queued", job=job_id, pull_request=decision.job.key), 202

    return app
