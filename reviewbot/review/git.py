"""The only gitpython importer: reads a change out of a real repository.

`GitChangeSource(repo, base, head).load()` resolves both refs, finds merge-base(base, head)
and diffs merge-base..head (three-dot semantics, what a pull request shows). The new-side
text of every changed file comes from one `git cat-file --batch` process, not one call per
file; the repository's reviewbot config is read from the merge-base, so a pull request
cannot switch off the checks that review it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import git as gitpython
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from reviewbot.review.change import MAX_FILE_BYTES, Change, InputError, decode_text
from reviewbot.review.config import CONFIG_FILES
from reviewbot.review.diff import FileStatus
from reviewbot.review.diff_parser import parse_diff

DIFF_ARGS = [
    "-c",
    "core.quotepath=false",
    "diff",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--find-renames",
    "--src-prefix=a/",
    "--dst-prefix=b/",
]


def open_repo(path: str | os.PathLike[str]) -> gitpython.Repo:
    try:
        repo = gitpython.Repo(path, search_parent_directories=True)
    except NoSuchPathError:
        raise InputError(f"{path}: no such directory") from None
    except InvalidGitRepositoryError:
        raise InputError(f"{path}: not a git repository (run inside one or pass --repo)") from None
    if repo.bare:
        raise InputError(f"{path}: a bare repository; pass a clone with a working tree")
    return repo


def resolve(repo: gitpython.Repo, ref: str) -> str:
    """A ref → its commit SHA, or InputError naming the ref."""
    if not ref or ref.startswith("-"):
        raise InputError(f"invalid ref {ref!r}")
    try:
        return str(repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")).strip()
    except GitCommandError:
        raise InputError(
            f"unknown ref {ref!r} in {repo.working_tree_dir} (fetch it, or check the name)"
        ) from None


def cat_files(repo_dir: str, names: list[str]) -> dict[str, bytes]:
    """Object names (`<commit>:<path>`) → content, through one `git cat-file --batch`.
    Missing objects are left out."""
    if not names:
        return {}
    names = [name for name in names if "\n" not in name]
    proc = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=repo_dir,
        input=b"".join(name.encode("utf-8") + b"\n" for name in names),
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise InputError(f"git cat-file failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    out, pos, result = proc.stdout, 0, {}
    for name in names:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 2 and header[1] in (b"missing", b"ambiguous"):
            continue
        size = int(header[2])
        if header[1] == b"blob":
            result[name] = out[pos : pos + size]
        pos += size + 1
    return result


class GitChangeSource:
    def __init__(self, repo_path: str | os.PathLike[str], base: str, head: str) -> None:
        self.repo_path = repo_path
        self.base_ref = base
        self.head_ref = head

    def load(self) -> Change:
        repo = open_repo(self.repo_path)
        root = str(repo.working_tree_dir)
        base = resolve(repo, self.base_ref)
        head = resolve(repo, self.head_ref)
        try:
            merge_bases = repo.git.merge_base(base, head).split()
        except GitCommandError:
            merge_bases = []
        if not merge_bases:
            raise InputError(
                f"{self.base_ref} and {self.head_ref} share no history (no merge base)"
            )
        merge_base = merge_bases[0]
        try:
            raw = repo.git.execute(
                ["git", *DIFF_ARGS, merge_base, head, "--"], stdout_as_string=False
            )
        except GitCommandError as exc:
            raise InputError(f"git diff failed: {exc.stderr.strip()}") from None
        assert isinstance(raw, bytes)
        diff = parse_diff(raw)
        change = Change(diff=diff, repo_path=root, base=base, head=head, merge_base=merge_base)
        wanted = [
            f.path
            for f in diff.files
            if f.status is not FileStatus.DELETED
            and not f.is_binary
            and not f.too_large
            and f.new_path
        ]
        names = [f"{head}:{path}" for path in wanted]
        config_names = [f"{merge_base}:{name}" for name in CONFIG_FILES]
        blobs = cat_files(root, names + config_names)
        for path in wanted:
            data = blobs.get(f"{head}:{path}")
            if data is None:
                continue  # a submodule or symlink target outside the tree
            if len(data) > MAX_FILE_BYTES:
                change.notes.append(f"skipped large file {path} ({len(data)} bytes)")
                continue
            text = decode_text(data)
            if text is None:
                change.notes.append(f"skipped binary file {path}")
                continue
            change.contents[path] = text
            change.complete.add(path)
        for name in CONFIG_FILES:
            data = blobs.get(f"{merge_base}:{name}")
            if data is not None:
                change.config_texts[name] = data.decode("utf-8", errors="replace")
        return change


def repo_root(path: str | os.PathLike[str]) -> Path:
    return Path(str(open_repo(path).working_tree_dir))
