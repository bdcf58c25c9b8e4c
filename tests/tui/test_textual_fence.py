"""The private Textual touches live in tui/textual_private.py only, for the pinned version."""

from __future__ import annotations

import importlib
import inspect
import re
from importlib import metadata
from pathlib import Path

import pytest

from csmaturity_tui.tui import textual_private
from csmaturity_tui.tui.textual_private import PINNED_TEXTUAL, TOUCHES

SRC = Path(textual_private.__file__).resolve().parents[1]
PRIVATE_NAMES = sorted({name for _owner, name in TOUCHES} | {"_bindings", "_nodes", "_selected"})
TOUCHED = re.compile(
    r"(?:from|import)\s+(?:textual|rich)(?:\.\w+)*\._\w*"
    r"|\.(?:" + "|".join(re.escape(n) for n in PRIVATE_NAMES) + r")\b"
)


def test_textual_is_the_pinned_version() -> None:
    """Each touch is checked against this version: another one must be checked again."""
    assert metadata.version("textual") == PINNED_TEXTUAL


def test_the_pin_in_pyproject_is_the_fenced_version() -> None:
    pyproject = (SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"textual=={PINNED_TEXTUAL}"' in pyproject


@pytest.mark.parametrize(("owner", "name"), TOUCHES)
def test_every_touched_name_is_still_there(owner: str, name: str) -> None:
    module_name, _, attribute = owner.rpartition(".")
    try:
        module = importlib.import_module(owner)
        source = inspect.getsource(module)
    except ModuleNotFoundError:
        cls = getattr(importlib.import_module(module_name), attribute)
        source = inspect.getsource(cls)
    assert re.search(rf"\b{re.escape(name)}\b", source), f"{owner}.{name} is gone"


def test_no_other_module_touches_textual_privates() -> None:
    fence = Path(textual_private.__file__).resolve()
    offenders = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path.resolve() != fence
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if TOUCHED.search(line)
    ]
    assert offenders == []


def test_the_fence_check_would_see_a_touch() -> None:
    """The pattern is not vacuous: it finds the fence's own touches, each kind of them."""
    text = Path(textual_private.__file__).read_text(encoding="utf-8")
    found = {m.group() for m in TOUCHED.finditer(text)}
    assert "from textual._two_way_dict" in found
    assert {"._row_locations", "._update_count", "._render_line", "._refresh_node"} <= found
