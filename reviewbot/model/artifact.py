"""The trained just-in-time defect model on disk: load it, check it, predict with it.

The only scikit-learn importer at review time, and only inside functions: importing
`reviewbot.model.artifact` stays cheap; with a compiled model next to the artifact
(`reviewbot.model.compiled`), scoring imports neither scikit-learn nor skops. A model
directory holds

    model.skops     the fitted estimator (an ensemble: the list of its members, averaged),
                    serialised with skops (no code runs on load)
    metadata.json   feature schema, transform version, library versions, training data
                    digests, metrics, band thresholds, the artifact's sha256
    model.compiled.npz  optional: the same estimator as numpy arrays (compiled.py)

`load_model` refuses an artifact whose digest, feature schema, transform or library
major versions do not match this code, and loads only an explicit list of trusted types.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewbot.model.features import FEATURES

log = logging.getLogger(__name__)

ARTIFACT = "model.skops"
METADATA = "metadata.json"
TRANSFORM_VERSION = "log1p+ratios/1"
FORMAT_VERSION = 1


def _default_model_dir() -> Path:
    """models/default beside the package in a checkout or editable install; in a wheel
    install the same files are data files under <prefix>/share/codeyard/models/default."""
    checkout = Path(__file__).resolve().parents[2] / "models" / "default"
    installed = Path(sysconfig.get_path("data")) / "share" / "codeyard" / "models" / "default"
    return checkout if checkout.is_dir() or not installed.is_dir() else installed


DEFAULT_MODEL_DIR = _default_model_dir()
DEFAULT_BANDS = {"medium": 0.3, "high": 0.6}

DERIVED = (
    "la_per_lt",
    "ld_per_lt",
    "lt_per_file",
    "nuc_per_file",
    "la_per_file",
    "ndev_per_file",
    "sexp_share",
)
MODEL_INPUTS = tuple(f"log1p_{name}" for name in FEATURES) + DERIVED

# Every type an artifact of the candidate estimators (logistic regression in a pipeline,
# random forest, histogram gradient boosting, a list of the two tree models) contains.
# The artifact's schema is walked before loading and anything else is refused, even types
# skops trusts by default.
TRUSTED_TYPES = frozenset(
    {
        "builtins.bool",
        "builtins.dict",
        "builtins.float",
        "builtins.int",
        "builtins.list",
        "builtins.slice",
        "builtins.str",
        "builtins.tuple",
        "numpy.bool_",
        "numpy.dtype",
        "numpy.float64",
        "numpy.int64",
        "numpy.ndarray",
        "numpy.uint64",
        "numpy.random._generator.Generator",
        "numpy.random._mt19937.MT19937",
        "numpy.random._pcg64.PCG64",
        "numpy.random.mtrand.RandomState",
        "sklearn._loss._loss.CyHalfBinomialLoss",
        "sklearn._loss.link.Interval",
        "sklearn._loss.link.LogitLink",
        "sklearn._loss.loss.HalfBinomialLoss",
        "sklearn.ensemble._forest.RandomForestClassifier",
        "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
        "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.pipeline.Pipeline",
        "sklearn.preprocessing._data.StandardScaler",
        "sklearn.preprocessing._label.LabelEncoder",
        "sklearn.tree._classes.DecisionTreeClassifier",
        "sklearn.tree._tree.Tree",
    }
)


def artifact_types(path: Path) -> set[str]:
    """Every `module.Class` named in a skops artifact's schema (read as JSON, no loading)."""
    import zipfile

    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "__class__" in node and "__module__" in node:
                found.add(f"{node['__module__']}.{node['__class__']}")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    try:
        with zipfile.ZipFile(path) as archive:
            walk(json.loads(archive.read("schema.json")))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ModelError(f"{path}: not a skops artifact ({exc})") from None
    return found


class ModelError(Exception):
    """The model artifact cannot be used; the message says what to do."""


