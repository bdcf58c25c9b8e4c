"""Rebuild the corpus of broken rubrics from the small fixture.

Run ``python tests/rubric/make_broken.py``.

Each case is the fixture with one fault; the first line of each file says the
message that ``csmaturity rubric check`` must print for it (``# expect: ...``),
and ``# line: N`` when the message must carry that line number.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
BASE = (HERE.parent / "fixtures" / "small_rubric.toml").read_text()

# name: (old text, new text, expected message fragment)
CASES: dict[str, tuple[str, str, str]] = {
    "syntax_unclosed_string": (
        'title = "Small fixture rubric"',
        'title = "Small fixture rubric',
        "TOML syntax",
    ),
    "unknown_top_table": ("[quadrant]", "[extras]\nfoo = 1\n\n[quadrant]", "extras: unknown key"),
    "unknown_element_key": (
        'evidence = "Look at the tracker for team health item 3."',
        'evidenc = "Look at the tracker for team health item 3."',
        "dimensions.3.elements.2.evidenc: unknown key",
    ),
    "missing_rubric_id": ('id = "fixture-small"\n', "", "rubric.id: required key is missing"),
    "bad_semver": (
        'version = "0.3.1"',
        'version = "0.3"',
        "rubric.version: String should match pattern",
    ),
    "scale_out_of_order": (
        "level = 2\n",
        "level = 3\n",
        "scale: levels must be numbered [1, 2, 3, 4] in order",
    ),
    "too_few_levels": (
        'levels = ["Onboarding Craft 1: nothing written down, each person improvises", ',
        "levels = [",
        "dimensions.0.elements.0.levels: has 3 descriptors; the scale has 4 levels",
    ),
    "same_descriptor_twice": (
        '"Signal Quality 2: a written checklist exists and is mostly followed"',
        '"Signal Quality 2: nothing written down, each person improvises"',
        "dimensions.1.elements.1.levels: two descriptors are the same",
    ),
    "duplicate_element_id": (
        'id = "CM-2"',
        'id = "OB-1"',
        "dimensions.2.elements.1.id: id 'OB-1' is already used",
    ),
    "dimension_id_reused_by_agent": (
        'id = "drafter"',
        'id = "crew"',
        "agents.1.id: id 'crew' is already used",
    ),
    "ai_unknown_dimension": (
        'dimensions = ["crew"]',
        'dimensions = ["crews"]',
        "ai_readiness.2.dimensions.0: unknown dimension 'crews'",
    ),
    "feeds_unknown_dimension": (
        "feeds = { commerce = 1.0, crew = 1.0 }",
        "feeds = { commerce = 1.0, staff = 1.0 }",
        "agents.1.feeds.staff: unknown dimension 'staff'",
    ),
    "gate_unknown_dimension": (
        "gate = { commerce = 3.0 }",
        "gate = { commerc = 3.0 }",
        "agents.1.gate.commerc: unknown dimension",
    ),
    "gate_off_scale": (
        "gate = { signal = 2.5 }",
        "gate = { signal = 7 }",
        "agents.0.gate.signal: minimum 7.0 is off the scale 1 to 4",
    ),
    "churn_tax_reversed": (
        "churn_tax = [1.2, 2.0]",
        "churn_tax = [2.0, 1.2]",
        "nrr.churn_tax: low multiplier 2.0 is above high 1.2",
    ),
    "churn_tax_below_one": (
        "churn_tax = [1.2, 2.0]",
        "churn_tax = [0.8, 2.0]",
        "nrr.churn_tax: low multiplier 0.8 is below 1",
    ),
    "realization_not_increasing": (
        "realization = [0.4, 1.0]",
        "realization = [0.6, 0.4]",
        "nrr.realization.1: year 2 share 0.4 is below year 1's 0.6 in [0.6, 0.4]",
    ),
    "realization_above_one": (
        "realization = [0.4, 1.0]",
        "realization = [0.6, 1.3]",
        "nrr.realization.1: year 2 share 1.3 in [0.6, 1.3] is off 0 to 1",
    ),
    "realization_empty": (
        "realization = [0.4, 1.0]",
        "realization = []",
        "nrr.realization: List should have at least 1 item",
    ),
    "controllable_share_above_one": (
        "controllable_share = 0.6",
        "controllable_share = 1.4",
        "nrr.controllable_share: 1.4 is a share: it must lie from 0 to 1",
    ),
    "value_tag_unknown_element": (
        'value_monetized = ["CM-1"]',
        'value_monetized = ["CM-9"]',
        "nrr.value_monetized.0: unknown element 'CM-9'",
    ),
    "source_for_no_key": (
        'benchmark_grr = "Fixture Benchmarks Inc., retention survey (2024)"',
        'benchmark_gr = "Fixture Benchmarks Inc., retention survey (2024)"',
        "nrr.sources.benchmark_gr: names no [nrr] key: 'benchmark_gr'",
    ),
    "effort_zero": (
        "effort = 2.0\n",
        "effort = 0\n",
        "dimensions.1.effort: 0 is not an effort: give a number above 0",
    ),
    "segments_out_of_order": (
        "[nrr.sources]",
        '[[nrr.segments]]\nname = "Mid"\nacv_from = 20000\nexpansion_rate = 0.1\n\n'
        '[[nrr.segments]]\nname = "Small"\nacv_from = 5000\nexpansion_rate = 0.05\n\n'
        "[nrr.sources]",
        "nrr.segments.1.acv_from: 5000 is not above the band before it (20000)",
    ),
    "segment_rate_off": (
        "[nrr.sources]",
        '[[nrr.segments]]\nname = "Mid"\nacv_from = 0\nexpansion_rate = 15\n\n[nrr.sources]',
        "nrr.segments.0.expansion_rate: 15 is off 0 to 10",
    ),
    "recovery_capture_lengths": (
        "realization = [0.4, 1.0]",
        "realization = [0.4, 1.0]\nrecovery = [0.25, 0.5]\ncapture = [0.2, 0.4, 0.6]",
        "nrr.capture: has 3 entries but recovery has 2",
    ),
    "recovery_above_one": (
        "realization = [0.4, 1.0]",
        "realization = [0.4, 1.0]\nrecovery = [0.25, 1.5]",
        "nrr.recovery.1: Input should be less than or equal to 1",
    ),
    "zero_weight": (
        "weight = 2.0\nlevers",
        "weight = 0\nlevers",
        "dimensions.1.weight: Input should be greater than 0",
    ),
    "bad_exposure": (
        'exposure = "external"',
        'exposure = "customer"',
        "agents.2.exposure: Input should be 'internal' or 'external'",
    ),
    "bad_lever": (
        'levers = ["protect", "expand"]',
        'levers = ["protect", "grow"]',
        "agents.1.levers.1: Input should be 'retain', 'protect' or 'expand'",
    ),
    "effort_off_range": (
        "effort = 4",
        "effort = 9",
        "agents.2.effort: Input should be less than or equal to 5",
    ),
    "no_internal_agent": (
        'exposure = "internal"',
        'exposure = "external"',
        "agents: at least one agent must be internal",
    ),
    "failure_mode_unknown_dimension": (
        'dimension = "onboard"\nmeaning = "Go-live content is not owned."',
        'dimension = "launch"\nmeaning = "Go-live content is not owned."',
        "agents.2.failure_modes.0.dimension: unknown dimension 'launch'",
    ),
    "strong_from_off_scale": (
        "strong_from = 2.5",
        "strong_from = 9.0",
        "quadrant.strong_from: must lie on the scale, 1 to 4",
    ),
    "missing_question": (
        'question = "How does the team handle signal quality item 2?"\n',
        "",
        "dimensions.1.elements.1.question: required key is missing",
    ),
    "unknown_lever_weight": (
        "{ retain = 0.6, protect = 0.2, expand = 0.2 }",
        "{ retain = 0.6, renew = 0.2, expand = 0.2 }",
        "dimensions.0.levers.renew: unknown key",
    ),
    "wrong_type": (
        "benchmark_grr = 0.88",
        'benchmark_grr = "high"',
        "nrr.benchmark_grr: Input should be a valid number",
    ),
    "gate_element_unknown": (
        "gate_elements = { RD-1 = 3, RD-3 = 2 }",
        "gate_elements = { RD-1 = 3, RD-9 = 2 }",
        "agents.2.gate_elements.RD-9: unknown element 'RD-9'",
    ),
    "gate_element_off_scale": (
        "gate_elements = { RD-1 = 3, RD-3 = 2 }",
        "gate_elements = { RD-1 = 7, RD-3 = 2 }",
        "agents.2.gate_elements.RD-1: minimum 7 is off the scale 1 to 4",
    ),
    "gate_elements_missing": (
        "gate_elements = { RD-1 = 3, RD-3 = 2 }\n",
        "",
        "agents.2.gate_elements: required key is missing: an external agent names its "
        "safeguard elements",
    ),
    "gate_elements_empty": (
        "gate_elements = { RD-1 = 3, RD-3 = 2 }",
        "gate_elements = {}",
        "agents.2.gate_elements: is empty: an external agent names at least one safeguard",
    ),
    "after_unknown_agent": (
        'after = ["watcher"]',
        'after = ["watcher", "scout"]',
        "agents.2.after.1: unknown agent 'scout'",
    ),
    "after_external_agent": (
        'after = ["watcher"]',
        'after = ["greeter"]',
        "agents.2.after.0: 'greeter' is an external agent; after names internal pilots",
    ),
    "weak_link_above_strong": (
        "weak_link_from = 2.0",
        "weak_link_from = 3.5",
        "quadrant.weak_link_from: 3.5 must lie from 1 to strong_from (2.5)",
    ),
    "failure_mode_id_twice": (
        'id = "wrong_alerts"\n',
        'id = "wrong_alerts"\nsignal = "Late alerts"\ndimension = "signal"\n\n'
        '[[agents.failure_modes]]\nid = "wrong_alerts"\n',
        "agents.0.failure_modes.1.id: failure mode id 'wrong_alerts' is used twice",
    ),
    "duplicate_toml_key": (
        'title = "Small fixture rubric"',
        'title = "Small fixture rubric"\ntitle = "Again"',
        "TOML syntax",
    ),
}


def write_all() -> None:
    for old in HERE.joinpath("broken").glob("*.toml"):
        old.unlink()
    for name, (old, new, expect) in CASES.items():
        assert old in BASE, name
        text = BASE.replace(old, new, -1 if name.startswith("no_") else 1)
        (HERE / "broken" / f"{name}.toml").write_text(f"# expect: {expect}\n{text}")
    (HERE / "broken" / "empty.toml").write_text("# expect: rubric: required key is missing\n")


if __name__ == "__main__":
    write_all()
