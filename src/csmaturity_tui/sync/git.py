"""The git side of ``sync``, through dulwich (a git library in Python: no git binary).

The folder is a git work tree; the assessments live in it as ``assessments/<id>.toml``.
Every commit here is built from objects (the tree of the previous commit with the
changed files replaced), then the work tree is set to it: nothing here depends on the
index or on what else the folder holds, and other files in the repository are kept.
"""

from __future__ import annotations

import io
import shutil
import time
from collections.abc import Mapping
from pathlib import Path

from dulwich import porcelain
from dulwich.errors import GitProtocolError, HangupException, NotGitRepository
from dulwich.file import FileLocked
from dulwich.index import commit_tree
from dulwich.objects import Blob, Commit, ObjectID
from dulwich.refs import Ref
from dulwich.repo import Repo

FOLDER = "assessments"
REMOTE = "origin"
_UNREACHABLE = (OSError, GitProtocolError, HangupException, NotGitRepository, KeyError, ValueError)


class GitError(Exception):
    """One line for the user: what could not be done with the repository."""


class Unreachable(GitError):
    """The remote could not be reached (offline, moved, refused)."""


def path_of(assessment_id: str) -> str:
    return f"{FOLDER}/{assessment_id}.toml"


def id_of(path: str) -> str | None:
    """The assessment id of a path in the folder, None for any other file."""
    folder, _, name = path.partition("/")
    if folder != FOLDER or "/" in name or not name.endswith(".toml"):
        return None
    return name[: -len(".toml")] or None


