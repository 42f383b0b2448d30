"""How long `reviewbot review` takes on a 2,000-line change in a 10,000-commit repository.

    python -m benchmarks.review_speed [--commits 10000] [--lines 2000] [--runs 5] [--rebuild]

The history is written with one `git fast-import` stream (seconds, not minutes), then a
`feature` branch adds and changes Python files totalling the requested number of added
lines, with a few real problems in them. The figure is the wall time of the real command
(`reviewbot review --base main --head feature`, a fresh process each run, analyzers and —
once a model is installed — the scorer included), plus an in-process breakdown.
Goal: under 2 seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

WORK = Path(__file__).resolve().parent / ".work" / "review_speed"
GOAL_SECONDS = 2.0
MODULES = 200  # files the history keeps touching

FUNCTION = '''

def handler_{n}(conn, items, name, url):
    """Process batch {n}."""
    total = 0
    for item in items:
        if item.get("kind") == "{kind}":
            total += item["value"] * {n}
        else:
            total -= 1
    result = {{"id": {n}, "total": total, "name": name}}
    cur = conn.cursor()
    cur.execute("SELECT id FROM batches WHERE name = ?", (name,))
    rows = cur.fetchall()
    if not rows:
        result["missing"] = True
    return result
'''
PROBLEMS = """

def risky_{n}(conn, name, url, cmd):
    conn.cursor().execute(f"SELECT * FROM users WHERE name = '{{name}}'")
    requests.get(url)
    subprocess.run(cmd, shell=True)
    return eval(name)
"""


def _blob(text: str) -> bytes:
    data = text.encode("utf-8")
    return b"data %d\n" % len(data) + data + b"\n"


def fast_import_stream(commits: int) -> bytes:
    """A linear history on main: commit i rewrites module i % MODULES."""
    chunks: list[bytes] = []
    start = 1_600_000_000
    authors = [f"Dev {i} <dev{i}@example.com>" for i in range(12)]
    for i in range(1, commits + 1):
        module = i % MODULES
        content = (
            f'"""Module {module}."""\n\nVERSION = {i}\n\n\ndef f{module}(x):\n    return x + {i}\n'
        )
        chunks.append(b"commit refs/heads/main\n")
        chunks.append(b"mark :%d\n" % i)
        author = authors[i % len(authors)]
        chunks.append(f"committer {author} {start + i * 600} +0000\n".encode())
        chunks.append(_blob(f"change {i}: tune module {module}"))
        if i > 1:
            chunks.append(b"from :%d\n" % (i - 1))
        chunks.append(f"M 100644 inline pkg/mod_{module:03d}.py\n".encode())
        chunks.append(_blob(content))
        if i % 50 == 0:
            chunks.append(f"M 100644 inline tests/test_mod_{module:03d}.py\n".encode())
            chunks.append(_blob(f"def test_{module}():\n    assert {i}\n"))
    chunks.append(b"done\n")
    return b"".join(chunks)


def git(repo: Path, *args: str, data: bytes | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
        GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com",
    )  # fmt: skip
    proc = subprocess.run(
        ["git", *args], cwd=repo, input=data, capture_output=True, check=True, env=env
    )
    return proc.stdout.decode()


def build(repo: Path, commits: int, lines: int) -> None:
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    started = time.perf_counter()
    git(repo, "fast-import", "--quiet", data=fast_import_stream(commits))
    git(repo, "checkout", "-q", "main")
    print(f"built {commits} commits with git fast-import in {time.perf_counter() - started:.1f} s")

    git(repo, "checkout", "-q", "-b", "feature")
    added = 0
    n = 0
    file_index = 0
    while added < lines:
        path = repo / "service" / f"handlers_{file_index:02d}.py"
        path.parent.mkdir(exist_ok=True)
        body = '"""Generated handlers."""\nimport subprocess\n\nimport requests\n'
        for _ in range(6):
            body += FUNCTION.format(n=n, kind=f"k{n}")
            n += 1
        body += PROBLEMS.format(n=n)
        path.write_text(body, encoding="utf-8")
        added += body.count("\n")
        file_index += 1
    # and modify a few files that have history, as a real change does
    for module in range(5):
        target = repo / "pkg" / f"mod_{module:03d}.py"
        target.write_text(target.read_text() + f"\n\ndef extra_{module}(y):\n    return y * 2\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "feature: new handlers")
    stat = git(repo, "diff", "--shortstat", "main...feature").strip()
    print(f"feature branch: {stat}")
    git(repo, "checkout", "-q", "main")


def reviewbot_command(*extra: str) -> list[str]:
    script = shutil.which("reviewbot") or str(Path(sys.executable).parent / "reviewbot")
    return [script, "review", "--base", "main", "--head", "feature", "--format", "json", *extra]


def time_cli(repo: Path, runs: int, *extra: str) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(reviewbot_command(*extra), cwd=repo, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"reviewbot failed: {proc.stderr.decode()}")
    return times


def breakdown(repo: Path) -> None:
    from reviewbot.analyzers import default_analyzers
    from reviewbot.model.scoring import default_scorer
    from reviewbot.review.git import GitChangeSource
    from reviewbot.review.pipeline import review

    started = time.perf_counter()
    change = GitChangeSource(repo, "main", "feature").load()
    print(f"  load change (diff + file contents): {time.perf_counter() - started:.3f} s")
    for analyzer in default_analyzers():
        t0 = time.perf_counter()
        count = len(list(analyzer.analyze(change)))
        elapsed = time.perf_counter() - t0
        print(f"  analyzer {analyzer.name:<8} {elapsed:.3f} s  ({count} raw findings)")
    t0 = time.perf_counter()
    result = review(change, default_analyzers())
    print(
        f"  pipeline without the model: {time.perf_counter() - t0:.3f} s, "
        f"{len(result.findings)} findings reported"
    )
    scorer = default_scorer(str(repo))
    if scorer is None:
        print("  defect model: none installed")
        return
    for attempt in ("first", "second"):
        t0 = time.perf_counter()
        risk = scorer.score(str(repo), "main", "feature")
        elapsed = time.perf_counter() - t0
        print(f"  defect model score ({attempt} call): {elapsed:.3f} s -> {risk.band}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    repo = WORK / f"repo-{args.commits}-{args.lines}"
    if args.rebuild or not (repo / ".git").exists():
        build(repo, args.commits, args.lines)
    count = git(repo, "rev-list", "--count", "main").strip()
    print(f"repository: {repo} ({count} commits on main)")
    breakdown(repo)
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} (other work slows this)")
    for label, extra in (("analyzers only (--no-model)", ("--no-model",)), ("full", ())):
        times = time_cli(repo, args.runs, *extra)
        median = statistics.median(times)
        print(
            f"reviewbot review --base main --head feature [{label}]: median {median:.2f} s, "
            f"min {min(times):.2f} s over {len(times)} runs (goal < {GOAL_SECONDS:.0f} s): "
            f"{'OK' if median < GOAL_SECONDS else 'SLOWER THAN GOAL'}"
        )


if __name__ == "__main__":
    main()
