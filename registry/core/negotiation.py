"""Content negotiation for the simple API (PEP 691): Accept with q-values, or ?format=."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from registry.core.errors import NotAcceptable

JSON_V1 = "application/vnd.pypi.simple.v1+json"
HTML_V1 = "application/vnd.pypi.simple.v1+html"
TEXT_HTML = "text/html"
_LATEST_JSON = "application/vnd.pypi.simple.latest+json"
_LATEST_HTML = "application/vnd.pypi.simple.latest+html"

# What we can answer, in the order we prefer among types named outright with equal quality.
# The "latest" aliases answer with the concrete v1 type, as PEP 691 asks.
_OFFERS: list[tuple[str, str]] = [
    (JSON_V1, JSON_V1),
    (_LATEST_JSON, JSON_V1),
    (HTML_V1, HTML_V1),
    (_LATEST_HTML, HTML_V1),
    (TEXT_HTML, TEXT_HTML),
]
_FORMAT_ALIASES = {"json": JSON_V1, "html": HTML_V1}
# When only a wildcard matched (no Accept, "*/*", "application/*": curl, wrk, browsers and
# older tools) the answer is HTML, as PyPI's: JSON only for a client that names it.
_WILDCARD_PREFERENCE = {TEXT_HTML: 2, HTML_V1: 1}


@dataclass(frozen=True)
class Choice:
    content_type: str

    @property
    def kind(self) -> Literal["json", "html"]:
        return "json" if self.content_type.endswith("json") else "html"


def _parse_accept(header: str) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry; malformed q counts as 0."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
                q = q if 0.0 <= q <= 1.0 else 0.0
        ranges.append((media, q, position))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float, int]]) -> float:
    """The q of the most specific range matching *offer* (RFC 9110 §12.5.1), 0 if none."""
    kind = offer.partition("/")[0]
    best: tuple[int, float] | None = None
    for media, q, _pos in ranges:
        mkind, _, msub = media.partition("/")
        if media == offer:
            spec = 3
        elif mkind == kind and msub == "*":
            spec = 2
        elif media == "*/*" or media == "*":
            spec = 1
        else:
            continue
        if best is None or spec > best[0]:
            best = (spec, q)
    return best[1] if best else 0.0


def negotiate(accept: str | None, format_override: str | None = None) -> Choice:
    """Pick the representation; raise NotAcceptable when nothing we serve is acceptable."""
    if format_override:
        # An unencoded "+" in a query string arrives as a space.
        raw = format_override.strip().lower().replace(" ", "+")
        wanted = _FORMAT_ALIASES.get(raw, raw)
        for offer, answer in _OFFERS:
            if offer == wanted:
                return Choice(answer)
        raise NotAcceptable(
            f"format {format_override!r} is not served; use one of "
            f"{', '.join(o for o, _ in _OFFERS)} (or 'json' / 'html')"
        )
    if not accept or not accept.strip():
        return Choice(TEXT_HTML)
    ranges = _parse_accept(accept)
    best: tuple[tuple[float, int, int], str] | None = None
    for rank, (offer, answer) in enumerate(_OFFERS):
        q = _quality(offer, ranges)
        if q <= 0:
            continue
        # Higher q wins; on a tie a type named outright beats a wildcard; among named types
        # our order decides, among wildcard matches HTML comes first.
        explicit = 1 if any(media == offer for media, _, _ in ranges) else 0
        preference = -rank if explicit else _WILDCARD_PREFERENCE.get(offer, 0) - len(_OFFERS)
        key = (q, explicit, preference)
        if best is None or key > best[0]:
            best = (key, answer)
    if best is None:
        raise NotAcceptable(
            f"none of the media types in Accept: {accept!r} is served here; ask for "
            f"{JSON_V1}, {HTML_V1} or {TEXT_HTML}"
        )
    return Choice(best[1])
