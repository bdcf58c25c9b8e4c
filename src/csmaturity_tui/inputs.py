"""What enters: the one rule for user text, how a bad value is quoted in a message,
one formatter over pydantic's errors, and the reading of an input file.

Pure core (standard library and pydantic). Every text a person or a file gives goes
through :func:`text_problem`; every validation message quotes the offending value
through :func:`got`; every pydantic error becomes one message through
:func:`error_message`; the rubric loader and the import read their file through
:func:`read_input` (a regular file only, of bounded size, a UTF-8 BOM accepted) and
check its nesting with :func:`check_depth`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

# How much of an offending value a message quotes.
SHOWN_VALUE_MAX = 60
# A rubric (the default is ~180 kB) or an export (~230 kB for the demo) larger than
# this is not one a person wrote: refused before it is read.
RUBRIC_BYTES_MAX = 4 * 1024 * 1024
IMPORT_BYTES_MAX = 16 * 1024 * 1024
# Tables and arrays nest at most this deep in a rubric or an export (they use 4).
DEPTH_MAX = 16


# -- text that enters ------------------------------------------------------------
#
# ONE rule for every text a person or a file gives (form, import, rubric texts, notes,
# N/A reasons, assessor names): no control character (C0, DEL, C1; a line break, LF or
# CRLF, or a tab only where the field holds several lines), no bidirectional control
# (they reorder what is shown: "Trojan source"), no lone surrogate. Such text is refused
# with one line naming the field and the value, never silently changed: an import that
# stripped it would no longer be the file that was shared (nor export byte for byte),
# and a warning is easy to miss (README.md, "Hostile input").

BIDI_CONTROLS = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})


def shown_value(value: object) -> str:
    """A value as quoted in a message: ``'upsell'``, ``inf``, ``5e-324``; long text clipped.

    Text is ``repr``-escaped, so a control character in it is written as ``\\x1b`` and
    never reaches the terminal.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        return repr(value)
    if isinstance(value, str):
        if len(value) > SHOWN_VALUE_MAX:
            return repr(value[:SHOWN_VALUE_MAX]) + f"… ({len(value)} characters)"
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        inner = ", ".join(shown_value(v) for v in value[:8])
        return f"[{inner}{', …' if len(value) > 8 else ''}]"
    return type(value).__name__


def subnormal(value: float) -> bool:
    """Too small to compute with (below 2.2e-308 in size, not zero): refused as input."""
    return value != 0 and abs(value) < 2.2250738585072014e-308


def got(value: object) -> str:
    """`` (got VALUE)``: the tail every validation message carries."""
    return f" (got {shown_value(value)})"


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """What is wrong with ``value`` as user text (the rule above), or None; no value quoted."""
    for i, ch in enumerate(value):
        code = ord(ch)
        if multiline and (ch in "\n\t" or value.startswith("\r\n", i)):
            continue  # lines (LF or CRLF) and tabs, where the field holds several lines
        if code < 0x20 or 0x7F <= code <= 0x9F:
            kind = "a control character"
        elif code in BIDI_CONTROLS:
            kind = "a bidirectional control character"
        elif 0xD800 <= code <= 0xDFFF:
            kind = "a lone surrogate"
        else:
            continue
        return f"must not contain {kind} ({ch!r} at character {i + 1})"
    return None


def text_problems(
    fields: Mapping[str, object], multiline: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """(field, message) for each text field of ``fields`` that breaks the rule; the value quoted."""
    out: list[tuple[str, str]] = []
    for name, value in fields.items():
        if not isinstance(value, str):
            continue
        problem = text_problem(value, multiline=name in multiline)
        if problem:
            out.append((name, problem + got(value)))
    return out


# -- pydantic's errors, one message each ----------------------------------------------

_PLAIN = {
    "extra_forbidden": "unknown key",
    "missing": "required key is missing",
}


def error_message(err: ErrorDetails) -> str:
    """One pydantic error as a message that names the bad value: ``... (got 'upsell')``."""
    kind = err["type"]
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind == "finite_number":
        return "must be a finite number" + got(err["input"])
    message = err["msg"].removeprefix("Value error, ")
    if "(got " in message:  # a validator of ours that quoted the value itself
        return message
    return message + got(err["input"])


# -- reading an input file ------------------------------------------------------------


class InputFileError(ValueError):
    """An input file that cannot be read as text; the message names no file (the caller does)."""


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_regular(path: str | Path) -> str | None:
    """Why ``path`` is not a regular file one can read (a FIFO, a device...), or None.

    ``os.stat`` never opens the file, so a FIFO cannot hang it. A missing path or a
    folder is None here: the callers say those in their own words.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    for test, kind in _KINDS:
        if test(mode):
            return f"is {kind}, not a regular file"
    return None


def read_input(path: str | Path, limit: int) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes (a leading BOM dropped)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputFileError("no such file") from None
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError("is a directory, not a file")
    problem = not_regular(path)
    if problem:
        raise InputFileError(problem)
    if info.st_size > limit:
        raise InputFileError(f"is too large ({info.st_size} bytes; at most {limit})")
    try:
        with open(path, "rb") as f:
            raw = f.read(limit + 1)  # bounded even if the file grew since stat
    except PermissionError:
        raise InputFileError("cannot read: permission denied") from None
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise InputFileError(f"is too large (more than {limit} bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"not UTF-8 text (byte {exc.start})") from None
    return text.removeprefix("\ufeff")  # a byte-order mark, as some editors write: accepted


def check_depth(data: Any, limit: int = DEPTH_MAX) -> tuple[str, ...] | None:
    """The key path of the first value nested deeper than ``limit``, or None (no recursion)."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > limit:
            return path
        if isinstance(value, dict):
            stack.extend((v, (*path, str(k))) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*path, str(i))) for i, v in enumerate(value))
    return None


def deep_message(limit: int = DEPTH_MAX) -> str:
    return f"tables or arrays nested more than {limit} deep"
