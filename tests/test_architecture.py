"""Import hygiene: the core never pulls in the UI, the storage or the chart libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "csmaturity_tui.inputs",
    "csmaturity_tui.rubric",
    "csmaturity_tui.lint",
    "csmaturity_tui.model",
    "csmaturity_tui.engine",
    "csmaturity_tui.engine.report",
]
FORBIDDEN = ["textual", "sqlite_utils", "plotext", "textual_plotext", "tomli_w"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_nothing_of_the_shell(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "", f"{module} imported {done.stdout.strip()}"


# the shell's lower layers: what a person reads, and the file formats (no UI, no store)
NEUTRAL = [
    "csmaturity_tui.presentation.fmt",
    "csmaturity_tui.presentation.nrr_rows",
    "csmaturity_tui.formats.markdown",
    "csmaturity_tui.formats.toml_writer",
    "csmaturity_tui.formats.toml_reader",
    "csmaturity_tui.formats.files",
]


@pytest.mark.parametrize("module", NEUTRAL)
def test_presentation_and_formats_import_no_ui_and_no_store(module: str) -> None:
    banned = ["textual", "plotext", "textual_plotext", "sqlite_utils", "csmaturity_tui.store"]
    code = (
        f"import sys, {module}\n"
        f"bad = [m for m in {banned!r} if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "", f"{module} imported {done.stdout.strip()}"


def test_cli_help_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from csmaturity_tui import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ['textual', 'sqlite_utils', 'plotext', 'pydantic']\n"
        "print(','.join(m for m in heavy if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stderr.strip() == ""
    assert "usage: csmaturity" in done.stdout


def test_no_dimension_element_or_agent_name_in_python_code() -> None:
    """Rubric-driven: ids of the default rubric never appear in the package's code."""
    from pathlib import Path

    from csmaturity_tui import rubric

    r = rubric.load()
    ids = {d.id for d in r.dimensions} | {a.id for a in r.agents}
    ids |= set(r.element_by_id)
    names = {d.name for d in r.dimensions} | {a.name for a in r.agents}
    package = Path(rubric.__file__).parent
    offenders = []
    for source in package.rglob("*.py"):
        text = source.read_text()
        for word in sorted(ids | names):
            if f'"{word}"' in text or f"'{word}'" in text:
                offenders.append(f"{source.name}: {word}")
    assert offenders == []


@pytest.mark.parametrize("module", ["csmaturity_tui.services", "csmaturity_tui.cli.commands"])
def test_the_use_cases_load_nothing_heavy_until_called(module: str) -> None:
    """The service layer and the CLI's handlers import the store, the engine and the
    formats inside the use case that needs them (``csmaturity --help`` stays fast)."""
    code = (
        f"import sys, {module}\n"
        "heavy = ['textual', 'sqlite_utils', 'plotext', 'pydantic', 'tomli_w']\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "", f"{module} imported {done.stdout.strip()}"


def test_no_module_of_the_tui_but_the_app_imports_the_app() -> None:
    """Screens get the app as a Shell (tui/shell.py): no import of tui.app, not even a
    type-only one (import-linter leaves those out), so no import circle."""
    import ast
    from pathlib import Path

    from csmaturity_tui import tui

    package = Path(tui.__file__).parent
    offenders = []
    for source in sorted(package.rglob("*.py")):
        if source == package / "app.py":
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if any(n == "csmaturity_tui.tui.app" for n in names) or (
                isinstance(node, ast.ImportFrom)
                and node.module == "csmaturity_tui.tui"
                and any(a.name == "app" for a in node.names)
            ):
                offenders.append(f"{source.relative_to(package)}:{getattr(node, 'lineno', 0)}")
    assert offenders == []
