"""Code hosts the review bot posts to, by name: a dict, not a switch.

Tokens and API URLs come from the environment (documented in docs/pull-requests.md):

- github: token REVIEWBOT_GITHUB_TOKEN or GITHUB_TOKEN; API URL REVIEWBOT_GITHUB_API_URL,
  GITHUB_API_URL (set by GitHub Actions), else https://api.github.com
- gitlab: token REVIEWBOT_GITLAB_TOKEN or GITLAB_TOKEN; API URL REVIEWBOT_GITLAB_API_URL,
  CI_API_V4_URL (set by GitLab CI), else https://gitlab.com/api/v4
- gitea: token REVIEWBOT_GITEA_TOKEN or GITEA_TOKEN; API URL REVIEWBOT_GITEA_API_URL (required)
The first variable set wins; `--api-url` beats them all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reviewbot.hosts.base import HostClient, HostError


@dataclass(frozen=True)
class HostSpec:
    token_vars: tuple[str, ...]
    url_vars: tuple[str, ...]
    default_url: str | None
    git_user: str  # HTTP basic user for git with the token as password
    factory: Callable[..., HostClient]


def _github(token: str, api_url: str, **kw: Any) -> HostClient:
    from reviewbot.hosts.github import GitHubClient

    return GitHubClient(token, api_url, **kw)


def _gitlab(token: str, api_url: str, **kw: Any) -> HostClient:
    from reviewbot.hosts.gitlab import GitLabClient

    return GitLabClient(token, api_url, **kw)


def _gitea(token: str, api_url: str, **kw: Any) -> HostClient:
    from reviewbot.hosts.gitea import GiteaClient

    return GiteaClient(token, api_url, **kw)


HOSTS: dict[str, HostSpec] = {
    "github": HostSpec(("REVIEWBOT_GITHUB_TOKEN", "GITHUB_TOKEN"),
                       ("REVIEWBOT_GITHUB_API_URL", "GITHUB_API_URL"),
                       "https://api.github.com", "x-access-token", _github),
    "gitlab": HostSpec(("REVIEWBOT_GITLAB_TOKEN", "GITLAB_TOKEN"),
                       ("REVIEWBOT_GITLAB_API_URL", "CI_API_V4_URL"),
                       "https://gitlab.com/api/v4", "oauth2", _gitlab),
    "gitea": HostSpec(("REVIEWBOT_GITEA_TOKEN", "GITEA_TOKEN"),
                      ("REVIEWBOT_GITEA_API_URL",), None, "reviewbot", _gitea),
}


class HostConfigError(HostError):
    """A host is unknown or not configured (no token, no API URL)."""


def _first(env: Mapping[str, str], names: tuple[str, ...]) -> str:
    for name in names:
        if env.get(name):
            return env[name]
    return ""


def host_token(host: str, env: Mapping[str, str] | None = None) -> str:
    spec = _spec(host)
    return _first(os.environ if env is None else env, spec.token_vars)


def host_api_url(
    host: str, api_url: str | None = None, env: Mapping[str, str] | None = None
) -> str:
    spec = _spec(host)
    url = api_url or _first(os.environ if env is None else env, spec.url_vars) or spec.default_url
    if not url:
        raise HostConfigError(
            f"no API URL for {host}: pass --api-url https://HOST/api/v1 or set "
            f"{spec.url_vars[0]}"
        )
    return url.rstrip("/")


def client_for(
    host: str,
    api_url: str | None = None,
    env: Mapping[str, str] | None = None,
    **http_options: Any,
) -> HostClient:
    """A client for `host` configured from the environment. A missing token is an error:
    the bot cannot post anonymously."""
    spec = _spec(host)
    token = host_token(host, env)
    if not token:
        raise HostConfigError(
            f"no token for {host}: set {' or '.join(spec.token_vars)} to a token that can "
            "write pull request comments"
        )
    return spec.factory(token, host_api_url(host, api_url, env), **http_options)


def _spec(host: str) -> HostSpec:
    try:
        return HOSTS[host]
    except KeyError:
        raise HostConfigError(
            f"unknown host {host!r}; use one of {', '.join(sorted(HOSTS))}"
        ) from None
