"""How a family declares its detectors: a `Family` collects functions by what they look at.

    detectors = Family("crypto_tls")

    @detectors.call                      # every call: (context, call site, scope)
    def weak_hash(context, call, scope): ...

    @detectors.node(ast.Assign)          # every node of these exact types
    def tls_attribute(context, node, scope): ...

    @detectors.function                  # every function body, after its nodes
    def mutable_defaults(context, scope): ...

`reviewbot.analyzers.python.analyzer.FAMILIES` lists the families the Python analyzer runs.
A detector reports through `context.report(rule_id, node, message)`; the rule must be in
`reviewbot.analyzers.rules`.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reviewbot.analyzers.python.context import CallSite, FileContext, Scope

CallCheck = Callable[[FileContext, CallSite, Scope], None]
NodeCheck = Callable[[FileContext, Any, Scope], None]
FunctionCheck = Callable[[FileContext, Scope], None]


@dataclass
class Family:
    name: str
    calls: list[CallCheck] = field(default_factory=list)
    nodes: list[tuple[tuple[type[ast.AST], ...], NodeCheck]] = field(default_factory=list)
    functions: list[FunctionCheck] = field(default_factory=list)

    def call(self, check: CallCheck) -> CallCheck:
        self.calls.append(check)
        return check

    def node(self, *types: type[ast.AST]) -> Callable[[NodeCheck], NodeCheck]:
        def add(check: NodeCheck) -> NodeCheck:
            self.nodes.append((types, check))
            return check

        return add

    def function(self, check: FunctionCheck) -> FunctionCheck:
        self.functions.append(check)
        return check
