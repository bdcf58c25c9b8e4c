"""Offline and security: no network, private files, atomic exports, no code from data.

- pytest-socket is on for the whole suite (``--disable-socket`` in pyproject addopts):
  a socket attempt fails here, and the app's modules never import a network library.
- Database files (and the -wal/-shm side files) are 0600; exports are created 0600 and
  written atomically (a crash mid-write leaves the previous file, and no stray temp file).
- ``src/`` has no eval, exec, pickle, shell=True or os.system.
"""

from __future__ import annotations

import ast
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from rel_helpers import ROOT, child_env, cli

from csmaturity_tui.formats import files

SRC = ROOT / "src" / "csmaturity_tui"
NETWORK = (
    "requests",
    "urllib3",
    "httpx",
    "aiohttp",
    "http.client",
    "urllib.request",
    "ftplib",
    "smtplib",
    "xmlrpc.client",
    "websockets",
)


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_a_socket_attempt_fails() -> None:
    with pytest.raises(Exception) as info:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9))
    assert type(info.value).__name__ == "SocketBlockedError"
    with pytest.raises(Exception) as info:
        socket.create_connection(("example.com", 443), timeout=1)
    assert "Socket" in type(info.value).__name__


def test_no_module_of_the_app_imports_a_network_library() -> None:
    """Every module is imported (and the CLI run) in a fresh process; none pulls one in."""
    code = (
        "import importlib, pkgutil, sys, csmaturity_tui\n"
        "for m in pkgutil.walk_packages(csmaturity_tui.__path__, 'csmaturity_tui.'):\n"
        "    if m.name != 'csmaturity_tui.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "from csmaturity_tui import cli\n"
        "cli.main(['--db', sys.argv[1], 'demo'])\n"
        f"bad = [n for n in {NETWORK!r} if n in sys.modules]\n"
        "print('NETWORK', bad)\n"
    )
    db = Path(os.environ["CSMATURITY_DB"]).with_name("net.db")
    res = subprocess.run(
        [sys.executable, "-c", code, str(db)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    assert "NETWORK []" in res.stdout, res.stdout + res.stderr
    # and statically: no import of a network library anywhere in src/
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] != "socket", f"{path}: imports socket"
                assert not any(name == n or name.startswith(n + ".") for n in NETWORK), (
                    f"{path}: imports {name}"
                )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a permissive umask must not widen them
    try:
        db = tmp_path / "sub" / "private.db"
        res = cli(db, "demo")
        assert res.returncode == 0, res.stderr
    finally:
        os.umask(old)
    assert _mode(db) == 0o600
    for side in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        if side.exists():
            assert _mode(side) & 0o077 == 0, (side, oct(_mode(side)))
    assert _mode(db.parent) & 0o077 == 0  # a folder the store created is private too


def test_export_is_atomic_and_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.md"
    files.write_atomic(target, "first version\n")
    assert _mode(target) == 0o600
    # a crash after part of the new text is written: the old file stays, whole
    real_fdopen = os.fdopen

    class Crash(Exception):
        pass

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        handle = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]
        real_write = handle.write

        def write(data: bytes) -> int:
            real_write(data[: len(data) // 2])
            raise Crash("power cut")

        handle.write = write
        return handle

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(Crash):
        files.write_atomic(target, "second version, much longer " * 1000, force=True)
    monkeypatch.undo()
    assert target.read_text() == "first version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]  # no temp left over


def test_export_killed_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    """A real crash: the exporting process is SIGKILLed while writing."""
    target = tmp_path / "report.toml"
    target.write_text("old = true\n")
    code = (
        "import os, sys, time\n"
        "from csmaturity_tui.formats import files\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    print('WRITING', flush=True); time.sleep(60)\n"
        "os.fsync = slow\n"
        "files.write_atomic(sys.argv[1], 'new = true\\n' * 100000, force=True)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(target)],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "WRITING"
    proc.kill()
    proc.wait()
    assert target.read_text() == "old = true\n"


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}


def test_no_eval_pickle_or_shell_in_src() -> None:
    problems: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for needle in ("eval(", "exec(", "pickle", "shell=True", "os.system", "marshal"):
            for n, line in enumerate(text.splitlines(), 1):
                if needle in line:
                    problems.append(f"{path.relative_to(ROOT)}:{n}: {needle}")
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in FORBIDDEN_CALLS
            ):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.func.id}()")
            if isinstance(node, ast.Attribute) and node.attr in {"popen", "system", "Popen"}:
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}")
    assert not problems, "\n".join(problems)
