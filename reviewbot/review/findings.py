"""What a review produces: findings, with a stable identity across pushes.

Everything downstream (filter, reporters, host comment services) speaks in `Finding`s, so
this module is pure data with no imports beyond the standard library.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum


class Severity(IntEnum):
    """Ordered so that `finding.severity >= gate` reads naturally."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {text!r}; use one of {names}") from None

    def __str__(self) -> str:
        return self.name.lower()


class Category(StrEnum):
    """CodeGuru Reviewer's categories, so teams moving over keep their vocabulary."""

    SECURITY = "security"
    RESOURCE_LEAKS = "resource-leaks"
    CONCURRENCY = "concurrency"
    INPUT_VALIDATION = "input-validation"
    CODE_QUALITY = "code-quality"
    BEST_PRACTICES = "python-best-practices"
    SECRETS = "secrets"
    AWS_BEST_PRACTICES = "aws-best-practices"
    DEPENDENCIES = "dependencies"


_WHITESPACE = re.compile(r"\s+")


def fingerprint_of(rule: str, path: str | None, anchor_text: str, occurrence: int = 0) -> str:
    """A fingerprint that survives unrelated edits: it hashes what the finding is about
    (rule, file, whitespace-normalised source text of the flagged line) and not the line
    number, which moves whenever code above it changes. `occurrence` separates identical
    lines in one file (the n-th identical line keeps its number while others do not move)."""
    normalised = _WHITESPACE.sub(" ", anchor_text).strip()
    digest = hashlib.sha256(
        "\x1f".join([rule, path or "", normalised, str(occurrence)]).encode("utf-8")
    )
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class FlowStep:
    """One step of the path data takes to a finding: where attacker input enters (the
    source), each assignment or call that carries it on, and the sink. SARIF writes the
    steps as a `codeFlows` thread flow; the other reporters name the source."""

    path: str
    line: int
    message: str

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "message": self.message}


@dataclass(frozen=True)
class Finding:
    """One problem found in a change.

    `path`/`line`/`end_line` are on the new side of the diff (1-based, inclusive). A
    change-level finding (a very large change, no test change, ...) has `path` and `line`
    set to None. `anchor_text` is the flagged source line(s), used only for the fingerprint
    and never shown (it may hold a secret)."""

    rule: str
    category: Category
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    end_line: int | None = None
    cwe: int | None = None
    fix: str | None = None
    anchor_text: str = field(default="", repr=False, compare=False)
    fingerprint: str = ""
    # source → propagation → sink, for findings about data flow (empty otherwise); not
    # part of the identity: the same sink fed from a moved source is the same problem
    flow: tuple[FlowStep, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.line is not None and self.end_line is None:
            object.__setattr__(self, "end_line", self.line)
        if not self.fingerprint:
            object.__setattr__(
                self, "fingerprint", fingerprint_of(self.rule, self.path, self.anchor_text)
            )

    @property
    def is_change_level(self) -> bool:
        return self.path is None

    def with_fingerprint(self, fingerprint: str) -> Finding:
        return replace(self, fingerprint=fingerprint)

    @property
    def source(self) -> FlowStep | None:
        """Where the data of a flow finding comes from (its first step)."""
        return self.flow[0] if len(self.flow) > 1 else None

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape documented in the README (`--format json`); `flow` only
        on data-flow findings."""
        data: dict[str, object] = {
            "rule": self.rule,
            "category": str(self.category),
            "severity": str(self.severity),
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "message": self.message,
            "cwe": f"CWE-{self.cwe}" if self.cwe is not None else None,
            "fingerprint": self.fingerprint,
        }
        if self.flow:
            data["flow"] = [step.to_json() for step in self.flow]
        return data
