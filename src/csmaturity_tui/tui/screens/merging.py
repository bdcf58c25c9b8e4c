"""Importing files on home: one export, or several assessors' copies merged.

:func:`file_names` reads the names typed in the prompt (quoted like a shell's, ``~``
expanded); :func:`import_files` runs in a worker: every file is read and checked before
anything is written, the copies of each assessment are merged (as ``csmaturity merge``
does), and files of different assessments are imported side by side.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from csmaturity_tui import services

if TYPE_CHECKING:
    from csmaturity_tui.store import Store

__all__ = ["file_names", "import_files"]


def file_names(text: str) -> list[str] | str:
    """The file names typed, or a problem in words (an unclosed quote, no name)."""
    try:
        names = shlex.split(text)
    except ValueError as exc:
        return f"cannot read the names: {exc}"
    return names or "type one file name or more"


def import_files(store: Store, names: list[str]) -> list[str]:
    """Import or merge the files; the ids written (one per assessment)."""
    exports = [services.read_export(n) for n in names]
    groups: dict[str, list[services.Imported]] = {}
    for e in exports:
        groups.setdefault(e.meta.id, []).append(e)
    for group in groups.values():
        services.check_copies(group)
    return [services.merge_exports(store, group)[0] for group in groups.values()]
