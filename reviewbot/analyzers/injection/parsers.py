"""Parsers that run what the data says: deserializers that can execute code (pickle,
unsafe YAML, ...) and XML parsers configured to resolve external entities (XXE)."""

from __future__ import annotations

import ast

from reviewbot.analyzers.python.ast_utils import const_str, is_const, kwarg
from reviewbot.analyzers.python.context import CallSite, FileContext, Scope
from reviewbot.analyzers.python.registry import Family

DESERIALIZERS = {
    "pickle.load", "pickle.loads", "pickle.Unpickler", "cPickle.load", "cPickle.loads",
    "_pickle.load", "_pickle.loads", "dill.load", "dill.loads", "jsonpickle.decode",
    "marshal.load", "marshal.loads", "shelve.open", "pandas.read_pickle", "joblib.load",
    "yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all",
}  # fmt: skip
YAML_LOAD = {"yaml.load", "yaml.load_all"}
YAML_SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}

detectors = Family("injection/parsers")


def _safe_yaml(context: FileContext, call: ast.Call) -> bool:
    loader = kwarg(call, "Loader") or (call.args[1] if len(call.args) > 1 else None)
    if loader is None:
        return False
    name = (context.qualname(loader) or "").rsplit(".", 1)[-1]
    return name in YAML_SAFE_LOADERS


@detectors.call
def insecure_deserialization(context: FileContext, call: CallSite, scope: Scope) -> None:
    qual = call.qual
    if qual in DESERIALIZERS or (qual in YAML_LOAD and not _safe_yaml(context, call.node)):
        context.report(
            "python/insecure-deserialization",
            call.node,
            f"{qual}() can execute code embedded in the data. Use json, or yaml.safe_load "
            "(Loader=yaml.SafeLoader), unless this data can only come from this program.",
        )


@detectors.call
def xxe(context: FileContext, call: CallSite, scope: Scope) -> None:
    node, qual, attr = call.node, call.qual, call.attr
    unsafe = False
    if qual.endswith("XMLParser") and (
        is_const(kwarg(node, "resolve_entities"), True)
        or is_const(kwarg(node, "no_network"), False)
    ):
        unsafe = True
    if attr == "setFeature" and len(node.args) == 2 and is_const(node.args[1], True):
        feature = context.qualname(node.args[0]) or const_str(node.args[0]) or ""
        if feature.endswith(("feature_external_ges", "feature_external_pes")) or (
            "external-general-entities" in feature or "external-parameter-entities" in feature
        ):
            unsafe = True
    if qual == "xmltodict.parse" and is_const(kwarg(node, "disable_entities"), False):
        unsafe = True
    if unsafe:
        context.report(
            "python/xxe",
            node,
            "This XML parser resolves external entities, so a document can read local "
            "files or reach internal URLs (XXE); leave entity resolution off or use "
            "defusedxml.",
        )