def model_inputs(rows: Any) -> Any:
    """The design matrix the estimators see, from an (n, 14 + k) array of raw metrics in
    FEATURES order, then k own-history features: log1p of every metric plus size ratios,
    then log1p of the own-history features. Used by training and scoring
    alike so the two can never disagree."""
    import numpy as np

    rows = np.asarray(rows, dtype=float)
    width = rows.shape[-1] if rows.ndim == 2 else len(FEATURES)
    x = np.clip(rows.reshape(-1, width), 0.0, None)
    # columns past the 14 metrics are own-history features (counts, days, a rate): log1p
    own, x = x[:, len(FEATURES) :], x[:, : len(FEATURES)]
    col = {name: x[:, i] for i, name in enumerate(FEATURES)}
    files = np.maximum(col["nf"], 1.0)
    derived = [
        np.log1p(col["la"] / (col["lt"] + 1.0)),
        np.log1p(col["ld"] / (col["lt"] + 1.0)),
        np.log1p(col["lt"] / files),
        np.log1p(col["nuc"] / files),
        np.log1p(col["la"] / files),
        np.log1p(col["ndev"] / files),
        col["sexp"] / (col["exp"] + 1.0),
    ]
    return np.column_stack([np.log1p(x), *derived, np.log1p(own)])


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Installed versions, read from the distributions' metadata: importing scikit-learn
    and skops just to ask takes seconds, and scoring with a compiled model needs neither."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "none"

    return {name: installed(name) for name in ("scikit-learn", "skops", "numpy")}


def _major(version: str) -> str:
    return version.split(".", 1)[0]


def finish_probability(p: Any, metadata: Mapping[str, Any]) -> Any:
    """The estimator's raw probabilities as the model's risk: calibrated on the
    repository's own outcomes when the metadata holds a calibration (Platt: a logistic
    map of the raw score's logit, fitted on a held-out time slice), else, for a model
    trained with balanced weights (a 50 % prior), the odds rescaled to the training rows'
    bug rate. Both are monotone, so the ranking never changes."""
    import numpy as np

    p = np.asarray(p, dtype=float)
    calibration = metadata.get("calibration") or {}
    if calibration.get("method") == "platt":
        q = np.clip(p, 1e-6, 1.0 - 1e-6)
        z = float(calibration["slope"]) * np.log(q / (1.0 - q)) + float(calibration["intercept"])
        return 1.0 / (1.0 + np.exp(-z))
    if metadata.get("balanced"):
        prior = float(metadata.get("positive_rate", 0.5))
        odds = p / np.maximum(1.0 - p, 1e-12) * prior / (1.0 - prior)
        p = odds / (1.0 + odds)
    return p


@dataclass
class Model:
    estimator: Any
    metadata: dict[str, Any]
    path: Path

    @property
    def columns(self) -> list[str]:
        """The raw inputs `predict` takes, in order: the 14 metrics, then the
        own-history features this model was trained with (if any)."""
        return [*FEATURES, *(self.metadata.get("own_features") or [])]

    @property
    def model_id(self) -> str:
        return str(self.metadata.get("model_id", self.path.name))

    def predict(self, rows: Any) -> Any:
        """Defect-inducing probability for each row of raw metrics (FEATURES order)."""
        import numpy as np

        from reviewbot.model.compiled import CompiledModel

        if isinstance(self.estimator, CompiledModel):  # numpy only, single-threaded
            p = self.estimator.predict_proba(model_inputs(rows))[:, 1]
        else:
            from threadpoolctl import threadpool_limits

            # an ensemble is stored as the list of its fitted members: their mean, as
            # VotingClassifier(voting="soft") computes it
            members = self.estimator if isinstance(self.estimator, list) else [self.estimator]
            x = model_inputs(rows)
            with threadpool_limits(1):
                p = np.mean([member.predict_proba(x)[:, 1] for member in members], axis=0)
        return finish_probability(p, self.metadata)

    def band(self, probability: float) -> str:
        bands = self.metadata.get("bands", DEFAULT_BANDS)
        if probability >= bands["high"]:
            return "high"
        return "medium" if probability >= bands["medium"] else "low"


