"""The rubric loader: the default and the fixture load; every broken file says why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from csmaturity_tui import rubric

HERE = Path(__file__).parent
BROKEN = sorted((HERE / "broken").glob("*.toml"))


def _expectation(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), path
    return first.removeprefix("# expect: ")


def test_corpus_is_large_enough() -> None:
    assert len(BROKEN) >= 20


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_rubric_gives_its_message(path: Path) -> None:
    with pytest.raises(rubric.RubricError) as info:
        rubric.load(path)
    lines = [str(p) for p in info.value.problems]
    expected = _expectation(path)
    assert any(expected in line for line in lines), lines
    for line in lines:
        assert line.startswith(f"{path}"), line
        assert "\n" not in line


def test_line_numbers_point_at_the_fault() -> None:
    path = HERE / "broken" / "unknown_element_key.toml"
    with pytest.raises(rubric.RubricError) as info:
        rubric.load(path)
    problem = info.value.problems[0]
    assert problem.line is not None
    assert path.read_text().splitlines()[problem.line - 1].startswith("evidenc =")


def test_syntax_error_line_is_the_toml_line() -> None:
    path = HERE / "broken" / "syntax_unclosed_string.toml"
    with pytest.raises(rubric.RubricError) as info:
        rubric.load(path)
    problem = info.value.problems[0]
    assert problem.line is not None
    assert 'title = "Small fixture rubric' in path.read_text().splitlines()[problem.line - 1]


def test_missing_file_directory_and_binary(tmp_path: Path) -> None:
    with pytest.raises(rubric.RubricError, match="no such file"):
        rubric.load(tmp_path / "nope.toml")
    with pytest.raises(rubric.RubricError, match="is a directory"):
        rubric.load(tmp_path)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(rubric.RubricError, match="not UTF-8"):
        rubric.load(binary)


def test_fixture_loads_with_its_derived_views(small_rubric_path: Path) -> None:
    r = rubric.load(small_rubric_path)
    assert r.levels == 4
    assert r.element_count == 12
    assert len(r.element_by_id) == 15  # 12 elements and 3 AI-readiness elements
    assert r.dimension_of["CM-2"] == "commerce"
    assert r.dimension_by_id["onboard"].areas == ("Kickoff", "Go-live")
    assert r.default_target == 3.0
    assert r.source == small_rubric_path.read_text()
    assert len(r.sha256) == 64


def test_default_target_falls_back_to_strong_from(small_rubric_path: Path) -> None:
    text = small_rubric_path.read_text().replace("target = 3.0\n", "", 1)
    assert rubric.loads(text).default_target == 2.5


# rubric 2.0.0: elements per dimension and the dimension weights, chosen by importance
COUNTS = {
    "strategy": 18,
    "journey": 21,
    "data": 19,
    "engagement": 21,
    "enablement": 18,
    "people": 18,
    "value": 19,
}
WEIGHTS = {
    "strategy": 1.0,
    "journey": 1.1,
    "data": 1.2,
    "engagement": 1.2,
    "enablement": 1.0,
    "people": 0.8,
    "value": 1.0,
}


def test_default_rubric_meets_the_methodology_counts() -> None:
    r = rubric.load()
    assert [s.name for s in r.scale] == [
        "Reactive",
        "Repeatable",
        "Operationalized",
        "Predictive",
        "Prescriptive",
    ]
    assert r.meta.version == "2.0.0"
    assert {d.id: len(d.elements) for d in r.dimensions} == COUNTS
    assert {d.id: d.weight for d in r.dimensions} == WEIGHTS
    assert r.element_count == sum(COUNTS.values()) == 134
    for d in r.dimensions:
        assert 3 <= len(d.areas) <= 6, d.id
        weights = [e.weight for e in d.elements]
        # a judgment, not a count: some elements weigh more, some less, all within 0.5-2
        assert min(weights) < 1 < max(weights), d.id
        assert all(0.5 <= w <= 2 for w in weights), d.id
    assert len(r.ai_readiness) == 20
    exposures = {a.exposure for a in r.agents}
    assert exposures == {"internal", "external"}
    assert sum(a.exposure == "internal" for a in r.agents) >= 6
    assert sum(a.exposure == "external" for a in r.agents) >= 3


def test_external_agents_guard_customer_data() -> None:
    """Every external agent needs data protection (AI-21) among its safeguards."""
    r = rubric.load()
    for agent in r.agents:
        if agent.exposure == "external":
            assert agent.gate_elements and agent.gate_elements.get("AI-21") == 3, agent.id


def test_default_rubric_descriptors_are_distinct() -> None:
    r = rubric.load()
    seen: dict[str, str] = {}
    for element in r.element_by_id.values():
        assert len(set(element.levels)) == len(element.levels), element.id
        for text in element.levels:
            assert text not in seen, f"{element.id} repeats a descriptor of {seen.get(text)}"
            seen[text] = element.id
    questions = [e.question for e in r.element_by_id.values()]
    assert len(set(questions)) == len(questions)


def test_every_agent_has_failure_modes_pointing_at_an_area_of_a_dimension() -> None:
    r = rubric.load()
    for agent in r.agents:
        assert agent.failure_modes, agent.id
        for fm in agent.failure_modes:
            assert fm.dimension in r.dimension_by_id
            assert fm.area in r.dimension_by_id[fm.dimension].areas, (agent.id, fm.area)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "csmaturity_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_rubric_check_default() -> None:
    done = _cli("rubric", "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: ")
    assert "dimensions" in done.stdout and "agents" in done.stdout


def test_cli_rubric_check_broken_lists_every_error() -> None:
    path = HERE / "broken" / "empty.toml"
    done = _cli("rubric", "check", str(path))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) >= 3
    assert all(line.startswith(str(path)) for line in lines)
    assert "Traceback" not in done.stderr


def test_cli_rubric_option_with_a_broken_rubric_is_one_clean_error(tmp_path: Path) -> None:
    path = HERE / "broken" / "bad_lever.toml"
    done = _cli("--db", str(tmp_path / "x.db"), "--rubric", str(path))
    assert done.returncode == 2
    assert "agents.1.levers.1" in done.stderr
    assert "Traceback" not in done.stderr
    # the same lines as `rubric check`: each problem on its own line, naming the file
    assert all(line.startswith(str(path)) for line in done.stderr.strip().splitlines())
    assert not (tmp_path / "x.db").exists()


def test_line_numbers_skip_the_inside_of_multi_line_strings(small_rubric_path: Path) -> None:
    text = small_rubric_path.read_text().replace(
        'description = "Four dimensions, twelve elements, three agents."',
        'description = """Four dimensions.\n[[dimensions]]\nid = "not a key"\n"""',
    )
    text = text.replace(
        'evidence = "Look at the tracker for team health item 3."',
        'evidenc = "Look at the tracker for team health item 3."',
    )
    with pytest.raises(rubric.RubricError) as info:
        rubric.loads(text, "multi.toml")
    problem = info.value.problems[0]
    assert problem.path == "dimensions.3.elements.2.evidenc"
    assert problem.line is not None
    assert text.splitlines()[problem.line - 1].startswith("evidenc =")


def test_carry_may_map_a_current_element_to_itself(small_rubric_path: Path) -> None:
    text = small_rubric_path.read_text() + (
        '\n[[carry]]\nfrom = "OB-1"\nto = "OB-1"\n\n[[carry]]\nfrom = "XX-1"\nto = []\n'
    )
    r = rubric.loads(text, strict=True)
    assert r.carry_map == {"OB-1": "OB-1", "XX-1": None}
