"""Score detectors on the labelled corpus (tests/detectors/corpus, format in
tests/detectors/README.md): reviewbot, bandit and ruff's S rules, the same way for each.

A bad case is FOUND when the tool reports a finding whose line range covers one of the
file's `# expect` lines; a good case is a FALSE ALARM when the tool reports anything in the
file. reviewbot reviews every corpus file as a wholly added file through the pipeline
`reviewbot review --diff` runs (suppressions, config filtering and dedupe included), minus
the change-level heuristics (size, "no test change"), which are about a change, not code.
bandit and ruff run as their command-line tools with JSON output over the corpus folder.

Imported by tests/detectors/test_corpus.py and `python -m benchmarks.detectors`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
FLOORS = Path(__file__).resolve().parent / "floors.toml"

HEADER = re.compile(r"^#\s*(family|label|source|rule):\s*(.+?)\s*$")
EXPECT = re.compile(r"#\s*expect\b")
# reviewbot exempts files under tests/ from some rules; corpus files are reviewed as
# ordinary application code, under this prefix
REVIEW_PREFIX = "app"

# (first line, last line) of each finding, per corpus file
Spans = dict[Path, list[tuple[int, int]]]


class CorpusError(ValueError):
    """A corpus file that does not follow the format (bad header, labels and marks)."""


@dataclass(frozen=True)
class Case:
    path: Path
    family: str
    label: str  # "bad" | "good"
    expect: frozenset[int]  # 1-based lines marked `# expect`
    source: str
    rule: str | None = None  # optional `# rule:` header: the rule this case is written for

    @property
    def name(self) -> str:
        return f"{self.family}/{self.path.name}"


def load_case(path: Path) -> Case:
    text = path.read_text(encoding="utf-8")
    headers: dict[str, str] = {}
    for line in text.splitlines()[:6]:
        match = HEADER.match(line)
        if match:
            headers[match.group(1)] = match.group(2)
    missing = {"family", "label", "source"} - headers.keys()
    if missing:
        raise CorpusError(f"{path}: header lacks {', '.join(sorted(missing))}")
    family, label = headers["family"], headers["label"]
    if family != path.parent.name:
        raise CorpusError(f"{path}: family {family!r} but the file is in {path.parent.name}/")
    if label not in {"bad", "good"}:
        raise CorpusError(f"{path}: label must be bad or good, not {label!r}")
    expect = frozenset(i for i, line in enumerate(text.splitlines(), 1) if EXPECT.search(line))
    if label == "bad" and not expect:
        raise CorpusError(f"{path}: a bad case needs at least one `# expect` line")
    if label == "good" and expect:
        raise CorpusError(f"{path}: a good case must not have `# expect` lines")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # bad cases are bad on purpose
            compile(text, str(path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        raise CorpusError(f"{path}: does not parse: {exc}") from None
    return Case(path, family, label, expect, text, headers.get("rule"))


def load_corpus(root: Path = CORPUS) -> list[Case]:
    return [load_case(path) for path in sorted(root.glob("*/*.py"))]


@dataclass
class FamilyScore:
    bad: int = 0
    found: int = 0
    good: int = 0
    alarmed: int = 0
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.bad if self.bad else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.alarmed / self.good if self.good else 0.0

    def add(self, other: FamilyScore) -> None:
        self.bad += other.bad
        self.found += other.found
        self.good += other.good
        self.alarmed += other.alarmed


def score(cases: Iterable[Case], spans: Spans) -> dict[str, FamilyScore]:
    """Per-family scores of one tool's findings (spans keyed by the case's path)."""
    scores: dict[str, FamilyScore] = {}
    for case in cases:
        family = scores.setdefault(case.family, FamilyScore())
        reported = spans.get(case.path, [])
        if case.label == "bad":
            family.bad += 1
            hit = any(start <= line <= end for line in case.expect for start, end in reported)
            if hit:
                family.found += 1
            else:
                family.missed.append(case.name)
        else:
            family.good += 1
            if reported:
                family.alarmed += 1
                family.alarms.append(case.name)
    return scores


def overall(scores: dict[str, FamilyScore]) -> FamilyScore:
    total = FamilyScore()
    for family in scores.values():
        total.add(family)
    return total


# --- the tools ---------------------------------------------------------------------------


def _added_file_diff(path: str, text: str) -> str:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = "".join(f"+{line}\n" for line in lines)
    return (
        f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n"
        f"@@ -0,0 +1,{len(lines)} @@\n{body}"
    )


def reviewbot_spans(cases: list[Case]) -> Spans:
    """Review all cases as one change of wholly added files (each file is analysed on its
    own, so batching them only saves start-up), as `reviewbot review --diff` would."""
    from reviewbot.analyzers import default_analyzers
    from reviewbot.review.change import DiffChangeSource
    from reviewbot.review.config import ReviewConfig
    from reviewbot.review.pipeline import review

    by_review_path = {f"{REVIEW_PREFIX}/{case.family}/{case.path.name}": case for case in cases}
    diff = "".join(_added_file_diff(p, case.source) for p, case in by_review_path.items())
    change = DiffChangeSource(diff).load()
    config = ReviewConfig()
    result = review(change, default_analyzers(config), config=config)
    failed = [note for note in result.notes if "failed" in note]
    if failed:
        raise RuntimeError(f"reviewbot analyzer failures: {failed}")
    spans: Spans = {}
    for finding in [*result.inline, *result.summary]:
        case = by_review_path.get(finding.path or "")
        if case is not None and finding.line is not None:
            spans.setdefault(case.path, []).append((finding.line, finding.end_line or finding.line))
    return spans


def _tool(name: str) -> list[str]:
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed (pip install {name})")
    return [found]


def bandit_spans(cases: list[Case], root: Path = CORPUS) -> Spans:
    """bandit with its default tests and thresholds, as a user would run it."""
    run = subprocess.run(
        [*_tool("bandit"), "-r", "-q", "-f", "json", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1):
        raise RuntimeError(f"bandit failed ({run.returncode}): {run.stderr.strip()[-500:]}")
    report = json.loads(run.stdout)
    spans: Spans = {}
    for issue in report["results"]:
        lines = issue.get("line_range") or [issue["line_number"]]
        spans.setdefault(Path(issue["filename"]).resolve(), []).append((min(lines), max(lines)))
    return spans


def ruff_spans(cases: list[Case], root: Path = CORPUS) -> Spans:
    """ruff's flake8-bandit port (S rules), ignoring the repository's ruff config."""
    run = subprocess.run(
        [*_tool("ruff"), "check", "--isolated", "--no-cache", "--select", "S",
         "--output-format", "json", "--exit-zero", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if run.returncode != 0:
        raise RuntimeError(f"ruff failed ({run.returncode}): {run.stderr.strip()[-500:]}")
    spans: Spans = {}
    for issue in json.loads(run.stdout):
        start = issue["location"]["row"]
        end = issue.get("end_location", {}).get("row", start)
        spans.setdefault(Path(issue["filename"]).resolve(), []).append((start, end))
    return spans


TOOLS: dict[str, Callable[[list[Case]], Spans]] = {
    "reviewbot": reviewbot_spans,
    "bandit": bandit_spans,
    "ruff-S": ruff_spans,
}


def load_floors(path: Path = FLOORS) -> tuple[int, dict[str, tuple[float, float]]]:
    """(min_files, family → (min_recall, max_false_alarms)) from floors.toml."""
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    families = {
        name: (float(entry["min_recall"]), float(entry["max_false_alarms"]))
        for name, entry in data.get("families", {}).items()
    }
    return int(data.get("min_files", 0)), families
