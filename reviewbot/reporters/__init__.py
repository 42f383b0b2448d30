"""Reporters: where a Review goes.

One protocol for all of them: `report(review)`. Host reporters (GitHub, GitLab, Gitea) post
comments; local ones write a format to a stream. `WRITERS` maps each `--format` name to a
pure function Review → str, and `StreamReporter` adapts such a writer to the protocol, so
the CLI looks formats up in a dict rather than switching on names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from reviewbot.review.pipeline import Review

Writer = Callable[["Review"], str]


class Reporter(Protocol):
    def report(self, review: Review) -> None: ...


def _text(review: Review) -> str:
    from reviewbot.reporters.text import render

    return render(review)


def _markdown(review: Review) -> str:
    from reviewbot.reporters.markdown import render

    return render(review)


def _json(review: Review) -> str:
    from reviewbot.reporters.json_format import render

    return render(review)


def _sarif(review: Review) -> str:
    from reviewbot.reporters.sarif import render

    return render(review)


def _rdjson(review: Review) -> str:
    from reviewbot.reporters.rdjson import render

    return render(review)


def _rdjsonl(review: Review) -> str:
    from reviewbot.reporters.rdjson import render_lines

    return render_lines(review)


def _annotations(review: Review) -> str:
    from reviewbot.reporters.annotations import render

    return render(review)


WRITERS: dict[str, Writer] = {
    "text": _text,
    "markdown": _markdown,
    "json": _json,
    "sarif": _sarif,
    "rdjson": _rdjson,
    "rdjsonl": _rdjsonl,
    "github-annotations": _annotations,
}


class StreamReporter:
    """A local writer as a Reporter: renders the review and writes it to a stream."""

    def __init__(self, writer: Writer, stream: TextIO) -> None:
        self.writer = writer
        self.stream = stream

    def report(self, review: Review) -> None:
        text = self.writer(review)
        self.stream.write(text)
        if text and not text.endswith("\n"):
            self.stream.write("\n")
