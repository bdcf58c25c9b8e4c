"""The Markdown report: the demo's golden file, Mermaid shape, hostile text."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.demo import demo_path
from csmaturity_tui.engine import evaluate
from csmaturity_tui.formats import markdown
from csmaturity_tui.formats.toml_reader import read_assessment
from csmaturity_tui.model import Assessment, Status
from csmaturity_tui.rubric import Rubric
from helpers import SMALL
from strategies import assessments

GOLDEN = Path(__file__).parent / "golden" / "demo.md"

HOSTILE = [
    "pipe | in | a | cell",
    "two\nlines\r\nand\rmore\u2028sep",
    "```\ncode fence\n```",
    "`tick` and ``double``",
    "<script>alert(1)</script> <b>bold</b> &amp; &#60;",
    '"] ; end\n    Evil: [0.5, 0.5]',
    "%% mermaid comment",
    "\x1b[31mred\x1b[0m \x07bell \x1b]0;title\x07",
    "null\x00byte",
    "\u202eRTL override\u202c \u2067isolate\u2069 שלום مرحبا",
    "emoji 👩‍💻🚀 and ZWJ",
    "[link](javascript:alert(1)) ![img](x)",
    "# heading? * bullet _em_ ~strike~ $math$ \\backslash",
]


def demo() -> tuple[Rubric, Assessment]:
    return read_assessment(demo_path().read_text(encoding="utf-8"), "demo")


def render(rubric: Rubric, assessment: Assessment) -> str:
    return markdown.render(rubric, assessment, evaluate(rubric, assessment))


def test_demo_matches_the_golden_file() -> None:
    """The demo's report, with the client's round a year before: what
    ``csmaturity export`` writes for it after ``csmaturity demo``."""
    from csmaturity_tui.demo import earlier_demo_path
    from csmaturity_tui.engine.compare import Side, compare, trend

    rounds = [
        read_assessment(path.read_text(encoding="utf-8"), "demo")
        for path in (earlier_demo_path(), demo_path())
    ]
    sides = [Side(r, a, evaluate(r, a)) for r, a in rounds]
    rubric, assessment = rounds[1]
    text = markdown.render(
        rubric,
        assessment,
        sides[1].report,
        since=compare(sides[0], sides[1]),
        history=trend(sides),
    )
    if os.environ.get("CSMATURITY_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8", newline="")
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "the demo's Markdown changed: review it, then run "
        "CSMATURITY_UPDATE_GOLDEN=1 pytest tests/formats/test_markdown_format.py"
    )


_INIT = re.compile(r"^%%\{init: \{.*\}\}%%$")
# the one piece of HTML the report writes itself: a section's explicit anchor
_ANCHOR = re.compile(r'^## <a id="[a-z0-9-]+"></a>[^<`]*$')


def _blocks(text: str, kind: str) -> list[list[str]]:
    """The mermaid blocks of ``kind``, each from its kind line (after the theme line)."""
    out = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line == "```mermaid":
            assert _INIT.match(lines[i + 1]), lines[i + 1]  # an explicit, visible theme
            if lines[i + 2] == kind:
                end = lines.index("```", i + 1)
                out.append(lines[i + 2 : end])
    return out


_COORD = r"(?:1|0(?:\.\d+)?)"
_POINT = re.compile(rf'^    "([^"\[\]`#;%:\\]*)": \[({_COORD}), ({_COORD})\]$')


def check_mermaid(text: str, rubric: Rubric, assessment: Assessment) -> None:
    report = evaluate(rubric, assessment)
    # every fence is a mermaid block, closed
    fences = [line for line in text.splitlines() if line.startswith("```")]
    assert all(f in ("```mermaid", "```") for f in fences)
    assert fences == ["```mermaid", "```"] * (len(fences) // 2)

    (quad,) = _blocks(text, "quadrantChart")
    assert quad[0] == "quadrantChart"
    assert {ln.split()[0] for ln in quad[1:] if not _POINT.match(ln)} == {
        "title", "x-axis", "y-axis", "quadrant-1", "quadrant-2", "quadrant-3", "quadrant-4",
    }  # fmt: skip
    points = [_POINT.match(ln) for ln in quad]
    found = [m for m in points if m]
    # an agent whose fed dimensions are all unscored has no maturity: listed, not plotted
    known = [a for a in report.agents if a.maturity is not None]
    internal = [a for a in known if a.exposure == "internal"]
    plotted = internal + [a for a in known if a.exposure == "external"]
    assert len(found) == len(plotted)
    unknown = [a for a in report.agents if a.maturity is None]
    if unknown:
        listed = next(ln for ln in text.splitlines() if ln.startswith("Not on the chart"))
        assert all(markdown.md_text(a.name) in listed for a in unknown)
    for m, agent in zip(found, plotted, strict=True):
        x, y = float(m.group(2)), float(m.group(3))
        assert 0 <= x <= 1 and 0 <= y <= 1
        assert (x >= 0.5) == (agent.quadrant in ("strong_internal", "strong_external"))
        assert (y >= 0.5) == (agent.exposure == "external")

    charts = _blocks(text, "xychart-beta")
    if not report.nrr.sized:
        assert charts == []
        return
    (xy,) = charts
    assert xy[0] == "xychart-beta"
    assert re.fullmatch(r'    title "[^"]*"', xy[1])
    labels = re.fullmatch(r'    x-axis \[((?:"[^"]*", )*"[^"]*")\]', xy[2])
    assert labels
    axis = re.fullmatch(r'    y-axis "[^"]*" (-?\d+) --> (-?\d+)', xy[3])
    assert axis
    low, high = int(axis.group(1)), int(axis.group(2))
    bar = re.fullmatch(r"    bar \[(.*)\]", xy[4])
    line = re.fullmatch(r"    line \[(.*)\]", xy[5])
    assert bar and line and bar.group(1) == line.group(1)  # the bars label the line's points
    values = [float(v) for v in line.group(1).split(", ")]
    assert len(values) == labels.group(1).count('"') // 2
    assert all(low <= v <= high for v in values)
    assert len(xy) == 6


def test_demo_mermaid_blocks_have_the_right_shape() -> None:
    rubric, assessment = demo()
    check_mermaid(render(rubric, assessment), rubric, assessment)


def _unescaped(pattern: str, line: str) -> list[str]:
    return re.findall(rf"(?<!\\){pattern}", line.replace("\\\\", ""))


def check_safe(text: str) -> None:
    for bad in ("\x1b", "\x00", "\x07", "\u202e", "\u2067", "\r", "\u2028"):
        assert bad not in text
    in_fence = False
    columns: int | None = None
    for line in text.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        assert not _unescaped("<", line) or _ANCHOR.match(line), line
        assert not _unescaped("`", line), line
        if line.startswith("|"):
            count = len(_unescaped(r"\|", line))
            columns = count if columns is None else columns
            assert count == columns, line
        else:
            columns = None


def hostile(rubric: Rubric, assessment: Assessment, text: str) -> Assessment:
    answers = {
        k: dataclasses.replace(
            a, note=text, na_reason=text if a.na_reason is not None else None, flagged=True
        )
        for k, a in assessment.answers.items()
    }
    meta = dataclasses.replace(assessment.meta, client=text, scope=text, assessors=text)
    return Assessment(meta, assessment.baseline, answers)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_cannot_break_the_document(text: str) -> None:
    rubric, assessment = demo()
    evil = hostile(rubric, assessment, text)
    out = render(rubric, evil)
    check_safe(out)
    check_mermaid(out, rubric, evil)
    assert out.count("\n## ") == render(rubric, assessment).count("\n## ")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessment=assessments(rubric_mod.load(SMALL)), text=st.text(max_size=30))
def test_any_text_any_assessment_is_safe(assessment: Assessment, text: str) -> None:
    rubric = rubric_mod.load(SMALL)
    evil = hostile(rubric, assessment, text or "x")
    out = render(rubric, evil)
    assert out == render(rubric, evil)
    check_safe(out)
    check_mermaid(out, rubric, evil)


def test_escaping_examples() -> None:
    assert markdown.md_text("a | b") == "a \\| b"
    assert markdown.md_text("<b>x</b>") == "\\<b\\>x\\</b\\>"
    assert markdown.md_text("R&D &amp;") == "R&D &amp;amp;"
    assert markdown.md_text("one\ntwo") == "one two"
    assert markdown.mermaid_label('say "hi" [x]: #1; 100%') == "\"say 'hi' (x) 1 100\""
    assert markdown.mermaid_label("") == '"?"'


def test_the_decision_asked_for_counts_what_the_blueprint_runs() -> None:
    """The executive summary's phase counts are the blueprint's, item for item."""
    from csmaturity_tui.engine import evaluate

    rubric, assessment = demo()
    report = evaluate(rubric, assessment)
    pilots, fixes = ([i for i in p.items if i.scheduled] for p in report.phases[:2])
    assert pilots and fixes
    text = render(rubric, assessment)
    assert f"Approve phase 1 ({len(pilots)} internal-agent pilots)" in text
    assert f"phase 2 ({len(fixes)} operating-model fixes" in text


def test_every_contents_link_has_an_explicit_anchor() -> None:
    """The contents link to ids the report sets itself: renderers that derive no heading
    ids (cmark-gfm, many viewers) still resolve them, and GitHub's own slug agrees."""
    text = render(*demo())
    links = re.findall(r"^\d+\. \[([^\]]+)\]\(#([a-z0-9-]+)\)$", text, flags=re.MULTILINE)
    assert len(links) == 10
    for title, slug in links:
        assert f'## <a id="{slug}"></a>{title}' in text.splitlines(), title
        # GitHub's slug of the heading's text: lower case, punctuation dropped, - for space
        assert slug == re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")
    ids = re.findall(r'<a id="([a-z0-9-]+)"></a>', text)
    assert len(ids) == len(set(ids)) == 10


