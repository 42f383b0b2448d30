"""Upstream chains, nearest-wins merging and package origin controls.  Pure: stdlib only.

A repository's upstreams are searched as CodeArtifact does: the repository itself, then each
upstream in its configured order, depth-first (an upstream's own upstreams are searched
before the next upstream), each repository at most once.  A repository's external
connection is searched after its upstream repositories.

Origin controls (per repository and package) decide whether a package may be published
directly and whether versions from upstreams / the external connection are merged in.  The
first arrival fixes them: a package first published directly gets ``upstream=BLOCK`` (so a
public package of the same name can never shadow it: dependency-confusion protection); a
package first arriving from the external connection gets ``publish=BLOCK``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from registry.core.errors import InvalidArgument, PermissionDenied

T = TypeVar("T")
S = TypeVar("S")


class Permission(StrEnum):
    ALLOW = "allow"
    BLOCK = "block"


@dataclass(frozen=True)
class OriginControl:
    publish: Permission = Permission.ALLOW
    upstream: Permission = Permission.ALLOW

    def as_dict(self) -> dict[str, str]:
        return {"publish": self.publish.value, "upstream": self.upstream.value}


DEFAULT_CONTROL = OriginControl()


class UpstreamConfigError(InvalidArgument):
    """An upstream link that cannot be configured (cycle, self link, duplicate)."""


class UpstreamCycleError(UpstreamConfigError):
    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = list(cycle)
        super().__init__(
            f"adding {cycle[1]!r} as an upstream of {cycle[0]!r} would create a cycle: "
            + " -> ".join(self.cycle)
        )


class PublishBlockedError(PermissionDenied):
    """Direct publishing of this package to this repository is blocked by origin controls."""

    def __init__(self, repository: str, project: str) -> None:
        self.repository, self.project = repository, project
        super().__init__(
            f"publishing {project!r} to repository {repository!r} is blocked by its origin "
            f"controls (publish=block, set because the package first arrived from an upstream "
            f"or external connection); an admin can allow it with "
            f"`registry package origin --repo {repository} {project} --publish allow`"
        )


def find_cycle(
    upstreams: Mapping[str, Sequence[str]], repository: str, upstream: str
) -> list[str] | None:
    """The cycle that ``repository -> upstream`` would close, or None."""

    def path_back(node: str, seen: set[str]) -> list[str] | None:
        if node == repository:
            return [node]
        if node in seen:
            return None
        seen.add(node)
        for nxt in upstreams.get(node, ()):
            rest = path_back(nxt, seen)
            if rest is not None:
                return [node, *rest]
        return None

    rest = path_back(upstream, set())
    return [repository, *rest] if rest is not None else None


def check_new_upstream(
    upstreams: Mapping[str, Sequence[str]], repository: str, upstream: str
) -> None:
    """Refuse a link that is a self link, a duplicate, or closes a cycle."""
    if repository == upstream:
        raise UpstreamConfigError(f"repository {repository!r} cannot be its own upstream")
    if upstream in upstreams.get(repository, ()):
        raise UpstreamConfigError(f"{upstream!r} is already an upstream of {repository!r}")
    cycle = find_cycle(upstreams, repository, upstream)
    if cycle is not None:
        raise UpstreamCycleError(cycle)


@dataclass(frozen=True)
class Source:
    """One place to look for a project's files: a repository's own files or its external
    connection."""

    repository: str
    external: bool = False


def resolution_sources(
    repository: str,
    upstreams: Mapping[str, Sequence[str]],
    has_external: Callable[[str], bool],
    control: Callable[[str], OriginControl],
) -> list[Source]:
    """The ordered sources for one project, honouring each repository's origin controls."""
    order: list[Source] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        order.append(Source(name))
        if not upstreams.get(name) and not has_external(name):
            return  # nothing beyond this repository: no need to read its controls
        if control(name).upstream is Permission.BLOCK:
            return
        for upstream in upstreams.get(name, ()):
            visit(upstream)
        if has_external(name):
            order.append(Source(name, external=True))

    visit(repository)
    return order


def merge_nearest(
    layers: Iterable[tuple[S, Iterable[T]]], key: Callable[[T], str]
) -> list[tuple[S, T]]:
    """Merge ordered layers of items; for each key the nearest (first) layer wins."""
    merged: dict[str, tuple[S, T]] = {}
    for source, items in layers:
        for item in items:
            merged.setdefault(key(item), (source, item))
    return list(merged.values())


def control_after_publish(current: OriginControl | None) -> OriginControl:
    """Controls after a direct publish: first arrival by publish blocks upstreams."""
    if current is not None:
        return current
    return OriginControl(publish=Permission.ALLOW, upstream=Permission.BLOCK)


def control_after_upstream_arrival(current: OriginControl | None) -> OriginControl:
    """Controls after a version is retained from upstream: first such arrival blocks publish."""
    if current is not None:
        return current
    return OriginControl(publish=Permission.BLOCK, upstream=Permission.ALLOW)


def check_publish_allowed(repository: str, project: str, current: OriginControl | None) -> None:
    if current is not None and current.publish is Permission.BLOCK:
        raise PublishBlockedError(repository, project)


def parse_permission(value: str) -> Permission:
    try:
        return Permission(value.strip().lower())
    except ValueError:
        raise InvalidArgument(
            f"origin permission must be 'allow' or 'block', not {value!r}"
        ) from None
