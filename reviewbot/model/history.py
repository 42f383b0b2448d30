"""A repository's commit history as the defect model needs it (gitpython).

One `git log --numstat -M -z` pass yields, per commit, its author, time, message and the
lines added/deleted per file with renames. Parsed records are cached on disk keyed by
commit SHA (`<git dir>/reviewbot-cache/history-v1.jsonl` unless a cache directory is
given), so a second review or mining run only asks git about commits it has not seen.

Also here, for SZZ: the zero-context diffs of fixing commits (one `git log --no-walk -p`
per batch) and `git blame --porcelain -w` on the changed line ranges at a fix's parent.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewbot.model.features import Change, FileChange, author_key

CACHE_NAME = "history-v1.jsonl"
SZZ_CACHE_NAME = "szz-v1.jsonl"
_FORMAT = "%x01%H%x1f%P%x1f%aN%x1f%aE%x1f%ct%x1f%B%x02"
_LOG_ARGS = [
    "-c",
    "core.quotepath=false",
    "log",
    "-M",
    "--numstat",
    "-z",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    f"--format={_FORMAT}",
]
_BATCH = 500


class HistoryError(Exception):
    """The repository or a ref cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    change: Change

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    def to_json(self) -> dict[str, object]:
        c = self.change
        return {
            "sha": self.sha,
            "parents": list(self.parents),
            "author": c.author,
            "timestamp": c.timestamp,
            "message": c.message,
            "files": [[f.path, f.added, f.deleted, f.old_path, f.binary] for f in c.files],
        }

    @classmethod
    def from_json(cls, data: dict) -> Commit:
        files = tuple(
            FileChange(path=p, added=a, deleted=d, old_path=o, binary=b)
            for p, a, d, o, b in data["files"]
        )
        change = Change(
            author=data["author"],
            timestamp=int(data["timestamp"]),
            message=data["message"],
            files=files,
        )
        return cls(sha=data["sha"], parents=tuple(data["parents"]), change=change)


def _repo(repo_path: str | os.PathLike[str]):  # -> git.Repo
    import git as gitpython
    from git.exc import InvalidGitRepositoryError, NoSuchPathError

    try:
        return gitpython.Repo(repo_path, search_parent_directories=True)
    except NoSuchPathError:
        raise HistoryError(f"{repo_path}: no such directory") from None
    except InvalidGitRepositoryError:
        raise HistoryError(f"{repo_path}: not a git repository") from None


def _git(repo, *args: str) -> bytes:
    from git.exc import GitCommandError

    try:
        return repo.git.execute(["git", *args], stdout_as_string=False)
    except GitCommandError as exc:
        stderr = exc.stderr.strip() if isinstance(exc.stderr, str) else str(exc.stderr)
        raise HistoryError(
            f"git {args[0] if args[0] != '-c' else args[2]} failed: {stderr}"
        ) from None


def resolve(repo_path: str | os.PathLike[str], ref: str) -> str:
    if not ref or ref.startswith("-"):
        raise HistoryError(f"invalid ref {ref!r}")
    repo = _repo(repo_path)
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except HistoryError:
        raise HistoryError(f"unknown ref {ref!r} in {repo_path}") from None


def parse_log(raw: bytes) -> Iterator[Commit]:
    """Parse `git log --numstat -z --format=_FORMAT` output."""
    text = raw.decode("utf-8", errors="replace")
    for chunk in text.split("\x01")[1:]:
        header, _, stats = chunk.partition("\x02")
        sha, parents, name, email, ctime, message = header.split("\x1f", 5)
        tokens = stats.split("\0")
        files: list[FileChange] = []
        i = 0
        while i < len(tokens):
            token = tokens[i].lstrip("\n")
            i += 1
            if not token:
                continue
            added, deleted, path = token.split("\t", 2)
            old_path = None
            if not path:  # a rename: old and new path follow as their own tokens
                old_path, path = tokens[i], tokens[i + 1]
                i += 2
            binary = added == "-"
            files.append(
                FileChange(
                    path=path,
                    added=0 if binary else int(added),
                    deleted=0 if binary else int(deleted),
                    old_path=old_path,
                    binary=binary,
                )
            )
        change = Change(
            author=author_key(name, email),
            timestamp=int(ctime),
            message=message.strip(),
            files=tuple(files),
        )
        yield Commit(sha=sha, parents=tuple(parents.split()), change=change)


