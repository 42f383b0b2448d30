"""Check a request against GitHub's REST description (OpenAPI 3.0, @octokit/openapi).

`GitHubSpec.check(method, path, query, body)` returns a list of violations (empty when the
request is one GitHub documents): unknown path or method, path and query parameters with
the wrong type or an unknown name, a missing or invalid JSON body (jsonschema against the
operation's requestBody schema, with $refs resolved in the whole document).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

DOC_URI = "urn:github-openapi"


def _pointer_escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


@dataclass
class Operation:
    template: str
    method: str
    regex: re.Pattern[str]
    groups: dict[str, str]  # regex group → parameter name
    literal_segments: int
    params: list[dict[str, Any]]
    body_pointer: str | None
    body_required: bool


class GitHubSpec:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.registry = Registry().with_resource(
            DOC_URI, Resource.from_contents(document, default_specification=DRAFT7)
        )
        self.operations: dict[str, list[Operation]] = {}
        for template, item in document["paths"].items():
            for method, op in item.items():
                if method not in {"get", "post", "put", "patch", "delete"}:
                    continue
                params = [
                    self._deref(p) for p in item.get("parameters", []) + op.get("parameters", [])
                ]
                multi = {p["name"] for p in params if p.get("x-multi-segment")}
                names: dict[str, str] = {}
                pieces = []
                for index, piece in enumerate(re.split(r"(\{[^}]+\})", template)):
                    if piece.startswith("{") and piece.endswith("}"):
                        name = piece[1:-1]
                        group = f"p{index}"
                        names[group] = name
                        pieces.append(f"(?P<{group}>{'.+' if name in multi else '[^/]+'})")
                    else:
                        pieces.append(re.escape(piece))
                pattern = "".join(pieces)
                body = op.get("requestBody")
                pointer = None
                if body is not None:
                    body = self._deref(body)
                    if "application/json" in body.get("content", {}):
                        pointer = (
                            f"{DOC_URI}#/paths/{_pointer_escape(template)}/{method}/requestBody"
                            "/content/application~1json/schema"
                        )
                        if "$ref" in op["requestBody"]:
                            pointer = None  # rare; shared request bodies are not used by us
                operation = Operation(
                    template=template,
                    method=method.upper(),
                    regex=re.compile(f"^{pattern}$"),
                    groups=names,
                    literal_segments=sum(1 for s in template.split("/") if s and "{" not in s),
                    params=params,
                    body_pointer=pointer,
                    body_required=bool(body and body.get("required")),
                )
                self.operations.setdefault(method.upper(), []).append(operation)

    def _deref(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        best = None
        for op in self.operations.get(method.upper(), []):
            found = op.regex.match(path)
            if found and (best is None or op.literal_segments > best[0].literal_segments):
                values = {op.groups[g]: v for g, v in found.groupdict().items()}
                best = (op, values)
        return best

    def check(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, has_body: bool
    ) -> tuple[Operation | None, list[str]]:
        matched = self.match(method, path)
        if matched is None:
            other = [m for m in self.operations if m != method.upper() and self.match(m, path)]
            if other:
                return None, [f"{method} {path}: GitHub documents only {', '.join(other)} here"]
            return None, [f"{method} {path}: no such operation in GitHub's REST description"]
        op, path_values = matched
        errors: list[str] = []
        by_name = {(p["in"], p["name"]): p for p in op.params}
        for param in op.params:
            if param["in"] == "path":
                value = path_values.get(param["name"])
                errors += _check_scalar(param, value, f"path parameter {param['name']}")
            elif param["in"] == "query" and param["name"] in query:
                for value in query[param["name"]]:
                    errors += _check_scalar(param, value, f"query parameter {param['name']}")
        for name in query:
            if ("query", name) not in by_name:
                errors.append(f"{op.method} {op.template}: unknown query parameter {name!r}")
        if op.body_pointer is not None:
            if not has_body:
                if op.body_required:
                    errors.append(f"{op.method} {op.template}: a JSON body is required")
            else:
                validator = Draft7Validator({"$ref": op.body_pointer}, registry=self.registry)
                for error in validator.iter_errors(body):
                    where = "/".join(str(p) for p in error.absolute_path) or "(body)"
                    errors.append(f"{op.method} {op.template}: body {where}: {error.message}")
        elif has_body and op.method in {"GET", "DELETE"}:
            errors.append(f"{op.method} {op.template}: GitHub takes no body here")
        return op, errors


def _check_scalar(param: dict[str, Any], value: str | None, label: str) -> list[str]:
    if value is None:
        return [f"missing {label}"] if param.get("required") else []
    schema = param.get("schema", {})
    kind = schema.get("type")
    if kind == "integer" and not re.fullmatch(r"-?\d+", value):
        return [f"{label}: {value!r} is not an integer"]
    if kind == "boolean" and value not in {"true", "false"}:
        return [f"{label}: {value!r} is not a boolean"]
    if "enum" in schema and value not in [str(v) for v in schema["enum"]]:
        return [f"{label}: {value!r} is not one of {schema['enum']}"]
    return []
