"""The labelled detector corpus: well-formed, big enough, and reviewbot stays above each
family's floor (tests/detectors/floors.toml) in recall and below it in false alarms."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.detectors.harness import (
    CorpusError,
    FamilyScore,
    load_case,
    load_corpus,
    load_floors,
    reviewbot_spans,
    score,
)

MIN_FILES, FLOORS = load_floors()


@pytest.fixture(scope="module")
def cases():
    return load_corpus()


@pytest.fixture(scope="module")
def reviewbot_scores(cases) -> dict[str, FamilyScore]:
    return score(cases, reviewbot_spans(cases))


def test_corpus_is_large_enough(cases) -> None:
    assert len(cases) >= MIN_FILES


def test_every_family_has_a_floor_and_both_labels(cases) -> None:
    families = {case.family for case in cases}
    assert families <= FLOORS.keys(), f"no floor for {sorted(families - FLOORS.keys())}"
    for family in families:
        labels = {case.label for case in cases if case.family == family}
        assert labels == {"bad", "good"}, f"{family} has only {labels}"


@pytest.mark.parametrize("family", sorted(FLOORS))
def test_family_floor(family: str, reviewbot_scores: dict[str, FamilyScore]) -> None:
    if family not in reviewbot_scores:
        pytest.fail(f"{family} has a floor in floors.toml but no corpus files")
    min_recall, max_false_alarms = FLOORS[family]
    result = reviewbot_scores[family]
    assert result.recall >= min_recall, (
        f"{family} recall {result.recall:.2f}; missed {result.missed}"
    )
    assert result.false_alarm_rate <= max_false_alarms, (
        f"{family} false alarms {result.false_alarm_rate:.2f}: {result.alarms}"
    )


def _write(tmp_path: Path, family: str, name: str, text: str) -> Path:
    path = tmp_path / family / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_scoring_counts_found_missed_and_false_alarms(tmp_path: Path) -> None:
    header = "# family: demo\n# source: own\n"
    bad_found = _write(tmp_path, "demo", "a.py", header + "# label: bad\nx = 1  # expect\n")
    bad_missed = _write(tmp_path, "demo", "b.py", header + "# label: bad\ny = 2  # expect\n")
    good = _write(tmp_path, "demo", "c.py", header + "# label: good\nz = 3\n")
    quiet = _write(tmp_path, "demo", "d.py", header + "# label: good\nw = 4\n")
    cases = load_corpus(tmp_path)
    spans = {bad_found: [(3, 4)], bad_missed: [(1, 3)], good: [(1, 1)], quiet: []}
    result = score(cases, spans)["demo"]
    assert (result.bad, result.found, result.good, result.alarmed) == (2, 1, 2, 1)
    assert result.missed == ["demo/b.py"] and result.alarms == ["demo/c.py"]


def test_reviewbot_is_scored_through_the_review_pipeline(tmp_path: Path) -> None:
    header = "# family: tls\n# source: own\n"
    bad = _write(
        tmp_path,
        "tls",
        "fetch.py",
        header
        + (
            "# label: bad\nimport requests\n\n\ndef fetch(url):\n"
            "    return requests.get(url, timeout=5, verify=False)  # expect\n"
        ),
    )
    suppressed = _write(
        tmp_path,
        "tls",
        "fetch_ok.py",
        header
        + (
            "# label: good\nimport requests\n\n\ndef fetch(url):\n"
            "    return requests.get(url, timeout=5, verify=False)  # reviewbot: ignore\n"
        ),
    )
    cases = load_corpus(tmp_path)
    spans = reviewbot_spans(cases)
    assert any(start <= 8 <= end for start, end in spans[bad])
    assert suppressed not in spans


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("# family: demo\n# source: own\nx = 1\n", "header lacks label"),
        ("# family: other\n# label: good\n# source: own\nx = 1\n", "but the file is in demo/"),
        ("# family: demo\n# label: bad\n# source: own\nx = 1\n", "needs at least one"),
        ("# family: demo\n# label: good\n# source: own\nx = 1  # expect\n", "must not have"),
        ("# family: demo\n# label: good\n# source: own\nx = (\n", "does not parse"),
    ],
)
def test_malformed_corpus_files_are_refused(tmp_path: Path, text: str, problem: str) -> None:
    path = _write(tmp_path, "demo", "case.py", text)
    with pytest.raises(CorpusError, match=problem):
        load_case(path)
