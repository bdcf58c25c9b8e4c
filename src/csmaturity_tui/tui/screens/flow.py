"""The question flow: walk the rubric element by element, one key per answer.

Every change goes through the store (one transaction) the moment it is given;
the status line says "Saved HH:MM:SS" only after the store has returned. The
cursor is stored too, so reopening an assessment resumes where the assessor
left. Level keys come from the rubric's scale (1..N).

Writes stay on the event loop on purpose: measured on the default rubric
(154 elements), ``set_answer`` takes about 3 ms (95th percentile under 6 ms),
``undo`` about 4 ms and ``set_cursor`` under 1 ms, far below what a keypress
can feel, and it keeps the screen strictly behind the store. Reading an
assessment (which parses its pinned rubric) and loading the demo run in
thread workers (``CsMaturityApp.open_assessment``, ``HomeScreen.action_demo``).
"""

from __future__ import annotations

import gc
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Static, Tree

from csmaturity_tui.model import CONFIDENCES, Answer, Status
from csmaturity_tui.presentation.answers import answer_state, is_done
from csmaturity_tui.tui.palette import JumpTarget
from csmaturity_tui.tui.show import markup, plain
from csmaturity_tui.tui.widgets.element_tree import (
    AI_SECTION,
    MARK_ANSWERED,
    MARK_CARRIED,
    MARK_FLAG,
    MARK_NA,
    MARK_UNANSWERED,
    ElementTree,
    NodeRef,
)
from csmaturity_tui.tui.widgets.element_view import ElementView, NoteEditor
from csmaturity_tui.tui.widgets.footer import FittedFooter

if TYPE_CHECKING:
    from csmaturity_tui.model import Assessment
    from csmaturity_tui.rubric import Rubric
    from csmaturity_tui.tui.shell import Shell

# filter key, label
FILTERS: tuple[tuple[str, str], ...] = (
    ("all", "all"),
    ("unanswered", "unanswered"),
    ("flagged", "flagged"),
    ("low", "low confidence"),
    ("na", "N/A"),
    ("carried", "carried"),
)
# After this many paints in a row the flow collects its frozen garbage (see _refreeze).
COLLECT_EVERY = 400
LEVEL_GROUP = Binding.Group("Level", compact=True)
# Keys 1..9 answer a level; those past the rubric's scale are hidden (check_action), and
# each is named from the scale (describe_binding: help and the command palette).
LEVEL_KEYS = 9


