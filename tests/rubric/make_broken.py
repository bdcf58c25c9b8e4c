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

_LAST = 'meaning = "Go-live content is not owned."'  # the fixture's last line

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
        "scale: levels must be numbered [1, 2, 3, 4] in order (got [1, 3, 3, 4])",
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
        "dimensions.1.effort: is not an effort: give a number above 0 (got 0.0)",
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
        'levers = ["protect", "upsell"]',
        "agents.1.levers.1: Input should be 'retain', 'protect' or 'expand' (got 'upsell')",
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
    "failure_mode_area_elsewhere": (
        'dimension = "onboard"\nmeaning = "Go-live content is not owned."',
        'dimension = "onboard"\narea = "Telemetry"\nmeaning = "Go-live content is not owned."',
        "agents.2.failure_modes.0.area: 'Telemetry' is not an area of 'onboard'",
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
        "quadrant.weak_link_from: must lie from 1 to strong_from (2.5) (got 3.5)",
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
    # numbers that are not numbers, or not sane ones (issue 14)
    "inf_weight": (
        "weight = 2.0\nlevers",
        "weight = inf\nlevers",
        "dimensions.1.weight: must be a finite number (got inf)",
    ),
    "nan_churn_tax": (
        "churn_tax = [1.2, 2.0]",
        "churn_tax = [1.2, nan]",
        "nrr.churn_tax.1: must be a finite number (got nan)",
    ),
    "minus_inf_benchmark": (
        "benchmark_grr = 0.88",
        "benchmark_grr = -inf",
        "nrr.benchmark_grr: must be a finite number (got -inf)",
    ),
    "huge_feed_weight": (
        "feeds = { commerce = 1.0, crew = 1.0 }",
        "feeds = { commerce = 1.0, crew = 1e300 }",
        "agents.1.feeds.crew: Input should be less than or equal to 1000 (got 1e+300)",
    ),
    "huge_churn_tax": (
        "churn_tax = [1.2, 2.0]",
        "churn_tax = [1.2, 1.7e308]",
        "nrr.churn_tax.1: Input should be less than or equal to 10 (got 1.7e+308)",
    ),
    "churn_tax_below_one": (
        "churn_tax = [1.2, 2.0]",
        "churn_tax = [0.5, 2.0]",
        "nrr.churn_tax.0: Input should be greater than or equal to 1 (got 0.5)",
    ),
    "subnormal_weight": (
        "weight = 2.0\nlevers",
        "weight = 5e-324\nlevers",
        "dimensions.1.weight: must not be a subnormal number (too small to compute with) "
        "(got 5e-324)",
    ),
    "huge_strong_from": (
        "strong_from = 2.5",
        "strong_from = 1e300",
        "quadrant.strong_from: Input should be less than or equal to 100 (got 1e+300)",
    ),
    # text that would reach a terminal (issue 14)
    "osc52_in_title": (
        'title = "Small fixture rubric"',
        'title = "Small \\u001b]52;c;ZWNobyBwd25lZA==\\u0007 rubric"',
        "rubric.title: must not contain a control character ('\\x1b' at character 7) "
        "(got 'Small \\x1b]52;c;ZWNobyBwd25lZA==\\x07 rubric')",
    ),
    "c1_csi_in_descriptor": (
        '"Signal Quality 2: a written checklist exists and is mostly followed"',
        '"Signal Quality 2: \\u009b2J a written checklist exists"',
        "dimensions.1.elements.1.levels.1: must not contain a control character "
        "('\\x9b' at character 19) (got 'Signal Quality 2: \\x9b2J a written checklist exists')",
    ),
    "rtl_override_in_question": (
        'question = "How does the team handle signal quality item 2?"',
        'question = "How does the team \\u202ehandle signal quality item 2?"',
        "dimensions.1.elements.1.question: must not contain a bidirectional control character "
        "('\\u202e' at character 19)",
    ),
    "nul_in_agent_name": (
        'name = "Renewal drafter"',
        'name = "Renewal\\u0000drafter"',
        "agents.1.name: must not contain a control character ('\\x00' at character 8) "
        "(got 'Renewal\\x00drafter')",
    ),
    "newline_in_dimension_name": (
        'name = "Onboarding Craft"',
        'name = "Onboarding\\nCraft"',
        "dimensions.0.name: must not contain a control character ('\\n' at character 11) "
        "(got 'Onboarding\\nCraft')",
    ),
    # [[carry]]: older element ids mapped to this rubric's (issue 16)
    "carry_to_unknown": (
        _LAST,
        _LAST + '\n\n[[carry]]\nfrom = "OB-0"\nto = "OB-9"',
        "carry.0.to: names no element of this rubric (carry answers to one of its elements) "
        "(got 'OB-9')",
    ),
    "carry_from_twice": (
        _LAST,
        _LAST + '\n\n[[carry]]\nfrom = "OB-0"\nto = "OB-1"\n\n'
        '[[carry]]\nfrom = "OB-0"\nto = "OB-2"',
        "carry.1.from: is already carried by carry.0: give each older id once (got 'OB-0')",
    ),
    "carry_from_current_element": (
        _LAST,
        _LAST + '\n\n[[carry]]\nfrom = "OB-1"\nto = "OB-2"',
        "carry.0.from: is an element of this rubric: its answers stay with it (drop the "
        "entry, or carry it to itself) (got 'OB-1')",
    ),
    "carry_split": (
        _LAST,
        _LAST + '\n\n[[carry]]\nfrom = "OB-0"\nto = ["OB-1", "OB-2"]',
        "carry.0.to: names one element id, or [] for a retired element (an answer is "
        "carried to one element: name the one it fits best) (got ['OB-1', 'OB-2'])",
    ),
    "carry_unknown_key": (
        _LAST,
        _LAST + '\n\n[[carry]]\nfrom = "OB-0"\nto = []\nfrom_version = "0.2.0"',
        "carry.0.from_version: unknown key",
    ),
    "carry_missing_to": (
        _LAST,
        _LAST + '\n\n[[carry]]\nfrom = "OB-0"',
        "carry.0.to: required key is missing",
    ),
}
# the value each message must quote (the offending value, or the key when it is the fault);
# a TOML syntax error has none (the file is not data yet): it names the line instead
VALUES: dict[str, str] = {
    "syntax_unclosed_string": "",
    "duplicate_toml_key": "",
    "unknown_top_table": "extras",
    "unknown_element_key": "evidenc",
    "missing_rubric_id": "rubric.id",
    "scale_out_of_order": "(got [1, 3, 3, 4])",
    "too_few_levels": "has 3 descriptors",
    "same_descriptor_twice": "(got 'Signal Quality 2: nothing written down",
    "duplicate_element_id": "'OB-1'",
    "dimension_id_reused_by_agent": "'crew'",
    "ai_unknown_dimension": "'crews'",
    "feeds_unknown_dimension": "'staff'",
    "gate_unknown_dimension": "'commerc'",
    "gate_off_scale": "minimum 7.0",
    "bad_semver": "(got '0.3')",
    "churn_tax_reversed": "2.0 is above high 1.2",
    "recovery_capture_lengths": "has 3 entries",
    "recovery_above_one": "(got 1.5)",
    "zero_weight": "(got 0)",
    "bad_exposure": "(got 'customer')",
    "bad_lever": "(got 'upsell')",
    "effort_off_range": "(got 9)",
    "no_internal_agent": "agents",
    "failure_mode_unknown_dimension": "'launch'",
    "failure_mode_area_elsewhere": "'Telemetry'",
    "strong_from_off_scale": "(got 9.0)",
    "missing_question": "question",
    "unknown_lever_weight": "renew",
    "wrong_type": "(got 'high')",
    "empty": "rubric",
    "rtl_override_in_question": "(got 'How does the team \\u202ehandle",
    "realization_not_increasing": "0.4",
    "realization_above_one": "1.3",
    "realization_empty": "realization",
    "controllable_share_above_one": "1.4",
    "value_tag_unknown_element": "'CM-9'",
    "source_for_no_key": "'benchmark_gr'",
    "segments_out_of_order": "5000",
    "segment_rate_off": "15",
    "gate_element_unknown": "'RD-9'",
    "gate_element_off_scale": "minimum 7",
    "gate_elements_missing": "gate_elements",
    "gate_elements_empty": "gate_elements",
    "after_unknown_agent": "'scout'",
    "after_external_agent": "'greeter'",
    "failure_mode_id_twice": "'wrong_alerts'",
    "carry_unknown_key": "from_version",
    "carry_missing_to": "to",
}


def write_all() -> None:
    for stale in HERE.joinpath("broken").glob("*.toml"):
        stale.unlink()
    for name, (old, new, expect) in CASES.items():
        assert old in BASE, name
        text = BASE.replace(old, new, -1 if name.startswith("no_") else 1)
        value = VALUES.get(name, expect[expect.rfind("(got ") :] if "(got " in expect else None)
        assert value is not None, f"{name}: say which value its message quotes"
        (HERE / "broken" / f"{name}.toml").write_text(
            f"# expect: {expect}\n# value: {value}\n{text}"
        )
    (HERE / "broken" / "empty.toml").write_text(
        "# expect: rubric: required key is missing\n# value: rubric\n"
    )
    deep = "[" * 10_000 + "]" * 10_000
    (HERE / "broken" / "deep_nesting.toml").write_text(
        "# expect: tables or arrays nested more than 16 deep\n# value: \n"
        + BASE.replace("[quadrant]", f"deep = {deep}\n\n[quadrant]", 1)
    )


if __name__ == "__main__":
    write_all()
