"""ML frameworks: model files loaded in ways that run code (torch.load without
weights_only, Keras load_model with custom objects or safe_mode off, numpy pickles),
inference without eval mode / no_grad, and unseeded randomness in code that says it is
reproducible."""

from __future__ import annotations

import ast
import re

from reviewbot.analyzers.python.ast_utils import dotted, is_const, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

TORCH_LOAD = {"torch.load", "torch.serialization.load"}
KERAS_LOAD = {
    "tensorflow.keras.models.load_model", "keras.models.load_model", "keras.saving.load_model",
    "tf.keras.models.load_model", "tensorflow.keras.saving.load_model",
}  # fmt: skip
NUMPY_LOAD = {"numpy.load"}
INFERENCE_NAME = re.compile(r"^(predict|infer|inference|classify|score|embed|generate)", re.I)
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
    if not INFERENCE_NAME.match(scope.function_name) or not uses_torch:
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
