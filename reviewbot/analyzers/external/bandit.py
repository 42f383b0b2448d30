"""Bandit, used as a library and mapped onto our findings.

Bandit's tests that our own detectors (the family modules, secrets.py) replace are skipped, as
are the ones that are noise in review (imports of subprocess/pickle, `assert`, `random`):
a reviewer should see one precise finding per problem. Low-confidence results are dropped.
Files are fed from memory, so a review never needs a checkout of the head commit.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reviewbot.analyzers.python.ast_utils import is_python
from reviewbot.analyzers.rules import bandit_rule, make_finding
from reviewbot.review.findings import Finding, Severity

if TYPE_CHECKING:
    from reviewbot.review.change import Change

# Replaced by our own detectors (rule in parentheses) or too noisy for a review.
SKIPPED_TESTS = {
    "B507", "B504", "B615",  # SSH host keys, ssl.wrap_socket, hub downloads (our rules)
    "B103",  # chmod (python/insecure-file-permissions: group/world-writable; bandit also
    #          flags 0o755 as MEDIUM, which is a false alarm for an executable)
    "B101",  # assert: noise (tests use it; -O only matters for asserts used as checks)
    "B102", "B307",  # exec/eval (python/code-injection: only non-constant arguments)
    "B105", "B106", "B107",  # hard-coded passwords (secrets/*: entropy + placeholders)
    "B108", "B306",  # temp files (python/insecure-tempfile)
    "B110", "B112",  # try/except/pass|continue (python/swallowed-exception: broad only)
    "B113",  # requests without timeout (python/requests-no-timeout: sessions too)
    "B301", "B302", "B506",  # pickle/marshal/yaml (python/insecure-deserialization)
    "B303", "B324",  # md5/sha1 (python/weak-hash: usedforsecurity, context-aware)
    "B310",  # urllib urlopen scheme audit: noise
    "B311",  # random: noise outside crypto code
    "B313", "B314", "B315", "B316", "B317", "B318", "B319", "B320",  # xml (python/xxe)
    "B323", "B501",  # unverified TLS (python/tls-verify-disabled)
    "B401", "B402", "B403", "B404", "B405", "B406", "B407", "B408", "B409", "B410", "B411",
    "B602", "B603", "B604", "B605", "B606", "B607",  # subprocess (python/os-command-injection)
    "B608",  # SQL strings (python/sql-injection: needs execute() and SQL text)
    "B308", "B703", "B704",  # mark_safe/Markup (python/xss: only with user input in them)
}  # fmt: skip

_SEVERITY = {"LOW": Severity.LOW, "MEDIUM": Severity.MEDIUM, "HIGH": Severity.HIGH}


class BanditAnalyzer:
    name = "bandit"

    def analyze(self, change: Change) -> Iterable[Finding]:
        files = [
            f
            for f in change.text_files()
            if is_python(f.path, f.content) and f.complete and f.diff.added_lines()
        ]
        if not files:
            return []
        from bandit.core import config as b_config
        from bandit.core import manager as b_manager

        logging.getLogger("bandit").setLevel(logging.CRITICAL)
        manager = b_manager.BanditManager(
            b_config.BanditConfig(), "file", quiet=True, profile={"exclude": SKIPPED_TESTS}
        )
        for changed in files:
            data = changed.content.encode("utf-8")
            manager._parse_file(changed.path, io.BytesIO(data), [changed.path])
        findings = []
        lines_by_path = {f.path: f.lines for f in files}
        for issue in manager.results:
            if issue.confidence == "LOW" or issue.test_id in SKIPPED_TESTS:
                continue
            severity = _SEVERITY.get(issue.severity, Severity.MEDIUM)
            if severity is Severity.HIGH and issue.confidence != "HIGH":
                severity = Severity.MEDIUM
            cwe = issue.cwe.id if issue.cwe and issue.cwe.id else None
            rule = bandit_rule(issue.test_id, issue.test, cwe, issue.text)
            lines = lines_by_path.get(issue.fname, [])
            start = issue.lineno
            end = max(issue.linerange) if issue.linerange else start
            anchor = "\n".join(lines[start - 1 : end])
            findings.append(
                make_finding(
                    rule.id,
                    issue.fname,
                    start,
                    f"{issue.text} (bandit {issue.test_id}, confidence {issue.confidence.lower()})",
                    anchor,
                    end_line=end,
                    severity=severity,
                )
            )
        return findings
