"""Upload review attestations to a codeyard registry: POST <repository URL>attestations.

The one network step of `reviewbot attest`, behind a small client so the statement and its
signature (reporters/attestation.py) stay pure. HTTP Basic `__token__:<publish token>`;
the registry answers 201 with JSON, and a refusal as JSON {"error": message} that we pass
on verbatim (it says what to fix). The token never appears in a message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import requests

TIMEOUT_SECONDS = 30.0


class UploadError(Exception):
    """The registry refused the attestation or could not be reached."""


@dataclass(frozen=True)
class Uploaded:
    url: str  # where the registry serves the attestation (its `url`, else the POST target)
    answer: dict[str, Any]


def repository_url(url: str) -> str:
    """`https://host/R/` with a trailing slash; `…/R/simple/` (what pip is given) too."""
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise UploadError(
            f"--registry {url!r}: give the repository's http(s) URL, e.g. "
            "https://packages.internal/release/"
        )
    url = url if url.endswith("/") else url + "/"
    return url[: -len("simple/")] if url.endswith("/simple/") else url


class AttestationClient:
    def __init__(
        self,
        registry_url: str,
        token: str | None,
        session: requests.Session | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.url = repository_url(registry_url)
        self.auth = ("__token__", token) if token else None
        self.http = session or requests.Session()
        self.timeout = timeout

    @property
    def endpoint(self) -> str:
        return self.url + "attestations"

    def upload(self, envelope: dict[str, Any]) -> Uploaded:
        try:
            response = self.http.post(
                self.endpoint,
                data=json.dumps(envelope).encode("utf-8"),
                headers={"Content-Type": "application/json", "Accept": "application/json"},
                auth=self.auth,
                timeout=self.timeout,
            )
        except requests.Timeout:
            raise UploadError(
                f"{self.endpoint} did not answer within {self.timeout:g} s"
            ) from None
        except requests.RequestException as exc:
            raise UploadError(f"cannot reach {self.endpoint}: {type(exc).__name__}") from None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code in (200, 201) and isinstance(answer, dict):
            # the registry answers a path (/R/attestations/<sha256>): make it a full URL
            return Uploaded(urljoin(self.url, str(answer.get("url") or self.endpoint)), answer)
        if isinstance(answer, dict) and isinstance(answer.get("error"), str):
            raise UploadError(answer["error"])  # the registry's own words: what to fix
        raise UploadError(
            f"{self.endpoint} answered HTTP {response.status_code} {response.reason}"
            + (" (is this a codeyard registry repository URL?)" if answer is None else "")
        )
