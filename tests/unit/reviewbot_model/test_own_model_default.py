"""A repository's own model is the default: config, then the repository's model cache,
then the shipped model; `reviewbot model retrain-due` keeps the cache fresh."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewbot.cli import main
from reviewbot.model.own import (
    SHIPPED,
    RetrainPolicy,
    RetrainState,
    cached_model_dir,
    choose_model,
    describe_source,
    retrain_due,
)
from reviewbot.model.scoring import default_scorer

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
POLICY = RetrainPolicy(interval=dt.timedelta(days=7), min_new_commits=50)
T0 = 1_600_000_000
DAY = 86400


@pytest.mark.parametrize(
    ("state", "new", "due", "says"),
    [
        (RetrainState(), None, True, "no model of its own"),
        (RetrainState(NOW - dt.timedelta(days=8), "abc"), 60, True, "60 commits behind"),
        (RetrainState(NOW - dt.timedelta(days=8), "abc"), 49, False, "only 49 new commits"),
        (RetrainState(NOW - dt.timedelta(days=6), "abc"), 500, False, "retrains after 7.0"),
        (RetrainState(NOW - dt.timedelta(days=1), "abc"), None, True, "no longer in history"),
        (RetrainState(refused_head="abc"), 10, False, "too little history; 10 new"),
        (RetrainState(refused_head="abc"), 50, True, "50 new commits since the last refused"),
    ],
)
def test_retrain_decision(state: RetrainState, new: int | None, due: bool, says: str) -> None:
    decision = retrain_due(state, NOW, new, POLICY)
    assert decision.due is due
    assert says in decision.reason


def test_sources_are_said_in_words() -> None:
    own = {
        "trained_at": "2026-12-01T00:10:00Z",
        "source": {"kind": "repository", "commits": 3806},
    }
    assert describe_source(own, shipped=False) == (
        "trained on this repository's history, 3,806 commits, 2026-12-01"
    )
    assert describe_source({}, shipped=True) == SHIPPED == "shipped fallback model"
    shared = {"trained_at": "2026-11-26T09:38:12Z", "training_data": [{"file": "go.csv"}]}
    assert describe_source(shared, shipped=False) == "trained on go.csv, 2026-11-26"


def build_history(repo, commits: int, start: int = 0) -> None:
    """A small project: commits append code to a few files; every third one is a fix
    that rewrites lines an earlier commit wrote (so SZZ finds bug-inducing commits)."""
    rng = random.Random(start)
    authors = ["alice", "bob", "carol", "dave"]
    files = [f"pkg/m{i}.py" for i in range(4)] + ["app.py", "lib/util.py"]
    for i in range(start, start + commits):
        name = rng.choice(files)
        path = repo.path / name
        lines = path.read_text().splitlines() if path.exists() else []
        if i % 3 == 2 and lines:
            for k in rng.sample(range(len(lines)), min(2, len(lines))):
                lines[k] = f"v{k} = {i}  # corrected"
            message = f"Fix bug in {name}"
        else:
            lines += [f"x{i}_{k} = {rng.randint(0, 999)}" for k in range(rng.randint(2, 30))]
            message = f"Add feature {i}"
        repo.write(name, "\n".join(lines) + "\n")
        repo.commit(message, T0 + i * DAY, rng.choice(authors))


@pytest.fixture
def small_project(make_repo):
    repo = make_repo("project")
    build_history(repo, 150)
    return repo


def _retrain(*args: str) -> list[dict]:
    done = CliRunner().invoke(
        main,
        ["model", "retrain-due", "--min-commits", "100", "--min-bugs", "10", *args],
    )
    assert done.exit_code == 0, done.output
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_a_retrained_model_becomes_the_default_and_is_kept_fresh(
    small_project, tmp_path: Path
) -> None:
    repo = small_project.path
    assert choose_model(repo).origin == "shipped"
    assert cached_model_dir(repo) is None

    [first] = _retrain("--repo", str(repo))
    assert first["due"] and "no model of its own" in first["reason"]
    assert first["trained"].startswith("jit-")
    cached = cached_model_dir(repo)
    assert cached is not None and cached.parent.name == "reviewbot-cache"
    metadata = json.loads((cached / "metadata.json").read_text())
    assert metadata["model_id"] == first["trained"]
    assert metadata["source"]["kind"] == "repository"
    assert metadata["source"]["head"] == small_project.git("rev-parse", "HEAD")
    # own-history features were offered to the selection; calibration tried on the latest slice
    assert metadata["own_feature_selection"][0]["features"] == []
    assert set(metadata["own_features"]) <= set(metadata["medians"])
    assert metadata["calibration"]["method"] in ("platt", None)

    # a review of this repository is scored by that model, and says so
    choice = choose_model(repo)
    assert (choice.origin, choice.directory) == ("cache", cached)
    small_project.git("checkout", "-q", "-b", "feature")
    build_history(small_project, 2, start=150)
    risk = default_scorer(str(repo)).score(str(repo), "main", "feature")
    assert risk.model == first["trained"]
    assert risk.source.startswith(f"trained on this repository's history, {150} commits, ")
    small_project.git("checkout", "-q", "main")

    # just trained: not due again, neither by age nor by new commits
    [again] = _retrain("--repo", str(repo))
    assert not again["due"] and "retrains after" in again["reason"]
    [eager] = _retrain("--repo", str(repo), "--interval-days", "0")
    assert not eager["due"] and "only 0 new commits" in eager["reason"]

    build_history(small_project, 12, start=152)
    [due] = _retrain("--repo", str(repo), "--interval-days", "0", "--min-new-commits", "10")
    assert due["due"] and "12 commits behind" in due["reason"]
    assert due["trained"] and due["trained"] != first["trained"]
    renewed = json.loads((cached / "metadata.json").read_text())
    assert renewed["source"]["commits"] == 162
    assert not list(cached.parent.glob(".model.*")), "no half-written model left behind"


def test_config_and_explicit_models_come_before_the_cache(small_project) -> None:
    repo = small_project.path
    cache = repo / ".git" / "reviewbot-cache" / "model"
    cache.mkdir(parents=True)
    (cache / "metadata.json").write_text("{}")
    assert choose_model(repo).origin == "cache"
    assert choose_model(repo, configured="ci/model") == choose_model(repo, configured="ci/model")
    assert choose_model(repo, configured="ci/model").directory == repo / "ci/model"
    assert choose_model(repo, explicit="/m", configured="ci/model").origin == "explicit"


def test_an_unloadable_cached_model_falls_back_to_the_shipped_one(small_project) -> None:
    repo = small_project.path
    cache = repo / ".git" / "reviewbot-cache" / "model"
    cache.mkdir(parents=True)
    (cache / "metadata.json").write_text('{"format_version": 99}')
    (cache / "model.skops").write_bytes(b"not a model")
    scorer = default_scorer(str(repo))
    assert scorer.model.path.name == "default"
    assert scorer.source == SHIPPED


def test_service_clones_are_found_and_their_base_branch_mined(make_repo, tmp_path: Path) -> None:
    upstream = make_repo("upstream")
    build_history(upstream, 120)
    # the service's clone layout: <data dir>/<host>/<owner>/<name>, init + fetch, no checkout
    clone = tmp_path / "data" / "github" / "acme" / "widget"
    clone.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(clone),
            "fetch",
            "-q",
            str(upstream.path),
            "+main:refs/remotes/origin/main",
        ],
        check=True,
    )
    lines = _retrain("--cache-dir", str(tmp_path / "data"), "--min-new-commits", "5")
    [only] = lines
    assert only["repo"] == str(clone) and only["rev"] == "refs/remotes/origin/main"
    assert only["trained"]
    assert cached_model_dir(clone) is not None
    assert choose_model(clone).origin == "cache"


def test_too_little_history_is_remembered_until_enough_new_commits(make_repo) -> None:
    repo = make_repo("tiny")
    build_history(repo, 30)
    [refused] = _retrain("--repo", str(repo.path), "--min-new-commits", "20")
    assert refused["due"] and "only 30 commits" in refused["refused"]
    assert cached_model_dir(repo.path) is None
    [waiting] = _retrain("--repo", str(repo.path), "--min-new-commits", "20")
    assert not waiting["due"] and "too little history" in waiting["reason"]


def test_retrain_due_needs_somewhere_to_look() -> None:
    done = CliRunner(env={"REVIEWBOT_CACHE_DIR": None}).invoke(main, ["model", "retrain-due"])
    assert done.exit_code == 2 and "--repo PATH or --cache-dir" in done.stderr