def _with_status(assessment: Assessment, status: Status, keep: int | None = None) -> Assessment:
    answers = dict(list(assessment.answers.items())[:keep]) if keep is not None else None
    return dataclasses.replace(
        assessment,
        meta=dataclasses.replace(assessment.meta, status=status),
        answers=answers if answers is not None else assessment.answers,
    )


def test_a_report_not_marked_complete_says_draft_at_the_top() -> None:
    rubric, assessment = demo()
    assert "Draft:" not in render(rubric, assessment)  # the demo is complete
    draft = _with_status(assessment, "draft", keep=26)
    lines = render(rubric, draft).splitlines()
    total = len(rubric.element_by_id)
    done = sum(1 for a in draft.answers.values() if a.is_done)
    assert lines[2] == (
        f"> **Draft: {100 * done / total:.1f}% answered** ({done} of {total} elements; the "
        "assessment is not marked complete). Scores, gates and the NRR case rest on the "
        "answers given so far and will move as the rest are answered."
    )
    # every element answered but not marked complete: still a draft
    assert "**Draft: 100.0% answered**" in render(rubric, _with_status(assessment, "draft"))
    # answers carried from the previous round are not answered until confirmed
    whole = _with_status(assessment, "draft")
    carried = {
        k: dataclasses.replace(a, carried=True) if i < 3 else a
        for i, (k, a) in enumerate(whole.answers.items())
    }
    text = render(rubric, dataclasses.replace(whole, answers=carried))
    left = sum(a.is_done for a in carried.values())
    assert left == len(carried) - 3
    assert (
        f"({left} of {total} elements, 3 carried from the previous round to confirm; "
        "the assessment is not marked complete)"
    ) in text
    assert "marked N/A, and 3 more carried from the previous round, not yet confirmed." in text


def test_agents_of_unknown_maturity_are_listed_beside_the_chart_not_plotted() -> None:
    rubric, assessment = demo()
    nothing = _with_status(assessment, "draft", keep=0)
    text = render(rubric, nothing)
    (quad,) = _blocks(text, "quadrantChart")
    assert not [ln for ln in quad if _POINT.match(ln)]  # no point at the left edge
    listed = next(ln for ln in text.splitlines() if ln.startswith("Not on the chart"))
    assert all(a.name in listed for a in rubric.agents)
    check_mermaid(text, rubric, nothing)
    # one dimension answered: the agents that feed on it are plotted, the others listed
    first = rubric.dimensions[0]
    one = dataclasses.replace(
        nothing, answers={e.id: assessment.answers[e.id] for e in first.elements}
    )
    text = render(rubric, one)
    check_mermaid(text, rubric, one)
    feeding = {a.name for a in rubric.agents if first.id in a.feeds}
    (quad,) = _blocks(text, "quadrantChart")
    plotted = {m.group(1) for ln in quad if (m := _POINT.match(ln))}
    assert plotted == feeding
