"""Liveness and readiness for load balancers and orchestrators.

/health and /healthz: the process answers (never touches the database, so a database outage
does not get healthy workers restarted). /readyz: the database and the blob store answer;
503 with what is wrong otherwise, so a balancer sends traffic elsewhere until both are back.
"""

from __future__ import annotations

from flask import Blueprint, Response

from registry.core.ports import ReadinessProbe
from registry.db.session import ping
from registry.web.errors import text_response
from registry.web.runtime import runtime

bp = Blueprint("health", __name__)


@bp.get("/health")
@bp.get("/healthz")
def alive() -> Response:
    return Response("ok\n", mimetype="text/plain")


@bp.get("/readyz")
def ready() -> Response:
    rt = runtime()
    problems: list[str] = []
    try:
        ping(rt.engine)
    except Exception as exc:  # any failure means "not ready"; the reason is reported
        problems.append(f"database: {_one_line(exc)}")
    try:
        if isinstance(rt.blobs, ReadinessProbe):
            rt.blobs.check_ready()
        else:
            rt.blobs.exists("readyz-probe")
    except Exception as exc:
        problems.append(f"blob store: {_one_line(exc)}")
    if problems:
        response = text_response(503, "not ready: " + "; ".join(problems))
        response.headers["Retry-After"] = "5"
        return response
    response = Response("ready\n", mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
