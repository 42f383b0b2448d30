"""Every output format, parsed back: SARIF against the official 2.1.0 schema, rdjson and
rdjsonl as reviewdog reads them, workflow commands with their escaping, the json contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from reviewbot.model.risk import Risk
from reviewbot.reporters import WRITERS, StreamReporter
from reviewbot.reporters.annotations import escape_property
from reviewbot.review.diff_parser import parse_diff
from reviewbot.review.findings import Category, Finding, FlowStep, Severity
from reviewbot.review.pipeline import Review

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
FINDING_KEYS = {"rule", "category", "severity", "path", "line", "end_line", "message", "cwe",
                "fingerprint"}  # fmt: skip


def sample_review(risk: Risk | None = None) -> Review:
    diff = parse_diff("--- a/src/db, util.py\n+++ b/src/db, util.py\n@@ -1,1 +1,3 @@\n x\n+y\n+z\n")
    inline = [
        Finding("python/sql-injection", Category.SECURITY, Severity.HIGH,
                "SQL built with f-string | bad", "src/db, util.py", 2, 3, cwe=89,
                anchor_text="y"),
        Finding("python/naive-datetime", Category.BEST_PRACTICES, Severity.LOW,
                "naive: 100% wrong\nsecond line", "src/db, util.py", 3, anchor_text="z"),
    ]  # fmt: skip
    summary = [
        Finding("secrets/aws-access-key", Category.SECRETS, Severity.CRITICAL, "AWS key",
                "src/db, util.py", 1, cwe=798, anchor_text="x"),
    ]  # fmt: skip
    change_level = [
        Finding("change/no-test-change", Category.CODE_QUALITY, Severity.LOW, "no tests"),
    ]
    return Review(diff=diff, inline=inline, summary=summary, change_level=change_level,
                  notes=["skipped binary file logo.png"], risk=risk, base="b" * 40,
                  head="h" * 40, merge_base="m" * 40, files_reviewed=1)  # fmt: skip


def test_json_contract() -> None:
    data = json.loads(WRITERS["json"](sample_review()))
    assert set(data) == {"findings", "summary"}
    assert all(set(f) == FINDING_KEYS for f in data["findings"])
    first = data["findings"][0]
    assert first == {
        "rule": "python/sql-injection", "category": "security", "severity": "high",
        "path": "src/db, util.py", "line": 2, "end_line": 3,
        "message": "SQL built with f-string | bad", "cwe": "CWE-89",
        "fingerprint": sample_review().inline[0].fingerprint,
    }  # fmt: skip
    assert data["summary"]["total"] == 4 and data["summary"]["by_severity"]["critical"] == 1
    assert data["findings"][3]["path"] is None
    risk = Risk(0.42, "medium", ["big"], "m1", "shipped fallback model")
    with_risk = json.loads(WRITERS["json"](sample_review(risk)))
    assert with_risk["risk"] == {"probability": 0.42, "band": "medium", "reasons": ["big"],
                                 "model": "m1",
                                 "model_source": "shipped fallback model"}  # fmt: skip
    assert "m1; shipped fallback model)" in WRITERS["text"](sample_review(risk))


def test_sarif_validates_against_official_schema() -> None:
    log = json.loads(WRITERS["sarif"](sample_review()))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "python/sql-injection",
        "python/naive-datetime",
        "secrets/aws-access-key",
        "change/no-test-change",
    ]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    assert rules[0]["properties"]["security-severity"] == "8.0"
    assert "external/cwe/cwe-89" in rules[0]["properties"]["tags"]
    assert "security-severity" not in rules[1]["properties"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("python/sql-injection", "error"),
        ("python/naive-datetime", "note"),
        ("secrets/aws-access-key", "error"),
    ]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/db%2C%20util.py"
    assert location["region"] == {"startLine": 2, "endLine": 3}
    assert (
        results[0]["partialFingerprints"]["reviewbot/v1"] == sample_review().inline[0].fingerprint
    )
    assert rules[results[2]["ruleIndex"]]["id"] == "secrets/aws-access-key"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"].startswith("change/no-test-change")


FLOW = (
    FlowStep("src/views.py", 4, "user input enters from request.args"),
    FlowStep("src/views.py", 5, "flows into query"),
    FlowStep("src/views.py", 7, "reaches this execute()"),
)


def flow_review() -> Review:
    finding = Finding("python/sql-injection", Category.SECURITY, Severity.HIGH,
                      "user input from line 4 (request.args) reaches this execute()",
                      "src/views.py", 7, cwe=89, anchor_text="q", flow=FLOW)  # fmt: skip
    return Review(diff=parse_diff(""), inline=[finding], files_reviewed=1)


def test_sarif_code_flow_runs_from_source_to_sink() -> None:
    log = json.loads(WRITERS["sarif"](flow_review()))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    (result,) = log["runs"][0]["results"]
    (code_flow,) = result["codeFlows"]
    (thread,) = code_flow["threadFlows"]
    steps = [
        (
            step["location"]["physicalLocation"]["artifactLocation"]["uri"],
            step["location"]["physicalLocation"]["region"]["startLine"],
            step["location"]["message"]["text"],
            step.get("kinds"),
        )
        for step in thread["locations"]
    ]
    assert steps == [
        ("src/views.py", 4, "user input enters from request.args", ["taint", "source"]),
        ("src/views.py", 5, "flows into query", None),
        ("src/views.py", 7, "reaches this execute()", ["taint", "sink"]),
    ]
    assert [loc["executionOrder"] for loc in thread["locations"]] == [1, 2, 3]
    related = [(r["id"], r["physicalLocation"]["region"]["startLine"]) for r in
               result["relatedLocations"]]  # fmt: skip
    assert related == [(1, 4), (2, 5)]  # every step but the sink, which is the result
    plain = json.loads(WRITERS["sarif"](sample_review()))["runs"][0]["results"][0]
    assert "codeFlows" not in plain and "relatedLocations" not in plain


def test_flow_in_json_text_and_pull_request_comment() -> None:
    from reviewbot.reporters.pull_request import comment_body

    (data,) = json.loads(WRITERS["json"](flow_review()))["findings"]
    assert data["flow"] == [{"path": "src/views.py", "line": 4,
                             "message": "user input enters from request.args"},
                            {"path": "src/views.py", "line": 5, "message": "flows into query"},
                            {"path": "src/views.py", "line": 7,
                             "message": "reaches this execute()"}]  # fmt: skip
    text = WRITERS["text"](flow_review()).splitlines()
    assert text[0].endswith("user input from line 4 (request.args) reaches this execute()")
    assert text[1:4] == ["    4: user input enters from request.args", "    5: flows into query",
                         "    7: reaches this execute()"]  # fmt: skip
    body = comment_body(flow_review().inline[0])
    assert "**Data flow:**\n1. `src/views.py:4` user input enters from request.args" in body
    assert "3. `src/views.py:7` reaches this execute()" in body


def test_sarif_of_an_empty_review_is_valid() -> None:
    log = json.loads(WRITERS["sarif"](Review(diff=parse_diff(""))))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_rdjson_and_rdjsonl() -> None:
    data = json.loads(WRITERS["rdjson"](sample_review()))
    assert data["source"]["name"] == "reviewbot"
    diagnostics = data["diagnostics"]
    assert [(d["code"]["value"], d["severity"], d["location"]["range"]) for d in diagnostics] == [
        ("python/sql-injection", "ERROR", {"start": {"line": 2}, "end": {"line": 3}}),
        ("python/naive-datetime", "INFO", {"start": {"line": 3}, "end": {"line": 3}}),
        ("secrets/aws-access-key", "ERROR", {"start": {"line": 1}, "end": {"line": 1}}),
    ]
    lines = WRITERS["rdjsonl"](sample_review()).splitlines()
    assert [json.loads(line) for line in lines] == diagnostics


COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape(text: str) -> str:
    return (text.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n")
            .replace("%0D", "\r").replace("%25", "%"))  # fmt: skip


def test_github_annotations_parse_back() -> None:
    lines = WRITERS["github-annotations"](sample_review()).splitlines()
    assert len(lines) == 4
    parsed = []
    for line in lines:
        match = COMMAND.match(line)
        assert match, line
        props = dict(p.split("=", 1) for p in match.group(2).split(","))
        parsed.append((match.group(1), {k: unescape(v) for k, v in props.items()},
                       unescape(match.group(3))))  # fmt: skip
    level, props, message = parsed[1]
    assert level == "notice" and props["file"] == "src/db, util.py"
    assert (props["line"], props["endLine"]) == ("3", "3")
    assert message == "naive: 100% wrong\nsecond line"
    assert parsed[3][1] == {"title": "change/no-test-change (low)"}
    assert escape_property("a:b,c%\r\n") == "a%3Ab%2Cc%25%0D%0A"


def test_markdown_and_text() -> None:
    markdown = WRITERS["markdown"](sample_review())
    assert "**4 finding(s)**" in markdown and "f-string \\| bad" in markdown
    assert markdown.count("| 🔴 high |") == 1
    text = WRITERS["text"](sample_review())
    assert "src/db, util.py:2-3: high python/sql-injection [CWE-89]: SQL built" in text
    assert "note: skipped binary file logo.png" in text
    assert text.rstrip().endswith("reviewbot: 4 findings (highest: critical) in 1 file(s) reviewed")


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_handles_an_empty_review(name: str) -> None:
    import io

    stream = io.StringIO()
    StreamReporter(WRITERS[name], stream).report(Review(diff=parse_diff("")))
    if name in {"json", "sarif", "rdjson"}:
        json.loads(stream.getvalue())
