"""The rubric lint (``rubric check`` warnings, ``--strict``): each rule, on crafted rubrics."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from csmaturity_tui import rubric
from csmaturity_tui.lint import (
    KINDS,
    SIMILAR_FROM,
    compound,
    lint,
    lint_problems,
    phrases,
    similarity,
    words,
)
from helpers import SMALL

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"
# the default rubric's warnings by kind (docs/methodology.md, "Rubric lint", says the same):
# none, so it passes --strict
DEFAULT_COUNTS: dict[str, int] = {}

_DISTINCT = [
    "Who signs off the kickoff plan?",
    "Is a success plan written before go-live?",
    "How soon after signature does training start?",
    "Which usage signal does the CSM read first each week?",
    "Are alerts reviewed by a named owner?",
    "Do false alarms get logged and removed?",
    "When is the renewal forecast updated?",
    "Who approves a discount at renewal?",
    "Are expansion ideas tracked in the CRM?",
    "How many accounts does one CSM carry?",
    "Is there a career path for CSMs?",
    "How is burnout noticed on the team?",
    "Is customer data tagged by sensitivity?",
    "Can an agent's output be traced to its inputs?",
    "Has legal reviewed automated outreach?",
]


# the fixture's levels are one template ("X 1: nothing written down, ..."): each element
# gets its own words instead, "<label>: <noun> <level words>"
_NOUNS = [
    "ledger",
    "roster",
    "handbook",
    "tracker",
    "calendar",
    "forecast",
    "playbook",
    "register",
    "dashboard",
    "charter",
    "backlog",
    "inventory",
    "journal",
    "scorecard",
    "archive",
]
_LEVEL_WORDS = ("improvised", "written once", "owned weekly", "tuned monthly")
_TEMPLATE = (
    "nothing written down, each person improvises",
    "a written checklist exists and is mostly followed",
    "an owner runs it on a cadence with a shared tracker",
    "measured weekly and tuned from the results",
)


def level(label: str, n: int, k: int) -> str:
    """The clean fixture's level ``k`` (0-based) of its ``n``-th element (0-based)."""
    return f"{label}: {_NOUNS[n]} {_LEVEL_WORDS[k]}"


def clean_text() -> str:
    """The fixture with fifteen distinct questions and its own words at every level of
    each element: no warning at all."""
    questions = iter(_DISTINCT)
    text = re.sub(
        r'^question = "[^"]*"$',
        lambda _m: f'question = "{next(questions)}"',
        SMALL.read_text(),
        flags=re.MULTILINE,
    )
    lines = text.splitlines(keepends=True)
    n = 0
    for i, line in enumerate(lines):
        if line.startswith("levels = ["):
            for k, template in enumerate(_TEMPLATE):
                found = re.search(rf'"([^":]+): {re.escape(template)}"', line)
                assert found is not None, line
                line = line.replace(found.group(0), f'"{level(found.group(1), n, k)}"')
            lines[i] = line
            n += 1
    return "".join(lines)


def _warnings(text: str) -> list[str]:
    return [str(p) for p in lint_problems(rubric.loads(text, "r.toml"), "r.toml")]


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_clean_rubric_has_no_warning() -> None:
    assert _warnings(clean_text()) == []


def test_the_fixture_warns_of_its_near_duplicate_questions_and_its_template() -> None:
    found = lint(rubric.load(SMALL))
    # "How does the team handle X item 1?" and "... item 2?": 8 of 9 words match, 0.89;
    # three such questions per dimension, four dimensions: 3 pairs x 4 = 12 (the
    # AI-readiness ones match 5 of 6 words: 0.83, under 0.85)
    assert Counter(w.kind for w in found)["near-duplicate-question"] == 12
    # its levels are one template for all 15 elements: every phrase of it is flagged once
    # per level, at the first element (and phrases with the item's number, "1 nothing
    # written", shared by the five first items)
    templates = [w for w in found if w.kind == "template-phrase"]
    assert {w.kind for w in found} == {"near-duplicate-question", "template-phrase"}
    flagged = {(w.path[-1], w.message.split("'")[1]) for w in templates}
    for k, template in enumerate(_TEMPLATE):
        assert {(str(k), p) for p in phrases(template)} <= flagged
    assert all("of 15 elements" in w.message or "of 5 elements" in w.message for w in templates)
    first = lint_problems(rubric.load(SMALL), "s.toml")[0]
    assert str(first) == (
        "s.toml:67: dimensions.0.elements.1.question: warning: OB-2 asks nearly what OB-1 "
        "asks (similarity 0.89, from 0.85) [near-duplicate-question]"
    )


