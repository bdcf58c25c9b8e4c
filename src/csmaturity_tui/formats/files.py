"""Writing export files: atomically, never over an existing file without ``force``.

The text goes to a temporary file in the target's own folder, is flushed and
fsync'ed, then renamed over the target, so a reader (or a crash) never sees a
half-written export. Every failure is an :class:`OutputError` whose message is
one line naming the path.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import unicodedata
from pathlib import Path

__all__ = ["OutputError", "default_filename", "slug", "write_atomic"]


class OutputError(Exception):
    """The export could not be written; the message is one line naming the path."""


def slug(text: str, *, limit: int = 60) -> str:
    """Safe file-name characters only: ``Acme Corp. (EMEA)`` → ``acme-corp-emea``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:limit].rstrip("-")


def default_filename(client: str, date: str, ext: str) -> str:
    """A file name from the client and the assessment date: ``acme-corp-2026-03-12.md``."""
    parts = [slug(client) or "assessment"]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        parts.append(date)
    return "-".join(parts) + "." + ext.lstrip(".")


def _problem(path: Path, exc: OSError) -> OutputError:
    if isinstance(exc, PermissionError):
        reason = "permission denied"
    elif isinstance(exc, IsADirectoryError):
        reason = "is a directory, not a file"
    elif isinstance(exc, NotADirectoryError):
        reason = "a part of the path is not a folder"
    elif isinstance(exc, FileNotFoundError):
        reason = "the folder does not exist"
    else:
        reason = exc.strerror or str(exc)
    return OutputError(f"{path}: cannot write: {reason}")


def write_atomic(path: str | Path, data: str | bytes, *, force: bool = False) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` atomically; returns the path written.

    Refuses an existing file unless ``force`` (then its permissions are kept);
    a new file is created readable by its owner only, as exports hold client data.
    """
    target = Path(path).expanduser()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if not target.name or str(path).endswith(os.sep):
        raise OutputError(f"{path}: cannot write: not a file name")
    if target.is_dir():
        raise OutputError(f"{target}: cannot write: is a directory, not a file")
    folder = target.parent
    if not folder.exists():
        raise OutputError(f"{target}: cannot write: the folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputError(f"{target}: cannot write: {folder} is not a folder")
    existing_mode: int | None = None
    if target.exists() or target.is_symlink():
        if not force:
            raise OutputError(f"{target}: already exists (use --force to overwrite it)")
        with contextlib.suppress(OSError):
            existing_mode = stat.S_IMODE(target.stat().st_mode)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _problem(target, exc) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if existing_mode is not None:
            os.chmod(tmp, existing_mode)
        if force:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target)
        _fsync_dir(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _problem(target, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target


def _place_new(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` to ``target`` only if ``target`` does not exist (no race)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputError(f"{target}: already exists (use --force to overwrite it)") from None
    except OSError:
        # a file system without hard links: check, then rename
        if target.exists():
            raise OutputError(f"{target}: already exists (use --force to overwrite it)") from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
