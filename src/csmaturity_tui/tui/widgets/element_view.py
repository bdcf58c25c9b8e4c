"""The right pane of the question flow: one element, or a dimension's summary.

The element (crumb, title, state, question, level descriptors, note, evidence hint,
tagged AI readiness) is ONE widget, :class:`ElementBody`, drawn with the line API
from strips computed once per content and width. Showing another element is one
repaint, and a layout pass only when the height of the text changes: an answer must
not re-lay out the screen (see bench/README.md, answer latency).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import TextArea

from csmaturity_tui.presentation.answers import answer_state, is_done
from csmaturity_tui.tui.widgets.element_tree import (
    AI_SECTION,
    MARK_CARRIED,
    MARK_FLAG,
    MARKS,
    mark,
)

if TYPE_CHECKING:
    from textual.geometry import Size

    from csmaturity_tui.model import Answer
    from csmaturity_tui.rubric import Rubric

LEVEL_PREFIX = 3  # "▶3 " before a level's descriptor; wrapped lines are indented as much


def _text(text: str, style: str = "") -> Content:
    """Plain text (no markup, control codes stripped) in one style."""
    return Content.assemble((text, style))


class NoteEditor(TextArea):
    """The note of the current element; the screen saves it on blur and ctrl+s."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "screen.save_note", "Save note"),
        Binding("escape", "screen.close_note", "Close note"),
    ]


@dataclass(frozen=True)
class Part:
    """One named part of the element: its text, a blank line before it, its look."""

    name: str
    content: Content
    gap: int = 0
    look: str = ""  # "" | "muted" | "current" (the highlighted level)
    prefix: Content | None = None  # a hanging prefix (the level number)


class ElementBody(Widget):
    """The parts, drawn as strips cached per width: one repaint per change."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"element-body--muted", "element-body--current"}
    DEFAULT_CSS = """
    ElementBody {
        height: auto;
    }
    ElementBody > .element-body--muted {
        color: $text-muted;
    }
    ElementBody > .element-body--current {
        background: $accent 30%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts: tuple[Part, ...] = ()
        self._wrapped: tuple[int, list[Content]] | None = None
        self._strips: tuple[int, list[Strip]] | None = None
        # drawn ahead: width, parts, their lines and strips
        self._prepared: tuple[int, tuple[Part, ...], list[Content], list[Strip]] | None = None

    def set_parts(self, parts: tuple[Part, ...]) -> None:
        """Show ``parts``; lay out again only if the height changes.

        The body is at least as tall as the pane (``min-height`` in flow.tcss), so
        an element that fits in the pane after one that fitted keeps the height.
        """
        if parts == self.parts:
            return
        self.parts = parts
        old = self._strips
        self._wrapped = None
        self._strips = None
        width, height = self.content_size
        ready = self._prepared
        self._prepared = None
        if ready is not None and ready[0] == width and ready[1] == parts:
            self._wrapped = (width, ready[2])
            self._strips = (width, ready[3])
        length = len(self._wrap(width)) if width else 0
        # the height stays when the text fills it exactly, or when a shorter text
        # leaves the body at its floor, the pane's height (min-height: 100%)
        same = bool(width) and (length == height or (length < height and height <= self._floor()))
        if not same:
            self.refresh(layout=True)
        elif old is None or old[0] != width:
            self.refresh()
        else:  # repaint only the lines that changed (not the blank tail, say)
            new = self._lines(width)
            for y, strip in enumerate(new):
                if y >= len(old[1]) or old[1][y] != strip:
                    self.refresh(Region(0, y, width, 1))
            if len(new) < len(old[1]):
                self.refresh(Region(0, len(new), width, len(old[1]) - len(new)))

    def _floor(self) -> int:
        """The body's least height: the pane's (none while the note editor is open)."""
        pane = self.parent
        if not isinstance(pane, Widget) or pane.has_class("-editing"):
            return 0
        return pane.scrollable_content_region.height

    def prepare(self, parts: tuple[Part, ...]) -> None:
        """Draw ``parts`` ahead (when idle), for a ``set_parts`` that is likely next."""
        width = self.content_size.width
        if width and parts != self.parts:
            lines = self._wrap_parts(parts, width)
            self._prepared = (width, parts, lines, self._to_strips(lines, width))

    def text(self, name: str) -> str:
        """The plain text of a part ("" if not shown)."""
        return "\n".join(
            (p.prefix.plain if p.prefix else "") + p.content.plain
            for p in self.parts
            if p.name == name
        )

    # -- drawing ---------------------------------------------------------------------

    def _wrap(self, width: int) -> list[Content]:
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, self._wrap_parts(self.parts, width))
        return self._wrapped[1]

    def _wrap_parts(self, parts: tuple[Part, ...], width: int) -> list[Content]:
        """Every part wrapped to ``width``: the lines to draw.

        The looks (muted, the current level's background across the whole width)
        are the resolved CSS styles of the component classes.
        """
        looks = {
            "muted": self.get_visual_style("element-body--muted"),
            "current": self.get_visual_style("element-body--current"),
        }
        lines: list[Content] = []
        hang = width > LEVEL_PREFIX + 2
        for part in parts:
            lines.extend([Content("")] * part.gap)
            if part.prefix is None or not hang:
                content = part.content if part.prefix is None else part.prefix + part.content
                wrapped = content.wrap(width)
            else:
                # a hanging indent, and one cell free on the right (as the old padding)
                indent = Content(" " * LEVEL_PREFIX)
                head = part.prefix.pad_right(max(0, LEVEL_PREFIX - part.prefix.cell_length))
                wrapped = [
                    (head if n == 0 else indent) + line
                    for n, line in enumerate(part.content.wrap(width - LEVEL_PREFIX - 1))
                ]
            if part.look:
                style = looks[part.look]
                wrapped = [
                    line.pad_right(max(0, width - line.cell_length)).stylize_before(style)
                    for line in wrapped
                ]
            lines.extend(wrapped)
        return lines

    def _lines(self, width: int) -> list[Strip]:
        if self._strips is None or self._strips[0] != width:
            self._strips = (width, self._to_strips(self._wrap(width), width))
        return self._strips[1]

    def _to_strips(self, lines: list[Content], width: int) -> list[Strip]:
        """The wrapped lines as strips, padded to ``width`` (no second wrapping pass)."""
        base = self.visual_style
        pad = base.rich_style
        return [
            Strip(line.render_segments(base), line.cell_length).adjust_cell_length(width, pad)
            for line in lines
        ]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._wrap(width)) if width > 0 else 0

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self._lines(width)
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._wrapped = None  # the theme or the CSS changed: draw again
        self._strips = None
        self._prepared = None


