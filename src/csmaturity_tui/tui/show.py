"""Text leaves clean: how anything that came from data reaches the terminal.

Two rules, each at one depth:

- **No control character from data reaches the terminal.** :func:`install_output_guard`
  (run once, by the app) widens the one filter every string the toolkit draws already
  passes: Rich's ``Text`` and Textual's ``Content`` strip a few control codes (BEL, BS,
  VT, FF, CR) from every string they are given, as a table shared by the whole process.
  The guard adds every other C0 code (but newline and tab, which lay text out), DEL, the
  C1 codes (``\\x9b`` is an 8-bit CSI), the bidirectional controls and the lone
  surrogates. Titles, table cells, tree labels, dialogs, toasts, the element view and
  the dashboard all render through those two classes, so no call site can forget it.
  The terminal-output test (tests/reliability/test_terminal_output.py) holds the guard
  to its word on a real pseudo-terminal.
- **Markup never comes from data.** Where a string from data is put into Textual markup
  (a dialog's question, a status line), it goes through :func:`markup`: the guard's
  filter, then every bracket escaped. Elsewhere data is shown as ``Text``/``Content``.

:func:`plain` is the same filter as a function, for values put into editable widgets
(an ``Input``, the note editor): what a person edits is what is shown.
"""

from __future__ import annotations

from csmaturity_tui.inputs import BIDI_CONTROLS

# every code the guard removes: C0 but newline and tab, DEL, C1, bidi controls, surrogates
_REMOVED: frozenset[int] = frozenset(
    {
        *(c for c in range(0x20) if c not in (0x0A, 0x09)),
        *range(0x7F, 0xA0),
        *BIDI_CONTROLS,
        *range(0xD800, 0xE000),
    }
)
_TABLE: dict[int, None] = dict.fromkeys(_REMOVED)


def install_output_guard() -> None:
    """Widen Rich's and Textual's control-code filters to every code in ``_REMOVED``
    (a private touch: ``tui.textual_private``). Idempotent."""
    from csmaturity_tui.tui.textual_private import widen_control_filters

    widen_control_filters(_TABLE)


def plain(text: str) -> str:
    """``text`` as it may be shown: the guard's filter applied (newlines and tabs kept)."""
    return text.translate(_TABLE)


def markup(text: str) -> str:
    """``text`` to put inside Textual markup: filtered, then every bracket escaped.

    Every ``[`` becomes ``\\[``, not only those that look like a tag as
    ``rich.markup.escape`` has it: Textual reads ``[EMEA]`` as a style and swallowed it.
    (Textual shows k backslashes before an escaped bracket as k: the data's own
    backslashes stay as they are.) A trailing backslash would escape the markup that
    follows the data: a space is put after it.
    """
    out = plain(text).replace("[", "\\[")
    return out + " " if out.endswith("\\") else out
