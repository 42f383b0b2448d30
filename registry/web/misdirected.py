"""Answers for requests sent to the wrong URL, naming the right one (twine prints the
reason phrase): an upload aimed at the simple index instead of the repository."""

from __future__ import annotations

from flask import Blueprint, Response, request

from registry.web.errors import text_response

bp = Blueprint("misdirected", __name__)


@bp.post("/<repo>/simple/", strict_slashes=False)
@bp.post("/<repo>/simple/<path:_rest>")
def upload_to_simple(repo: str, _rest: str = "") -> Response:
    target = f"{request.host_url.rstrip('/')}/{repo}/"
    response = text_response(
        405,
        f"Method Not Allowed: /{repo}/simple/ is the index pip reads; upload to {target} "
        f"(twine upload --repository-url {target})",
    )
    response.headers["Allow"] = "GET, HEAD"
    return response
