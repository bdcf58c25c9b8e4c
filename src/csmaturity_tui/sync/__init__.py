"""``csmaturity sync REPO``: a firm's book of assessments shared through git.

The folder is a git clone; each assessment is ``assessments/<id>.toml``, the canonical
export (deterministic bytes). One sync:

1. exports every assessment of the database and commits what changed (*sent*);
2. fetches the remote (``origin``); unreachable: the local commit is kept, exit 1;
3. takes in what the others sent: a fast-forward when only they moved, else a merge
   commit whose files are merged per answer against the common ancestor
   (:func:`csmaturity_tui.engine.threeway.merge3`): a change on one side is taken, the
   same element changed on both sides is a *conflict*, both answers kept;
4. writes what came in to the database, only where nobody changed it meanwhile (the app
   may be answering in another process: see :meth:`Store.take_merged`), exports again and
   commits whatever the database holds that the merge does not (nothing is lost);
5. pushes.

A file that cannot be read (not an export, another rubric on each side) is named in one
line and left as it is; the database is untouched by it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csmaturity_tui import services
from csmaturity_tui.services import ServiceError
from csmaturity_tui.store import StoreError
from csmaturity_tui.sync.git import Git, GitError, Unreachable, clone, id_of, path_of

if TYPE_CHECKING:
    from dulwich.objects import ObjectID

    from csmaturity_tui.model import Answer, Assessment
    from csmaturity_tui.rubric import Rubric
    from csmaturity_tui.store import Store


@dataclass
class Outcome:
    """What one sync did, a line each, and whether the remote was reached."""

    lines: list[str] = field(default_factory=list)
    reached: bool = True
    merged: set[str] = field(default_factory=set)  # paths merged per answer (said once)

    def say(self, what: str, assessment: Assessment | None, aid: str, rest: str = "") -> None:
        client = assessment.meta.client if assessment is not None else ""
        name = f"{aid[:8]} {client}".rstrip()
        self.lines.append(f"{what:<10} {name}{': ' + rest if rest else ''}")


@dataclass(frozen=True)
class _Copy:
    """One assessment file read back: its bytes, rubric and assessment."""

    data: bytes
    rubric: Rubric
    assessment: Assessment
    rubric_text: str


def _read(path: str, data: bytes) -> _Copy:
    """An assessment file read back (a ServiceError naming the file when it cannot be)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ServiceError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    i = services.parse_export(text, path)
    return _Copy(data, _rubric(i.rubric_text), i.assessment(), i.rubric_text)


@functools.lru_cache(maxsize=8)
def _rubric(text: str) -> Rubric:
    """The rubric embedded in an export (a book's files share a few: parsed once each)."""
    from csmaturity_tui import rubric

    return rubric.loads(text)


def _canonical(rubric: Rubric, assessment: Assessment) -> bytes:
    from csmaturity_tui.engine import evaluate
    from csmaturity_tui.formats import toml_writer

    return toml_writer.dumps(rubric, assessment, evaluate(rubric, assessment)).encode("utf-8")


def _export_all(store: Store) -> dict[str, bytes]:
    rows = services.list_assessments(store)[0]
    return {path_of(r.id): services.render(store, r.id, "toml").encode("utf-8") for r in rows}


def sync(
    store: Store, folder: Path, *, by: str | None = None, source: str | None = None
) -> Outcome:
    """One sync of ``store`` with the clone in ``folder`` (see the module's steps).

    ``by``: who syncs; default the assessor this database remembers, else the user's
    login name, remembered when the database has none (the assessors' views a sync
    brings in need a named assessor to answer beside them). ``source``: a remote to
    clone into ``folder`` first, when ``folder`` is not a clone yet (no git program needed).
    """
    out = Outcome()
    try:
        if source is not None and not (folder / ".git").exists():
            clone(source, folder)
            out.lines.append(f"cloned     {source} into {folder}")
        git = Git(folder)
    except GitError as exc:
        raise ServiceError(str(exc), exit_code=1 if isinstance(exc, Unreachable) else 2) from None
    try:
        hand = git.changed_by_hand()
        if hand:
            raise ServiceError(
                f"{folder}: {hand[0]} has changes not committed"
                f"{f' (and {len(hand) - 1} more files)' if len(hand) > 1 else ''}: "
                "commit or undo them first (a sync sets the folder to its commits)"
            )
        name = _assessor(store, by)
    except ServiceError:
        git.close()
        raise
    try:
        _run(store, git, name, out)
    except GitError as exc:
        raise ServiceError(f"{folder}: {exc}", exit_code=1) from None
    finally:
        git.close()
    return out


def _assessor(store: Store, by: str | None) -> str:
    from csmaturity_tui.store import StoreError

    try:
        name = by if by is not None else (store.assessor() or _login())
        if not store.assessor():
            store.set_assessor(name)
    except StoreError as exc:
        raise ServiceError(f"--by: {exc}") from None
    return name


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in this environment
        return "csmaturity"


def _run(store: Store, git: Git, by: str, out: Outcome) -> None:
    local = _export_all(store)
    head = git.head()
    committed = git.files(head)
    sent: dict[str, bytes | None] = {p: b for p, b in local.items() if committed.get(p) != b}
    if sent:
        head = git.commit(sent, [head] if head else [], _message("sent", sent), by or "csmaturity")
        git.checkout(head)
        for p in sorted(sent):
            out.say("sent", _read(p, local[p]).assessment, id_of(p) or p)
    if git.remote_url() is None:
        out.lines.append("no remote named origin: committed here only")
        return
    try:
        theirs = git.fetch()
    except Unreachable as exc:
        out.reached = False
        out.lines.append(f"could not reach origin ({exc}): committed here, sent next time")
        return
    head = _merge(git, head, theirs, by, out)
    _take_in(store, git, local, head, by, out)
    try:
        git.push()
    except Unreachable as exc:
        out.reached = False
        out.lines.append(f"could not send to origin ({exc}): committed here, sent next time")


