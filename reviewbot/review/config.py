"""Review settings: what a repository asks of the bot, and the knobs the CLI sets.

A repository configures the bot in `[tool.reviewbot]` of its `pyproject.toml` or at the top
level of `.reviewbot.toml` (the latter wins when both exist):

    [tool.reviewbot]
    exclude = ["vendor/**", "docs/*.py"]     # glob patterns of paths not to review
    disable = ["python/naive-datetime"]      # rule ids (or prefixes ending in "/") to skip
    min-severity = "low"                     # drop findings below this severity
    fail-on = "high"                         # default for --fail-on
    large-change-lines = 1000                # "very large change" threshold
    registry-url = "https://packages.internal/team/"  # check dependencies there
    model = "ci/defect-model"                # own defect model dir, relative to the root

    [tool.reviewbot.feedback]                # `[feedback]` in .reviewbot.toml
    min-precision = 0.5                      # demote a rule whose reviewers' precision is lower
    min-votes = 5                            # ... once it has at least this many votes
    keep-inline = ["python/eval"]            # never demote these rules

Parsing is pure (text in, `ReviewConfig` out); reading the files is the caller's business.
Errors name the file and the key so a user knows what to fix.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from reviewbot.review.findings import Severity

CONFIG_FILES = (".reviewbot.toml", "pyproject.toml")
_KNOWN_KEYS = {"exclude", "disable", "min-severity", "fail-on", "large-change-lines"}
_KNOWN_KEYS.add("registry-url")  # dependency check (analyzers/dependencies/)
_KNOWN_KEYS.add("model")  # defect model directory (model/scoring.py)
_KNOWN_KEYS.add("feedback")  # reviewer-feedback demotion (reviewbot/feedback/)
_FEEDBACK_KEYS = {"min-precision", "min-votes", "keep-inline"}


class ConfigError(ValueError):
    """The repository's reviewbot configuration cannot be used as written."""


@dataclass(frozen=True)
class FeedbackConfig:
    """When reviewers' feedback demotes a rule from inline comments to the summary: its
    measured precision is below `min_precision` after at least `min_votes` votes, and it is
    not listed in `keep_inline`. `min_precision = 0` turns demotion off."""

    min_precision: float = 0.5
    min_votes: int = 5
    keep_inline: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ReviewConfig:
    exclude: tuple[str, ...] = ()
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    min_severity: Severity = Severity.INFO
    fail_on: Severity | None = None
    large_change_lines: int = 1000
    registry_url: str | None = None  # $REVIEWBOT_REGISTRY_URL wins
    model: str | None = None  # relative to the repository root; --model, $REVIEWBOT_MODEL win
    feedback: FeedbackConfig = field(default_factory=FeedbackConfig)
    source: str | None = None  # which file it came from, for messages

    def is_excluded(self, path: str) -> bool:
        return any(_glob_match(path, pattern) for pattern in self.exclude)

    def is_disabled(self, rule: str) -> bool:
        return any(
            rule == disabled or (disabled.endswith("/") and rule.startswith(disabled))
            for disabled in self.disabled_rules
        )

    def with_overrides(self, **changes: object) -> ReviewConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _glob_match(path: str, pattern: str) -> bool:
    """fnmatch with two conveniences: `dir/` or `dir/**` excludes a whole tree, and a
    pattern without a slash matches the file name in any directory."""
    pattern = pattern.strip()
    if pattern.endswith("/"):
        pattern += "**"
    if pattern.endswith("/**") and (path + "/").startswith(pattern[:-2]):
        return True
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)
    return fnmatch.fnmatchcase(path, pattern)