class Git:
    """One repository, opened once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        if not folder.is_dir():
            raise GitError(f"{folder}: no such folder")
        try:
            self.repo = Repo(str(folder))
        except NotGitRepository:
            raise GitError(
                f"{folder}: not a git repository (git init, or clone the firm's)"
            ) from None
        if self.repo.bare:
            raise GitError(f"{folder}: a bare repository; sync needs a clone with files")

    def close(self) -> None:
        self.repo.close()

    @property
    def branch(self) -> Ref:
        """The branch HEAD names (``refs/heads/main`` in a fresh repository)."""
        target = self.repo.refs.get_symrefs().get(Ref(b"HEAD"))
        return target or Ref(b"refs/heads/main")

    def head(self) -> ObjectID | None:
        try:
            return self.repo.refs[Ref(b"HEAD")]
        except KeyError:
            return None

    def blobs(self, commit: ObjectID | None) -> dict[str, bytes]:
        """Every file of a commit: path -> bytes."""
        if commit is None:
            return {}
        c = self.repo[commit]
        assert isinstance(c, Commit)
        out: dict[str, bytes] = {}
        for entry in self.repo.object_store.iter_tree_contents(c.tree):
            blob = self.repo[entry.sha]
            if isinstance(blob, Blob):
                out[entry.path.decode()] = blob.data
        return out

    def files(self, commit: ObjectID | None) -> dict[str, bytes]:
        """The assessment files of a commit: path -> bytes."""
        return {p: b for p, b in self.blobs(commit).items() if id_of(p)}

    def _tree_with(self, parent: ObjectID | None, changed: Mapping[str, bytes | None]) -> ObjectID:
        store = self.repo.object_store
        entries: dict[bytes, tuple[ObjectID, int]] = {}
        if parent is not None:
            c = self.repo[parent]
            assert isinstance(c, Commit)
            for entry in store.iter_tree_contents(c.tree):
                entries[entry.path] = (entry.sha, entry.mode)
        for path, data in changed.items():
            if data is None:
                entries.pop(path.encode(), None)
                continue
            blob = Blob.from_string(data)
            store.add_object(blob)
            entries[path.encode()] = (blob.id, 0o100644)
        return commit_tree(store, [(p, sha, mode) for p, (sha, mode) in sorted(entries.items())])

    def commit(
        self,
        changed: Mapping[str, bytes | None],
        parents: list[ObjectID],
        message: str,
        author: str,
    ) -> ObjectID:
        """A commit of the first parent's tree with ``changed`` files (None: removed);
        the branch moves to it (the work tree follows with :meth:`checkout`)."""
        c = Commit()
        c.tree = self._tree_with(parents[0] if parents else None, changed)
        c.parents = parents
        who = f"{author} <csmaturity@localhost>".encode()
        c.author = c.committer = who
        c.author_time = c.commit_time = int(time.time())
        c.author_timezone = c.commit_timezone = 0
        c.encoding = b"UTF-8"
        c.message = message.encode()
        self.repo.object_store.add_object(c)
        try:
            self.repo.refs[self.branch] = c.id
        except FileLocked:
            raise GitError("another git program or sync holds a lock on it: try again") from None
        return c.id

    def changed_by_hand(self) -> list[str]:
        """Files other than the assessments changed in the work tree and not committed
        (a sync sets the work tree to its commits: these would be lost)."""
        status = porcelain.status(self.repo, untracked_files="no")
        paths: set[str] = set()
        for group in status.staged.values():
            paths.update(p.decode() if isinstance(p, bytes) else str(p) for p in group)
        paths.update(p.decode() if isinstance(p, bytes) else str(p) for p in status.unstaged)
        return sorted(p for p in paths if id_of(p) is None)

    def author(self, commit: ObjectID) -> str:
        """The name of a commit's author (without the address)."""
        c = self.repo[commit]
        assert isinstance(c, Commit)
        author: bytes = c.author
        return author.decode("utf-8", "replace").split(" <")[0].strip()

    def checkout(self, commit: ObjectID) -> None:
        """Point the branch at ``commit`` and set the work tree and index to it."""
        try:
            self.repo.refs[self.branch] = commit
            porcelain.reset(self.repo, "hard", commit)
        except FileLocked:
            raise GitError("another git program or sync holds a lock on it: try again") from None

    def remote_url(self) -> str | None:
        config = self.repo.get_config()
        try:
            return config.get((b"remote", REMOTE.encode()), b"url").decode()
        except KeyError:
            return None

    def fetch(self) -> ObjectID | None:
        """Fetch the remote; its head of our branch, None when it has none yet."""
        out = io.StringIO()
        try:
            result = porcelain.fetch(self.repo, REMOTE, outstream=out, errstream=io.BytesIO())
        except _UNREACHABLE as exc:
            raise Unreachable(_reason(exc)) from None
        theirs = result.refs.get(self.branch)
        return ObjectID(theirs) if theirs else None

    def merge_base(self, ours: ObjectID, theirs: ObjectID) -> ObjectID | None:
        bases = porcelain.merge_base(self.repo, [ours, theirs])
        return bases[0] if bases else None

    def is_ancestor(self, ancestor: ObjectID, descendant: ObjectID) -> bool:
        return porcelain.is_ancestor(self.repo, ancestor, descendant)

    def push(self) -> None:
        spec = self.branch + b":" + self.branch
        try:
            porcelain.push(self.repo, REMOTE, spec, outstream=io.BytesIO(), errstream=io.BytesIO())
        except _UNREACHABLE as exc:
            raise Unreachable(_reason(exc)) from None


def clone(url: str, folder: Path) -> None:
    """Clone ``url`` into ``folder`` (absent or empty): the remote becomes ``origin``.

    An empty remote (a bare repository just made) gives an empty clone, ready to sync.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise GitError(
            f"{folder}: already exists and is not empty; give a new folder to clone into"
        )
    made = not folder.exists()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        porcelain.clone(url, str(folder), errstream=io.BytesIO(), outstream=io.BytesIO()).close()
    except _UNREACHABLE as exc:
        if made and folder.is_dir():  # nothing half-made is left behind
            shutil.rmtree(folder, ignore_errors=True)
        raise Unreachable(f"could not clone {url}: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
