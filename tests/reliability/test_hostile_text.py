"""Hostile text in every field: stored verbatim, shown safely, exported well formed.

Client, scope, assessors, every answer's note and N/A reason get 10,000-character
text, control characters, terminal escape sequences, console markup, right-to-left
text and its overrides, emoji and NUL bytes. The store keeps them byte for byte; the
home screen shows them on one line with no escape sequence interpreted and markup
shown literally; the TOML export is valid, and its import refuses the control
characters with one line (the input rule) while what the rule allows re-imports to the
same values; the Markdown export has no control character and keeps its tables' shape.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.formats.toml_reader import FormatError, parse
from csmaturity_tui.inputs import text_problem
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.services import render
from csmaturity_tui.store import Store
from helpers import SMALL

NASTY = [
    "x" * 10_000,
    "Clear\x1b[2J\x1b[31mred\x1b[0m\x1b]0;title\x07 screen",
    "[bold]not bold[/bold] [link=https://example.com]x[/link] [/]",
    "NUL\x00in\x00the\x00middle",
    "bell\x07 backspace\x08 tab\t CR\r LF\n vertical\x0b formfeed\x0c DEL\x7f",
    "\u202eRTL override\u202c שלום עולם مرحبا بالعالم \u2066isolate\u2069",
    "emoji 😀👩‍👩‍👧‍👦🏳️‍🌈 and a lone surrogate-free ZWJ\u200d",
    "| pipes | in | a | cell | and `backticks` and <html> & ampersands",
    '"""triple quotes""" and \\ backslashes \\u0000 and \'\'\' too',
]
CLIENT = " ".join(NASTY[1:] + NASTY[:1]) + " end"


def _fill(path: Path) -> tuple[str, list[Answer]]:
    """An assessment whose every text field is hostile.

    The input rule keeps such text out of every write, so it is put into the file the way
    another tool or an older version could have left it: with SQL, after the store closed.
    """
    import dataclasses
    import sqlite3

    rubric = rubric_mod.load(SMALL)
    with Store.open(path) as store:
        aid = store.create_assessment(
            rubric, client="placeholder", date="2026-03-01", baseline=Baseline(currency="EUR")
        )
        given = []
        for i, eid in enumerate(rubric.element_by_id):
            text = NASTY[i % len(NASTY)]
            if i % 3 == 2:
                answer = Answer(eid, na_reason="placeholder", note="placeholder")
                hostile: dict[str, Any] = {"na_reason": text, "note": text}
            else:
                answer = Answer(eid, level=1 + i % rubric.levels, note="placeholder")
                hostile = {"note": text}
            given.append(dataclasses.replace(store.set_answer(aid, answer), **hostile))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE assessments SET client = ?, scope = ?, assessors = ? WHERE id = ?",
            (CLIENT, NASTY[1] + NASTY[2], NASTY[5] + NASTY[3], aid),
        )
        conn.execute(
            "UPDATE baselines SET period = ? WHERE assessment_id = ?", (NASTY[6][:40], aid)
        )
        for a in given:
            conn.execute(
                "UPDATE answers SET note = ?, na_reason = ? WHERE assessment_id = ? "
                "AND element_id = ?",
                (a.note, a.na_reason, aid, a.element_id),
            )
    conn.close()
    return aid, given


def test_stored_verbatim_and_exported_well_formed(tmp_path: Path) -> None:
    path = tmp_path / "nasty.db"
    aid, given = _fill(path)
    with Store.open(path) as store:
        _rubric, assessment = store.load(aid)
        assert assessment.meta.client == CLIENT.strip()
        assert assessment.meta.scope == NASTY[1] + NASTY[2]
        assert assessment.meta.assessors == NASTY[5] + NASTY[3]
        for a in given:
            assert assessment.answers[a.element_id] == a
        toml_text = render(store, aid, "toml")
        md = render(store, aid, "md")
    # TOML: valid; its import refuses the control characters, naming the field and the
    # value escaped (the input rule: csmaturity_tui.inputs)
    tomllib.loads(toml_text)
    with pytest.raises(FormatError) as info:
        parse(toml_text, "nasty.toml")
    message = str(info.value)
    assert "assessment.client: must not contain a control character" in message
    assert "\\x1b" in message and "\x1b" not in message and "\n" not in message
    # Markdown: no control character at all, and every table keeps its column count
    bad = [c for c in md if (ord(c) < 32 and c != "\n") or c in "\x7f\u202e\u2066"]
    assert not bad, sorted(set(bad))
    for block in re.split(r"\n(?!\|)", md):
        rows = [r for r in block.splitlines() if r.startswith("|")]
        widths = {len(re.findall(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) <= 1, rows[:3]


ALLOWED = [t for t in NASTY if text_problem(t) is None]  # markup, emoji, 10,000 characters...


def test_allowed_hostile_text_round_trips_through_the_format(tmp_path: Path) -> None:
    """What the input rule lets in (markup, pipes, quotes, emoji, long text) re-imports exactly."""
    rubric = rubric_mod.load(SMALL)
    assert len(ALLOWED) >= 4
    with Store.open(tmp_path / "ok.db") as store:
        aid = store.create_assessment(
            rubric,
            client=" ".join(ALLOWED),
            scope=ALLOWED[1],
            assessors=ALLOWED[2],
            date="2026-03-01",
            baseline=Baseline(currency="EUR"),
        )
        for i, eid in enumerate(rubric.element_by_id):
            text = ALLOWED[i % len(ALLOWED)] + "\nsecond line\twith a tab"
            store.set_answer(aid, Answer(eid, level=1, note=text))
        toml_text = render(store, aid, "toml")
    rubric_text, meta, baseline, answers, _pilots = parse(toml_text, "ok.toml")
    assert meta.client == " ".join(ALLOWED)
    with Store.open(tmp_path / "again.db") as other:
        new = other.import_assessment(rubric_text, meta, baseline, answers)
        assert render(other, new, "toml") == toml_text


async def test_home_shows_hostile_text_safely(tmp_path: Path) -> None:
    from rich.text import Text
    from textual.widgets import DataTable

    from csmaturity_tui.tui.app import CsMaturityApp

    path = tmp_path / "nasty.db"
    aid, _given = _fill(path)
    store = Store.open(path)
    try:
        app = CsMaturityApp(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            cell = table.get_row(aid)[0]
            plain = cell.plain if isinstance(cell, Text) else str(cell)
            assert "\n" not in plain and "\x1b" not in plain and "\x00" not in plain
            assert "\u202e" not in plain
            assert "[bold]not bold[/bold]" in plain  # markup shown literally
            assert "😀" in plain and "שלום" in plain
            svg = app.export_screenshot()
            assert "\x1b" not in svg and "\x00" not in svg
            assert "[bold]not&#160;bold[/bold]" in svg or "[bold]not bold[/bold]" in svg
            # the escape sequence was not obeyed: the table is still on screen
            assert "Client" in svg
            await pilot.press("enter")  # open it: the flow shows the hostile notes safely
            await pilot.pause(0.3)
            svg = app.export_screenshot()
            assert "\x1b" not in svg and "\x00" not in svg
            await pilot.press("d")  # the dashboard names the client too
            await pilot.pause(1.0)
            svg = app.export_screenshot()
            assert "\x1b" not in svg and "\x00" not in svg
            assert app.is_running
    finally:
        store.close()
