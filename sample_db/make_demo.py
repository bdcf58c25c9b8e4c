"""Write sample_db/demo.toml: the demo assessment, in the csmaturity/1 export format,
and sample_db/demo_2025.toml: the same client's round a year before (compare, trend).

Deterministic: the company, the per-dimension level pattern, the notes, the
confidence and the review flags are data below; the stamps are fixed. The file
is produced the way ``csmaturity export`` produces it (imported into a
throw-away database, loaded back, exported), so importing demo.toml and
exporting it again gives the same bytes.

    .venv/bin/python sample_db/make_demo.py     # then: make sample (rebuilds demo.db)

The levels are tuned so the demo's report shows all four quadrants, at least
one external agent blocked by its gate, and a non-zero Churn Tax and Expansion
Gap; tests/cli/test_demo.py checks those properties with the engine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import tempfile
from pathlib import Path

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.demo import DEMO_ID, EARLIER_DEMO_ID
from csmaturity_tui.engine import evaluate
from csmaturity_tui.formats import toml_writer
from csmaturity_tui.model import Answer, AssessmentMeta, Baseline, Confidence, PilotOutcome
from csmaturity_tui.store import Store

HERE = Path(__file__).resolve().parent
OUT = HERE / "demo.toml"
OUT_EARLIER = HERE / "demo_2025.toml"

META = AssessmentMeta(
    id=DEMO_ID,
    client="Lumenfold Analytics",
    scope=(
        "Post-sale organization for the Mid-Market and Enterprise segments, North America "
        "and EMEA: 38 CSMs, 4 renewal managers, 5 in CS Operations"
    ),
    assessors="Dana Whitfield (lead), Marco Ilić · Halvard & Pike Advisory",
    date="2026-03-18",
    status="complete",
    created="2026-03-16T08:30:00Z",
    updated="2026-03-18T17:42:00Z",
)

BASELINE = Baseline(
    currency="USD",
    period="FY2025",
    start_arr=48_600_000.0,
    churned_arr=3_400_000.0,
    contraction_arr=1_750_000.0,
    expansion_arr=4_150_000.0,
    targets={"enablement": 3.0, "people": 3.0},
)

# Levels in rubric order, one string per dimension ("-" = N/A, reason in NA below).
LEVELS: dict[str, str] = {
    "strategy": "4 3 3 4 4 2 4 4 3 3 2 3 3 2 3 4 4 -",
    "journey": "4 3 - 2 4 3 2 3 2 4 4 3 3 2 3 2 2 4 3 4 -",
    "data": "3 3 4 3 4 4 3 2 3 2 3 3 2 4 4 4 3 3 2",
    "engagement": "4 4 4 3 3 3 1 3 3 3 3 2 3 3 4 4 4 4 4 4 3",
    "enablement": "2 2 1 2 1 2 1 2 2 1 2 3 1 2 2 3 1 3",
    "people": "3 - 4 3 3 2 3 2 3 3 2 2 3 2 2 2 3 2",
    "value": "3 3 2 2 2 2 2 1 2 2 3 3 3 3 2 3 2 - 3",
}
AI_LEVELS = "4 3 2 3 1 3 3 2 2 4 2 3 3 4 2 4 2 2 2 3"

NA: dict[str, str] = {
    "SL-20": (
        "Every customer is sold and served directly: no resellers, integrators or MSPs, and "
        "none planned for FY2026 (confirmed with the CRO)."
    ),
    "CJ-03": (
        "No pooled segment: every account above $25k ARR has a named CSM, and the long tail "
        "(about 300 logos) is served by Support under the premium-support contract."
    ),
    "CJ-21": (
        "No self-serve or product-led sign-up: every account is sales-led. Usage pricing "
        "applies only to the Enterprise data-volume commit, which is scored under ER-23."
    ),
    "PO-02": (
        "Onboarding is delivered by Professional Services under a separate SOW; CS takes "
        "over at go-live. The hand-off itself is scored under EO-19."
    ),
    "VA-18": (
        "Deliberately none: customers are regulated finance teams who will not post in a "
        "public forum. The client runs invitation-only peer round-tables instead (VA-19)."
    ),
}

NOTES: dict[str, str] = {
    "SL-01": (
        "Charter signed by the CEO in 2024 and refreshed each January; it names NRR and GRR "
        "as CS outcomes. Seen in the board pack."
    ),
    "SL-04": "The CCO owns GRR outright and co-owns NRR with the CRO. Nobody disputed it.",
    "SL-07": (
        "Motions are listed, but nobody could say which motion moves which lever. The QBR "
        "deck tracks activity counts, not retain / protect / expand."
    ),
    "SL-09": "The CCO sits on the exec team and presents retention monthly.",
    "SL-12": (
        "Cost to serve is known for the company as a whole only; Finance has never split it "
        "by segment. Ask for the FY2026 cost model before the read-out."
    ),
    "SL-15": (
        "The Sales to CS hand-off is a Slack message plus the opportunity notes. Three of "
        "the five CSMs interviewed learned of the customer's goals at kickoff, not before."
    ),
    "SL-18": "Finance shares the renewal calendar and credit-hold list weekly. Works well.",
    "CJ-01": (
        "Segments by ARR and complexity (Enterprise > $150k, Mid-Market $25k–150k), "
        "reviewed every half-year."
    ),
    "CJ-04": (
        "Accounts that move segment at renewal lose their history: the new owner starts "
        "from the CRM record, which is thin. Two churned logos in FY2025 followed a transition."
    ),
    "CJ-07": (
        "Median time to first value is 74 days against a stated goal of <45. Nobody owns "
        "the number between PS sign-off and the first CSM call."
    ),
    "CJ-09": "Stalled onboardings are noticed in the weekly stand-up, by memory.",
    "CJ-11": "Licence utilization is in the health score and reviewed per account monthly.",
    "CJ-15": "Success plans are written by the CSM and rarely shown to the customer.",
    "CJ-20": (
        "The academy has 14 courses, but completions stay in the LMS: nobody can say which "
        "accounts' admins are trained."
    ),
    "CJ-17": (
        "Good digital programme for Mid-Market: onboarding and adoption emails driven by "
        "product events, with open and click data back in the CS platform."
    ),
    "DI-01": (
        "CRM, billing and product usage are joined nightly into the warehouse; the CS "
        "platform reads from there. Parent/child accounts still break about 6% of joins."
    ),
    "DI-03": "Product telemetry is event-level and reliable: the best asset in the stack.",
    "DI-06": (
        "Health score v3: usage depth, support load, sentiment and billing signals, weighted "
        "by segment. Documented in the CS Ops wiki."
    ),
    "DI-08": (
        "The health score has never been back-tested against renewals. CS Ops believes it "
        "predicts churn; we could not find evidence either way. To confirm with the data team."
    ),
    "DI-10": "One score for every segment and stage; onboarding accounts all show amber.",
    "DI-13": (
        "Champion departures are found when emails bounce. No LinkedIn or CRM-contact "
        "change tracking."
    ),
    "DI-12": "Sponsor maps are current for Enterprise; the renewal managers keep them honest.",
    "DI-15": "NRR and GRR come from one dbt model that Finance also uses. Reconciled monthly.",
    "DI-16": "Dashboards per role: CSM, manager, CCO. Used; we saw them open in every 1:1.",
    "DI-19": "KPI definitions are written down and shared with Finance; good.",
    "DI-20": (
        "Churn reason is a CRM pick-list, optional; 'other' and 'budget' cover 60% of lost ARR. "
        "Nothing separates controllable from structural churn, so the controllable share "
        "in the NRR case is the rubric's default, not theirs."
    ),
    "ER-01": (
        "Renewal forecast within ±3% of actual for the last four quarters (Finance "
        "confirmed). Forecast call every Monday with the renewal managers."
    ),
    "ER-02": "Renewal motion starts at 120 days for Enterprise and 90 for Mid-Market.",
    "ER-03": (
        "A standard renewal brief exists and is filled in for every Enterprise renewal; "
        "quality varies with the CSM."
    ),
    "ER-05": (
        "Value realized is not compared with what the customer pays, so the expansion "
        "conversation starts from seats, not outcomes."
    ),
    "ER-06": (
        "Expansion signals (seat overage, new entities) are flagged in the platform but "
        "routed to Sales with no follow-up tracking."
    ),
    "ER-08": "CS sourced 31% of expansion pipeline in FY2025 but only 18% of closed expansion.",
    "ER-09": "A whitespace map exists for the top 60 accounts only, in a spreadsheet.",
    "ER-12": "EBRs twice a year for every Enterprise account; 88% held in FY2025.",
    "ER-21": "Card payments retry three times and the CSM is told; involuntary churn 0.4% of ARR.",
    "ER-22": "Nobody goes back to churned logos. Two returned on their own in FY2025.",
    "EO-01": (
        "CSMs live in email and spreadsheets; the CS platform is opened for the health "
        "score and little else. Tasks are created there and mostly ignored."
    ),
    "EO-03": "Nothing writes back to the CRM: notes from the CS platform stay there.",
    "EO-05": (
        "Playbooks are slide decks. Triggers read 'when the account looks at risk'; no "
        "threshold, no owner. This is what an automation agent will trip over first."
    ),
    "EO-07": "No playbook says when it is finished. Risk plays stay open for months.",
    "EO-10": "Workload is not measured; CSMs report 'about 45 accounts' each, from 22 to 71.",
    "EO-13": (
        "Changes to the health score, playbooks and fields are made by whoever has admin "
        "rights. No change log. Flag for the governance workstream."
    ),
    "EO-17": "CS and Support split work by ticket type; the boundary is clear and respected.",
    "EO-18": (
        "No rules of engagement between CSMs and Account Executives on expansion: who "
        "leads, who is paid. Raised unprompted in four interviews."
    ),
    "PO-03": "Four dedicated renewal managers for Enterprise, paid on GRR. Strong.",
    "PO-06": "A competency model exists for CSMs but not for CS Ops or renewals.",
    "PO-08": "New CSMs take about 6 months to carry a full book; ramp plan is informal.",
    "PO-13": "Regretted CSM attrition 21% in FY2025, above the company average of 12%.",
    "PO-14": "CSM variable pay: 60% GRR, 20% NRR, 20% MBOs.",
    "PO-19": (
        "When a CSM leaves, the book is split across the team for 2–3 months. Customers "
        "noticed (see churn interviews, VA-14)."
    ),
    "VA-01": "The business case from the sale is in the opportunity, but not reused by CS.",
    "VA-03": "No baseline is taken before go-live, so ROI cannot be shown later.",
    "VA-07": "There is no ROI method agreed with customers; each CSM improvises.",
    "VA-08": (
        "No value dashboard. Two CSMs built their own in spreadsheets for EBRs. "
        "To review: the client disputes this and points to the EBR template."
    ),
    "VA-13": "Detractors get a call within 10 working days; closure is tracked in the platform.",
    "VA-14": (
        "Churn interviews done for 9 of 14 lost logos in FY2025. Top reasons: value not "
        "shown to the new CFO (5), CSM changes (3), budget cuts (3)."
    ),
    "VA-16": "About 25 referenceable customers, managed by Marketing; overused.",
    "AI-01": "The CEO asked for an AI-in-CS plan by Q3; the CCO owns it.",
    "AI-10": "No loop yet for capturing where an agent's output was wrong.",
    "AI-13": "Nobody would monitor agent output today; CS Ops has no capacity for it.",
    "AI-15": (
        "Legal drafted accuracy thresholds for customer-facing AI after a support-bot "
        "incident in 2025. To check they cover CS use."
    ),
    "AI-16": "No incident process for agent misfires; the support-bot incident was ad hoc.",
    "AI-18": "AI skills are not part of hiring or onboarding for any CS role yet.",
    "AI-19": "The capacity model predates any agent; nobody has modelled the shift.",
    "AI-21": (
        "Legal keeps a data-flow record for the support bot; the CS pilots were added to it "
        "in week 2. No masking yet."
    ),
    "AI-22": "No evaluation set: pilot output is judged by the CSM who reads it.",
}

HIGH: set[str] = {
    "SL-01", "SL-04", "SL-09", "SL-18", "CJ-01", "CJ-11", "CJ-17", "DI-03", "DI-06",
    "DI-12", "DI-15", "DI-16", "DI-19", "ER-01", "ER-02", "ER-12", "EO-03", "EO-17",
    "PO-03", "PO-13", "PO-14", "VA-13", "VA-14", "SL-20",
}  # fmt: skip
LOW: set[str] = {
    "SL-12", "CJ-09", "CJ-15", "DI-08", "DI-10", "ER-08", "EO-10", "EO-13", "PO-08",
    "VA-08", "VA-15", "DI-20", "AI-10", "AI-13", "AI-15", "AI-19", "AI-22",
}  # fmt: skip
FLAGGED: set[str] = {"SL-15", "DI-08", "EO-05", "EO-13", "VA-08", "AI-15"}
ASSESSORS = ("D. Whitfield", "M. Ilić")

# The internal pilots run so far, with the failure modes seen: the usage monitor is proven,
# the meeting-prep pilot was stopped on the Value gap, three more are running, one waits.
PILOTS: tuple[PilotOutcome, ...] = (
    PilotOutcome(
        "account_usage_monitoring",
        "proven",
        ("same_urgency_every_stage",),
        "Eight weeks on the Mid-Market book; alert precision 81% after the stage rules.",
    ),
    PilotOutcome(
        "behaviour_signal_tracking",
        "running",
        ("no_value_baseline",),
        "Started week 6; no outcome baseline for two thirds of the accounts.",
    ),
    PilotOutcome(
        "lifecycle_automation",
        "running",
        ("inconsistent_escalation", "unowned_approvals"),
        "Onboarding stalls only; discount approvals wait on Finance.",
    ),
    PilotOutcome(
        "meeting_preparation",
        "stopped",
        ("expansion_section_empty", "activity_not_outcomes"),
        "Stopped after 5 weeks: review packs listed activity, not outcomes.",
    ),
    PilotOutcome("report_preparation", "running", (), "Weekly CS leadership pack since week 4."),
)


def build_answers(rubric: rubric_mod.Rubric) -> list[Answer]:
    """Every element answered, in rubric order, with stamps spread over the three days."""
    levels: dict[str, str] = {}
    for dim in rubric.dimensions:
        pattern = LEVELS[dim.id].split()
        if len(pattern) != len(dim.elements):
            sys.exit(f"{dim.id}: {len(pattern)} levels for {len(dim.elements)} elements")
        levels.update(zip((e.id for e in dim.elements), pattern, strict=True))
    ai = AI_LEVELS.split()
    if len(ai) != len(rubric.ai_readiness):
        sys.exit(f"AI readiness: {len(ai)} levels for {len(rubric.ai_readiness)} elements")
    levels.update(zip((e.id for e in rubric.ai_readiness), ai, strict=True))
    unknown = (set(NOTES) | set(NA) | HIGH | LOW | FLAGGED) - set(rubric.element_by_id)
    if unknown:
        sys.exit(f"not in the rubric: {sorted(unknown)}")

    start = dt.datetime(2026, 3, 16, 9, 0, tzinfo=dt.UTC)
    out = []
    for i, (eid, level) in enumerate(levels.items()):
        day, minute = divmod(i * 7, 8 * 60)  # 7 minutes apart, 9:00 to 17:00 each day
        stamp = start + dt.timedelta(days=day, minutes=minute)
        confidence: Confidence = "high" if eid in HIGH else "low" if eid in LOW else "medium"
        out.append(
            Answer(
                element_id=eid,
                level=None if level == "-" else int(level),
                na_reason=NA[eid] if level == "-" else None,
                confidence=confidence,
                note=NOTES.get(eid, ""),
                flagged=eid in FLAGGED,
                updated=stamp.isoformat().replace("+00:00", "Z"),
                by=ASSESSORS[(i // 19) % 2],
            )
        )
    return out


# -- the round a year before ----------------------------------------------------------

EARLIER_META = AssessmentMeta(
    id=EARLIER_DEMO_ID,
    client=META.client,
    scope=(
        "Post-sale organization for the Mid-Market and Enterprise segments, North America "
        "and EMEA: 33 CSMs, 3 renewal managers, 3 in CS Operations"
    ),
    assessors="Dana Whitfield (lead) · Halvard & Pike Advisory",
    date="2025-03-20",
    status="complete",
    created="2025-03-18T08:45:00Z",
    updated="2025-03-20T16:10:00Z",
)

EARLIER_BASELINE = Baseline(
    currency="USD",
    period="FY2024",
    start_arr=44_200_000.0,
    churned_arr=3_900_000.0,
    contraction_arr=1_900_000.0,
    expansion_arr=3_300_000.0,
    targets={"enablement": 3.0, "people": 3.0},
)

# What the round a year before found where it differs from this year's: (level, note);
# the level "-" is N/A (reason in the note), None is not answered. Everything else as now.
EARLIER: dict[str, tuple[str | None, str]] = {
    "SL-01": ("2", "A CS charter was drafted in 2024 but never signed; the board pack is silent."),
    "SL-09": ("3", "The CCO joins the exec meeting when renewals are on the agenda."),
    "CJ-01": ("2", "Segments by ARR alone; complexity is not considered. Reviewed on request."),
    "CJ-11": ("3", "Utilization is in the health score but looked at only before a renewal."),
    "CJ-17": ("2", "The digital programme is a monthly newsletter; no product-event triggers."),
    "DI-01": ("2", "CRM and billing are joined by hand each quarter; usage stays in the product."),
    "DI-06": ("2", "Health score v2: usage only, the same weights for every segment."),
    "DI-15": ("2", "Finance and CS report different NRR figures; reconciled at year end only."),
    "ER-01": ("3", "Renewal forecast within ±8% of actual; forecast call once a month."),
    "ER-12": ("3", "EBRs planned twice a year for Enterprise; 61% held in FY2024."),
    "VA-13": ("2", "Detractor comments are read in the quarterly review; nobody calls back."),
    "AI-01": ("2", "No AI plan for CS; the support-bot project sits with IT."),
    "AI-15": ("2", "No accuracy thresholds for any customer-facing AI yet."),
    "PO-13": ("3", "Regretted CSM attrition 11% in FY2024, in line with the company."),
    "PO-19": ("3", "A departing CSM's book goes to one named successor within two weeks."),
    "EO-10": ("2", "Workload is reviewed in quarterly planning, from account counts."),
    "ER-22": ("2", "The renewal managers call each churned logo once, six months on."),
    "PO-02": ("2", "CS runs onboarding with two onboarding specialists; it works but is slow."),
    "AI-22": (None, ""),
    "AI-26": (None, ""),
}
EARLIER_PILOTS: tuple[PilotOutcome, ...] = (
    PilotOutcome(
        "account_usage_monitoring",
        "running",
        (),
        "Started in February on the Mid-Market book; alerts reviewed by two CSMs.",
    ),
)


def build_earlier(rubric: rubric_mod.Rubric, answers: list[Answer]) -> list[Answer]:
    """This year's answers as they stood a year before: EARLIER's differences, stamps a
    year back (the first three days of the round), the lead assessor alone."""
    unknown = set(EARLIER) - set(rubric.element_by_id)
    if unknown:
        sys.exit(f"not in the rubric: {sorted(unknown)}")
    start = dt.datetime(2025, 3, 18, 9, 0, tzinfo=dt.UTC)
    out = []
    for i, a in enumerate(answers):
        day, minute = divmod(i * 7, 8 * 60)
        stamp = (start + dt.timedelta(days=day, minutes=minute)).isoformat()
        earlier = dataclasses.replace(a, updated=stamp.replace("+00:00", "Z"), by=ASSESSORS[0])
        if a.element_id in EARLIER:
            level, note = EARLIER[a.element_id]
            if level is None:
                continue  # not asked a year before
            if level == "-":
                earlier = dataclasses.replace(earlier, level=None, na_reason=note, note="")
            else:
                earlier = dataclasses.replace(earlier, level=int(level), na_reason=None, note=note)
        out.append(earlier)
    return out


def export(
    rubric: rubric_mod.Rubric,
    meta: AssessmentMeta,
    baseline: Baseline,
    answers: list[Answer],
    pilots: tuple[PilotOutcome, ...],
    out: Path,
) -> None:
    """Write one round as ``csmaturity export`` does (through a throw-away database)."""
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "demo.db") as store:
        aid = store.import_assessment(rubric.source, meta, baseline, answers, pilots=pilots)
        pinned, assessment = store.load(aid)
        text = toml_writer.dumps(pinned, assessment, evaluate(pinned, assessment))
    out.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {out.relative_to(HERE.parent)} ({len(text.encode())} bytes)")


def main() -> None:
    rubric = rubric_mod.load()
    answers = build_answers(rubric)
    export(rubric, META, BASELINE, answers, PILOTS, OUT)
    earlier = build_earlier(rubric, answers)
    export(rubric, EARLIER_META, EARLIER_BASELINE, earlier, EARLIER_PILOTS, OUT_EARLIER)


if __name__ == "__main__":
    main()
