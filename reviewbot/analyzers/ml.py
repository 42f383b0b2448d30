"""ML frameworks: model files loaded in ways that run code (torch.load without
weights_only, Keras load_model with custom objects or safe_mode off, numpy pickles),
inference without eval mode / no_grad, and unseeded randomness in code that says it is
reproducible."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.python.ast_utils import const_str, dotted, is_const, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

TORCH_LOAD = {"torch.load", "torch.serialization.load"}
KERAS_LOAD = {
    "tensorflow.keras.models.load_model", "keras.models.load_model", "keras.saving.load_model",
    "tf.keras.models.load_model", "tensorflow.keras.saving.load_model",
}  # fmt: skip
NUMPY_LOAD = {"numpy.load"}
INFERENCE_NAME = re.compile(
    r"^(predict|infer|inference|classify|score|embed|generate)|"
    r"(^|_)(predict|infer|run_batch|serve|evaluate|eval)(_|$)",
    re.I,
)
TRAINING_NAME = re.compile(r"train|fit|optimi[sz]e|backward", re.I)
NO_GRAD = {"torch.no_grad", "torch.inference_mode", "torch.set_grad_enabled"}
REPRODUCIBLE = re.compile(r"reproducib|deterministic", re.I)
SEEDED_CALLS = {
    "sklearn.model_selection.train_test_split", "sklearn.model_selection.KFold",
    "sklearn.model_selection.StratifiedKFold", "sklearn.model_selection.ShuffleSplit",
    "sklearn.ensemble.RandomForestClassifier", "sklearn.ensemble.RandomForestRegressor",
    "sklearn.cluster.KMeans", "sklearn.utils.shuffle",
}  # fmt: skip

detectors = Family("ml")


@detectors.call
def unsafe_model_load(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.qual in TORCH_LOAD and not is_const(kwarg(node, "weights_only"), True):
        context.report(
            "ml/torch-load-unsafe",
            node,
            "torch.load unpickles the file, so a crafted checkpoint runs code; pass "
            "weights_only=True (or load safetensors).",
        )
    elif call.qual in KERAS_LOAD and (
        is_const(kwarg(node, "safe_mode"), False) or kwarg(node, "custom_objects") is not None
    ):
        context.report(
            "ml/unsafe-model-load",
            node,
            "load_model with custom_objects or safe_mode=False deserialises Python code from "
            "the model file; load only models you built, with safe_mode=True.",
        )
    elif call.qual in NUMPY_LOAD and is_const(kwarg(node, "allow_pickle"), True):
        context.report(
            "ml/unsafe-model-load",
            node,
            "np.load(allow_pickle=True) unpickles object arrays, which can run code; store "
            "plain arrays and load with allow_pickle=False.",
        )


def _called_models(scope: Scope) -> list[ast.Call]:
    """Calls `model(x)` / `self.model(x)` / `net(x)` in the scope."""
    calls = []
    for node in scope.nodes:
        if isinstance(node, ast.Call):
            name = (dotted(node.func) or "").rsplit(".", 1)[-1].lower()
            if name in {"model", "net", "network", "classifier", "encoder"}:
                calls.append(node)
    return calls


@detectors.function
def missing_eval_mode(context: FileContext, scope: Scope) -> None:
    uses_torch = any(v.split(".")[0] == "torch" for v in context.aliases.values())
    name = scope.function_name
    if not INFERENCE_NAME.search(name) or TRAINING_NAME.search(name) or not uses_torch:
        return
    calls = _called_models(scope)
    if not calls:
        return
    has_eval = any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "eval"
        for n in scope.nodes
    )
    guarded = any(
        isinstance(n, ast.withitem)
        and isinstance(n.context_expr, ast.Call)
        and (context.qualname(n.context_expr.func) or "") in NO_GRAD
        for n in scope.nodes
    ) or any(
        (context.qualname(d.func if isinstance(d, ast.Call) else d) or "") in NO_GRAD
        for d in getattr(scope.node, "decorator_list", [])
    )
    if has_eval and guarded:
        return
    missing = [
        what for what, ok in (("model.eval()", has_eval), ("torch.no_grad()", guarded)) if not ok
    ]
    context.report(
        "ml/missing-eval-mode",
        calls[0],
        f"Inference in '{scope.function_name}' runs without {' and '.join(missing)}: dropout "
        "and batch-norm behave as in training and autograd keeps every activation.",
    )


@detectors.call
def missing_seed(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual not in SEEDED_CALLS or kwarg(call.node, "random_state") is not None:
        return
    if call.qual.endswith(("KFold", "StratifiedKFold")) and not is_const(
        kwarg(call.node, "shuffle"), True
    ):
        return
    if "memo_reproducible" not in context.memo:
        context.memo["memo_reproducible"] = bool(REPRODUCIBLE.search("\n".join(context.lines)))
    if context.memo["memo_reproducible"]:
        context.report(
            "ml/missing-seed",
            call.node,
            f"{call.qual.rsplit('.', 1)[-1]} without random_state gives different results "
            "on every run, but this code says it is reproducible; pass random_state=SEED.",
        )


# --- second round: hub downloads, training-loop mistakes, leakage, determinism -----------

HUB_LOADERS = {
    "from_pretrained",
    "hf_hub_download",
    "snapshot_download",
    "load_dataset",
    "pipeline",
}
HUB_PACKAGES = (
    "transformers",
    "huggingface_hub",
    "datasets",
    "diffusers",
    "sentence_transformers",
    "peft",
)
PINNED_REVISION = re.compile(r"^[0-9a-f]{40}$|^v?\d+(\.\d+)+$")
SCALERS = re.compile(
    r"Scaler$|Normalizer$|PCA$|Imputer$|Encoder$|Vectorizer$|SelectKBest$|TruncatedSVD$|"
    r"Transformer$|Discretizer$"
)
SPLITTERS = {"sklearn.model_selection.train_test_split", "sklearn.model_selection.cross_val_score"}


def _uses(context: FileContext, packages: tuple[str, ...]) -> bool:
    return any(v.split(".")[0] in packages for v in context.aliases.values())


# load_dataset's packaged builders read local files, not a hub repository
LOCAL_BUILDERS = {"csv", "json", "parquet", "text", "arrow", "imagefolder", "audiofolder", "pandas"}


def _hub_name(node: ast.expr | None) -> str | None:
    """'org/model' or a canonical 'bert-base-uncased' (a hub repository), not a local path."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        value = node.value
        local = value.startswith((".", "/", "~")) or value.count("/") > 1 or "\\" in value
        if value and not local and value not in LOCAL_BUILDERS and " " not in value:
            return value
    return None