def _with_question(question: str) -> str:
    return clean_text().replace(f'"{_DISTINCT[0]}"', f'"{question}"', 1)


def test_long_question_over_30_words() -> None:
    thirty = " ".join(["word"] * 29) + " now?"
    assert _warnings(_with_question(thirty)) == []
    text = _with_question("so " + thirty)
    assert _warnings(text) == [
        f"r.toml:{_line_of(text, 'so word')}: dimensions.0.elements.0.question: warning: "
        "question has 31 words (more than 30): ask one thing in one sentence [long-question]"
    ]


@pytest.mark.parametrize(
    ("question", "why"),
    [
        ("Who owns renewals? Who owns expansion?", "2 question marks"),
        ("Who owns renewals; who owns expansion?", "a semicolon"),
        ("Is it written and approved and followed?", "'and' 2 times"),
        ("Is there routing, response times and a shared view?", "a list of three or more"),
        ("Is coverage high-touch, low-touch or digital?", "a list of three or more"),
    ],
)
def test_compound_questions(question: str, why: str) -> None:
    found = compound(question)
    assert found is not None and found.startswith(why)
    [line] = _warnings(_with_question(question))
    assert "dimensions.0.elements.0.question: warning: question asks several things" in line
    assert line.endswith("[compound-question]")


@pytest.mark.parametrize(
    "question",
    ["Who owns renewals and expansion?", "Is the plan, once written, followed?", "Who signs?"],
)
def test_one_thing_is_not_compound(question: str) -> None:
    assert compound(question) is None


def test_repeated_descriptor_across_elements() -> None:
    text = clean_text().replace(
        f'"{level("Signal Quality 1", 3, 0)}"', f'"{level("Onboarding Craft 1", 0, 0)}"', 1
    )
    [line] = _warnings(text)
    assert line == (
        f"r.toml:{_line_of(text, level('Signal Quality 1', 3, 1))}: "
        "dimensions.1.elements.0.levels.0: warning: level 1 of SQ-1 repeats a descriptor "
        "of OB-1 [repeated-descriptor]"
    )


def test_levels_not_distinct() -> None:
    text = clean_text().replace(
        f'"{level("Onboarding Craft 1", 0, 1)}"', '"Onboarding Craft 1: ledger, tuned monthly"', 1
    )
    [line] = _warnings(text)
    assert "dimensions.0.elements.0.levels.3: warning: level 4 reads like level 2" in line
    assert line.endswith("make each level observably different [levels-not-distinct]")


def test_element_without_evidence() -> None:
    text = clean_text().replace('evidence = "Ask for the readiness 2 log."\n', "", 1)
    [line] = _warnings(text)
    where = _line_of(text, 'id = "RD-2"') - 1  # the key is absent: its table's header
    assert line == (
        f"r.toml:{where}: ai_readiness.1.evidence: warning: RD-2 "
        "has no evidence hint: say what to open or whom to ask [no-evidence]"
    )


def _set_level(text: str, label: str, n: int, k: int, new: str) -> str:
    old = f'"{level(label, n, k)}"'
    assert old in text
    return text.replace(old, f'"{new}"', 1)


@pytest.mark.parametrize(
    "said",
    ["an agent", "the bot", "a Copilot", "AI", "an LLM", "machine learning", "a virtual CSM"],
)
def test_agent_in_maturity(said: str) -> None:
    text = _with_question(f"Does {said} answer onboarding questions?")
    [line] = _warnings(text)
    assert "dimensions.0.elements.0.question: warning: OB-1 speaks of" in line
    assert line.endswith("[agent-in-maturity]")
    # the AI-readiness layer may speak of agents: that is what it measures
    ai = clean_text().replace(f'"{_DISTINCT[-1]}"', f'"Does {said} draft outreach?"', 1)
    assert _warnings(ai) == []


def test_agent_in_maturity_reads_levels_and_evidence_but_not_other_words() -> None:
    text = _set_level(clean_text(), "Onboarding Craft 1", 0, 3, "The agent tunes it monthly")
    [line] = _warnings(text)
    assert "dimensions.0.elements.0.levels.3: warning: OB-1 speaks of 'agent'" in line
    # "paid", "said", "agency", "bottom" and a lower-case "ai" inside words are not agents
    fine = _with_question("Is paid onboarding, as said, run by an agency from the bottom?")
    assert _warnings(fine) == []


