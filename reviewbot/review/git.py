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
from dataclasses import dataclass
from pathlib import Path

import git as gitpython
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from reviewbot.review.change import MAX_FILE_BYTES, Change, InputError, decode_text
from reviewbot.review.config import CONFIG_FILES
from reviewbot.review.diff import Diff, FileDiff, FileStatus
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


@dataclass(frozen=True)
class RawEntry:
    """One file of `git diff --raw -z`: paths exactly as git stores them (any byte but NUL)."""

    status: str  # A, M, D, R, C, T ...
    old_path: str
    new_path: str
    new_mode: str
    new_blob: str  # full object id; all zeros for a deleted file


def decode_path(raw: bytes) -> str:
    """Path bytes → the str the review uses (the diff parser decodes the same way)."""
    return raw.decode("utf-8", errors="replace")


def parse_raw_z(out: bytes) -> list[RawEntry]:
    """Parse `git diff --raw -z --no-abbrev` output. With -z every path is a NUL-terminated
    field and never quoted, so a newline, tab, quote or non-UTF-8 byte cannot split it."""
    fields = out.split(b"\0")
    entries: list[RawEntry] = []
    i = 0
    while i < len(fields):
        meta = fields[i]
        if not meta.startswith(b":"):
            i += 1
            continue
        parts = meta[1:].split()
        if len(parts) < 5 or i + 1 >= len(fields):
            break
        status = parts[4][:1].decode("ascii", errors="replace")
        old = fields[i + 1]
        new = old
        i += 2
        if status in ("R", "C"):
            if i >= len(fields):
                break
            new = fields[i]
            i += 1
        entries.append(
            RawEntry(status, decode_path(old), decode_path(new),
                     parts[1].decode("ascii"), parts[3].decode("ascii"))
        )
    return entries


def cat_objects(repo_dir: str, object_ids: list[str]) -> dict[str, bytes]:
    """Object ids (or `<commit>:<path>` names without a newline) → content, through one
    `git cat-file --batch`. Missing objects and non-blobs are left out."""
    names = [name for name in dict.fromkeys(object_ids) if "\n" not in name]
    if not names:
        return {}
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


def _git_bytes(repo: gitpython.Repo, args: list[str]) -> bytes:
    try:
        raw = repo.git.execute(["git", *args], stdout_as_string=False)
    except GitCommandError as exc:
        raise InputError(f"git diff failed: {exc.stderr.strip()}") from None
    assert isinstance(raw, bytes)
    return raw


def _take_raw_paths(diff: Diff, entries: list[RawEntry], notes: list[str]) -> None:
    """Give every parsed file its exact path from the NUL-separated listing.

    Both listings come from the same diff queue in the same order, so they pair up one to
    one; the unified diff's headers (quoted, tab-terminated, ambiguous with spaces) are only
    a fallback. A file git lists but the patch lacks still gets a (hunk-less) entry so that
    it is named in the notes instead of vanishing."""
    if len(diff.files) != len(entries):
        notes.append(
            f"git's patch lists {len(diff.files)} files but its NUL-separated listing "
            f"{len(entries)}; paths were matched by name"
        )
        known = {f.path for f in diff.files}
        for entry in entries:
            path = entry.old_path if entry.status == "D" else entry.new_path
            if path not in known:
                new_path = None if entry.status == "D" else entry.new_path
                diff.files.append(FileDiff(old_path=entry.old_path, new_path=new_path))
                notes.append(f"could not read the diff of {path!r}; not reviewed")
        return
    for file_diff, entry in zip(diff.files, entries, strict=True):
        file_diff.old_path = None if entry.status == "A" else entry.old_path
        file_diff.new_path = None if entry.status == "D" else entry.new_path


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
        raw = _git_bytes(repo, [*DIFF_ARGS, merge_base, head, "--"])
        listing = _git_bytes(
            repo, [*DIFF_ARGS, "--raw", "-z", "--no-abbrev", merge_base, head, "--"]
        )
        diff = parse_diff(raw)
        change = Change(diff=diff, repo_path=root, base=base, head=head, merge_base=merge_base)
        entries = parse_raw_z(listing)
        _take_raw_paths(diff, entries, change.notes)
        blob_of = {e.new_path: e for e in entries if e.status != "D"}
        wanted = [
            f.path
            for f in diff.files
            if f.status is not FileStatus.DELETED
            and not f.is_binary
            and not f.too_large
            and f.new_path
        ]
        readable: dict[str, str] = {}
        for path in wanted:
            entry = blob_of.get(path)
            if entry is None:
                change.notes.append(f"could not find {path!r} in {head[:12]}; not reviewed")
            elif entry.new_mode == "160000":
                change.notes.append(f"skipped submodule {path!r}")
            else:
                readable[path] = entry.new_blob
        config_names = [f"{merge_base}:{name}" for name in CONFIG_FILES]
        blobs = cat_objects(root, list(readable.values()) + config_names)
        for path, blob in readable.items():
            data = blobs.get(blob)
            if data is None:
                change.notes.append(f"could not read {path!r} from git; not reviewed")
                continue
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


def origin_url(path: str | os.PathLike[str]) -> str | None:
    """The `origin` remote's URL without credentials (an attestation names its source), or
    None when there is no origin."""
    from urllib.parse import urlsplit, urlunsplit

    repo = open_repo(path)
    try:
        url = str(repo.remote("origin").url)
    except ValueError:
        return None
    parts = urlsplit(url)
    if parts.scheme and (parts.username or parts.password):
        host = parts.hostname or ""
        host = f"{host}:{parts.port}" if parts.port else host
        url = urlunsplit(parts._replace(netloc=host))
    return url
