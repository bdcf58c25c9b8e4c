"""Several assessors in the TOML format: views and resolutions round-trip byte for byte."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assessors import copies
from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import evaluate
from csmaturity_tui.engine.merge import merge
from csmaturity_tui.formats import toml_writer
from csmaturity_tui.formats.toml_reader import FormatError, parse_document
from csmaturity_tui.model import Assessment, Resolution
from csmaturity_tui.store import Store
from helpers import SMALL

SMALL_RUBRIC = rubric_mod.load(SMALL)
SETTLED = Resolution("OB-2", "spread", 3, None, "both views hold", "lead", "2026-01-06T09:00:00Z")


def _export(a: Assessment) -> str:
    return toml_writer.dumps(SMALL_RUBRIC, a, evaluate(SMALL_RUBRIC, a))


def _merged_text() -> str:
    merged = merge(copies())
    return _export(merge([merged, replace(merged, resolutions={"OB-2": SETTLED})]))


def test_a_merged_assessment_round_trips_byte_for_byte(tmp_path: Path) -> None:
    text = _merged_text()
    assert text.count("[[views]]") == 17 and text.count("[[resolutions]]") == 1
    _, read = parse_document(text, "m.toml")
    assert read.resolutions == {"OB-2": SETTLED} and len(read.views) == 6
    assert _export(read) == text
    with Store.open(tmp_path / "a.db") as store:
        aid = store.import_assessment(
            SMALL_RUBRIC.source,
            read.meta,
            read.baseline,
            list(read.answers.values()),
            views=read.views,
            resolutions=read.resolutions,
        )
        _, loaded = store.load(aid)
    assert _export(loaded) == text


def test_the_consensus_is_computed_again_on_reading() -> None:
    text = _merged_text()
    start = text.index('element = "OB-3"')
    tampered = text[:start] + text[start:].replace("level = 3", "level = 1", 1)
    _, read = parse_document(tampered, "m.toml")
    assert read.answers["OB-3"].level == 3


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('by = "bob"', 'by = "ann"', "views[1].by: 'ann' answers 'OB-1' twice"),
        ('kind = "spread"', 'kind = "vote"', "resolutions[0].kind"),
        ('element = "OB-2"\nkind', 'element = "SQ-3"\nkind', "settles no disagreement"),
    ],
)
def test_bad_views_and_resolutions_are_one_line(old: str, new: str, message: str) -> None:
    start = _merged_text().index("[[views]]")
    text = _merged_text()
    bad = text[:start] + text[start:].replace(old, new, 1)
    with pytest.raises(FormatError, match=r"m\.toml:") as err:
        parse_document(bad, "m.toml")
    assert message in str(err.value) and "\n" not in str(err.value)


def test_one_assessor_writes_no_views() -> None:
    text = _export(copies()[0])
    assert "[[views]]" not in text and "[[resolutions]]" not in text


def test_the_markdown_report_shows_agreement_and_the_widest_conflicts() -> None:
    from csmaturity_tui.formats import markdown

    _, merged = parse_document(_merged_text(), "m.toml")
    text = markdown.render(SMALL_RUBRIC, merged, evaluate(SMALL_RUBRIC, merged))
    section = text[text.index("## Agreement between assessors") :]
    section = section[: section.index("\n## ", 5)]
    assert "[Agreement between assessors](#agreement-between-assessors)" in text
    assert "| Onboarding Craft | -0.08 | 3 | 33.3% |" in section  # -37/477, tests/engine
    assert "| Overall |" in section and "### The 4 widest conflicts" in section
    widest = [line for line in section.splitlines() if line.startswith("- **")]
    assert [line.split()[1] for line in widest] == ["**OB-2", "**CM-1", "**OB-3", "**SQ-1"]
    assert "  - Settled because: both views hold" in section
    assert "  - cy: N/A: no such team (medium confidence): cy on CM-1" in section
    one = copies()[0]
    assert "Agreement between" not in markdown.render(
        SMALL_RUBRIC, one, evaluate(SMALL_RUBRIC, one)
    )
