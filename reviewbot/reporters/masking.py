"""Mask secrets in anything the bot posts.

A finding about a leaked key must never repeat the key on the pull request (review comments
are e-mailed, indexed and kept forever). Two nets: well-known credential shapes, and the
exact values the secret findings flagged (taken from their never-shown `anchor_text`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from reviewbot.review.findings import Category, Finding

MASK = "[masked]"

_SHAPES = [
    re.compile(
        r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)"
    ),
    re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b"),
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"),
    re.compile(r"\bgithub_pat_[A-Za-z0-9_]{20,}\b"),
    re.compile(r"\bglpat-[A-Za-z0-9_\-]{20,}\b"),
    re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b"),
    re.compile(r"\bsk_live_[A-Za-z0-9]{16,}\b"),
    re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"),
]
# user:password@ in URLs, and name = "value" for secret-looking names: keep the name.
_URL_CREDENTIALS = re.compile(r"(?P<keep>\b[a-z][a-z0-9+.\-]*://[^/\s:@]+:)[^@\s/]+@", re.I)
_ASSIGNMENT = re.compile(
    r"(?P<keep>\b[\w.\-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)"
    r"[\w.\-]*['\"]?\s*[:=]\s*['\"]?)(?P<value>[^\s'\",;]{6,})",
    re.I,
)
_QUOTED = re.compile(r"""(['"])([^'"\s]{8,})\1""")
_TOKEN = re.compile(r"[A-Za-z0-9+/_\-=.]{16,}")


def _entropy(text: str) -> float:
    counts = {c: text.count(c) for c in set(text)}
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def secret_values(findings: Iterable[Finding]) -> set[str]:
    """Values worth masking verbatim: quoted strings and long high-entropy tokens on the
    lines that secret findings flagged."""
    values: set[str] = set()
    for finding in findings:
        if finding.category is not Category.SECRETS or not finding.anchor_text:
            continue
        for match in _QUOTED.finditer(finding.anchor_text):
            values.add(match.group(2))
        for match in _TOKEN.finditer(finding.anchor_text):
            token = match.group(0)
            if _entropy(token) >= 3.0:
                values.add(token)
    return values


def mask_secrets(text: str, values: Iterable[str] = ()) -> str:
    for value in sorted((v for v in values if len(v) >= 6), key=len, reverse=True):
        text = text.replace(value, MASK)
    for shape in _SHAPES:
        text = shape.sub(MASK, text)
    text = _URL_CREDENTIALS.sub(lambda m: m.group("keep") + MASK + "@", text)
    return _ASSIGNMENT.sub(
        lambda m: m.group(0) if m.group("value") == MASK else m.group("keep") + MASK, text
    )
