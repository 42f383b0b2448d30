"""The compiled (numpy-only) model: same probabilities as scikit-learn, no scikit-learn or
skops import at review time, and a damaged or stale file is never scored."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from reviewbot.model.artifact import DEFAULT_MODEL_DIR, load_model, model_inputs
from reviewbot.model.compiled import (
    COMPILED,
    CompiledModel,
    CompiledModelError,
    StaleCompiledModel,
    UnsupportedModel,
    content_digest,
)
from reviewbot.model.features import FEATURES
from reviewbot.model.training.export import export, write_compiled

REPO_ROOT = Path(__file__).resolve().parents[3]
T0 = 1_600_000_000
DAY = 86_400


@pytest.fixture(scope="module")
def real_rows(jit_dir: Path) -> np.ndarray:
    """1,000 rows of each of the four projects, raw metrics in FEATURES order."""
    import pandas as pd

    parts = []
    for project in ("gerrit", "go", "jdt", "platform"):
        frame = pd.read_csv(jit_dir / f"{project}.csv", nrows=1000)
        if "entrophy" not in frame:
            frame["entrophy"] = frame["entropy"]
        parts.append(frame[list(FEATURES)].to_numpy(dtype=float))
    return np.concatenate(parts)


def test_the_shipped_compiled_model_is_current_and_used() -> None:
    metadata = json.loads((DEFAULT_MODEL_DIR / "metadata.json").read_text())
    compiled = CompiledModel.load(DEFAULT_MODEL_DIR / COMPILED, metadata["artifact_sha256"])
    assert compiled.n_features == len(metadata["model_inputs"])
    assert isinstance(load_model().estimator, CompiledModel)


def test_shipped_model_probabilities_equal_scikit_learns(real_rows: np.ndarray) -> None:
    fast, slow = load_model(), load_model(compiled=False)
    assert isinstance(fast.estimator, CompiledModel)
    assert not isinstance(slow.estimator, CompiledModel)
    inputs = model_inputs(real_rows)
    members = slow.estimator if isinstance(slow.estimator, list) else [slow.estimator]
    expected = np.mean([member.predict_proba(inputs) for member in members], axis=0)
    np.testing.assert_allclose(fast.estimator.predict_proba(inputs), expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fast.predict(real_rows), slow.predict(real_rows), rtol=0, atol=1e-9)
    assert len(np.unique(expected[:, 1])) > 1000  # many different leaves, not a constant


def _estimators() -> dict[str, object]:
    from sklearn.ensemble import (
        ExtraTreesClassifier,
        HistGradientBoostingClassifier,
        RandomForestClassifier,
        VotingClassifier,
    )
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    def pair() -> list[tuple[str, object]]:
        return [
            ("forest", RandomForestClassifier(n_estimators=10, random_state=0)),
            ("boosting", HistGradientBoostingClassifier(max_iter=20, random_state=0)),
        ]

    return {
        "voting": VotingClassifier(pair(), voting="soft"),
        "weighted-voting": VotingClassifier(pair(), voting="soft", weights=[2, 1]),
        "tree": DecisionTreeClassifier(max_depth=12, random_state=0),
        "forest": RandomForestClassifier(n_estimators=15, min_samples_leaf=5, random_state=0),
        "extra": ExtraTreesClassifier(n_estimators=15, class_weight="balanced", random_state=0),
        "boosting": HistGradientBoostingClassifier(max_iter=40, random_state=0),
        "logistic": Pipeline(
            [("scale", StandardScaler()), ("model", LogisticRegression(C=0.1, max_iter=2000))]
        ),
        "bare-logistic": LogisticRegression(max_iter=2000),
    }


@pytest.mark.parametrize("name", list(_estimators()))
def test_each_supported_estimator_matches_scikit_learn(
    name: str, real_rows: np.ndarray, tmp_path: Path
) -> None:
    estimator = _estimators()[name]
    inputs = model_inputs(real_rows)
    labels = (np.arange(len(inputs)) * 7919 % 10 < 3).astype(int)  # any fixed labels
    labels[np.argsort(inputs[:, 4])[-600:]] = 1  # ... with a signal to split on
    if name in ("tree", "forest", "extra", "boosting", "voting", "weighted-voting"):
        rng = np.random.default_rng(0)
        inputs[rng.random(inputs.shape) < 0.03] = np.nan  # missing values both ways
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # OpenMP threads crawl on a busy machine
        estimator.fit(inputs, labels)  # type: ignore[attr-defined]
    write_compiled(estimator, tmp_path, "0" * 64)
    compiled = CompiledModel.load(tmp_path / COMPILED, "0" * 64)
    expected = estimator.predict_proba(inputs)  # type: ignore[attr-defined]
    np.testing.assert_allclose(compiled.predict_proba(inputs), expected, rtol=0, atol=1e-9)


def test_a_list_of_members_is_their_mean(real_rows: np.ndarray, tmp_path: Path) -> None:
    """How the training code may store an ensemble in the skops file: its fitted members
    as a plain list, averaged with equal weights."""
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression

    inputs = model_inputs(real_rows)
    labels = (inputs[:, 4] + np.sin(np.arange(len(inputs))) > 3).astype(int)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        members = [
            RandomForestClassifier(n_estimators=8, random_state=0).fit(inputs, labels),
            HistGradientBoostingClassifier(max_iter=15).fit(inputs, labels),
            LogisticRegression(max_iter=2000).fit(inputs, labels),
        ]
    write_compiled(members, tmp_path, "1" * 64)
    compiled = CompiledModel.load(tmp_path / COMPILED, "1" * 64)
    assert compiled.kind == "ensemble" and len(compiled.members) == 3
    expected = np.mean([m.predict_proba(inputs) for m in members], axis=0)
    np.testing.assert_allclose(compiled.predict_proba(inputs), expected, rtol=0, atol=1e-9)


def test_refuses_what_it_cannot_compile() -> None:
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    x = np.random.default_rng(0).random((60, 3))
    y = (x[:, 0] > 0.5).astype(int)
    with pytest.raises(UnsupportedModel, match="cannot compile a SVC"):
        export(SVC().fit(x, y))
    scaled_forest = Pipeline([("s", StandardScaler()), ("m", RandomForestClassifier(3))])
    with pytest.raises(UnsupportedModel, match="only supported before LogisticRegression"):
        export(scaled_forest.fit(x, y))
    with pytest.raises(UnsupportedModel, match="classes"):
        export(RandomForestClassifier(3).fit(x, y + 1))
    from sklearn.ensemble import VotingClassifier

    hard = VotingClassifier([("a", RandomForestClassifier(3)), ("b", SVC())], voting="hard")
    with pytest.raises(UnsupportedModel, match="hard-voting"):
        export(hard.fit(x, y))
    with pytest.raises(UnsupportedModel, match="cannot compile a SVC"):
        export([RandomForestClassifier(3).fit(x, y), SVC().fit(x, y)])


def test_training_writes_the_compiled_form(small_model: Path, slice_csvs) -> None:
    fast, slow = load_model(small_model), load_model(small_model, compiled=False)
    assert isinstance(fast.estimator, CompiledModel)
    rows = np.array(
        [
            [1, 2, 3, 1.2, 300, 20, 1500, 1, 9, 30, 60, 12, 4.5, 3],
            [1, 1, 1, 0, 5, 1, 40, 0, 2, 300, 4, 900, 80, 200],
        ],
        dtype=float,
    )
    np.testing.assert_allclose(fast.predict(rows), slow.predict(rows), rtol=0, atol=1e-9)


# ---- damaged or stale compiled files --------------------------------------------------


def _copy(model: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(model, target)
    return target


def _arrays(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    return json.loads(str(arrays.pop("header"))), arrays


def _save(path: Path, header: dict, arrays: dict[str, np.ndarray], *, redigest: bool) -> None:
    if redigest:
        header = {**header, "content_sha256": content_digest(arrays)}
    with path.open("wb") as handle:
        np.savez(handle, header=np.array(json.dumps(header)), **arrays)


def _falls_back(model: Path) -> None:
    """load_model ignores the compiled file and scores exactly as scikit-learn does."""
    loaded = load_model(model)
    assert not isinstance(loaded.estimator, CompiledModel)
    reference = load_model(model, compiled=False)
    rows = np.array([[2, 3, 5, 1.5, 120, 30, 900, 0, 6, 12, 40, 30, 8, 10]], dtype=float)
    assert loaded.predict(rows)[0] == pytest.approx(reference.predict(rows)[0], abs=1e-12)


def test_a_stale_compiled_file_is_ignored(small_model: Path, tmp_path: Path) -> None:
    model = _copy(small_model, tmp_path)
    header, arrays = _arrays(model / COMPILED)
    _save(model / COMPILED, {**header, "source_sha256": "f" * 64}, arrays, redigest=True)
    with pytest.raises(StaleCompiledModel, match="recompile"):
        CompiledModel.load(model / COMPILED, json.loads((model / "metadata.json").read_text())[
            "artifact_sha256"])  # fmt: skip
    _falls_back(model)


def test_changed_arrays_are_refused(tmp_path: Path) -> None:
    model = _copy(DEFAULT_MODEL_DIR, tmp_path)
    header, arrays = _arrays(model / COMPILED)
    name = next(k for k in sorted(arrays) if arrays[k].dtype.kind == "f")
    arrays[name] = arrays[name] + 0.5  # same shapes, other scores
    _save(model / COMPILED, header, arrays, redigest=False)
    with pytest.raises(CompiledModelError, match="do not match their recorded sha256"):
        CompiledModel.load(model / COMPILED, header["source_sha256"])
    _falls_back(model)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda a, p: a[p + "left"].__setitem__(0, 0), "child before its parent"),
        (lambda a, p: a[p + "feature"].__setitem__(0, 99), "feature out of range"),
        (lambda a, p: a[p + "right"].__setitem__(0, -1), "one child"),
        (lambda a, p: a.__setitem__(p + "value", a[p + "value"][:-1]), "leaf values"),
        (lambda a, p: a.__setitem__(p + "value", a[p + "value"] * 2), "not probabilities"),
        (lambda a, p: a.__setitem__(p + "extra", np.zeros(3)), "arrays"),
    ],
)
def test_arrays_that_are_not_a_forest_are_refused(tmp_path: Path, damage, message: str) -> None:
    model = _copy(DEFAULT_MODEL_DIR, tmp_path)
    header, arrays = _arrays(model / COMPILED)
    # the shipped model is a forest, or an ensemble with one
    forests = [""] if header["kind"] == "forest" else [
        f"m{i}." for i, m in enumerate(header.get("members", [])) if m["kind"] == "forest"
    ]  # fmt: skip
    assert forests, header["kind"]
    damage(arrays, forests[0])
    _save(model / COMPILED, header, arrays, redigest=True)  # digest says "fine"
    with pytest.raises(CompiledModelError, match=message):
        CompiledModel.load(model / COMPILED, header["source_sha256"])
    _falls_back(model)


def test_unreadable_or_pickled_files_are_refused(small_model: Path, tmp_path: Path) -> None:
    model = _copy(small_model, tmp_path)
    (model / COMPILED).write_bytes(b"not a zip file")
    _falls_back(model)
    with (model / COMPILED).open("wb") as handle:  # an object array needs pickle to load
        np.savez(handle, header=np.array([{"format": 1}], dtype=object))
    with pytest.raises(CompiledModelError, match="unreadable"):
        CompiledModel.load(model / COMPILED, "0" * 64)
    _falls_back(model)


# ---- review time: no scikit-learn, no skops --------------------------------------------


def test_scoring_a_change_imports_neither_sklearn_nor_skops(make_repo) -> None:
    repo = make_repo()
    repo.write("app/core.py", "x = 1\n")
    repo.commit("start", T0, who="alice")
    repo.write("app/core.py", "x = 2\n")
    repo.commit("fix crash in core", T0 + DAY, who="bob")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("app/new.py", "".join(f"v{i} = {i}\n" for i in range(40)))
    repo.commit("add values", T0 + 3 * DAY, who="alice")
    script = textwrap.dedent(
        f"""
        import json, sys
        from reviewbot.model.scoring import ModelScorer
        risk = ModelScorer().score({str(repo.path)!r}, "main", "feature")
        print(json.dumps({{"p": risk.probability, "reasons": risk.reasons,
                           "loaded": sorted(m for m in ("sklearn", "skops", "scipy")
                                            if m in sys.modules)}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    result = json.loads(done.stdout)
    assert result["loaded"] == []
    # the same score and reasons as the scikit-learn path
    from reviewbot.model.scoring import ModelScorer, risk_for

    scorer = ModelScorer()
    slow = risk_for(load_model(compiled=False), scorer.metrics(str(repo.path), "main", "feature"))
    assert result["p"] == pytest.approx(slow.probability, abs=1e-9)
    assert result["reasons"] == slow.reasons and slow.reasons


# ---- a repository's own model: `model = "dir"` in its config --------------------------


def test_config_model_key_is_a_path_inside_the_repository() -> None:
    from reviewbot.review.config import ConfigError, parse_config

    config = parse_config('[tool.reviewbot]\nmodel = "ci/defect-model"\n', "pyproject.toml")
    assert config.model == "ci/defect-model"
    assert parse_config("", ".reviewbot.toml").model is None
    for bad in ('"/etc/model"', '"../elsewhere"', '""', "3"):
        with pytest.raises(ConfigError, match=r"\.reviewbot\.toml: model must be a directory"):
            parse_config(f"model = {bad}\n", ".reviewbot.toml")


def test_review_uses_the_model_the_repository_config_names(
    make_repo, small_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from reviewbot.cli import main

    monkeypatch.delenv("REVIEWBOT_MODEL", raising=False)
    repo = make_repo()
    repo.write(".reviewbot.toml", 'model = "ci/defect-model"\n')
    repo.write("app/core.py", "".join(f"value_{i} = {i}\n" for i in range(30)))
    repo.commit("Add core", T0)
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("app/extra.py", "".join(f"extra_{i} = {i}\n" for i in range(50)))
    repo.commit("Add extra", T0 + DAY, who="bob")
    shutil.copytree(small_model, repo.path / "ci" / "defect-model")
    (repo.path / "sub").mkdir()
    args = ["review", "--base", "main", "--head", "feature", "--format", "json"]
    own_id = json.loads((small_model / "metadata.json").read_text())["model_id"]
    shipped_id = json.loads((DEFAULT_MODEL_DIR / "metadata.json").read_text())["model_id"]
    assert own_id != shipped_id

    def risk_model(*extra: str, repo_arg: Path = repo.path) -> str:
        result = CliRunner().invoke(main, [*args, "--repo", str(repo_arg), *extra])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["risk"] is not None, report
        return report["risk"]["model"]

    assert risk_model() == own_id
    assert risk_model(repo_arg=repo.path / "sub") == own_id  # relative to the root
    assert risk_model("--model", str(DEFAULT_MODEL_DIR)) == shipped_id  # the flag wins
    monkeypatch.setenv("REVIEWBOT_MODEL", str(DEFAULT_MODEL_DIR))
    assert risk_model() == shipped_id  # so does the environment