def load_model(model_dir: str | Path | None = None, *, compiled: bool = True) -> Model:
    """Load and check a model directory (default: the shipped models/default). With
    `compiled`, a model.compiled.npz made from this very artifact is used instead of
    unpickling-free but slow-to-import skops (see reviewbot.model.compiled)."""
    directory = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
    artifact, meta_path = directory / ARTIFACT, directory / METADATA
    if not artifact.is_file() or not meta_path.is_file():
        raise ModelError(
            f"{directory} is not a model directory: it needs {ARTIFACT} and "
            f"{METADATA} (train one with `reviewbot model train`)"
        )
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{meta_path}: unreadable metadata ({exc})") from exc
    check_metadata(metadata, directory)
    actual = sha256_file(artifact)
    if actual != metadata.get("artifact_sha256"):
        raise ModelError(
            f"{artifact}: sha256 {actual} does not match metadata "
            f"({metadata.get('artifact_sha256')}); the file was changed after "
            "training. Retrain or restore it."
        )
    if compiled:
        estimator = _load_compiled(directory, actual)
        if estimator is not None:
            return Model(estimator=estimator, metadata=metadata, path=directory)
    import skops.io as sio

    refused = sorted(artifact_types(artifact) - TRUSTED_TYPES)
    if refused:
        raise ModelError(f"{artifact}: refusing to load untrusted types {refused}")
    untrusted = set(sio.get_untrusted_types(file=artifact))
    refused = sorted(untrusted - TRUSTED_TYPES)
    if refused:
        raise ModelError(f"{artifact}: refusing to load untrusted types {refused}")
    estimator = sio.load(artifact, trusted=sorted(untrusted))
    return Model(estimator=estimator, metadata=metadata, path=directory)


def _load_compiled(directory: Path, artifact_sha256: str) -> Any:
    """The compiled form of the verified artifact, or None (then skops loads it)."""
    from reviewbot.model.compiled import (
        COMPILED,
        CompiledModel,
        CompiledModelError,
        StaleCompiledModel,
    )

    path = directory / COMPILED
    if not path.is_file():
        log.debug("%s: no %s; loading the skops artifact (slower)", directory, COMPILED)
        return None
    try:
        return CompiledModel.load(path, artifact_sha256)
    except StaleCompiledModel as exc:
        log.debug("%s; loading the skops artifact instead", exc)
    except CompiledModelError as exc:
        log.warning("%s; loading the skops artifact instead", exc)
    return None


def check_metadata(metadata: Mapping[str, Any], where: Path) -> None:
    """Refuse metadata whose schema or library versions this code cannot honour."""
    if metadata.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{where}: model format {metadata.get('format_version')!r}, this "
            f"reviewbot reads format {FORMAT_VERSION}; retrain the model"
        )
    if list(metadata.get("features", [])) != list(FEATURES):
        raise ModelError(
            f"{where}: feature schema {metadata.get('features')} does not match "
            f"{list(FEATURES)}; retrain the model"
        )
    from reviewbot.model.own_features import OWN_FEATURES

    own = list(metadata.get("own_features") or [])
    if own != [name for name in OWN_FEATURES if name in own]:
        raise ModelError(
            f"{where}: own-history features {own} are not a subset of "
            f"{list(OWN_FEATURES)} in that order; retrain the model"
        )
    if metadata.get("transform") != TRANSFORM_VERSION:
        raise ModelError(
            f"{where}: feature transform {metadata.get('transform')!r} is not "
            f"{TRANSFORM_VERSION!r}; retrain the model"
        )
    recorded = metadata.get("libraries", {})
    for name, version in library_versions().items():
        if name == "numpy":
            continue
        trained = recorded.get(name)
        if trained is None or _major(trained) != _major(version):
            raise ModelError(
                f"{where}: trained with {name} {trained}, installed {version} "
                "(major versions differ); retrain the model or install "
                f"{name}=={trained}"
            )
