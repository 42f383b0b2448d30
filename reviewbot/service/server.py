"""The webhook receiver: verify → filter → deduplicate → queue, and answer at once.

    POST /webhooks/github   X-Hub-Signature-256: sha256=HMAC-SHA256(secret, body)
    POST /webhooks/gitea    X-Gitea-Signature:   hex HMAC-SHA256(secret, body)
    POST /webhooks/gitlab   X-Gitlab-Token:      the secret itself
    GET  /healthz

Anything unsigned or wrongly signed gets 401 and a log line, and is not looked at further.
GitHub's `ping` gets 200. Pull-request events that change what there is to review (GitHub
opened/synchronize/reopened/ready_for_review, Gitea opened/synchronized/reopened, GitLab
open/reopen and update with new commits) are queued and answered 202; everything else is
answered 202 and ignored. A delivery id seen before is not queued again. The review itself
runs in the queue (service/queue.py), never in the request.

Settings (env): REVIEWBOT_WEBHOOK_SECRET (required; REVIEWBOT_<HOST>_WEBHOOK_SECRET
overrides it per host), REVIEWBOT_REDIS_URL (use Redis/RQ instead of the thread pool),
REVIEWBOT_WORKERS (thread pool size, default 2), REVIEWBOT_REVIEW_DRAFTS=1 (review drafts
too), plus the job settings of service/pr.py.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, jsonify, request

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


class ServiceConfigError(RuntimeError):
    """The service cannot start as configured (e.g. no webhook secret)."""


@dataclass(frozen=True)
class ServiceSettings:
    secrets: Mapping[str, str]  # host → webhook secret
    redis_url: str = ""
    workers: int = 2
    review_drafts: bool = False
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
            jobs=JobSettings.from_env(env),
        )


# --- verification (pure) -------------------------------------------------------------------


def _hmac_hex(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_github(secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    signature = headers.get("X-Hub-Signature-256", "")
    expected = "sha256=" + _hmac_hex(secret, body)
    return bool(secret and signature) and hmac.compare_digest(signature.encode(), expected.encode())


def verify_gitea(secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    signature = headers.get("X-Gitea-Signature", "")
    return bool(secret and signature) and hmac.compare_digest(
        signature.encode(), _hmac_hex(secret, body).encode()
    )


def verify_gitlab(secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    token = headers.get("X-Gitlab-Token", "")
    return bool(secret and token) and hmac.compare_digest(token.encode(), secret.encode())


# --- event → job (pure) --------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    job: PullRequestJob | None
    reason: str  # why it was ignored, or what was queued


EventParser = Callable[[str, dict[str, Any], str, bool], Decision]


def _pull_request_event(host: str, actions: set[str]) -> EventParser:
    """GitHub and Gitea send the same pull_request payload shape; only the actions differ."""

    def parse(event: str, payload: dict[str, Any], delivery: str, drafts: bool) -> Decision:
        if event != "pull_request":
            return Decision(None, f"event {event!r} is not reviewed")
        action = payload.get("action", "")
        if action not in actions:
            return Decision(None, f"pull_request action {action!r} is not reviewed")
        pull = payload.get("pull_request") or {}
        if pull.get("draft") and not drafts:
            return Decision(None, "draft pull request")
        repo = (payload.get("repository") or {}).get("full_name")
        number = payload.get("number") or pull.get("number")
        if not repo or not number:
            return Decision(None, "payload has no repository.full_name or number")
        head = (pull.get("head") or {}).get("sha", "")
        return Decision(PullRequestJob(host, repo, int(number), delivery, head), action)

    return parse


github_event = _pull_request_event("github", GITHUB_ACTIONS)
gitea_event = _pull_request_event("gitea", GITEA_ACTIONS)


def gitlab_event(event: str, payload: dict[str, Any], delivery: str, drafts: bool) -> Decision:
    if event != "Merge Request Hook" or payload.get("object_kind") != "merge_request":
        return Decision(None, f"event {event!r} is not reviewed")
    attributes = payload.get("object_attributes") or {}
    action = attributes.get("action", "")
    # "update" also fires for title, label and assignee edits; only new commits carry oldrev.
    if action not in GITLAB_ACTIONS and not (action == "update" and attributes.get("oldrev")):
        return Decision(None, f"merge_request action {action!r} is not reviewed")
    if (attributes.get("draft") or attributes.get("work_in_progress")) and not drafts:
        return Decision(None, "draft merge request")
    repo = (payload.get("project") or {}).get("path_with_namespace")
    number = attributes.get("iid")
    if not repo or not number:
        return Decision(None, "payload has no project.path_with_namespace or iid")
    head = (attributes.get("last_commit") or {}).get("id", "")
    return Decision(PullRequestJob("gitlab", repo, int(number), delivery, head), action)


@dataclass(frozen=True)
class HostHooks:
    verify: Callable[[str, bytes, Mapping[str, str]], bool]
    event_header: str
    delivery_header: str
    decide: EventParser


HOOKS: dict[str, HostHooks] = {
    "github": HostHooks(verify_github, "X-GitHub-Event", "X-GitHub-Delivery", github_event),
    "gitea": HostHooks(verify_gitea, "X-Gitea-Event", "X-Gitea-Delivery", gitea_event),
    "gitlab": HostHooks(verify_gitlab, "X-Gitlab-Event", "X-Gitlab-Event-UUID", gitlab_event),
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

    app = Flask("reviewbot")
    app.extensions["reviewbot"] = {"queue": queue, "deliveries": deliveries,
                                   "settings": settings}
    metrics.install(app)

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok")

    @app.post("/webhooks/<host>")
    def webhook(host: str) -> tuple[Response, int]:
        hooks = HOOKS.get(host)
        if hooks is None:
            return jsonify(error=f"unknown host {host!r}; use github, gitlab or gitea"), 404
        body = request.get_data(cache=False)
        secret = settings.secrets.get(host, "")
        if not hooks.verify(secret, body, request.headers):
            log.warning(
                "rejected %s webhook from %s: missing or invalid signature (delivery %s)",
                host, request.remote_addr, request.headers.get(hooks.delivery_header, "-"),
            )
            return jsonify(error="missing or invalid webhook signature"), 401
        event = request.headers.get(hooks.event_header, "")
        delivery = request.headers.get(hooks.delivery_header, "")
        if host == "github" and event == "ping":
            return jsonify(status="pong"), 200
        try:
            payload = json.loads(body)
        except ValueError:
            return jsonify(error="the body is not JSON (set the webhook's content type to "
                           "application/json)"), 400
        if not isinstance(payload, dict):
            return jsonify(error="the body is not a JSON object"), 400
        decision = hooks.decide(event, payload, delivery, settings.review_drafts)
        if decision.job is None:
            log.info("ignored %s %s delivery %s: %s", host, event, delivery or "-",
                     decision.reason)
            return jsonify(status="ignored", reason=decision.reason), 202
        if delivery and not deliveries.first_time(f"{host}:{delivery}"):
            log.info("duplicate %s delivery %s ignored", host, delivery)
            return jsonify(status="duplicate", delivery=delivery), 202
        try:
            job_id = queue.enqueue(decision.job)
        except Exception:
            if delivery:
                deliveries.forget(f"{host}:{delivery}")  # let the host's redelivery through
            log.exception("could not queue %s", decision.job.key)
            return jsonify(error="could not queue the review; redeliver later"), 503
        log.info("queued %s (%s, delivery %s) as %s", decision.job.key, decision.reason,
                 delivery or "-", job_id)
        return jsonify(status="queued", job=job_id, pull_request=decision.job.key), 202

    return app
