"""Dependencies a change adds or changes, checked against the team's package registry.

When a registry is configured (`registry-url` in the repository's config, or
$REVIEWBOT_REGISTRY_URL; token in $REVIEWBOT_REGISTRY_TOKEN), every Python requirement on an
added line of requirements*.txt / constraints*.txt, pyproject.toml ([project] dependencies
and optional-dependencies, [dependency-groups], [build-system] requires) or setup.cfg
(install_requires, extras_require) is looked up on the registry's PEP 691 JSON simple page,
one request per project. Findings sit on the requirement's line:

- deps/typosquat: not on the registry, but a project one edit away is;
- deps/dependency-confusion: not on the registry, and its name looks like the team's own
  (other `<prefix>-*` projects are hosted there);
- deps/not-in-registry: not on the registry at all;
- deps/no-matching-version: the specifier matches no version the registry has;
- deps/yanked-version: every matching version is yanked (the reason is quoted);
- deps/requires-python: no matching file installs on a Python version the project supports.

If the registry cannot answer (unreachable, credentials refused, server error) the review
gets one note and no registry findings; the review itself goes on.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

from reviewbot.analyzers.dependencies.checks import check_requirement
from reviewbot.analyzers.dependencies.requirements import (
    changed_requirements,
    project_requires_python,
)
from reviewbot.review.findings import Finding

if TYPE_CHECKING:
    from reviewbot.analyzers.dependencies.registry_client import ProjectPage, RegistryClient
    from reviewbot.review.change import Change
    from reviewbot.review.config import ReviewConfig

URL_ENV, TOKEN_ENV = "REVIEWBOT_REGISTRY_URL", "REVIEWBOT_REGISTRY_TOKEN"
MAX_WORKERS = 4


class RegistryDepsAnalyzer:
    name = "registry-deps"

    def __init__(self, client: RegistryClient | None, url_from_repository: bool = False) -> None:
        self.client = client
        # True when the URL came from the repository's config rather than the environment:
        # the token then goes to it only when that config is the merge-base's (git reviews)
        self.url_from_repository = url_from_repository

    @classmethod
    def from_environment(cls, config: ReviewConfig | None = None) -> RegistryDepsAnalyzer:
        """$REVIEWBOT_REGISTRY_URL, else the repository's `registry-url`; no URL, no
        checks (and no request)."""
        from_env = os.environ.get(URL_ENV)
        url = from_env or (config.registry_url if config is not None else None)
        if not url:
            return cls(None)
        from reviewbot.analyzers.dependencies.registry_client import RegistryClient

        token = os.environ.get(TOKEN_ENV) or None
        return cls(RegistryClient(url, token=token), url_from_repository=not from_env)

    def analyze(self, change: Change) -> list[Finding]:
        if self.client is None:
            return []
        declared = changed_requirements(change)
        if not declared:
            return []
        from reviewbot.analyzers.dependencies.registry_client import RegistryError

        client = self.client
        if self.url_from_repository and not change.from_git and client.auth is not None:
            # a --diff review reads the config from the working tree, which the change
            # itself may have edited: never send the token where a change can point it
            client = client.anonymous()
            change.notes.append(
                "registry token not sent: registry-url comes from the working tree's config "
                f"in a --diff review; set {URL_ENV} to send {TOKEN_ENV}"
            )
        names = list(dict.fromkeys(d.name for d in declared))
        pages: dict[str, ProjectPage | None] = {}
        failed: dict[str, str] = {}

        def ask(name: str) -> None:
            try:
                pages[name] = client.project(name)
            except RegistryError as exc:
                failed[name] = str(exc)
                if exc.fatal:
                    raise

        try:  # the first question alone: an unreachable registry or a refused token ends it
            ask(names[0])
            with ThreadPoolExecutor(max_workers=MAX_WORKERS) as pool:
                list(pool.map(ask, names[1:]))
        except RegistryError as exc:
            change.notes.append(f"dependency check against the registry skipped: {exc}")
            return []

        hosted: set[str] | None = None
        if any(pages.get(n, True) is None for n in names):
            try:
                hosted = client.project_names()
            except RegistryError as exc:
                change.notes.append(
                    f"registry project list unavailable ({exc}); "
                    "typosquat and dependency-confusion checks skipped"
                )
        if failed:
            shown = "; ".join(f"{n}: {reason}" for n, reason in sorted(failed.items()))
            change.notes.append(f"dependency check against the registry incomplete: {shown}")
        stale = sorted(n for n, p in pages.items() if p is not None and p.stale)
        if stale:
            change.notes.append(
                "the registry answered from a stale cache for "
                + ", ".join(f"{n} ({pages[n].stale})" for n in stale)  # type: ignore[union-attr]
                + "; versions may be out of date"
            )

        findings: dict[tuple[str, int, str], Finding] = {}
        for item in declared:
            if item.name not in pages:
                continue
            supported = project_requires_python(change, item.path)
            result = check_requirement(item, pages[item.name], hosted, supported)
            if result is None:
                continue
            key = (item.path, item.line, result.rule)
            if key in findings:  # two requirements on one line (`dependencies = ["a", "b"]`)
                result = replace(result, message=f"{findings[key].message} {result.message}")
            findings[key] = result
        return list(findings.values())
