"""deploy/pipeline/: the GitHub Actions, GitLab CI and CodeBuild files run the stages of
run-stages.sh (the script the functional pipeline test drives) in the one order, and the
pipeline's own files pass the review's index check (no extra index, nothing outside the
registry)."""

from __future__ import annotations

import re
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

from reviewbot.analyzers.dependencies.index_sources import IndexSourcesAnalyzer
from reviewbot.review.change import Change
from reviewbot.review.diff_parser import parse_diff

ROOT = Path(__file__).resolve().parents[3]
PIPELINE = ROOT / "deploy/pipeline"
ORDER = ["source", "build", "test", "review", "publish", "attest", "promote", "deploy"]
CI_FILES = ["github-actions.yml", "gitlab-ci.yml", "buildspec.yml"]


def stages_called(text: str) -> list[str]:
    return re.findall(r"run-stages\.sh (\w+)", text)


@pytest.mark.parametrize("name", CI_FILES)
def test_each_ci_file_runs_every_stage_once_in_order(name: str) -> None:
    text = (PIPELINE / name).read_text()
    yaml.safe_load(text)  # valid YAML
    called = [s for s in stages_called(text) if s != "setup"]
    assert called == ORDER


def test_the_script_knows_exactly_these_stages() -> None:
    script = (PIPELINE / "run-stages.sh").read_text()
    assert re.search(r"stages=\(" + " ".join(ORDER) + r"\)", script)
    for stage in ORDER:
        assert f"stage_{stage}() {{" in script
    env = {"PATH": "/usr/bin:/bin", "PIPELINE_REGISTRY": "http://x"}
    usage = subprocess.run(["bash", str(PIPELINE / "run-stages.sh"), "nonsense"],
                           capture_output=True, text=True, env=env)  # fmt: skip
    assert usage.returncode == 2 and "unknown stage nonsense" in usage.stderr


def test_the_script_refuses_to_run_without_a_registry() -> None:
    env = {"PATH": "/usr/bin:/bin"}
    done = subprocess.run(["bash", str(PIPELINE / "run-stages.sh"), "build"],
                          capture_output=True, text=True, env=env)  # fmt: skip
    assert done.returncode != 0 and "PIPELINE_REGISTRY" in done.stderr


def added(path: str, text: str) -> str:
    lines = text.splitlines()
    body = "".join(f"+{line}\n" for line in lines)
    return (f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n"
            f"+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}")  # fmt: skip


def test_the_pipeline_passes_its_own_index_check() -> None:
    files = {f"deploy/pipeline/{p.name}": p.read_text() for p in PIPELINE.iterdir()}
    change = Change(diff=parse_diff("".join(added(p, t) for p, t in files.items())),
                    contents=files, complete=set(files))  # fmt: skip
    assert len(change.reviewable()) == len(files) >= 4
    assert IndexSourcesAnalyzer("https://packages.internal/release/").analyze(change) == []
    # ...and the check does look at these files: the same line with an extra index is flagged
    bad = textwrap.dedent("""\
        steps:
          - run: pip install --extra-index-url https://pypi.org/simple/ build
        """)
    change = Change(diff=parse_diff(added("deploy/pipeline/github-actions.yml", bad)))
    assert [f.rule for f in IndexSourcesAnalyzer(None).analyze(change)] == ["deps/extra-index-url"]
