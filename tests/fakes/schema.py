"""Tiny strict body checks for the GitLab and Gitea fakes, written from their API docs:
each field's JSON type, whether it is required, allowed values; unknown fields are refused
(a typo in a field name is a bug the real host would silently ignore)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "boolean": (bool,), "object": (dict,), "array": (list,),
}


@dataclass(frozen=True)
class F:
    kind: str
    required: bool = False
    enum: tuple[Any, ...] = ()
    fields: dict[str, F] | None = None  # for objects, or for the items of an array


def check(where: str, value: Any, spec: dict[str, F]) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: expected a JSON object"]
    errors = [f"{where}: unknown field {name!r}" for name in value if name not in spec]
    for name, field in spec.items():
        label = f"{where}.{name}"
        if name not in value:
            if field.required:
                errors.append(f"{label} is required")
            continue
        item = value[name]
        wanted = _TYPES[field.kind]
        if not isinstance(item, wanted) or (field.kind == "integer" and isinstance(item, bool)):
            errors.append(f"{label}: {item!r} is not {field.kind}")
            continue
        if field.enum and item not in field.enum:
            errors.append(f"{label}: {item!r} is not one of {list(field.enum)}")
        if field.fields is not None and field.kind == "object":
            errors += check(label, item, field.fields)
        if field.fields is not None and field.kind == "array":
            for index, element in enumerate(item):
                errors += check(f"{label}[{index}]", element, field.fields)
    return errors


def check_query(where: str, query: dict[str, list[str]], spec: dict[str, str]) -> list[str]:
    """Query parameters: name → "integer" | "string" | "boolean" | "a|b|c" (allowed values)."""
    errors = []
    for name, values in query.items():
        if name not in spec:
            errors.append(f"{where}: unknown query parameter {name!r}")
            continue
        kind = spec[name]
        for value in values:
            if kind == "integer" and not value.isdigit():
                errors.append(f"{where}: {name}={value!r} is not an integer")
            elif kind == "boolean" and value not in ("true", "false"):
                errors.append(f"{where}: {name}={value!r} is not a boolean")
            elif "|" in kind and value not in kind.split("|"):
                errors.append(f"{where}: {name}={value!r} is not one of {kind.split('|')}")
    return errors