def test_absence_above_the_middle() -> None:
    text = _set_level(clean_text(), "Onboarding Craft 1", 0, 2, "Ledger owned, never skipped")
    [line] = _warnings(text)
    assert line.endswith(
        "dimensions.0.elements.0.levels.2: warning: level 3 of OB-1 states an absence "
        "('never'): from level 3 up, say what is there [absence-above]"
    )
    for said in ("No ledger at all", "Ledger not kept"):  # levels 1 and 2 may say so
        for k in (0, 1):
            assert _warnings(_set_level(clean_text(), "Onboarding Craft 1", 0, k, said)) == []
    for said in ("Ledger kept without gaps", "Ledger owned; nobody skips it", "isn't late"):
        found = _warnings(_set_level(clean_text(), "Onboarding Craft 1", 0, 3, said))
        assert [w.endswith("[absence-above]") for w in found] == [True], said


def test_template_phrase_at_five_elements_of_one_level() -> None:
    labels = ["Onboarding Craft 1", "Onboarding Craft 2", "Onboarding Craft 3"]
    labels += ["Signal Quality 1", "Signal Quality 2"]
    text = clean_text()
    for n, label in enumerate(labels[:4]):
        text = _set_level(text, label, n, 3, f"{label}: {_NOUNS[n]} across every segment")
    assert _warnings(text) == []  # four elements: a shared phrase, not a template
    five = _set_level(text, labels[4], 4, 3, f"{labels[4]}: {_NOUNS[4]} across every segments")
    [line] = _warnings(five)
    assert line == (
        f"r.toml:{_line_of(five, 'Onboarding Craft 1: ledger')}: "
        "dimensions.0.elements.0.levels.3: warning: 'across every segment' is at level 4 "
        "of 5 elements (OB-1, OB-2, OB-3, SQ-1, SQ-2): describe each practice in its own "
        "words [template-phrase]"
    )
    # the same phrase at different levels is not a template
    mixed = _set_level(text, labels[4], 4, 2, f"{labels[4]}: {_NOUNS[4]} across every segment")
    assert _warnings(mixed) == []


def test_phrases_fold_plurals_and_skip_small_words() -> None:
    assert phrases("Leading indicators are tracked") == {
        "leading indicator are",
        "indicator are tracked",
    }
    assert phrases("of the account") == set()  # one word of three is not small
    assert phrases("two words") == set()


def test_default_rubric_counts_and_no_near_duplicates() -> None:
    found = Counter(w.kind for w in lint(rubric.load()))
    assert dict(found) == DEFAULT_COUNTS
    assert found["near-duplicate-question"] == 0


def test_no_two_default_questions_come_near_the_duplicate_threshold() -> None:
    """By the lint's own measure, the closest two questions of the default rubric stay well
    under the threshold: a margin, so a small edit cannot tip a pair over it unseen."""
    r = rubric.load()
    questions = [words(e.question) for e in r.element_by_id.values()]
    closest = max(similarity(a, b) for a, b in combinations(questions, 2))
    assert closest < SIMILAR_FROM - 0.2, closest


def test_default_cli_strict_passes() -> None:
    done = _check("--strict")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith("ok: csmaturity-default 2.")


def test_methodology_doc_states_the_default_counts() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert "## Rubric lint" in doc
    for kind in KINDS:
        assert f"| `{kind}` | {DEFAULT_COUNTS.get(kind, 0)} |" in doc, kind


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "csmaturity_tui", "rubric", "check", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_warnings_pass_and_strict_fails(tmp_path: Path) -> None:
    n = len(lint(rubric.load(SMALL)))  # 12 near-duplicate questions, its level template
    plain = _check(str(SMALL))
    assert plain.returncode == 0
    assert plain.stdout == (
        "ok: fixture-small 0.3.1: 4 dimensions, 12 elements, 3 AI-readiness elements, "
        f"3 agents; {n} lint warnings (--strict lists them)\n"
    )
    assert plain.stderr == ""  # a plain check validates; the lint speaks under --strict
    strict = _check(str(SMALL), "--strict")
    assert strict.returncode == 1 and strict.stdout == ""
    lines = strict.stderr.splitlines()[:n]
    assert all(re.match(rf"{re.escape(str(SMALL))}:\d+: \S+: warning: ", x) for x in lines)
    assert strict.stderr.splitlines()[n] == (
        f"csmaturity: {SMALL}: {n} lint warnings; --strict fails on warnings"
    )
    clean = tmp_path / "clean.toml"
    clean.write_text(clean_text())
    passed = _check(str(clean), "--strict")
    assert (passed.returncode, passed.stderr) == (0, "")
    assert passed.stdout.startswith("ok: fixture-small 0.3.1")
    broken = Path(__file__).parent / "broken" / "carry_split.toml"
    assert _check(str(broken), "--strict").returncode == 2  # errors stay exit 2
