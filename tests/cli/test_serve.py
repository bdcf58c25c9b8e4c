"""``csmaturity serve``: the app in a browser, end to end over textual-serve's websocket.

The server runs as a real process on a free localhost port; the test is the browser: it
fetches the page, opens the websocket the page would open, reads the terminal output the
app sends until the home screen is there, then types ``D`` (the demo) and reads the demo's
client back. Sockets are allowed for this module only, and only to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_helpers import one_line_error, run

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_listening(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


async def _read_until(ws: object, wanted: str, timeout: float = 30) -> str:
    """Read the websocket's frames (the app's terminal output) until ``wanted`` shows."""
    import aiohttp

    assert isinstance(ws, aiohttp.ClientWebSocketResponse)
    seen = ""
    end = time.monotonic() + timeout
    while wanted not in seen:
        left = end - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{wanted!r} not on the screen; last: {seen[-300:]!r}")
        msg = await ws.receive(timeout=left)
        if msg.type == aiohttp.WSMsgType.BINARY:
            seen += msg.data.decode("utf-8", "replace")
        elif msg.type == aiohttp.WSMsgType.TEXT:
            seen += msg.data
        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            raise AssertionError(f"the app closed the socket; last: {seen[-300:]!r}")
    return seen


async def test_serve_drives_the_app_from_a_browser_socket(tmp_path: Path) -> None:
    import aiohttp

    port = _free_port()
    db = tmp_path / "served.db"
    env = {**os.environ, "CSMATURITY_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "csmaturity_tui", "serve", "--port", str(port)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        _wait_listening(port, proc)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/") as page:
                assert page.status == 200
                assert "csmaturity" in await page.text()
            url = f"http://127.0.0.1:{port}/ws?width=100&height=30"
            async with session.ws_connect(url) as ws:
                await ws.send_json(["resize", {"width": 100, "height": 30}])
                await _read_until(ws, "No assessments yet")
                await ws.send_json(["stdin", "D"])  # load the demo, as a user would
                await _read_until(ws, "Lumenfold Analytics")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            _out, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _out, err = proc.communicate()
    first = err.decode("utf-8", "replace").splitlines()[0]
    assert first == (
        f"csmaturity: serving {db} at http://127.0.0.1:{port}/ ; anyone who can reach this "
        "address can use the app and every assessment in it (Ctrl+C stops)"
    )
    assert "Traceback" not in err.decode("utf-8", "replace")


def test_serve_refuses_a_port_off_range(tmp_path: Path) -> None:
    line = one_line_error(run(tmp_path / "x.db", "serve", "--port", "70000"))
    assert line == "csmaturity: --port: must be 1 to 65535 (got 70000)"


async def test_serve_says_when_the_port_is_taken(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = await asyncio.to_thread(run, tmp_path / "x.db", "serve", "--port", str(port))
    assert result.code == 2, result
    lines = result.err.splitlines()
    assert lines[-1].startswith(f"csmaturity: 127.0.0.1:{port}: cannot listen there"), lines
    assert "Traceback" not in result.err
