"""`reviewbot review` with the model: risk in the JSON report and the --max-risk gate."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reviewbot.cli import main

T0 = 1_600_000_000
DAY = 86_400


def _branchy_repo(make_repo):
    r = make_repo()
    r.write("app/core.py", "".join(f"value_{i} = {i}\n" for i in range(30)))
    r.commit("Add core", T0, "alice")
    r.git("checkout", "-q", "-b", "feature")
    r.write("app/extra.py", "".join(f"extra_{i} = {i}\n" for i in range(50)))
    r.commit("Add extra", T0 + DAY, "bob")
    r.git("checkout", "-q", "main")
    return r


def test_review_reports_risk_and_gates_on_it(make_repo, small_model: Path) -> None:
    r = _branchy_repo(make_repo)
    runner = CliRunner()
    args = [
        "review",
        "--repo",
        str(r.path),
        "--base",
        "main",
        "--head",
        "feature",
        "--format",
        "json",
        "--model",
        str(small_model),
    ]
    passed = runner.invoke(main, [*args, "--max-risk", "1.0"])
    assert passed.exit_code == 0, passed.output
    risk = json.loads(passed.stdout)["risk"]
    assert set(risk) == {"probability", "band", "reasons", "model", "model_source"}
    assert risk["model_source"].startswith("trained on jdt.csv, platform.csv, ")
    assert 0.0 < risk["probability"] < 1.0
    gated = runner.invoke(main, [*args, "--max-risk", "0.0"])
    assert gated.exit_code == 1
    bad = runner.invoke(main, [*args, "--max-risk", "1.5"])
    assert bad.exit_code == 2


def test_a_plain_diff_has_no_risk_and_the_gate_says_so(make_repo, tmp_path: Path) -> None:
    diff = tmp_path / "change.diff"
    diff.write_text("--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n")
    result = CliRunner().invoke(
        main,
        [
            "review",
            "--repo",
            str(tmp_path),
            "--diff",
            str(diff),
            "--format",
            "json",
            "--max-risk",
            "0.0",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "risk" not in json.loads(result.stdout) or json.loads(result.stdout)["risk"] is None
    assert "--max-risk not applied" in result.stderr


def test_a_broken_model_is_a_note_not_a_crash(make_repo, tmp_path: Path) -> None:
    r = _branchy_repo(make_repo)
    result = CliRunner().invoke(
        main,
        [
            "review",
            "--repo",
            str(r.path),
            "--base",
            "main",
            "--head",
            "feature",
            "--format",
            "json",
            "--model",
            str(tmp_path / "missing"),
        ],
    )
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["summary"]["notes"]
    assert any("not a model directory" in note for note in notes)
