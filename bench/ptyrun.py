"""Launch a command on a pseudo-terminal and time it to its first paint.

The clock starts just before the process is spawned and stops when the bytes of a
marker text (the bare app's label, or the client of the newest assessment in the
home table) arrive on the terminal: interpreter start-up, imports, opening the
database, composing, the first render and the write to the terminal are all inside.
The child is then killed (SIGKILL: it only read). Peak RSS (VmHWM) is read from
``/proc/PID/status`` at that moment, optionally after ``settle`` seconds.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

COLS, ROWS = 120, 40


@dataclass(frozen=True)
class Launch:
    seconds: float  # spawn to marker on the terminal
    peak_rss_kb: int  # VmHWM when the marker was seen (or after settle)


def _peak_rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


def spawn(
    argv: Sequence[str], *, env: dict[str, str] | None, cwd: str | None
) -> tuple[subprocess.Popen[bytes], int]:
    """``argv`` on a new pseudo-terminal of COLS x ROWS; the process and the master end."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    full_env = dict(os.environ)
    full_env.update({"TERM": "xterm-256color", "COLUMNS": str(COLS), "LINES": str(ROWS)})
    full_env.pop("TEXTUAL", None)
    full_env.update(env or {})
    proc = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        cwd=cwd,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    return proc, master


def time_to_marker(
    argv: Sequence[str],
    marker: str,
    *,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    timeout: float = 60.0,
    settle: float = 0.0,
) -> Launch:
    want = marker.encode("utf-8")
    t0 = time.perf_counter()
    proc, master = spawn(argv, env=env, cwd=cwd)
    seen = b""
    found: float | None = None
    try:
        while found is None:
            left = timeout - (time.perf_counter() - t0)
            if left <= 0:
                raise TimeoutError(f"{argv}: marker {marker!r} not seen in {timeout} s")
            ready, _w, _x = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if not chunk:
                tail = seen[-400:].decode("utf-8", "replace")
                raise RuntimeError(f"{argv}: exited before the marker; last output: {tail!r}")
            seen = seen[-len(want) :] + chunk
            if want in seen:
                found = time.perf_counter() - t0
        if settle:
            end = time.perf_counter() + settle
            while time.perf_counter() < end:  # keep draining the terminal
                ready, _w, _x = select.select([master], [], [], 0.05)
                if ready:
                    try:
                        os.read(master, 65536)
                    except OSError:
                        break
        rss = _peak_rss_kb(proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    return Launch(found, rss)


def reopen_times(
    argv: Sequence[str],
    home_marker: str,
    flow_marker: str,
    *,
    times: int,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    after_home: float = 0.1,
    escape_delay: float = 0.25,
    timeout: float = 60.0,
) -> list[float]:
    """Seconds from enter (an assessment opened ``after_home`` s after returning home:
    ``escape_delay`` s after the ESC byte) to the flow painted, ``times`` times in one
    app: enter, flow, escape, ``after_home`` s, enter ..."""
    proc, master = spawn(argv, env=env, cwd=cwd)

    out: list[float] = []
    try:
        wait_for(master, home_marker, timeout=timeout)
        drain(master, 3.0)  # home idle: every row listed
        for _ in range(times + 1):
            t0 = time.perf_counter()
            os.write(master, b"\r")
            took = wait_for(master, flow_marker, timeout=timeout) - t0
            drain(master, 0.5)
            os.write(master, b"\x1b")
            # a lone ESC is a key only once no byte follows it for a moment (Textual
            # parses ESC + key as alt+key): home is back after escape_delay
            drain(master, escape_delay + after_home)
            out.append(took)
        return out[1:]  # the first open also parses the pinned rubric
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


def wait_for(master: int, marker: str, *, timeout: float = 60.0) -> float:
    """Read the terminal until ``marker`` arrives; the ``perf_counter`` of its arrival."""
    want, seen, t0 = marker.encode("utf-8"), b"", time.perf_counter()
    while True:
        left = timeout - (time.perf_counter() - t0)
        if left <= 0:
            raise TimeoutError(f"marker {marker!r} not seen in {timeout} s")
        ready, _w, _x = select.select([master], [], [], left)
        if not ready:
            continue
        chunk = os.read(master, 65536)
        if not chunk:
            raise RuntimeError(f"the program exited before the marker {marker!r}")
        seen = seen[-len(want) :] + chunk
        if want in seen:
            return time.perf_counter()


def drain(master: int, seconds: float) -> None:
    """Keep reading (and dropping) the terminal's output for ``seconds``."""
    end = time.perf_counter() + seconds
    while (left := end - time.perf_counter()) > 0:
        ready, _w, _x = select.select([master], [], [], left)
        if ready:
            os.read(master, 65536)


def clear_filter_times(
    argv: Sequence[str],
    home_marker: str,
    needle: str,
    *,
    times: int,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    timeout: float = 60.0,
) -> dict[str, list[float]]:
    """Seconds from the key that clears home's filter to the top of the book painted again.

    Home idle, then ``/`` and ``needle`` (a filter that hides the newest assessment, so
    ``home_marker``, its client, is off the screen), then the filter is cleared, ``times``
    times each way, alternating: ``ctrl_u`` empties the filter's text (the filter stays
    open, every row back), ``esc`` clears and closes it. A lone ESC reaches the app only
    after Textual's ESCDELAY (100 ms: no byte followed, so it is not the start of a
    sequence, as in curses), which is inside the ``esc`` figure.
    """
    proc, master = spawn(argv, env=env, cwd=cwd)
    out: dict[str, list[float]] = {"ctrl_u": [], "esc": []}
    try:
        wait_for(master, home_marker, timeout=timeout)
        drain(master, 3.0)  # home idle: every row listed
        for k in range(2 * times):
            way = "ctrl_u" if k % 2 == 0 else "esc"
            os.write(master, b"/")
            drain(master, 0.3)
            os.write(master, needle.encode("utf-8"))
            drain(master, 1.0)  # filtered, painted, idle
            t0 = time.perf_counter()
            os.write(master, b"\x15" if way == "ctrl_u" else b"\x1b")
            out[way].append(wait_for(master, home_marker, timeout=timeout) - t0)
            drain(master, 0.6)
            if way == "ctrl_u":  # close the (empty) filter before the next round
                os.write(master, b"\x1b")
                drain(master, 0.6)
        return out
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