def _cache_file(repo, cache_dir: str | os.PathLike[str] | None) -> Path:
    base = Path(cache_dir) if cache_dir else Path(repo.git_dir) / "reviewbot-cache"
    return base / CACHE_NAME


def _read_cache(path: Path) -> dict[str, Commit]:
    cached: dict[str, Commit] = {}
    if not path.is_file():
        return cached
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                commit = Commit.from_json(json.loads(line))
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line from an interrupted run: that commit is re-read
            cached[commit.sha] = commit
    return cached


def _append_cache(path: Path, commits: Iterable[Commit]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            for commit in commits:
                handle.write(json.dumps(commit.to_json(), separators=(",", ":")) + "\n")
    except OSError:
        pass  # a read-only checkout still works, just without the speed-up


def load_history(
    repo_path: str | os.PathLike[str],
    rev: str = "HEAD",
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    progress: bool = False,
) -> list[Commit]:
    """Every commit reachable from `rev`, parents before children (topological order,
    oldest first), merges included (their own diff is not read: the commits they merge
    carry the changes)."""
    repo = _repo(repo_path)
    head = resolve(repo_path, rev)
    order = _git(repo, "rev-list", "--topo-order", "--reverse", head).decode().split()
    cache_path = _cache_file(repo, cache_dir)
    cached = _read_cache(cache_path) if use_cache else {}
    missing = [sha for sha in order if sha not in cached]
    if missing:
        fresh: list[Commit] = []
        if len(missing) == len(order):
            fresh = list(parse_log(_git(repo, *_LOG_ARGS, head)))
        else:
            bar = _bar(len(missing), "reading history", progress)
            for start in range(0, len(missing), _BATCH):
                batch = missing[start : start + _BATCH]
                fresh.extend(parse_log(_git(repo, *_LOG_ARGS, "--no-walk=unsorted", *batch)))
                bar.update(len(batch))
            bar.close()
        for commit in fresh:
            cached[commit.sha] = commit
        if use_cache:
            _append_cache(cache_path, fresh)
    return [cached[sha] for sha in order]


def is_shallow(repo_path: str | os.PathLike[str]) -> bool:
    out = _git(_repo(repo_path), "rev-parse", "--is-shallow-repository")
    return out.decode().strip() == "true"


def squashed_change(repo_path: str | os.PathLike[str], base: str, head: str) -> tuple[Change, str]:
    """A pull request as one change: the diff merge-base(base, head)..head, authored by
    head's author at head's commit time, with every message in the range. Returns the
    change and the merge base (history for its metrics must stop there)."""
    repo = _repo(repo_path)
    base_sha, head_sha = resolve(repo_path, base), resolve(repo_path, head)
    merge_base = _git(repo, "merge-base", base_sha, head_sha).decode().strip()
    if not merge_base:
        raise HistoryError(f"{base} and {head} share no history")
    diff = _git(
        repo,
        "-c",
        "core.quotepath=false",
        "diff",
        "-M",
        "--numstat",
        "-z",
        "--no-ext-diff",
        "--no-textconv",
        merge_base,
        head_sha,
    )
    fake = ("\x01" + "\x1f".join([head_sha, "", "", "", "0", ""]) + "\x02\0\n").encode()
    files = next(parse_log(fake + diff)).change.files
    info = _git(repo, "log", "-1", "--format=%aN%x1f%aE%x1f%ct", head_sha).decode().strip()
    name, email, ctime = info.split("\x1f")
    messages = _git(repo, "log", "--format=%B", f"{merge_base}..{head_sha}").decode(
        "utf-8", "replace"
    )
    change = Change(
        author=author_key(name, email), timestamp=int(ctime), message=messages.strip(), files=files
    )
    return change, merge_base


# ---- SZZ support ----------------------------------------------------------------------

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@")


@dataclass(frozen=True)
class RemovedLines:
    """Lines a commit deleted or changed in one file, on its parent's side."""

    old_path: str
    lines: tuple[tuple[int, str], ...]  # (1-based line number at the parent, text)


def removed_lines(
    repo_path: str | os.PathLike[str], shas: Sequence[str]
) -> dict[str, list[RemovedLines]]:
    """For each commit, the parent-side lines its diff (`-U0 -w`, renames followed)
    deletes or changes, per file. Whitespace-only edits are not changes."""
    repo = _repo(repo_path)
    result: dict[str, list[RemovedLines]] = {sha: [] for sha in shas}
    for start in range(0, len(shas), _BATCH):
        batch = list(shas[start : start + _BATCH])
        raw = _git(
            repo,
            "-c",
            "core.quotepath=false",
            "log",
            "--no-walk=unsorted",
            "-p",
            "-U0",
            "-w",
            "-M",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--format=%x01%H",
            *batch,
        )
        for chunk in raw.decode("utf-8", "replace").split("\x01")[1:]:
            sha, _, patch = chunk.partition("\n")
            result[sha.strip()] = _parse_removed(patch)
    return result


def _parse_removed(patch: str) -> list[RemovedLines]:
    files: list[RemovedLines] = []
    old_path: str | None = None
    current: list[tuple[int, str]] = []
    line_no = 0

    def flush() -> None:
        if old_path is not None and current:
            files.append(RemovedLines(old_path=old_path, lines=tuple(current)))

    for line in patch.split("\n"):
        if line.startswith("diff --git "):
            flush()
            old_path, current = None, []
        elif line.startswith("--- "):
            name = line[4:]
            old_path = name[2:] if name.startswith("a/") else None
        elif line.startswith("@@"):
            match = _HUNK.match(line)
            line_no = int(match.group(1)) if match else 0
        elif line.startswith("-") and old_path is not None and line_no:
            current.append((line_no, line[1:]))
            line_no += 1
    flush()
    return files


def blame(
    repo_path: str | os.PathLike[str], rev: str, path: str, ranges: Sequence[tuple[int, int]]
) -> set[str]:
    """Commits that last changed the given line ranges of `path` at `rev`
    (`git blame --porcelain -w`, one process for all ranges)."""
    repo = _repo(repo_path)
    args = ["blame", "--porcelain", "-w"]
    for first, last in ranges:
        args += ["-L", f"{first},{last}"]
    try:
        raw = _git(repo, *args, rev, "--", path)
    except HistoryError:
        return set()  # the path does not exist at rev (or the ranges moved): no candidates
    shas: set[str] = set()
    for line in raw.decode("utf-8", "replace").split("\n"):
        head = line.split(" ", 1)[0]
        if (
            len(head) == 40
            and not line.startswith("\t")
            and all(c in "0123456789abcdef" for c in head)
        ):
            shas.add(head)
    return shas


def write_commit_graph(repo_path: str | os.PathLike[str]) -> None:
    """Refresh git's commit-graph with changed-path filters (what `git maintenance`
    does); it roughly halves the cost of each blame. Failure only costs speed."""
    with contextlib.suppress(HistoryError):
        _git(_repo(repo_path), "commit-graph", "write", "--reachable", "--changed-paths")


class SzzCache:
    """Blame results per fixing commit (`szz-v1.jsonl` beside the history cache)."""

    def __init__(
        self, repo_path: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None
    ) -> None:
        self.path = _cache_file(_repo(repo_path), cache_dir).with_name(SZZ_CACHE_NAME)

    def load(self) -> dict[str, set[str]]:
        done: dict[str, set[str]] = {}
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    fix, blamed = json.loads(line)
                    done[str(fix)] = {str(s) for s in blamed}
                except (ValueError, TypeError):
                    continue
        return done

    def append(self, found: dict[str, set[str]]) -> None:
        if not found:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                for fix, blamed in found.items():
                    handle.write(json.dumps([fix, sorted(blamed)]) + "\n")
        except OSError:
            pass


def _bar(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="commit", disable=not enabled, leave=False)
