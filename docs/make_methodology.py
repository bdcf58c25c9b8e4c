"""Regenerate the rubric-derived parts of docs/methodology.md from rubric.toml.

    .venv/bin/python docs/make_methodology.py          # rewrite the generated parts
    .venv/bin/python docs/make_methodology.py --check  # exit 1 if the doc is stale

The doc's prose (how to run an assessment, the lint, the formulas) is written by hand;
what describes the default rubric (its version, the scale, each dimension with its areas
and elements, the AI-readiness layer, the agents) is written here, between
``<!-- rubric:NAME -->`` and ``<!-- /rubric:NAME -->`` markers, so it cannot drift from
the rubric. tests/rubric/test_methodology_doc.py runs the check.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.rubric import Rubric

DOC = Path(__file__).resolve().parent / "methodology.md"


def _num(value: float) -> str:
    return f"{value:g}"


def version(r: Rubric) -> str:
    return f"The default rubric is `rubric.toml` ({r.meta.id}, version {r.meta.version})."


def scale(r: Rubric) -> str:
    rows = [f"| {s.level} | {s.name} | {s.summary} |" for s in r.scale]
    return "\n".join(["| level | name | what it looks like |", "|---|---|---|", *rows])


def dimensions(r: Rubric) -> str:
    out = [
        f"{len(r.dimensions)} dimensions, {r.element_count} elements. The counts differ by",
        "dimension, and so do the weights: a dimension's weight is its share in the overall",
        "score, an element's weight its share in its dimension (1 when the rubric says",
        "nothing). Each dimension drives the three NRR levers (retain, protect, expand) in",
        "the proportions shown; these weights turn a dimension's gap into the ARR it would",
        "return when fixed. Its effort (1 = a leadership or process decision, 2 = data and",
        "systems work; csmaturity's own estimate) weighs that return in the ranking.",
    ]
    for n, d in enumerate(r.dimensions, start=1):
        lv = d.levers
        levers = f"retain {lv.retain:.2f}, protect {lv.protect:.2f}, expand {lv.expand:.2f}"
        goal = r.target_for(d)
        out += ["", f"### {n}. {d.name} (`{d.id}`)", "", d.summary, ""]
        if d.source:
            out += [f"*Where it comes from.* {d.source}", ""]
        out.append(
            f"Weight {_num(d.weight)}. Levers: {levers}. Target {_num(goal)}. "
            f"Effort {_num(d.effort)}. {len(d.elements)} elements in {len(d.areas)} areas:"
        )
        out.append("")
        for area in d.areas:
            items = "; ".join(
                f"{e.title} ({e.id}{'' if e.weight == 1 else f', weight {_num(e.weight)}'})"
                for e in d.elements
                if e.area == area
            )
            out.append(f"- **{area}**: {items}.")
    return "\n".join(out)


def ai_layer(r: Rubric) -> str:
    names = {d.id: d.name for d in r.dimensions}
    rows = [
        f"| {a.id} | {a.pillar} | {a.title} | {', '.join(names[d] for d in a.dimensions)} |"
        for a in r.ai_readiness
    ]
    head = ["| id | pillar | element | strengthens |", "|---|---|---|---|"]
    return "\n".join([*head, *rows])


def safeguards(r: Rubric) -> str:
    agents = {a.id: a.name for a in r.agents}
    rows = []
    for a in r.agents:
        if a.exposure != "external":
            continue
        minimums = sorted(set((a.gate_elements or {}).values()))
        guards = ", ".join(a.gate_elements or {}) or "none"
        if len(minimums) > 1:
            guards = ", ".join(f"{k} ≥ {v}" for k, v in (a.gate_elements or {}).items())
        after = ", ".join(agents[x] for x in a.after or []) or "none"
        rows.append(f"| {a.name} | {guards} | {after} |")
    head = ["| external agent | safeguards (each ≥ 3) | after the pilots of |", "|---|---|---|"]
    return "\n".join([*head, *rows])


def agents(r: Rubric) -> str:
    names = {d.id: d.name for d in r.dimensions}
    rows = []
    for a in r.agents:
        feeds = ", ".join(f"{names[d]} {_num(w)}" for d, w in a.feeds.items())
        gate = [f"{names[d]} ≥ {_num(v)}" for d, v in a.gate.items()]
        if a.min_ai_readiness is not None:
            gate.append(f"AI readiness ≥ {_num(a.min_ai_readiness)}")
        rows.append(f"| {a.name} | {a.exposure} | {feeds} | {', '.join(gate)} | {a.effort} |")
    head = ["| agent | exposure | feeds on | gate | effort |", "|---|---|---|---|---|"]
    return "\n".join([*head, *rows])


def failure_modes(r: Rubric) -> str:
    names = {d.id: d.name for d in r.dimensions}
    rows = []
    for a in r.agents:
        for fm_id, fm in zip(a.failure_mode_ids, a.failure_modes, strict=True):
            where = names[fm.dimension] + (f", {fm.area}" if fm.area else "")
            rows.append(f"| {a.name} | `{fm_id}` | {fm.signal} | {where} |")
    head = ["| agent | failure mode | what the pilot shows | where the fix lands |"]
    return "\n".join([*head, "|---|---|---|---|", *rows])


SECTIONS: dict[str, Callable[[Rubric], str]] = {
    "version": version,
    "scale": scale,
    "dimensions": dimensions,
    "ai-layer": ai_layer,
    "safeguards": safeguards,
    "agents": agents,
    "failure-modes": failure_modes,
}


def render(doc: str, r: Rubric) -> str:
    """``doc`` with every generated section rewritten from ``r``."""
    for name, make in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- rubric:{name} -->\n)(?:.*?\n)?(<!-- /rubric:{name} -->)", re.DOTALL
        )
        found = pattern.search(doc)
        if found is None:
            raise SystemExit(f"{DOC}: no <!-- rubric:{name} --> section")
        doc = doc[: found.end(1)] + make(r) + "\n" + doc[found.start(2) :]
    return doc


def main() -> int:
    doc = DOC.read_text(encoding="utf-8")
    new = render(doc, rubric_mod.load())
    if "--check" in sys.argv:
        if new != doc:
            print(f"{DOC.name} is stale: run .venv/bin/python docs/make_methodology.py")
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    print(f"wrote {DOC.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
