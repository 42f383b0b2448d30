"""How fast `reviewbot mine` is on a synthetic repository of N commits.

    python -m benchmarks.mine_speed [--commits 20000] [--keep DIR]

Builds the repository with one `git fast-import` (authors, 40 directories, 400 files that
grow and shrink, a quarter of the messages saying "fix"), then times a cold mine (no
cache), and a warm one (history cache filled), and prints the figures."""

from __future__ import annotations

import argparse
import random
import subprocess
import tempfile
import time
from pathlib import Path


def build(path: Path, commits: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    files = [f"pkg{d}/mod{f}.py" for d in range(40) for f in range(10)]
    content: dict[str, list[str]] = {}
    authors = [f"dev{i}" for i in range(30)]
    stream = []
    when = 1_500_000_000
    for n in range(1, commits + 1):
        when += rng.randint(60, 20_000)
        author = rng.choice(authors[: 5 + n * 25 // commits])
        touched = rng.sample(files, k=rng.choice([1, 1, 1, 2, 2, 3, 5]))
        fix = rng.random() < 0.25
        message = f"{'Fix crash in' if fix else 'Improve'} {touched[0]} ({n})\n"
        stream.append(
            f"commit refs/heads/main\nmark :{n}\n"
            f"author {author} <{author}@example.com> {when} +0000\n"
            f"committer {author} <{author}@example.com> {when} +0000\n"
            f"data {len(message.encode())}\n{message}"
        )
        if n > 1:
            stream.append(f"from :{n - 1}\n")
        for name in touched:
            lines = content.setdefault(name, [])
            for _ in range(rng.randint(0, min(3, len(lines)))):
                del lines[rng.randrange(len(lines))]
            for _ in range(rng.randint(0, 2)):
                if lines:
                    lines[rng.randrange(len(lines))] = f"value_{n}_{rng.random():.6f} = {n}"
            for _ in range(rng.randint(1, 8)):
                lines.insert(rng.randint(0, len(lines)), f"name_{n}_{rng.randint(0, 10**6)} = {n}")
            del lines[120:]
            data = ("\n".join(lines) + "\n").encode()
            stream.append(f"M 100644 inline {name}\ndata {len(data)}\n")
            stream.append(data.decode() + "\n")
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=path, check=True, input="".join(stream).encode()
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=path, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()

    from reviewbot.model.training.mine import mine

    with tempfile.TemporaryDirectory() as tmp:
        repo = args.keep or Path(tmp) / "repo"
        started = time.monotonic()
        build(repo, args.commits)
        built = time.monotonic() - started
        out, cache = Path(tmp) / "mined.csv", Path(tmp) / "cache"
        started = time.monotonic()
        result = mine(str(repo), out, cache_dir=str(cache), progress=False)
        cold = time.monotonic() - started
        started = time.monotonic()
        mine(str(repo), out, cache_dir=str(cache), progress=False)
        warm = time.monotonic() - started
    print(f"synthetic repository: {args.commits} commits built in {built:.1f}s")
    print(
        f"mine (cold, no cache): {cold:.1f}s = {result.commits / cold:.0f} commits/s; "
        f"{result.fixes} fixing commits blamed, {result.bugs} marked bug-inducing"
    )
    print(f"mine (warm history cache): {warm:.1f}s")


if __name__ == "__main__":
    main()
