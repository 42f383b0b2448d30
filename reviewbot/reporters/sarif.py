"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).

What GitHub needs and gets here: `tool.driver.rules` with short/full descriptions and help,
repository-relative URIs, a `level` per result, `partialFingerprints` (our stable
fingerprint, so alerts track across pushes), and `security-severity` on security rules so
GitHub shows critical/high/medium/low. Change-level findings have no file to point at:
they become tool notifications of the invocation rather than results.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import quote

from reviewbot.analyzers.rules import Rule, get_rule
from reviewbot.review.findings import Category, Finding, Severity

if TYPE_CHECKING:
    from reviewbot.review.pipeline import Review

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/codeyard/codeyard/blob/main/docs/reviewbot.md"
FINGERPRINT_KEY = "reviewbot/v1"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
SECURITY_CATEGORIES = {Category.SECURITY, Category.SECRETS, Category.INPUT_VALIDATION}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("codeyard")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0"


def _rule_for(finding: Finding) -> Rule:
    rule = get_rule(finding.rule)
    if rule is not None:
        return rule
    name = "".join(p.capitalize() for p in finding.rule.replace("/", "-").split("-"))
    return Rule(finding.rule, name, finding.category, finding.severity, finding.message,
                finding.fix or "", finding.cwe)  # fmt: skip


def _descriptor(rule: Rule) -> dict[str, object]:
    tags = [str(rule.category)]
    if rule.category in SECURITY_CATEGORIES and "security" not in tags:
        tags.append("security")
    properties: dict[str, object] = {"tags": tags, "precision": "high"}
    if rule.cwe is not None:
        tags.append(f"external/cwe/cwe-{rule.cwe}")
    if rule.category in SECURITY_CATEGORIES:
        properties["security-severity"] = SECURITY_SEVERITY[rule.severity]
    help_text = rule.help + (
        f" (CWE-{rule.cwe}: https://cwe.mitre.org/data/definitions/{rule.cwe}.html)"
        if rule.cwe is not None
        else ""
    )
    descriptor: dict[str, object] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": help_text, "markdown": f"**{rule.short}.** {help_text}"},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }
    return descriptor


def _physical(path: str, line: int, end_line: int | None = None) -> dict[str, object]:
    region: dict[str, int] = {"startLine": line}
    if end_line and end_line != line:
        region["endLine"] = end_line
    return {"artifactLocation": {"uri": quote(path, safe="/")}, "region": region}


def _flow(finding: Finding) -> dict[str, object]:
    """SARIF 2.1.0 §3.36-3.38: one codeFlow with one threadFlow whose locations are the
    steps from source to sink, in execution order; `kinds` tags the ends so viewers can
    label them (GitHub's "show paths" reads the same structure)."""
    last = len(finding.flow) - 1
    locations = []
    for position, step in enumerate(finding.flow):
        entry: dict[str, object] = {
            "location": {
                "physicalLocation": _physical(step.path, step.line),
                "message": {"text": step.message},
            },
            "nestingLevel": 0,
            "executionOrder": position + 1,
        }
        if position == 0:
            entry["kinds"] = ["taint", "source"]
        elif position == last:
            entry["kinds"] = ["taint", "sink"]
        locations.append(entry)
    return {
        "message": {"text": f"{finding.flow[0].message} → {finding.flow[-1].message}"},
        "threadFlows": [{"locations": locations}],
    }


def _result(finding: Finding, index: int) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {"physicalLocation": _physical(finding.path or "", finding.line or 1, finding.end_line)}
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {"severity": str(finding.severity), "category": str(finding.category)},
    }
    if len(finding.flow) > 1:
        result["codeFlows"] = [_flow(finding)]
        # every step but the sink (which is the result's own location), numbered so a
        # message may link to them as [text](id)
        result["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": _physical(step.path, step.line),
                "message": {"text": step.message},
            }
            for number, step in enumerate(finding.flow[:-1], 1)
        ]
    return result


def build(review: Review) -> dict[str, object]:
    located = [*review.inline, *review.summary]
    rules: list[Rule] = []
    index_of: dict[str, int] = {}
    for finding in [*located, *review.change_level]:
        if finding.rule not in index_of:
            index_of[finding.rule] = len(rules)
            rules.append(_rule_for(finding))
    notifications = [
        {
            "message": {"text": f"{f.rule}: {f.message}"},
            "level": LEVELS[f.severity],
            "descriptor": {"id": f.rule, "index": index_of[f.rule]},
        }
        for f in review.change_level
    ] + [{"message": {"text": note}, "level": "note"} for note in review.notes]
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "reviewbot",
                "informationUri": INFORMATION_URI,
                "semanticVersion": _version(),
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "results": [_result(f, index_of[f.rule]) for f in located],
        "columnKind": "unicodeCodePoints",
    }
    properties: dict[str, object] = {}
    if review.head:
        properties["head"] = review.head
    if review.merge_base:
        properties["mergeBase"] = review.merge_base
    if review.risk is not None:
        properties["risk"] = review.risk.to_json()
    if properties:
        run["properties"] = properties
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(review: Review) -> str:
    return json.dumps(build(review), indent=2, ensure_ascii=False) + "\n"