@detectors.call
def hub_downloads(context: FileContext, call: CallSite, scope: Scope) -> None:
    node = call.node
    if call.attr not in HUB_LOADERS and call.qual.rsplit(".", 1)[-1] not in HUB_LOADERS:
        return
    if not _uses(context, HUB_PACKAGES):
        return
    if is_const(kwarg(node, "trust_remote_code"), True):
        context.report(
            "ml/trust-remote-code",
            node,
            "trust_remote_code=True runs the Python files of the hub repository on this "
            "machine; use a built-in architecture or pin a revision you have read.",
        )
        return
    # pipeline("sentiment-analysis") names a task; only its model= is a repository
    first = None if call.attr == "pipeline" or call.qual.endswith(".pipeline") else call.first
    name = _hub_name(kwarg(node, "model") or kwarg(node, "repo_id") or kwarg(node, "path") or first)
    revision = kwarg(node, "revision")
    if name is None or any(k.arg is None for k in node.keywords):
        return
    if revision is None or (
        isinstance(revision, ast.Constant) and revision.value in {"main", "master", None}
    ):
        context.report(
            "ml/unpinned-model-revision",
            node,
            f"'{name}' is fetched at whatever its main branch holds today; pin "
            "revision='<commit sha>' so a later push cannot change what runs here.",
        )


