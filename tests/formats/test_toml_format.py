"""The csmaturity/1 TOML format: byte-identical round trips and one-line errors."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.demo import demo_path
from csmaturity_tui.engine import evaluate
from csmaturity_tui.formats import toml_reader, toml_writer
from csmaturity_tui.formats.toml_reader import FormatError, parse
from csmaturity_tui.inputs import text_problem
from csmaturity_tui.model import Answer, Assessment, AssessmentMeta, Baseline, PilotOutcome
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store
from helpers import SMALL
from strategies import assessments

RUBRICS = {"small": rubric_mod.load(SMALL), "default": rubric_mod.load()}
DEMO = demo_path().read_text(encoding="utf-8")


def export(rubric: Rubric, assessment: Assessment) -> str:
    return toml_writer.dumps(rubric, assessment, evaluate(rubric, assessment))


def from_parts(text: str) -> tuple[Rubric, Assessment]:
    """Parse an export back into a rubric and an assessment, without a database."""
    return toml_reader.read_assessment(text, "x.toml")


@functools.cache
def _demo() -> Assessment:
    """The demo, parsed once (a property test reads it in every example)."""
    return from_parts(DEMO)[1]


def through_store(db: Path, text: str, *, as_new: bool = False) -> tuple[str, str]:
    """Import ``text`` into the database at ``db`` and export it again: (id, text)."""
    with Store.open(db) as store:
        rubric_text, meta, baseline, answers, pilots = parse(text, "x.toml")
        aid = store.import_assessment(
            rubric_text, meta, baseline, answers, as_new=as_new, pilots=pilots
        )
        rubric, assessment = store.load(aid)
    return aid, export(rubric, assessment)


def test_demo_round_trip_is_byte_identical(tmp_path: Path) -> None:
    _, again = through_store(tmp_path / "a.db", DEMO)
    assert again == DEMO


def test_demo_round_trip_without_a_database() -> None:
    assert export(*from_parts(DEMO)) == DEMO


def test_pilots_are_exported_in_rubric_order_and_read_back() -> None:
    rubric, assessment = from_parts(DEMO)
    assert assessment.pilots["meeting_preparation"] == PilotOutcome(
        "meeting_preparation",
        "stopped",
        ("expansion_section_empty", "activity_not_outcomes"),
        "Stopped after 5 weeks: review packs listed activity, not outcomes.",
    )
    agents = re.findall(r'^\[\[pilots\]\]\nagent = "([^"]+)"', DEMO, flags=re.M)
    assert agents == [a.id for a in rubric.agents if a.id in assessment.pilots]
    # the report carries each agent's one status and its pilot
    assert re.search(r'id = "just_in_time_updates"\n(?:.*\n)*?status = "blocked"', DEMO)
    assert 'pilot_outcome = "stopped"' in DEMO


def test_a_carried_answer_is_written_marked_and_read_back_carried(tmp_path: Path) -> None:
    rubric, assessment = from_parts(DEMO)
    assert "carried = " not in DEMO  # nothing carried: the key is never written
    first = next(iter(assessment.answers))
    answers = {**assessment.answers}
    answers[first] = dataclasses.replace(answers[first], carried=True)
    text = export(rubric, dataclasses.replace(assessment, answers=answers))
    block = text.split("[[answers]]")[1]
    assert block.rstrip().endswith("carried = true") and text.count("carried = true") == 1
    _rubric, back = from_parts(text)
    assert back.answers == answers
    _aid, again = through_store(tmp_path / "c.db", text)
    assert again == text  # through the store too, byte for byte
    with Store.open(tmp_path / "c.db") as store:
        n = len(rubric.element_by_id)
        done = sum(a.is_done for a in answers.values())
        assert store.list_assessments()[0].progress == pytest.approx(done / n)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'agent = "meeting_preparation"',
            'agent = "virtual_csm"',
            "pilots[3].agent: 'virtual_csm' is an external agent; only internal ones pilot",
        ),
        (
            '    "expansion_section_empty",\n',
            '    "empty_briefs",\n',
            "pilots[3].seen: 'empty_briefs' is not a failure mode of 'meeting_preparation'",
        ),
        (
            'outcome = "stopped"',
            'outcome = "paused"',
            "pilots[3].outcome: Input should be 'not_started', 'running', 'proven' or 'stopped'",
        ),
        (
            'agent = "meeting_preparation"',
            'agent = "lifecycle_automation"',
            "pilots[3].agent: 'lifecycle_automation' is given twice (also pilots[2])",
        ),
    ],
)
def test_a_bad_pilot_is_one_line_with_its_place(old: str, new: str, message: str) -> None:
    assert old in DEMO
    with pytest.raises(FormatError) as info:
        parse(DEMO.replace(old, new, 1), "x.toml")
    text = str(info.value)
    assert text.startswith("x.toml:") and message in text and "\n" not in text


def test_layout_and_determinism() -> None:
    rubric, assessment = from_parts(DEMO)
    text = export(rubric, assessment)
    assert text == export(rubric, assessment)
    assert text.startswith("# A csmaturity assessment")
    assert 'format = "csmaturity/1"' in text.splitlines()[1]
    heads = [line for line in text.splitlines() if re.match(r"^\[[^\[]", line)]
    assert heads[:2] == ["[assessment]", "[baseline]"]
    rubric_at = text.index("\n[rubric]\nid = ")
    assert rubric_at > text.index("[[report.phases]]")
    assert re.match(
        r"\n\[rubric\]\nid = .*\nversion = .*\nsha256 = .*\ntext = '''\n", text[rubric_at:]
    )
    assert f"\ntext = '''\n{rubric.source}'''\n" in text  # verbatim, so it reads as written
    # answers follow the rubric's order
    ids = re.findall(r'^element = "([^"]+)"', text[: text.index("\n[report]\n")], flags=re.M)
    assert ids == [eid for eid in rubric.element_by_id if eid in assessment.answers]
    # the report is there and says it is computed
    assert "[report.nrr]" in text and "computed = true" in text


@pytest.mark.parametrize("name", list(RUBRICS))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_assessments_round_trip_through_the_store(
    name: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    rubric = RUBRICS[name]
    drawn = data.draw(assessments(rubric))
    folder = tmp_path_factory.mktemp("rt")
    with Store.open(folder / "first.db") as store:
        aid = store.import_assessment(
            rubric.source,
            drawn.meta,
            drawn.baseline,
            list(drawn.answers.values()),
            pilots=list(drawn.pilots.values()),
        )
        first = export(*store.load(aid))
        assert store.load(aid)[1].pilots == drawn.pilots
    _, second = through_store(folder / "second.db", first)
    assert second == first


_ANY_TEXT = st.text(max_size=40)
# what the text rule allows: one line (client, scope, by) or lines and tabs (a note)
_LINE = _ANY_TEXT.filter(lambda s: text_problem(s) is None)
_LINES = _ANY_TEXT.filter(lambda s: text_problem(s, multiline=True) is None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    assessment=assessments(RUBRICS["small"]),
    client=_LINE.filter(lambda s: s.strip() != ""),
    scope=_LINE,
    note=_LINES,
    by=_LINE,
)
def test_any_allowed_text_survives_the_format(
    assessment: Assessment, client: str, scope: str, note: str, by: str
) -> None:
    """Every allowed string (quotes, backslashes, newlines, RTL, emoji...) comes back exactly."""
    rubric = RUBRICS["small"]
    answers = {
        k: dataclasses.replace(a, note=note + a.note, by=by) for k, a in assessment.answers.items()
    }
    meta = dataclasses.replace(assessment.meta, client=client, scope=scope)
    original = Assessment(meta, assessment.baseline, answers)
    text = export(rubric, original)
    rubric2, back = from_parts(text)
    assert back == original
    assert export(rubric2, back) == text


@settings(max_examples=60, deadline=None)
@given(
    before=_LINE,
    bad=st.sampled_from(
        ["\x1b", "\x00", "\x07", "\x7f", "\x9b", "\u202e", "\u2066", "\ud800", "\r"]
    ),
    field=st.sampled_from(["client", "scope", "assessors"]),
)
def test_refused_text_names_the_field_and_the_value(before: str, bad: str, field: str) -> None:
    """Text that breaks the rule is refused on import: one line, the field, the value escaped."""
    changed: dict[str, Any] = {field: "x" + before + bad}
    demo = _demo()
    meta = dataclasses.replace(demo.meta, **changed)
    text = export(RUBRICS["small"], Assessment(meta, Baseline(), {}))  # the rubric is not the point
    with pytest.raises(FormatError) as info:
        parse(text, "x.toml")
    message = str(info.value)
    assert f"assessment.{field}: " in message
    assert repr(bad)[1:-1] in message  # the value, escaped: never the raw character
    assert "\n" not in message and bad not in message


@pytest.mark.parametrize(
    "extra",
    [
        "# a comment with ''' and \"\"\" and a \\ backslash and \\n not a newline\n",
        '# trailing quote "\n',
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_rubric_text_round_trips_exactly(extra: str, newline: str, tmp_path: Path) -> None:
    source = (SMALL.read_text(encoding="utf-8") + extra).replace("\n", newline)
    rubric = rubric_mod.loads(source)
    assessment = Assessment(
        meta=from_parts(DEMO)[1].meta,
        answers={
            "OB-1": Answer(
                "OB-1", level=2, note="a\r\nb\\c'''d\"\"\"", updated="2026-03-18T10:00:00Z", by="D"
            )
        },
    )
    text = export(rubric, assessment)
    rubric_text, *_ = parse(text, "x.toml")
    assert rubric_text == source
    _, again = through_store(tmp_path / "a.db", text)
    with Store.open(tmp_path / "a.db") as store:
        pinned, _ = store.load(assessment.meta.id)
    assert pinned.source == source
    assert again == text


def test_report_part_is_ignored() -> None:
    tampered = DEMO.replace("[report.nrr]\navailable = true", "[report.nrr]\navailable = false")
    tampered = re.sub(r"(?m)^(churn_tax = )\S+$", r"\g<1>1.0", tampered)
    assert tampered != DEMO
    assert parse(tampered, "x.toml") == parse(DEMO, "x.toml")
    no_report = (
        DEMO[: DEMO.index("# Computed from the answers")] + DEMO[DEMO.index("# The rubric") :]
    )
    assert parse(no_report, "x.toml") == parse(DEMO, "x.toml")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _first_answer_line(text: str, key: str) -> tuple[int, str]:
    start = text.index("[[answers]]")
    pos = text.index(f"\n{key} = ", start) + 1
    end = text.index("\n", pos)
    return text[:pos].count("\n") + 1, text[pos:end]


def _error(text: str) -> str:
    with pytest.raises(FormatError) as info:
        parse(text, "in.toml")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("in.toml")
    return message


def test_error_malformed_toml() -> None:
    message = _error(DEMO.replace('status = "complete"', "status = complete", 1))
    assert re.match(r"in\.toml:\d+: not valid TOML", message)


def test_error_other_format_version() -> None:
    message = _error(DEMO.replace('format = "csmaturity/1"', 'format = "csmaturity/2"'))
    assert message == (
        "in.toml:2: format: this file is in format 'csmaturity/2'; this version reads "
        "'csmaturity/1'"
    )


def test_error_no_format() -> None:
    assert "format: missing" in _error('[assessment]\nid = "x"\n')


def test_error_unknown_key_names_its_line() -> None:
    text = DEMO.replace('scope = "', 'colour = "red"\nscope = "', 1)
    message = _error(text)
    assert message == f"in.toml:{_line_of(text, 'colour')}: assessment.colour: unknown key"


def test_error_unknown_element() -> None:
    line, original = _first_answer_line(DEMO, "element")
    message = _error(DEMO.replace(original, 'element = "ZZ-99"', 1))
    assert message == f"in.toml:{line}: answers[0].element: no element 'ZZ-99' in the rubric"


def test_error_level_out_of_range() -> None:
    line, original = _first_answer_line(DEMO, "level")
    message = _error(DEMO.replace(original, "level = 9", 1))
    assert message == f"in.toml:{line}: answers[0].level: must be 1 to 5 (got 9)"


def test_error_level_of_wrong_type() -> None:
    line, original = _first_answer_line(DEMO, "level")
    message = _error(DEMO.replace(original, 'level = "3"', 1))
    assert message.startswith(f"in.toml:{line}: answers[0].level: ")


def test_error_na_without_reason() -> None:
    _line, original = _first_answer_line(DEMO, "level")
    message = _error(DEMO.replace(original, "na = true", 1))
    assert message.startswith("in.toml:") and "answers[0].reason: N/A needs a reason" in message


def test_error_invalid_rubric_points_into_the_text() -> None:
    text = DEMO.replace("strong_from = 3.0\n", "strong_from = 9.0\n")
    text = text.replace("[report]\ncomputed", "[report]\ncomputed", 1)
    message = _error(text)
    assert "rubric: the rubric is not valid: rubric.text:" in message
    assert "quadrant.strong_from: must lie on the scale" in message
    number = int(message.split(":")[1])
    assert text.splitlines()[number - 1].startswith("strong_from = 9.0")


def test_error_rubric_text_edited_without_its_hash() -> None:
    text = DEMO.replace('title = "Customer Success', 'title = "Customer  Success', 1)
    assert "rubric.sha256: does not match" in _error(text)


def test_error_negative_money_and_bad_date() -> None:
    assert "baseline.start_arr: must be 0 or more" in _error(
        DEMO.replace("start_arr = 48600000.0", "start_arr = -1.0")
    )
    assert "assessment.date: must be a date" in _error(
        DEMO.replace('date = "2026-03-18"', 'date = "18/03/2026"')
    )


def test_error_duplicate_answer() -> None:
    first = DEMO.index("[[answers]]")
    block = DEMO[first : DEMO.index("[[answers]]", first + 1)]
    message = _error(DEMO.replace(block, block + block, 1))
    assert "is answered twice" in message


def test_an_export_from_before_pilots_and_safeguards_still_imports(tmp_path: Path) -> None:
    """csmaturity/1 gained [[pilots]] compatibly; an older embedded rubric loads leniently."""
    start, end = DEMO.index("[[pilots]]\n"), DEMO.index("# Computed from the answers")
    without = DEMO[:start] + DEMO[end:]
    assert "[[pilots]]" not in without and without != DEMO
    *_, pilots = parse(without, "old.toml")
    assert pilots == []
    old_rubric = SMALL.read_text(encoding="utf-8").replace(
        "gate_elements = { RD-1 = 3, RD-3 = 2 }\n", ""
    )
    rubric = rubric_mod.loads(old_rubric)
    meta = AssessmentMeta(
        id="00000000-0000-4000-8000-0000000000d1", client="Old", date="2024-05-06"
    )
    text = export(rubric, Assessment(meta, answers={"OB-1": Answer("OB-1", level=3)}))
    assert 'kind = "undeclared"' in text  # the report says why the beta is blocked
    aid, first = through_store(tmp_path / "old.db", text)
    _, second = through_store(tmp_path / "again.db", first)
    assert second == first and aid == meta.id


def test_a_hand_written_file_may_give_grr_and_nrr_instead_of_amounts() -> None:
    """The percentages go through the model's rules and become the amounts (GRR all
    churned unless a contraction is given); a bad one is one line naming its key."""
    amounts = "churned_arr = 3400000.0\ncontraction_arr = 1750000.0\nexpansion_arr = 4150000.0\n"
    assert amounts in DEMO
    rates = DEMO.replace(amounts, "contraction_arr = 1750000.0\ngrr = 90.0\nnrr = 100.0\n", 1)
    baseline = parse(rates, "in.toml")[2]
    assert (baseline.churned_arr, baseline.contraction_arr) == (3_110_000.0, 1_750_000.0)
    assert baseline.expansion_arr == 4_860_000.0
    message = _error(DEMO.replace(amounts, "grr = 90.0\nnrr = 85.0\n", 1))
    assert message.endswith("baseline.nrr: must be at least GRR (90%) (got 85.0)")
    message = _error(DEMO.replace(amounts, "grr = 188.0\n", 1))
    assert message.endswith("baseline.grr: must be a percentage from 0 to 100 (got 188.0)")