def _message(what: str, files: Mapping[str, bytes | None]) -> str:
    ids = sorted(id_of(p) or p for p in files)
    return f"csmaturity: {what} {len(ids)} assessment{'s' if len(ids) != 1 else ''}\n\n" + (
        "\n".join(ids) + "\n"
    )


def _merge(
    git: Git, head: ObjectID | None, theirs: ObjectID | None, by: str, out: Outcome
) -> ObjectID | None:
    """Take in the remote's head: nothing, a fast-forward, or a merge commit; the new head."""
    if theirs is None or theirs == head:
        return head
    if head is not None and git.is_ancestor(theirs, head):
        return head
    if head is None or git.is_ancestor(head, theirs):
        git.checkout(theirs)
        return theirs
    base = git.merge_base(head, theirs)
    b, o, t = git.blobs(base), git.blobs(head), git.blobs(theirs)
    changed: dict[str, bytes | None] = {}
    for p in sorted(set(o) | set(t)):
        ob, tb, bb = o.get(p), t.get(p), b.get(p)
        if tb in (ob, bb):
            continue  # theirs did not change it (or changed it as we did)
        if ob == bb or (ob is None and id_of(p) is None):
            changed[p] = tb  # only theirs changed it (a file that is not an assessment: as is)
        elif id_of(p) is not None and ob is not None and tb is not None:
            changed[p] = _merge_file(p, (bb, ob, tb), (by, git.author(theirs)), out)
    new = git.commit(changed, [head, theirs], _message("merged", changed), by or "csmaturity")
    git.checkout(new)
    return new


def _merge_file(
    path: str,
    sides: tuple[bytes | None, bytes, bytes],
    names: tuple[str, str],
    out: Outcome,
) -> bytes:
    """One assessment changed on both sides (``sides``: base, ours, theirs), merged per
    answer; ours when it cannot be. An answer naming no assessor is named after its side
    (``names``: who syncs here, who committed theirs)."""
    from csmaturity_tui.engine.threeway import merge3, named

    base, ours, theirs = sides

    aid = id_of(path) or path
    try:
        o, t = _read(path, ours), _read(path, theirs)
        b = _read(path, base) if base is not None else None
    except ServiceError as exc:
        out.lines.append(f"{'kept':<10} {aid[:8]}: the other copy cannot be read ({exc})")
        return ours
    if o.rubric_text != t.rubric_text:
        out.say(
            "kept", o.assessment, aid, "the other copy is on another rubric (kept in git history)"
        )
        return ours
    here, there = names
    result = merge3(
        named(b.assessment, here) if b and b.rubric_text == o.rubric_text else None,
        named(o.assessment, here),
        named(t.assessment, there),
    )
    merged = result.assessment
    out.merged.add(path)
    out.say("merged", merged, aid)
    for c in result.clashes:
        out.say(
            "conflict",
            merged,
            aid,
            f"{c.element_id}: {_said(c.ours)} here, {_said(c.theirs)} there; "
            "settle it in the disagreement view",
        )
    return _canonical(o.rubric, merged)


def _said(answer: Answer) -> str:
    if answer.level is not None:
        who = f" ({answer.by})" if answer.by else ""
        return f"level {answer.level}{who}"
    return "N/A" if answer.na_reason is not None else "no level"


def _take_in(
    store: Store, git: Git, local: dict[str, bytes], head: ObjectID | None, by: str, out: Outcome
) -> None:
    """Write to the database what the head holds and the database did not; then commit
    whatever the database still holds that the head does not (changed meanwhile)."""
    files = git.files(head)
    for p, data in sorted(files.items()):
        if local.get(p) == data:
            continue
        try:
            copy = _read(p, data)
        except ServiceError as exc:
            out.lines.append(f"{'skipped':<10} {p}: {exc}")
            continue
        aid = copy.assessment.meta.id
        try:
            if not _write(store, copy, local.get(p), by, out):
                continue
        except (ServiceError, StoreError) as exc:
            out.say("skipped", copy.assessment, aid, f"{exc} (left in the folder)")
            continue
        if p not in out.merged:
            out.say("brought in", copy.assessment, aid)
    again: dict[str, bytes | None] = {
        p: b for p, b in _export_all(store).items() if files.get(p) != b
    }
    if again and head is not None:
        git.checkout(git.commit(again, [head], _message("kept", again), by or "csmaturity"))


def _write(store: Store, copy: _Copy, exported: bytes | None, by: str, out: Outcome) -> bool:
    """Put one assessment that came in into the database; False when it was not."""
    aid = copy.assessment.meta.id
    if exported is None:
        services.import_assessment(store, services.Imported.of(copy.rubric_text, copy.assessment))
        return True
    expected = _read(f"{aid}.toml", exported)
    if expected.rubric_text != copy.rubric_text:
        out.say("kept", expected.assessment, aid, "the other copy is on another rubric")
        return False
    kept = store.take_merged(expected.assessment, copy.assessment, by=by)
    if kept:
        out.say("kept", copy.assessment, aid, "changed here meanwhile: " + ", ".join(kept))
    return True