class FlowScreen(Screen[None]):
    """One assessment, answered from the keyboard."""

    CSS_PATH = "flow.tcss"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (100, "-wide"),
    ]
    HELP_TITLE = "Question flow"
    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = (
        (MARK_ANSWERED, "answered (a level)"),
        (MARK_NA, "not applicable (N/A, with its reason)"),
        (MARK_UNANSWERED, "not answered yet"),
        (MARK_FLAG, "flagged for review"),
        (MARK_CARRIED, "carried from the previous round: a confirms it, a level changes it"),
        ("▶", "the level chosen"),
        ("n/N", "a heading's elements done (answered or N/A), of its N"),
        ("…", "a title cut to fit the tree: the pane on the right shows it whole"),
        ("n/N done", "the assessment's elements done, of all N, the AI-readiness layer's too"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"level({n})", f"Level {n}", group=LEVEL_GROUP)
            for n in range(1, LEVEL_KEYS + 1)
        ),
        Binding("0", "na", "N/A", show=False, tooltip="Not applicable (asks the reason)"),
        Binding("n", "na", "N/A", tooltip="Not applicable (asks the reason)"),
        Binding("c", "confidence", "Confid.", tooltip="Cycle confidence: low, medium, high"),
        Binding("f", "flag", "Flag", tooltip="Flag or unflag for review"),
        Binding("e", "note", "Note", tooltip="Write the note (ctrl+s saves, escape closes)"),
        Binding(
            "a",
            "confirm",
            "Confirm",
            tooltip="Confirm an answer carried from the previous round, as it is",
        ),
        Binding(
            "pagedown",
            "read_down",
            "Read on",
            priority=True,
            key_display="PgDn",
            tooltip="Scroll the question down a page (PgUp: back up)",
        ),
        Binding(
            "pageup",
            "read_up",
            "Read back",
            show=False,
            priority=True,
            key_display="PgUp",
            tooltip="Scroll the question up a page",
        ),
        Binding("j", "next", "Next", show=False, tooltip="Next element"),
        Binding("k", "previous", "Previous", show=False, tooltip="Previous element"),
        Binding("u", "next_unanswered", "Next open", tooltip="Jump to the next unanswered element"),
        Binding(
            "right_square_bracket",
            "next_dimension",
            "Next dimension",
            show=False,
            key_display="]",
        ),
        Binding(
            "left_square_bracket",
            "previous_dimension",
            "Previous dimension",
            show=False,
            key_display="[",
        ),
        Binding("ctrl+z", "undo", "Undo", tooltip="Undo the last change (from the history)"),
        Binding(
            "ctrl+y",
            "redo",
            "Redo",
            show=False,
            tooltip="Redo the last change undone (until a new change)",
        ),
        Binding("h", "history", "History", tooltip="This answer's history: who changed what, when"),
        Binding(
            "l",
            "toggle_levels",
            "Short levels",
            show=False,
            tooltip="Levels in short (names, and the chosen level in full) or in full",
        ),
        Binding(
            "g",
            "app.command_palette",
            "Jump",
            tooltip="Jump to any element: type its id, title or words of its question",
        ),
        Binding(
            "slash",
            "app.command_palette",
            "Jump",
            show=False,
            key_display="/",
            tooltip="Jump to any element: type its id, title or words of its question",
        ),
        Binding(
            "v",
            "cycle_filter",
            "View",
            tooltip="Cycle the view: all, unanswered, flagged, low confidence, N/A, carried",
        ),
        Binding("d", "dashboard", "Dashboard", tooltip="Scores, risk quadrant, NRR and blueprint"),
        Binding("x", "export", "Export", tooltip="Export as Markdown or TOML"),
        Binding("i", "details", "Details", show=False, tooltip="Edit the assessment details"),
        Binding(
            "m",
            "complete",
            "Mark complete",
            tooltip="Mark the assessment complete (what is left is listed first), or back to draft",
        ),
        Binding("escape", "back", "Home", show=False, tooltip="Back to the assessments"),
        Binding("q", "app.quit", "Quit", show=False, tooltip="Quit (everything is saved)"),
    ]

    def __init__(self, shell: Shell, rubric: Rubric, assessment: Assessment) -> None:
        super().__init__()
        self.shell = shell
        self.store = shell.store
        self.rubric = rubric
        self.assessment = assessment
        self.assessment_id = assessment.meta.id
        self.answers: dict[str, Answer] = dict(assessment.answers)
        # several assessors' own answers (their consensus is in ``answers``)
        self.views: dict[str, tuple[Answer, ...]] = dict(assessment.views)
        self.filter = "all"
        self.order: list[str] = []
        self.all_ids: list[str] = list(rubric.element_by_id)
        self.current: str | None = None
        self.current_dimension: str = AI_SECTION
        self.note_for: str | None = None
        self._asking = False
        self._last_cursor: str | None = None
        self._idle_pending = False
        self._paints = 0
        self._progress_shown = ""
        # every element done (None: not counted yet), and whether the last change did it
        self._all_done: bool | None = None
        self._just_finished = False

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield ElementTree(self.rubric, id="tree")
            yield ElementView(self.rubric, id="detail")
        with Horizontal(id="status-bar"):
            yield Static("", id="status")
            yield Static("", id="progress")
        yield FittedFooter()

    @property
    def etree(self) -> ElementTree:
        return self.query_one(ElementTree)

    @property
    def view(self) -> ElementView:
        return self.query_one(ElementView)

    @property
    def editor(self) -> NoteEditor:
        return self.query_one(NoteEditor)

    def on_mount(self) -> None:
        self.editor.display = False
        from csmaturity_tui.store import StoreError

        self._rebuild()

        try:
            resume = self.store.get_cursor(self.assessment_id)
        except StoreError:
            resume = None  # a busy store only costs the saved position: start at the first open
        if resume not in self.rubric.element_by_id:
            resume = self._first_unanswered() or (self.order[0] if self.order else None)
        if resume is not None:
            self.go_to(resume)
        self._last_cursor = resume
        self.etree.focus()
        # a fixed width: a new count never needs a layout pass
        total = len(self.all_ids)
        self.query_one("#progress", Static).styles.width = len(self._progress(total)) + 2
        self._update_title()
        self._status(self._opening_line())
        # The objects alive now (the app, its screens, the rubric: ~100,000) leave the
        # collector's scans while the flow is open: a full collection took 100-150 ms,
        # a key that met one waited that long. Unfrozen when the flow closes.
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()

    def _opening_line(self) -> str:
        """The status line on open: answers kept from an earlier rubric, if any.

        One query when the flow opens (under a millisecond), never per key.
        """
        from csmaturity_tui.store import StoreError

        try:
            kept = len(self.store.orphans(self.assessment_id))
        except StoreError:
            kept = 0
        if kept:
            answers = "answer" if kept == 1 else "answers"
            return f"[yellow]{kept} {answers} kept from an earlier rubric (not scored)[/yellow]"
        n = len(self.carried)
        if n:
            return (
                f"[cyan]{n} {'answer' if n == 1 else 'answers'} carried from the previous "
                "round (↻): a confirms one as it is, a level changes it.[/cyan]"
            )
        return "[dim]Answers are saved as you give them. ? lists every key.[/dim]"

    # -- filter ----------------------------------------------------------------------

    def _keep(self, element_id: str) -> bool:
        answer = self.answers.get(element_id)
        if self.filter == "unanswered":
            return answer_state(answer) == "unanswered"
        if self.filter == "flagged":
            return answer is not None and answer.flagged
        if self.filter == "low":
            return answer is not None and answer.confidence == "low"
        if self.filter == "na":
            return answer is not None and answer.is_na
        if self.filter == "carried":
            return answer is not None and answer.carried
        return True

    @property
    def carried(self) -> frozenset[str]:
        """The elements whose answer is carried from the previous round, unconfirmed."""
        return frozenset(e for e, a in self.answers.items() if a.carried)

    def _rebuild(self) -> None:
        self.order = self.etree.rebuild(self.answers, self._keep)

    def set_filter(self, name: str) -> None:
        self.filter = name
        self._rebuild()
        label = dict(FILTERS)[name]
        self._update_title()
        if not self.order:
            self._status(f"No element matches the view [b]{label}[/b]; v changes the view.")
            self.current = None
            return
        target = self.current if self.current in self.order else self.order[0]
        self.go_to(target)
        self._status(f"View: [b]{label}[/b] ({len(self.order)} elements)")

    def _filters(self) -> list[tuple[str, str]]:
        """The views offered: "carried" only while an answer is carried."""
        return [(n, label) for n, label in FILTERS if n != "carried" or self.carried]

    def action_cycle_filter(self) -> None:
        names = [name for name, _l in self._filters()]
        if self.filter not in names:
            names.append(self.filter)
        self.set_filter(names[(names.index(self.filter) + 1) % len(names)])

    def action_set_filter(self, name: str) -> None:
        self.set_filter(name)

    def jump_targets(self) -> list[JumpTarget]:
        """Every element for the palette (``g``, ``/``): its id and title, then its area
        and dimension (or pillar); found by the words of its question too."""
        out = [
            JumpTarget(
                f"{e.id} {e.title} · {e.area}, {d.name}", e.question, partial(self.go_to, e.id)
            )
            for d in self.rubric.dimensions
            for e in d.elements
        ]
        out += [
            JumpTarget(
                f"{a.id} {a.title} · AI readiness" + (f", {a.pillar}" if a.pillar else ""),
                a.question,
                partial(self.go_to, a.id),
            )
            for a in self.rubric.ai_readiness
        ]
        return out

    def palette_commands(self) -> list[tuple[str, str, str]]:
        return [
            (f"View: {label}", f"set_filter('{name}')", "show only these elements")
            for name, label in self._filters()
        ]

    # -- where we are ----------------------------------------------------------------

    def go_to(self, element_id: str) -> None:
        node = self.etree.element_nodes.get(element_id)
        if node is not None:
            self.etree.go_to(node, context=False)  # the context scroll: in _after_paint
            ref = node.data
            self._show(element_id, ref.dimension_id if ref else AI_SECTION)
        else:
            self._show(element_id, self.rubric.dimension_of.get(element_id, AI_SECTION))

    def _show(self, element_id: str, dimension_id: str) -> None:
        if self.note_for is not None and self.note_for != element_id:
            self._save_note(close=True)
        self.current = element_id
        self.current_dimension = dimension_id
        self.view.show_element(element_id, dimension_id, self.answers)
        if not self._idle_pending:
            self._idle_pending = True
            self.call_after_refresh(self._after_paint)

    def _after_paint(self) -> None:
        """Once the screen shows the element: what can wait one frame.

        Scroll the tree to show the cursor's context (the cursor is already in
        view; a scroll repaints the whole tree), save the position (not before the
        screen is updated: a level key would wait for two commits, an fsync each;
        moves in a row write once), and draw ahead what the next level key shows.
        """
        self._idle_pending = False
        if not self.is_attached:
            return
        self.etree.keep_context()
        self._save_cursor()
        target = self._neighbour(+1) if self.current is not None else None
        node = self.etree.element_nodes.get(target) if target is not None else None
        if target is not None and node is not None and node.data is not None:
            self.view.prepare_element(target, node.data.dimension_id, self.answers)
        self.etree.prepare_below()
        self._refreeze()

    def _refreeze(self) -> None:
        """Freeze what this key and the drawing ahead made (strips, tree lines, the next
        element): a full collection then scans only what came after the last paint
        (under 1 ms), never the flow's caches (10-26 ms, twice in 150 keys, when frozen
        once on mount). Frozen garbage (~800 objects a key) is collected every
        ``COLLECT_EVERY`` paints, here, after a paint, and when the flow closes."""
        self._paints += 1
        if self._paints % COLLECT_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def _save_cursor(self) -> None:
        from csmaturity_tui.store import StoreError

        element_id = self.current
        if element_id is None or element_id == self._last_cursor:
            return
        try:
            self.store.set_cursor(self.assessment_id, element_id)
        except StoreError as exc:
            self._status(f"[red]Position not saved: {markup(str(exc))}[/red]")
            return
        self._last_cursor = element_id

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        ref = event.node.data
        if ref is None or event.node is not self.etree.cursor_node:
            # a highlight queued behind keys that have moved on since (a fast typist): the
            # element shown, which the next level key answers, is where the cursor is now
            return
        if ref.kind == "element":
            if ref.element_id != self.current or ref.dimension_id != self.current_dimension:
                self._show(ref.element_id, ref.dimension_id)
        else:
            if self.note_for is not None:
                self._save_note(close=True)
            self.current = None
            self.view.show_group(ref.kind, ref.dimension_id, self.answers)

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        ref = event.node.data
        if ref is None or ref.kind == "element":
            return
        if not event.node.is_expanded:
            event.node.expand()
        if ref.kind == "ai_group" and event.node.children:
            self.etree.go_to(event.node.children[0])  # the tagged AI-readiness elements
        else:
            self.action_next()

    def _neighbour(self, step: int) -> str | None:
        """The next (or previous) element of the current view in flow order."""
        if not self.order:
            return None
        if self.current is None:
            # on a heading: the first element after it
            node = self.etree.cursor_node
            line = node.line if node is not None else -1
            for element_id in self.order if step > 0 else reversed(self.order):
                el_line = self.etree.element_nodes[element_id].line
                if (step > 0 and el_line > line) or (step < 0 and el_line < line):
                    return element_id
            return None
        in_view = set(self.order)
        pos = self.all_ids.index(self.current)
        ids = self.all_ids[pos + 1 :] if step > 0 else reversed(self.all_ids[:pos])
        return next((i for i in ids if i in in_view), None)

    def _first_unanswered(self, after: str | None = None) -> str | None:
        ids = self.order
        if after is not None and after in self.all_ids:
            pos = self.all_ids.index(after)
            ids = [i for i in self.all_ids[pos + 1 :] + self.all_ids[: pos + 1] if i in self.order]
        return next((i for i in ids if not is_done(self.answers.get(i))), None)

    def action_next(self) -> None:
        target = self._neighbour(+1)
        if target is None:
            self._status("That was the last element of this view; u finds what is left.")
            return
        self.go_to(target)

    def action_previous(self) -> None:
        target = self._neighbour(-1)
        if target is not None:
            self.go_to(target)

    def action_next_unanswered(self) -> None:
        target = self._first_unanswered(after=self.current)
        if target is None:
            self._status("[green]Every element in this view is answered or N/A.[/green]")
            return
        self.go_to(target)

    def _dimension_starts(self) -> list[str]:
        starts: list[str] = []
        seen: set[str] = set()
        for element_id in self.order:
            group = self.rubric.dimension_of.get(element_id, AI_SECTION)
            if group not in seen:
                seen.add(group)
                starts.append(element_id)
        return starts

    def action_next_dimension(self) -> None:
        group = self._group_of_current()
        for start in self._dimension_starts():
            if self.order.index(start) > self._current_index() and (
                self.rubric.dimension_of.get(start, AI_SECTION) != group
            ):
                self.go_to(start)
                return

    def action_previous_dimension(self) -> None:
        group = self._group_of_current()
        starts = self._dimension_starts()
        own = next(
            (s for s in starts if self.rubric.dimension_of.get(s, AI_SECTION) == group), None
        )
        if own is not None and self.current != own and self.current in self.order:
            self.go_to(own)
            return
        earlier = [s for s in starts if self.order.index(s) < self._current_index()]
        if earlier:
            self.go_to(earlier[-1])

    def _group_of_current(self) -> str | None:
        if self.current is None:
            return None
        return self.rubric.dimension_of.get(self.current, AI_SECTION)

    def _current_index(self) -> int:
        if self.current in self.order:
            return self.order.index(self.current)
        return -1

    # -- answering -------------------------------------------------------------------

    def _answer(self) -> Answer | None:
        if self.current is None:
            self._status("Move to an element first (j or the arrows).")
            return None
        return self._own(self.current)

    def _read_views(self, assessment: Assessment) -> None:
        self.views = dict(assessment.views)

    def _own(self, element_id: str) -> Answer:
        """The answer the keys change: the element's, or on an element several assessors
        answered, this assessor's own (the store scores their consensus)."""
        views = self.views.get(element_id)
        if not views:
            return self.answers.get(element_id) or Answer(element_id)
        who = self.store.assessor()
        return next((a for a in views if a.by == who), Answer(element_id))

    def _write(self, answer: Answer, what: str, *, show: bool = True) -> bool:
        """Save through the store; the screen shows it only once the store returned.

        ``show=False`` when the caller moves to another element next (which shows it).
        """
        from csmaturity_tui.model import answer_text_problems
        from csmaturity_tui.store import StoreError

        for field, message in answer_text_problems(answer):  # the one rule for user text
            self._status(f"[red]Not saved: {field}: {markup(message)}[/red]")
            return False
        try:
            stored = self.store.set_answer(self.assessment_id, answer)
        except StoreError as exc:
            self._status(f"[red]Not saved: {markup(str(exc))}[/red]")
            return False
        self.answers[stored.element_id] = stored  # given again or changed: confirmed
        views = self.views.get(stored.element_id)
        if views:  # this assessor's own answer changed (the consensus is ``stored``)
            who = self.store.assessor()
            mine = [*(a for a in views if a.by != who), replace(answer, by=who)]
            self.views[stored.element_id] = tuple(sorted(mine, key=lambda a: a.by))
        self._after_change(stored.element_id, show=show)
        stamp = self.shell.clock().strftime("%H:%M:%S")
        self._status(f"[green]Saved {stamp}[/green]  {markup(stored.element_id)}: {what}")
        return True

    def _after_change(self, element_id: str, *, show: bool = True) -> None:
        self.etree.relabel(self.answers, element_id)
        self._update_title()
        if show and self.current is not None:
            self.view.show_element(self.current, self.current_dimension, self.answers)

    def action_level(self, level: int) -> None:
        answer = self._answer()
        if answer is None or not 1 <= level <= self.rubric.levels:
            return
        name = self.rubric.scale[level - 1].name
        if self._write(
            replace(answer, level=level, na_reason=None), f"level {level} {name}", show=False
        ):
            self._advance()

    def _advance(self) -> None:
        """Move on after an answer (``_write(show=False)``): the move shows the screen."""
        target = self._neighbour(+1)
        if target is not None:
            self.go_to(target)
        elif self.current is not None:  # the last element: show its new answer here
            self.view.show_element(self.current, self.current_dimension, self.answers)
        if self._just_finished and self.assessment.meta.status == "draft":
            self._just_finished = False
            self._status("[green]Every element is answered.[/green]")
            self._offer_completion()

    def action_na(self) -> None:
        answer = self._answer()
        if answer is None:
            return
        from csmaturity_tui.tui.screens.dialogs import PromptScreen

        def reason_given(reason: str | None) -> None:
            if reason is None:
                return
            if self._write(replace(answer, level=None, na_reason=reason), "N/A", show=False):
                self._advance()

        self.app.push_screen(
            PromptScreen(
                f"Why is [b]{markup(answer.element_id)}[/b] not applicable here?",
                value=plain(answer.na_reason or ""),
                validate=_reason_problem,
                placeholder="the reason, in a few words",
            ),
            reason_given,
        )

    def action_confirm(self) -> None:
        """Confirm the carried answer as it is, then move on (as a level key does)."""
        from csmaturity_tui.store import StoreError

        element_id = self.current
        answer = self.answers.get(element_id) if element_id is not None else None
        if element_id is None or answer is None or not answer.carried:
            self._status("Only an answer carried from the previous round (↻) is confirmed.")
            return
        try:
            self.store.confirm_answer(self.assessment_id, element_id)
        except StoreError as exc:
            self._status(f"[red]Not confirmed: {markup(str(exc))}[/red]")
            return
        self.answers[element_id] = replace(answer, carried=False)
        if not self.carried:
            self.refresh_bindings()
        self._after_change(element_id, show=False)
        stamp = self.shell.clock().strftime("%H:%M:%S")
        self._status(f"[green]Saved {stamp}[/green]  {markup(element_id)}: confirmed")
        self._advance()

    def action_confidence(self) -> None:
        answer = self._answer()
        if answer is None:
            return
        nxt = CONFIDENCES[(CONFIDENCES.index(answer.confidence) + 1) % len(CONFIDENCES)]
        self._write(replace(answer, confidence=nxt), f"confidence {nxt}")

    def action_flag(self) -> None:
        answer = self._answer()
        if answer is None:
            return
        flagged = not answer.flagged
        self._write(replace(answer, flagged=flagged), "flagged" if flagged else "flag removed")

    def action_undo(self) -> None:
        self._step("undo")

    def action_redo(self) -> None:
        self._step("redo")

    def _step(self, kind: str) -> None:
        """Undo or redo through the store, then show the element it changed."""
        from csmaturity_tui.store import StoreError

        try:
            step = self.store.undo if kind == "undo" else self.store.redo
            state = step(self.assessment_id)
        except StoreError as exc:
            self._status(f"[red]{kind.capitalize()} failed: {markup(str(exc))}[/red]")
            return
        if state is None:
            self._status(f"Nothing to {kind}.")
            return
        self.answers[state.element_id] = state  # carried again if it was before the change
        self.refresh_bindings()  # a: offered again when the undo brought a carried one back
        if state.element_id in self.views:  # an assessor's own answer moved: read them
            self.shell.guard(lambda: self.store.load(self.assessment_id)[1], self._read_views)
        self._after_change(state.element_id, show=False)
        self.go_to(state.element_id)  # shows the element, its answer undone or redone
        stamp = self.shell.clock().strftime("%H:%M:%S")
        done = {"undo": "undone", "redo": "redone"}[kind]
        self._status(f"[green]Saved {stamp}[/green]  {done}: {markup(state.element_id)}")

    def action_history(self) -> None:
        """The current element's history, newest first, in a panel."""
        from csmaturity_tui.tui.screens.history import HistoryScreen

        if self.current is None:
            self._status("Move to an element first (j or the arrows).")
            return
        self.app.push_screen(
            HistoryScreen(self.store, self.rubric, self.assessment_id, self.current)
        )

    # -- the note --------------------------------------------------------------------

    def action_read_down(self) -> None:
        self.view.scroll_page_down(animate=False)

    def action_read_up(self) -> None:
        self.view.scroll_page_up(animate=False)

    def action_toggle_levels(self) -> None:
        view = self.view
        view.short_levels = not view.short_levels
        if self.current is not None:
            view.show_element(self.current, self.current_dimension, self.answers)
        self._status(
            "Levels in short (l: in full)."
            if view.short_levels
            else "Levels in full (l: in short)."
        )

    def action_note(self) -> None:
        answer = self._answer()
        if answer is None:
            return
        self.note_for = answer.element_id
        editor = self.editor
        editor.text = plain(answer.note)  # edited (and saved) as shown
        editor.display = True
        self.view.editing = True  # the note is in the editor, not drawn above it
        if self.current is not None:
            self.view.show_element(self.current, self.current_dimension, self.answers)
        editor.focus()
        editor.move_cursor(editor.document.end)
        self.call_after_refresh(editor.scroll_visible, animate=False)
        self._status("Writing the note: ctrl+s saves, escape closes, tab leaves (and saves).")

    def _note_changed(self) -> bool:
        if self.note_for is None:
            return False
        stored = self._own(self.note_for)
        return self.editor.text != plain(stored.note)

    def _save_note(self, *, close: bool) -> None:
        element_id = self.note_for
        if element_id is None:
            return
        if self._note_changed():
            base = self._own(element_id)
            if not self._write(replace(base, note=self.editor.text), "note saved"):
                return  # refused (the status line says why): the text stays in the editor
        if close:
            self._close_editor()

    def _close_editor(self) -> None:
        self.note_for = None
        editor = self.editor
        editor.display = False
        self.view.editing = False
        if self.current is not None:
            self.view.show_element(self.current, self.current_dimension, self.answers)
        self.etree.focus()

    def action_save_note(self) -> None:
        self._save_note(close=False)

    def action_close_note(self) -> None:
        if not self._note_changed():
            self._close_editor()
            return
        from csmaturity_tui.tui.screens.dialogs import ChoiceScreen

        self._asking = True

        def chosen(key: str | None) -> None:
            self._asking = False
            if key == "s":
                self._save_note(close=True)
            elif key == "d":
                self._close_editor()
                self._status("Note change discarded.")
            else:
                self.editor.focus()

        self.app.push_screen(
            ChoiceScreen(
                "The note has changes that are not saved.",
                [("s", "save"), ("d", "discard"), ("k", "keep editing")],
            ),
            chosen,
        )

    @on(events.DescendantBlur)
    def _blurred(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, NoteEditor) and self.note_for is not None and not self._asking:
            self._save_note(close=self.app.screen is self)

    # -- elsewhere -------------------------------------------------------------------

    def action_back(self) -> None:
        if self.note_for is not None:
            self.action_close_note()
            return
        self.dismiss()

    def action_details(self) -> None:
        from csmaturity_tui import services
        from csmaturity_tui.tui.screens.form import AssessmentForm

        store, aid = self.store, self.assessment_id

        def reloaded(loaded: tuple[Rubric, Assessment]) -> None:
            self.assessment = loaded[1]
            self._update_title()

        def saved(done: str | None) -> None:
            if done:
                self.shell.guard(lambda: services.open_assessment(store, aid), reloaded)

        def edit(loaded: tuple[Rubric, Assessment]) -> None:
            self.app.push_screen(AssessmentForm(self.shell, loaded[1]), saved)

        self.shell.guard(lambda: services.open_assessment(store, aid), edit)

    def action_dashboard(self) -> None:
        self.shell.open_dashboard(self.assessment_id)

    def action_complete(self) -> None:
        """Mark the assessment complete (what is left listed first), or back to draft."""
        from csmaturity_tui import services

        status = self.assessment.meta.status
        if status == "archived":
            self._status("This assessment is archived: restore it on home (a) first.")
        elif status == "complete":
            store, aid = self.store, self.assessment_id
            if self.shell.guard(lambda: services.set_status(store, aid, "draft")):
                self._set_meta_status("draft")
                self._status("Back to draft; m marks it complete again.")
        else:
            self._offer_completion()

    def _offer_completion(self) -> None:
        """What is left, each line one to go to; m there marks the assessment complete."""
        from csmaturity_tui.tui.screens.completion import ask_to_complete

        ask_to_complete(
            self, self.shell, self.assessment_id, go=self._go_to_left, marked=self._marked
        )

    def _go_to_left(self, element_id: str) -> None:
        if element_id not in self.order:
            self.set_filter("all")
        self.go_to(element_id)
        self.etree.focus()

    def _marked(self) -> None:
        self._set_meta_status("complete")
        self._status("[green]Marked complete[/green]; m sets it back to draft.")

    def _set_meta_status(self, status: Status) -> None:
        self.assessment = replace(
            self.assessment, meta=replace(self.assessment.meta, status=status)
        )

    def action_export(self) -> None:
        self.shell.open_export(self.assessment_id)

    # -- status ----------------------------------------------------------------------

    def _status(self, text: str) -> None:
        # one line, always (flow.tcss): no layout pass for a new message
        self.query_one("#status", Static).update(text, layout=False)

    def _progress(self, done: int) -> str:
        total = len(self.all_ids)
        pct = 100 * done / total if total else 0.0
        return f"{done}/{total} done ({pct:.0f}%)"

    def _update_title(self) -> None:
        """The client and the view in the header; the progress in the status bar.

        The progress is not in the header: a new sub-title repaints the whole screen
        and re-lays out the header, on every answer.
        """
        done = sum(is_done(self.answers.get(i)) for i in self.all_ids)
        all_done = done == len(self.all_ids)
        self._just_finished = all_done and self._all_done is False
        self._all_done = all_done
        text = self._progress(done)
        if text != self._progress_shown:
            self._progress_shown = text
            self.query_one("#progress", Static).update(text, layout=False)
        meta = self.assessment.meta
        from csmaturity_tui.presentation.fmt import one_line

        self.title = one_line(meta.client)  # no escape sequence reaches the terminal
        self.sub_title = f"view: {dict(FILTERS)[self.filter]}"

    def describe_binding(self, binding: Binding) -> str | None:
        """A level key's name from the rubric's scale ("Level 2 Repeatable")."""
        level = _level_of(binding.action)
        if level is None or level > len(self.rubric.scale):
            return None
        return f"Level {level} {self.rubric.scale[level - 1].name}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "level" and not (
            parameters and isinstance(level := parameters[0], int) and level <= self.rubric.levels
        ):
            return False  # past the rubric's scale: no such key here
        if action == "confirm" and not self.carried:
            return False  # no carried answer: the key is not offered
        if self.note_for is not None and action in {"read_down", "read_up"}:
            return False  # page keys belong to the note while it is open
        if self.note_for is not None and action not in {
            "save_note",
            "close_note",
            "back",
        }:
            # keys typed in the note belong to the note
            return None if action in _ANSWER_ACTIONS else True
        return True


def _level_of(action: str) -> int | None:
    """The level a ``level(N)`` action answers; None for any other action."""
    if action.startswith("level(") and action.endswith(")"):
        inner = action[len("level(") : -1]
        return int(inner) if inner.isdigit() else None
    return None


def _reason_problem(reason: str) -> str | None:
    """What the N/A prompt says of a reason (as markup), or None when it will do."""
    from csmaturity_tui.inputs import got, text_problem

    if not reason.strip():
        return "N/A needs a reason."
    problem = text_problem(reason, multiline=True)  # the one rule for user text
    return markup(problem + got(reason)) if problem else None


_ANSWER_ACTIONS = frozenset(
    {
        "level",
        "na",
        "confirm",
        "confidence",
        "flag",
        "note",
        "next",
        "previous",
        "next_unanswered",
        "next_dimension",
        "previous_dimension",
        "undo",
        "redo",
        "history",
        "cycle_filter",
        "details",
        "complete",
    }
)

__all__ = ["FILTERS", "FlowScreen"]
