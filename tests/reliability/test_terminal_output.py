"""The bytes the real app writes to a terminal hold no escape sequence that came from data.

The input rule refuses hostile text (csmaturity_tui.inputs), so it is written into the
database directly with sqlite3, as an older version or another tool could have: the
output depth (csmaturity_tui.tui.show) must hold on its own. The app runs on a
pseudo-terminal and is walked through home, every home action that notifies, the form,
the question flow (the element view, the note), the dashboard and the export dialog.
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import sqlite3
import struct
import sys
import termios
import time
from fcntl import ioctl
from pathlib import Path

import pytest
from rel_helpers import child_env

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.store import Store
from helpers import SMALL

# each hostile string, and the bytes that must never reach the terminal because of it
HOSTILE: dict[str, list[bytes]] = {
    "clip\x1b]52;c;ZWNobyBwd25lZA==\x07": [b"\x1b]52;c;ZWNobyBwd25lZA=="],
    "title\x1b]0;PWNED-TITLE\x07": [b"\x1b]0;PWNED-TITLE"],
    "title2\x1b]2;PWNED-TWO\x1b\\": [b"\x1b]2;PWNED-TWO"],
    "link\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\": [b"\x1b]8;;https://evil"],
    "move\x1b[66;77Hcursor\x1b[2J": [b"\x1b[66;77H"],
    "dcs\x1bP1$qm\x1b\\": [b"\x1bP1$q"],
    "c1\x9b31mcsi": [b"\xc2\x9b", b"\x9b31m"],
    "bell\x07\x07": [b"bell\x07"],
    "nul\x00byte": [b"nul\x00"],
    "rtl\u202eoverride\u2066iso\u2069": ["\u202e".encode(), "\u2066".encode()],
    "long " + "W" * 10_000: [],
    "[@click=app.quit]QUITNOW[/] [/EMEA] x [/] y": [],
}
ALL = " ".join(HOSTILE)
FORBIDDEN = [b for bad in HOSTILE.values() for b in bad]


def _hostile_db(path: Path) -> str:
    rubric = rubric_mod.load(SMALL)
    with Store.open(path) as store:
        aid = store.create_assessment(
            rubric,
            client="placeholder",
            date="2026-03-01",
            baseline=Baseline(currency="EUR", start_arr=1e6, churned_arr=1e5),
        )
        ids = list(rubric.element_by_id)
        store.set_answer(aid, Answer(ids[0], level=2, note="n"))
        store.set_answer(aid, Answer(ids[1], na_reason="r"))
    conn = sqlite3.connect(path)
    try:
        texts = list(HOSTILE)
        with conn:
            conn.execute(
                "UPDATE assessments SET client = ?, scope = ?, assessors = ? WHERE id = ?",
                ("Corp " + ALL, texts[0] + texts[-2], texts[1], aid),
            )
            conn.execute("UPDATE answers SET note = ?", (ALL,))
            conn.execute("UPDATE answers SET na_reason = ? WHERE na_reason IS NOT NULL", (ALL,))
    finally:
        conn.close()
    return aid


QUIET = 0.4  # seconds without output: the screen is painted and the next key can go


def _run(db: Path, keys: list[tuple[str, float]]) -> bytes:
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real app on the pseudo-terminal
        env = child_env() | {"TERM": "xterm-256color", "CSMATURITY_DB": str(db)}
        args = [sys.executable, "-m", "csmaturity_tui", "--rubric", str(SMALL)]
        os.execvpe(sys.executable, args, env)
    ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
    out = bytearray()

    def drain(seconds: float) -> None:
        """Read until the app has been quiet a moment (it has painted), ``seconds`` at most."""
        end = time.monotonic() + seconds
        quiet_from = time.monotonic()
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready and len(out) and time.monotonic() - quiet_from > QUIET:
                return
            if ready:
                quiet_from = time.monotonic()
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                out.extend(chunk)

    try:
        drain(4.0)
        for key, wait in keys:
            os.write(fd, key.encode())
            drain(wait)
        drain(2.0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return bytes(out)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a pseudo-terminal")
def test_no_escape_sequence_from_data_reaches_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "hostile.db"
    _hostile_db(db)
    esc = "\x1b"
    keys = [
        ("a", 1.0),  # archive: a toast names the client
        ("a", 1.0),  # restore
        ("c", 1.5),  # mark complete: what is left first, the client in its title
        ("m", 1.0),  # marked
        ("c", 1.0),  # back to draft
        ("e", 1.5),  # the form, with the client in its title and fields
        (esc, 1.0),
        ("r", 1.0),  # re-assess: a dialog names the client
        ("c", 1.5),  # carry the answers: a toast names the client (the new round is selected)
        ("\x1b[3~", 1.5),  # delete: the dialog names the client
        (esc, 1.0),
        ("m", 1.5),  # move: a toast (already on the rubric) names it
        ("\r", 3.0),  # the flow: the element view shows the note and the reason
        ("e", 1.0),  # the note editor holds the hostile note
        (esc, 1.0),
        ("j", 1.0),
        ("d", 3.0),  # the dashboard
        (esc, 1.0),
        ("x", 1.5),  # the export dialog
        (esc, 1.0),
        (esc, 1.0),  # home
        ("q", 1.0),
    ]
    out = _run(db, keys)
    assert b"placeholder" not in out
    assert b"]52;c;ZWNobyBwd25lZA==" in out  # the data was shown, its ESC dropped
    found = [bad for bad in FORBIDDEN if bad in out]
    assert not found, found
    # the markup in the client name was shown, not obeyed (the app did not quit on it)
    assert b"QUITNOW" in out
    # every stop of the walk was reached
    missing: list[bytes] = []
    # (a toast's tail is past the 10,000 characters of the client name: not checked)
    for seen in (
        b"Edit assessment",
        b"Re-assess",
        b"Next round of",
        b"Delete permanently",
        b"confidence",
        b"Dashboard",
        b"Export",
    ):
        missing.append(seen) if seen not in out else None
    assert not missing, missing