@detectors.call
def torch_hub_unpinned(context: FileContext, call: CallSite, scope: Scope) -> None:
    if call.qual != "torch.hub.load":
        return
    repo = const_str(call.first)
    source = const_str(kwarg(call.node, "source"))
    if repo is None or source == "local" or repo.startswith((".", "/")):
        return
    ref = repo.partition(":")[2]
    if not ref or ref in {"main", "master"}:
        context.report(
            "ml/torch-hub-unpinned",
            call.node,
            f"torch.hub.load('{repo}') downloads and runs hubconf.py from a moving branch; pin "
            "a tag or commit ('owner/repo:v1.2.0').",
        )


def _method_calls(scope: Scope, names: set[str]) -> list[ast.Call]:
    return [
        n
        for n in scope.nodes
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in names
    ]


@detectors.function
def training_loop(context: FileContext, scope: Scope) -> None:
    if not _uses(context, ("torch",)):
        return
    backward = _method_calls(scope, {"backward"})
    steps = _method_calls(scope, {"step"})
    # any zero_grad (or grads set to None) counts: gradient accumulation resets every k steps
    resets = _method_calls(scope, {"zero_grad"}) or re.search(
        r"set_to_none|\.grad\s*=\s*None|grad\.zero_", context.scope_text(scope)
    )
    if backward and steps and not resets:
        context.report(
            "ml/missing-zero-grad",
            steps[0],
            "This loop calls backward() and step() but never optimizer.zero_grad(), so "
            "each step applies the sum of every earlier batch's gradients.",
        )
    losses = {
        dotted(n.targets[0])
        for n in scope.nodes
        if isinstance(n, ast.Assign)
        and len(n.targets) == 1
        and isinstance(n.value, ast.Call)
        and re.search(r"(loss|criterion)", ast.unparse(n.value.func), re.I)
        and dotted(n.targets[0])
    }
    for node in scope.nodes:
        if (
            isinstance(node, ast.AugAssign)
            and isinstance(node.op, ast.Add)
            and isinstance(node.value, ast.Name)
            and node.value.id in losses
            and any(b for b in backward)
        ):
            context.report(
                "ml/loss-keeps-graph",
                node,
                f"Adding the tensor '{node.value.id}' keeps its autograd graph (and GPU "
                f"memory) alive for the whole epoch; add {node.value.id}.item().",
            )
            return


@detectors.function
def preprocessing_before_split(context: FileContext, scope: Scope) -> None:
    splits = [
        n
        for n in scope.nodes
        if isinstance(n, ast.Call) and (context.qualname(n.func) or "") in SPLITTERS
    ]
    if not splits:
        return
    first_split = min(s.lineno for s in splits)
    scaler_names = {
        name
        for name, values in scope.assignments.items()
        if any(
            isinstance(v, ast.Call) and SCALERS.search((dotted(v.func) or "").rsplit(".", 1)[-1])
            for v in values
        )
    }
    for node in scope.nodes:
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"fit", "fit_transform"}
            and node.lineno < first_split
        ):
            continue
        receiver = node.func.value
        fitted_scaler = (isinstance(receiver, ast.Name) and receiver.id in scaler_names) or (
            isinstance(receiver, ast.Call)
            and SCALERS.search((dotted(receiver.func) or "").rsplit(".", 1)[-1])
        )
        if fitted_scaler:
            context.report(
                "ml/preprocessing-before-split",
                node,
                "The preprocessing is fitted on every row before the split, so statistics of the "
                "test set leak into training; split first and fit on X_train (or use a Pipeline).",
            )
            return


@detectors.node(ast.Assign)
def cudnn_nondeterministic(context: FileContext, node: ast.Assign, scope: Scope) -> None:
    if not any(
        (context.qualname(t) or "") == "torch.backends.cudnn.benchmark" for t in node.targets
    ):
        return
    if not is_const(node.value, True):
        return
    if REPRODUCIBLE.search("\n".join(context.lines)) or re.search(
        r"manual_seed|set_seed", "\n".join(context.lines)
    ):
        context.report(
            "ml/cudnn-nondeterministic",
            node,
            "cudnn.benchmark = True picks kernels by timing, so results change from run to run "
            "although this code seeds for reproducibility; set it to False.",
        )