class ElementView(VerticalScroll):
    """Question, evidence hint, the level descriptors (current one highlighted), state."""

    can_focus = False

    def __init__(self, rubric: Rubric, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rubric = rubric
        self._shown = ""
        self.current_level: int | None = None
        # levels in short: their names, and the chosen level's descriptor (l in the flow)
        self.short_levels = False

    @property
    def editing(self) -> bool:
        """The note editor is open: the note is not drawn above it."""
        return self.has_class("-editing")

    @editing.setter
    def editing(self, value: bool) -> None:
        self.set_class(value, "-editing")

    def compose(self) -> ComposeResult:
        yield ElementBody(id="element")
        yield NoteEditor(id="note-editor", soft_wrap=True, show_line_numbers=False)

    @property
    def body(self) -> ElementBody:
        return self.query_one(ElementBody)

    def text(self, name: str) -> str:
        """The plain text of a part: crumb, title, state, question, level-N, note, ..."""
        return self.body.text(name)

    @property
    def state_text(self) -> str:
        return self.text("state")

    def show_element(
        self, element_id: str, dimension_id: str, answers: Mapping[str, Answer]
    ) -> None:
        if element_id != self._shown:
            self._shown = element_id
            self.scroll_home(animate=False)
        answer = answers.get(element_id)
        self.current_level = answer.level if answer is not None else None
        self.body.set_parts(self.element_parts(element_id, dimension_id, answers))

    def prepare_element(
        self, element_id: str, dimension_id: str, answers: Mapping[str, Answer]
    ) -> None:
        """Draw an element ahead, while idle: the one a level key moves to next."""
        self.body.prepare(self.element_parts(element_id, dimension_id, answers))

    def element_parts(
        self, element_id: str, dimension_id: str, answers: Mapping[str, Answer]
    ) -> tuple[Part, ...]:
        rubric = self.rubric
        element = rubric.element_by_id[element_id]
        answer = answers.get(element_id)
        current = answer.level if answer is not None else None
        parts = [
            Part("crumb", _text(self._crumb(element_id, dimension_id)), look="muted"),
            Part("title", Content.assemble((f"{element_id}  {element.title}", "bold"))),
            Part("state", self._state(answer)),
            Part("question", _text(element.question), gap=1),
        ]
        for n, (scale, descriptor) in enumerate(zip(rubric.scale, element.levels, strict=True)):
            here = current == scale.level
            shown = descriptor if here or not self.short_levels else ""
            parts.append(
                Part(
                    f"level-{scale.level}",
                    Content.assemble((scale.name, "bold"), " ", shown),
                    gap=1 if n == 0 else 0,
                    look="current" if here else "",
                    prefix=Content.assemble((f"{'▶' if here else ' '}{scale.level}", "bold"), " "),
                )
            )
        if not self.editing:
            note = answer.note if answer is not None else ""
            parts.append(
                Part(
                    "note",
                    Content.assemble(("Note", "bold"), "  ", note)
                    if note
                    else _text("No note (e to write one)", "dim"),
                    gap=1,
                )
            )
        if element.evidence:
            parts.append(
                Part(
                    "evidence",
                    Content.assemble(("Evidence:", "italic"), " ", element.evidence),
                    gap=1,
                    look="muted",
                )
            )
        tagged = self._tagged_part(element_id, dimension_id, answers)
        if tagged is not None:
            parts.append(Part("tagged", tagged, gap=1))
        return tuple(parts)

    def _crumb(self, element_id: str, dimension_id: str) -> str:
        """Where the element is: ``Dimension › area``, or the AI-readiness layer's pillar."""
        rubric = self.rubric
        element = rubric.element_by_id[element_id]
        if dimension_id and dimension_id in rubric.dimension_by_id:
            dim = rubric.dimension_by_id[dimension_id]
            area = getattr(element, "area", "AI readiness")
            return f"{dim.name} › {area}"
        pillar = getattr(element, "pillar", "")
        return "AI-readiness layer" + (f" › {pillar}" if pillar else "")

    def _tagged_part(
        self, element_id: str, dimension_id: str, answers: Mapping[str, Answer]
    ) -> Content | None:
        """A dimension element: its AI-readiness elements; an AI element: its dimensions."""
        rubric = self.rubric
        if dimension_id and element_id in rubric.dimension_of:
            return self._tagged(dimension_id, answers)
        dims = getattr(rubric.element_by_id[element_id], "dimensions", [])
        names = ", ".join(
            rubric.dimension_by_id[d].name for d in dims if d in rubric.dimension_by_id
        )
        return _text(f"Tagged to: {names}", "dim") if names else None

    def _state(self, answer: Answer | None) -> Content:
        says = answer_state(answer)  # what it says; carried is said after it
        symbol = MARKS[says][0]
        if answer is None or says == "unanswered":
            state = _text(f"{symbol} unanswered")
        elif answer.level is not None:
            name = self.rubric.scale[answer.level - 1].name
            state = _text(f"{symbol} level {answer.level} {name}", "green")
        else:
            state = _text(f"{symbol} N/A: {answer.na_reason or ''}", "yellow")
        confidence = answer.confidence if answer is not None else "medium"
        parts: list[Content | str | tuple[str, str]] = [
            state,
            "   confidence: ",
            (confidence, "bold"),
        ]
        if answer is not None and answer.flagged:
            parts.extend(["   ", (f"{MARK_FLAG} flagged for review", "bold red")])
        if answer is not None and answer.carried:
            parts.extend(["   ", (f"{MARK_CARRIED} carried, to confirm (a)", "bold cyan")])
        return Content.assemble(*parts)

    def _tagged(self, dimension_id: str, answers: Mapping[str, Answer]) -> Content | None:
        tagged = [a for a in self.rubric.ai_readiness if dimension_id in a.dimensions]
        if not tagged:
            return None
        parts = []
        for a in tagged:
            symbol, _style = mark(answers.get(a.id))
            level = answers[a.id].level if a.id in answers else None
            parts.append(f"{symbol} {a.id}" + (f" ({level})" if level is not None else ""))
        return _text("AI readiness for this dimension: " + ", ".join(parts), "dim")

    def show_group(self, kind: str, dimension_id: str, answers: Mapping[str, Answer]) -> None:
        rubric = self.rubric
        self._shown = ""
        self.current_level = None
        self.scroll_home(animate=False)
        hint = _text("enter or j moves to the elements", "dim")
        parts: list[Part]
        if dimension_id != AI_SECTION and dimension_id in rubric.dimension_by_id:
            dim = rubric.dimension_by_id[dimension_id]
            lines = []
            for area in dim.areas:
                ids = [e.id for e in dim.elements if e.area == area]
                done = sum(is_done(answers.get(i)) for i in ids)
                lines.append(f"  {area}: {done}/{len(ids)}")
            parts = [
                Part("crumb", _text("Dimension"), look="muted"),
                Part("title", _text(dim.name, "bold")),
                Part("state", hint),
                Part("question", _text(dim.summary), gap=1),
                Part(
                    "evidence",
                    Content.assemble(("Areas", "bold"), "\n", "\n".join(lines)),
                    gap=1,
                    look="muted",
                ),
            ]
            tagged = self._tagged(dimension_id, answers)
            if tagged is not None:
                parts.append(Part("tagged", tagged, gap=1))
        else:
            ids = [a.id for a in rubric.ai_readiness]
            done = sum(is_done(answers.get(i)) for i in ids)
            parts = [
                Part("crumb", _text("Section"), look="muted"),
                Part("title", _text("AI-readiness layer", "bold")),
                Part("state", hint),
                Part(
                    "question",
                    _text("How ready the operating model is for AI agents."),
                    gap=1,
                ),
                Part("evidence", _text(f"{done}/{len(ids)} answered or N/A"), gap=1, look="muted"),
            ]
        self.body.set_parts(tuple(parts))