def parse_config(text: str, filename: str) -> ReviewConfig:
    """Parse `.reviewbot.toml` (top-level keys) or `pyproject.toml` (`[tool.reviewbot]`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{filename}: not valid TOML: {exc}") from None
    if Path(filename).name == "pyproject.toml":
        section = data.get("tool", {}).get("reviewbot", {})
    else:
        section = data.get("tool", {}).get("reviewbot", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{filename}: [tool.reviewbot] must be a table")
    unknown = sorted(set(section) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"{filename}: unknown reviewbot setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    return ReviewConfig(
        exclude=tuple(_string_list(section, "exclude", filename)),
        disabled_rules=frozenset(_string_list(section, "disable", filename)),
        min_severity=_severity(section, "min-severity", filename) or Severity.INFO,
        fail_on=_severity(section, "fail-on", filename),
        large_change_lines=_positive_int(section, "large-change-lines", filename, 1000),
        registry_url=_registry_url(section, filename),
        model=_model_dir(section, filename),
        feedback=_feedback(section, filename),
        source=filename,
    )


def _string_list(section: dict[str, object], key: str, filename: str) -> list[str]:
    value = section.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{filename}: {key} must be a list of strings")
    return list(value)


def _severity(section: dict[str, object], key: str, filename: str) -> Severity | None:
    value = section.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{filename}: {key} must be a severity name")
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{filename}: {key}: {exc}") from None


def _registry_url(section: dict[str, object], filename: str) -> str | None:
    value = section.get("registry-url")
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ConfigError(
            f"{filename}: registry-url must be the registry repository's http(s) URL, "
            'e.g. "https://packages.internal/team/"'
        )
    return value


def _model_dir(section: dict[str, object], filename: str) -> str | None:
    """A model directory inside the repository (made by `reviewbot model train --out`)."""
    value = section.get("model")
    if value is None:
        return None
    path = Path(value) if isinstance(value, str) and value.strip() else None
    if path is None or path.is_absolute() or ".." in path.parts:
        raise ConfigError(
            f"{filename}: model must be a directory path relative to the repository root "
            f'(no "..", not absolute), e.g. "ci/defect-model"; got {value!r}'
        )
    return path.as_posix()


def _feedback(section: dict[str, object], filename: str) -> FeedbackConfig:
    value = section.get("feedback", {})
    if not isinstance(value, dict):
        raise ConfigError(f"{filename}: feedback must be a table ([feedback] or "
                          "[tool.reviewbot.feedback])")
    unknown = sorted(set(value) - _FEEDBACK_KEYS)
    if unknown:
        raise ConfigError(
            f"{filename}: unknown feedback setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(_FEEDBACK_KEYS))}"
        )
    precision = value.get("min-precision", 0.5)
    if isinstance(precision, bool) or not isinstance(precision, int | float) or not (
        0 <= precision <= 1
    ):
        raise ConfigError(f"{filename}: feedback.min-precision must be a number from 0 to 1, "
                          f"e.g. 0.5; got {precision!r}")
    votes = value.get("min-votes", 5)
    if isinstance(votes, bool) or not isinstance(votes, int) or votes < 1:
        raise ConfigError(f"{filename}: feedback.min-votes must be a whole number >= 1; "
                          f"got {votes!r}")
    keep = _string_list(value, "keep-inline", f"{filename}: feedback")
    return FeedbackConfig(float(precision), votes, frozenset(keep))


def _positive_int(section: dict[str, object], key: str, filename: str, default: int) -> int:
    value = section.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ConfigError(f"{filename}: {key} must be a positive integer")
    return value


def config_from_texts(texts: dict[str, str]) -> ReviewConfig:
    """Pick the repository's config from {filename: text} of the candidate files:
    `.reviewbot.toml` wins; `pyproject.toml` counts only if it has [tool.reviewbot]."""
    if ".reviewbot.toml" in texts:
        return parse_config(texts[".reviewbot.toml"], ".reviewbot.toml")
    if "pyproject.toml" in texts:
        config = parse_config(texts["pyproject.toml"], "pyproject.toml")
        try:
            has_section = "reviewbot" in tomllib.loads(texts["pyproject.toml"]).get("tool", {})
        except tomllib.TOMLDecodeError:
            has_section = False
        return config if has_section else ReviewConfig()
    return ReviewConfig()


def load_config_file(path: str | os.PathLike[str]) -> ReviewConfig:
    """Read an explicit `--config PATH`."""
    file_path = Path(path)
    try:
        text = file_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config {path} is not UTF-8 text") from None
    return parse_config(text, file_path.name)


def load_worktree_config(root: str | os.PathLike[str]) -> ReviewConfig:
    """The config of a working tree (for `--diff` reviews)."""
    texts = {}
    for name in CONFIG_FILES:
        candidate = Path(root) / name
        if candidate.is_file():
            try:
                texts[name] = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
    return config_from_texts(texts)
