"""Scoring a change from a repository, explanations, and refusing bad artifacts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reviewbot.model.artifact import DEFAULT_MODEL_DIR, ModelError, load_model
from reviewbot.model.features import FEATURES
from reviewbot.model.scoring import ModelScorer, describe, explain, offerable

T0 = 1_600_000_000
DAY = 86_400


def _copy(model: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(model, target)
    return target


def _edit_metadata(model: Path, **changes) -> None:
    path = model / "metadata.json"
    meta = json.loads(path.read_text())
    meta.update(changes)
    path.write_text(json.dumps(meta))


def test_refuses_a_tampered_artifact(small_model: Path, tmp_path: Path) -> None:
    model = _copy(small_model, tmp_path)
    data = bytearray((model / "model.skops").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (model / "model.skops").write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"sha256 .* does not match"):
        load_model(model)


def test_refuses_a_mismatched_feature_schema(small_model: Path, tmp_path: Path) -> None:
    model = _copy(small_model, tmp_path)
    _edit_metadata(model, features=[*FEATURES[:-1], "sexp2"])
    with pytest.raises(ModelError, match="feature schema"):
        load_model(model)


def test_refuses_other_library_major_versions(small_model: Path, tmp_path: Path) -> None:
    model = _copy(small_model, tmp_path)
    meta = json.loads((model / "metadata.json").read_text())
    _edit_metadata(model, libraries={**meta["libraries"], "scikit-learn": "0.24.2"})
    with pytest.raises(ModelError, match=r"scikit-learn 0\.24\.2.*major versions differ"):
        load_model(model)


def test_refuses_untrusted_types(small_model: Path, tmp_path: Path) -> None:
    import skops.io as sio
    from sklearn.svm import SVC

    from reviewbot.model.artifact import sha256_file

    model = _copy(small_model, tmp_path)
    sio.dump(SVC(), model / "model.skops")  # a type not on the trusted list
    _edit_metadata(model, artifact_sha256=sha256_file(model / "model.skops"))
    with pytest.raises(ModelError, match=r"untrusted types.*SVC"):
        load_model(model)


def test_refuses_a_directory_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a model directory"):
        load_model(tmp_path)


def test_the_shipped_model_loads_and_is_small() -> None:
    model = load_model()
    assert model.path == DEFAULT_MODEL_DIR
    assert (DEFAULT_MODEL_DIR / "model.skops").stat().st_size < 5_000_000
    assert {d["file"] for d in model.metadata["training_data"]} == {
        "gerrit.csv",
        "go.csv",
        "jdt.csv",
        "platform.csv",
    }


def test_scores_a_pull_request_with_history_up_to_the_merge_base(
    make_repo, small_model, tmp_path: Path
) -> None:
    r = make_repo()
    r.write("app.py", "".join(f"a{i} = {i}\n" for i in range(10)))
    r.commit("Add app", T0, "alice")
    r.write("app.py", "".join(f"a{i} = {i}\n" for i in range(9)) + "a9 = 99\n")
    r.commit("Tune app", T0 + DAY, "bob")
    r.git("checkout", "-q", "-b", "feature")
    with (r.path / "app.py").open("a") as handle:
        handle.write("b1 = 1\nb2 = 2\nb3 = 3\n")
    r.commit("Extend app", T0 + 2 * DAY, "carol")
    r.write("lib/util.py", "".join(f"u{i} = {i}\n" for i in range(5)))
    r.commit("Add util", T0 + 3 * DAY, "carol")
    r.git("checkout", "-q", "main")
    r.write("app.py", "a0 = 100\n" + "".join(f"a{i} = {i}\n" for i in range(1, 9)) + "a9 = 99\n")
    r.commit("Main moves on", T0 + DAY + DAY // 2, "dave")

    scorer = ModelScorer(small_model, cache_dir=tmp_path / "cache")
    metrics = scorer.metrics(str(r.path), "main", "feature")
    # squashed diff: app.py +3, lib/util.py +5; history stops at "Tune app": dave's commit
    # on main and carol's own branch commits are not prior history
    assert metrics == pytest.approx(
        dict(
            ns=2,
            nd=2,
            nf=2,
            entrophy=0.954434002924965,
            la=8,
            ld=0,
            lt=10,
            fix=0,
            ndev=2,
            age=2.0,
            nuc=2,
            exp=0,
            rexp=0.0,
            sexp=0,
        )
    )
    risk = scorer.score(str(r.path), "main", "feature")
    assert 0.0 <= risk.probability <= 1.0
    assert risk.band in {"low", "medium", "high"}
    assert risk.model == json.loads((small_model / "metadata.json").read_text())["model_id"]
    assert all(isinstance(reason, str) and reason for reason in risk.reasons)


def test_reasons_read_as_plain_words() -> None:
    m = dict(
        ns=3,
        nd=5,
        nf=14,
        entrophy=2.0,
        la=1240,
        ld=1,
        lt=0,
        fix=1,
        ndev=4,
        age=3.5,
        nuc=9,
        exp=0,
        rexp=0.0,
        sexp=0,
    )
    assert describe("nf", m) == "touches 14 files across 5 directories in 3 subsystems"
    assert describe("la", m) == "adds 1,240 lines"
    assert describe("ld", m) == "deletes 1 line"
    assert describe("sexp", m) == "author's first change in this subsystem"
    assert describe("exp", m) == "author's first change in this repository"
    assert describe("exp", {**m, "exp": 3}, {"exp": 50}) == (
        "author has only 3 earlier commits in this repository"
    )


def test_refuses_to_score_in_a_shallow_clone(make_repo, small_model, tmp_path: Path) -> None:
    import subprocess

    r = make_repo()
    for day in range(3):
        r.write("a.py", f"x = {day}\n")
        r.commit(f"step {day}", T0 + day * DAY)
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{r.path}", str(clone)], check=True
    )
    with pytest.raises(ModelError, match="shallow"):
        ModelScorer(small_model).score(str(clone), "HEAD", "HEAD")


class _SmallDeletionsLookRisky:
    """A model that learned "fewer deleted lines, more risk" (and "bigger, more risk"):
    the case where the median-replacement explanation would name "deletes 0 lines"."""

    metadata = {"medians": {**{name: 1.0 for name in FEATURES}, "ld": 8.0, "la": 10.0}}

    def predict(self, rows):
        import numpy as np

        rows = np.asarray(rows, dtype=float)
        ld, la = rows[:, FEATURES.index("ld")], rows[:, FEATURES.index("la")]
        return 0.5 - 0.03 * np.minimum(ld, 8) + 0.002 * np.minimum(la, 100)


def test_a_zero_amount_is_never_offered_as_raising_the_risk() -> None:
    m = {name: 1.0 for name in FEATURES}
    m.update(ld=0.0, la=80.0)
    reasons = explain(_SmallDeletionsLookRisky(), m)  # type: ignore[arg-type]
    assert "deletes 0 lines" not in reasons
    assert reasons == ["adds 80 lines"]
    assert not offerable("ld", m, {"ld": 8.0})
    assert not offerable("fix", {**m, "fix": 0.0}, {})
    assert offerable("fix", {**m, "fix": 1.0}, {})
    assert offerable("la", m, {"la": 10.0}) and not offerable("la", m, {"la": 100.0})
