"""One HTTP transport for the three host clients: JSON in and out, pagination by the `Link`
header (all three hosts send it), and patience with rate limits.

Retries: connection errors, 5xx, 429 and GitHub's rate-limit 403s are retried. The wait is
the host's `Retry-After` when it sends one, the `X-RateLimit-Reset` time when the primary
limit is exhausted, at least `secondary_wait` seconds for a GitHub secondary rate limit
without `Retry-After` (GitHub asks for a minute), and exponential backoff otherwise. When the
next wait would exceed `max_wait` in total, or the attempts run out, `HostUnavailable` is
raised: the job stays retryable instead of blocking a worker for an hour.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import requests

from reviewbot.hosts.base import HostError, HostUnavailable

log = logging.getLogger(__name__)

USER_AGENT = "codeyard-reviewbot/0.1"
RETRY_STATUSES = {429, 500, 502, 503, 504}


class HostHTTP:
    def __init__(
        self,
        base_url: str,
        headers: dict[str, str],
        *,
        timeout: float = 30.0,
        attempts: int = 5,
        backoff: float = 1.0,
        max_wait: float = 300.0,
        secondary_wait: float = 60.0,
        sleep: Callable[[float], None] | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, **headers})
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.max_wait = max_wait
        self.secondary_wait = secondary_wait
        self.sleep = sleep or time.sleep

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
    ) -> requests.Response:
        """Send a request; return the response for 2xx, raise HostError otherwise."""
        url = self.url(path)
        waited = 0.0
        for attempt in range(1, self.attempts + 1):
            try:
                response = self.session.request(
                    method, url, json=json, params=params, timeout=self.timeout
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                reason = f"{method} {_safe(url)}: {type(exc).__name__}"
                delay = self.backoff * 2 ** (attempt - 1)
                status = None
            else:
                if response.status_code < 400:
                    return response
                delay_or_none = self._retry_delay(response, attempt)
                if delay_or_none is None:
                    raise _error(method, url, response)
                delay = delay_or_none
                reason = f"{method} {_safe(url)}: HTTP {response.status_code}"
                status = response.status_code
            if attempt == self.attempts or waited + delay > self.max_wait:
                raise HostUnavailable(f"{reason} (gave up after {attempt} attempts)", status=status)
            log.warning("%s; retrying in %.1fs", reason, delay)
            self.sleep(delay)
            waited += delay
        raise AssertionError("unreachable")

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params).json()

    def paginate(self, path: str, params: dict[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, following `Link: <…>; rel="next"` on the same host."""
        url: str | None = self.url(path)
        origin = urlsplit(self.base_url).netloc
        while url:
            response = self.request("GET", url, params=params)
            yield from response.json()
            params = None  # the next link carries the query
            url = response.links.get("next", {}).get("url")
            if url and urlsplit(url).netloc != origin:
                raise HostError(f"refusing to follow a pagination link to another host: {url}")

    def _retry_delay(self, response: requests.Response, attempt: int) -> float | None:
        status = response.status_code
        headers = response.headers
        retry_after = _parse_retry_after(headers.get("Retry-After"))
        rate_limited = status == 429 or (status == 403 and _is_rate_limit(response))
        if not rate_limited and status not in RETRY_STATUSES:
            return None
        if retry_after is not None:
            return retry_after
        # GitHub and Gitea say X-RateLimit-*, GitLab RateLimit-*; the reset is epoch seconds.
        for prefix in ("X-RateLimit-", "RateLimit-"):
            if headers.get(prefix + "Remaining") == "0" and headers.get(prefix + "Reset"):
                try:
                    return max(0.0, float(headers[prefix + "Reset"]) - time.time()) + 1.0
                except ValueError:
                    pass
        if rate_limited:
            return max(self.secondary_wait, self.backoff * 2 ** (attempt - 1))
        return self.backoff * 2 ** (attempt - 1)


def _is_rate_limit(response: requests.Response) -> bool:
    headers = response.headers
    if "0" in (headers.get("X-RateLimit-Remaining"), headers.get("RateLimit-Remaining")):
        return True
    if "Retry-After" in headers:
        return True
    text = response.text[:2000].lower()
    return "rate limit" in text or "abuse detection" in text


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _safe(url: str) -> str:
    """The URL without any query string (never echo tokens someone put there)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _error(method: str, url: str, response: requests.Response) -> HostError:
    try:
        payload = response.json()
    except ValueError:
        payload = None
    detail = ""
    if isinstance(payload, dict):
        detail = str(payload.get("message") or payload.get("error") or "")
        if payload.get("errors"):
            detail += f" {payload['errors']}"
    elif response.text:
        detail = response.text[:300]
    hint = {
        401: " (check the token: it is missing, expired or wrong)",
        403: " (the token lacks permission: it needs write access to pull requests)",
        404: " (unknown repository or pull request, or the token cannot see it)",
    }.get(response.status_code, "")
    message = f"{method} {_safe(url)}: HTTP {response.status_code} {detail.strip()}{hint}"
    return HostError(message.strip(), status=response.status_code, retryable=False)
