"""The tree of the question flow: dimensions, areas and elements with their marks.

Marks: ✓ answered, – N/A, · unanswered, and ⚑ when flagged for review. Each
dimension shows how many of its elements are done (answered or N/A), always in full:
a title too long for the tree's width is cut in the middle instead. The
AI-readiness layer is its own section, and each dimension also lists (folded)
the AI-readiness elements tagged to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets.tree import TreeNode

from csmaturity_tui.presentation.answers import AnswerState, answer_state, is_done
from csmaturity_tui.presentation.fmt import elided
from csmaturity_tui.tui.textual_private import LineCachedTree

if TYPE_CHECKING:
    from csmaturity_tui.model import Answer
    from csmaturity_tui.rubric import Rubric

NodeKind = Literal["dimension", "area", "element", "ai_group", "ai_section"]
AI_SECTION = ""  # the dimension_id of the AI-readiness section's nodes

MARK_ANSWERED = "✓"
MARK_NA = "–"
MARK_UNANSWERED = "·"
MARK_FLAG = "⚑"
MARK_CARRIED = "↻"  # an answer carried from the previous round, not yet confirmed


@dataclass(frozen=True)
class NodeRef:
    kind: NodeKind
    dimension_id: str = AI_SECTION
    element_id: str = ""
    canonical: bool = True  # False for the copies of AI elements under a dimension


MARKS: dict[AnswerState, tuple[str, str]] = {
    "answered": (MARK_ANSWERED, "green"),
    "na": (MARK_NA, "yellow"),
    "unanswered": (MARK_UNANSWERED, "dim"),
}


def mark(answer: Answer | None) -> tuple[str, str]:
    """The state mark of an answer and its style (carried and unconfirmed: its own)."""
    if answer is not None and answer.carried:
        return MARK_CARRIED, "cyan"
    return MARKS[answer_state(answer)]


class ElementTree(LineCachedTree[NodeRef]):
    """Built from a rubric; ``rebuild`` applies a filter and returns the element order."""

    def __init__(self, rubric: Rubric, *, id: str | None = None) -> None:
        super().__init__("assessment", id=id)
        self.rubric = rubric
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False  # enter on a heading goes to its elements; space folds
        self.element_nodes: dict[str, TreeNode[NodeRef]] = {}
        self.copy_nodes: dict[str, list[TreeNode[NodeRef]]] = defaultdict(list)
        self.group_nodes: list[TreeNode[NodeRef]] = []
        # Drawn lines, keyed by what a line shows (see render_line); Textual's own
        # cache also keys a line by its ancestors' labels, so a dimension's new count
        # would redraw every line below it on each answer.
        self._strips: dict[tuple[object, ...], Strip] = {}
        self._generation = 0  # bumped when the tree is rebuilt or restyled
        self._label_version: dict[object, int] = {}
        # the cells a label may take (0: not laid out yet, labels in full)
        self._room = 0
        self._answers: Mapping[str, Answer] = {}
        self._area_names: dict[int, str] = {}  # node id: the area's name in full

    # -- building --------------------------------------------------------------------

    def rebuild(self, answers: Mapping[str, Answer], keep: Callable[[str], bool]) -> list[str]:
        """Show the elements ``keep`` accepts; the kept ids in flow order."""
        self.clear()
        self._forget_strips()
        self.element_nodes = {}
        self.copy_nodes = defaultdict(list)
        self.group_nodes = []
        self._area_names = {}
        order: list[str] = []
        rubric = self.rubric
        for dim in rubric.dimensions:
            dim_node = self.root.add("", NodeRef("dimension", dim.id), expand=True)
            self.group_nodes.append(dim_node)
            for area in dim.areas:
                ids = [e.id for e in dim.elements if e.area == area and keep(e.id)]
                if not ids:
                    continue
                area_node = dim_node.add(
                    self.area_label(area), NodeRef("area", dim.id), expand=True
                )
                self._area_names[area_node.id] = area
                for element_id in ids:
                    leaf = area_node.add_leaf("", NodeRef("element", dim.id, element_id))
                    self.element_nodes[element_id] = leaf
                    order.append(element_id)
            tagged = [a.id for a in rubric.ai_readiness if dim.id in a.dimensions and keep(a.id)]
            if tagged:
                group = dim_node.add("", NodeRef("ai_group", dim.id), expand=False)
                self.group_nodes.append(group)
                for element_id in tagged:
                    ref = NodeRef("element", dim.id, element_id, canonical=False)
                    self.copy_nodes[element_id].append(group.add_leaf("", ref))
        if rubric.ai_readiness:
            section = self.root.add("", NodeRef("ai_section"), expand=True)
            self.group_nodes.append(section)
            pillars = list(dict.fromkeys(a.pillar for a in rubric.ai_readiness))
            for pillar in pillars:
                ids = [a.id for a in rubric.ai_readiness if a.pillar == pillar and keep(a.id)]
                if not ids:
                    continue
                parent = section
                if pillar:
                    parent = section.add(self.area_label(pillar), NodeRef("area"), expand=True)
                    self._area_names[parent.id] = pillar
                for element_id in ids:
                    leaf = parent.add_leaf("", NodeRef("element", AI_SECTION, element_id))
                    self.element_nodes[element_id] = leaf
                    order.append(element_id)
        self.relabel(answers)
        return order

    # -- labels ----------------------------------------------------------------------

    def _label_room(self, depth: int, *, leaf: bool) -> int:
        """The cells left for a label at ``depth`` (guides: 2 a level; a fold icon: 2)."""
        if not self._room:
            return 0
        return max(8, self._room - 2 * depth - (0 if leaf else 2))

    def element_label(self, element_id: str, answer: Answer | None) -> Text:
        element = self.rubric.element_by_id[element_id]
        symbol, style = mark(answer)
        flag = MARK_FLAG if answer is not None and answer.flagged else " "
        node = self.element_nodes.get(element_id)
        depth = 2 if node is None or node.parent is not self.root.children[-1] else 1
        room = self._label_room(depth, leaf=True)
        # the mark, the flag and two spaces around the id come before the title
        title = elided(element.title, room - len(element_id) - 4) if room else element.title
        return Text.assemble(
            (symbol, style),
            (flag, "bold red"),
            " ",
            (element_id, "dim"),
            " ",
            title,
        )

    def group_label(self, ref: NodeRef, answers: Mapping[str, Answer]) -> Text:
        rubric = self.rubric
        if ref.kind == "dimension":
            dim = rubric.dimension_by_id[ref.dimension_id]
            ids = [e.id for e in dim.elements]
            name = dim.name
        elif ref.kind == "ai_group":
            ids = [a.id for a in rubric.ai_readiness if ref.dimension_id in a.dimensions]
            name = "AI readiness"
        else:
            ids = [a.id for a in rubric.ai_readiness]
            name = "AI-readiness layer"
        done = sum(is_done(answers.get(i)) for i in ids)
        style = "green" if done == len(ids) else "dim"
        count = f" {done}/{len(ids)}"
        room = self._label_room(1 if ref.kind == "ai_group" else 0, leaf=False)
        if room:
            name = elided(name, room - len(count))
        text = Text(name, style="bold" if ref.kind != "ai_group" else "italic")
        text.append(count, style=style)
        return text

    def area_label(self, name: str) -> str:
        """An area's (or a pillar's) heading, cut in the middle to the tree's width."""
        return elided(name, self._label_room(1, leaf=False))

    def on_resize(self) -> None:
        room = self.scrollable_content_region.width
        if room != self._room:
            self._room = room
            self._relabel_areas()
            self.relabel(self._answers)

    def _relabel_areas(self) -> None:
        for node in self.root.children:
            for child in node.children:
                full = self._area_names.get(child.id)
                if full is not None:
                    self._set_label(child, Text(self.area_label(full)))

    def relabel(self, answers: Mapping[str, Answer], element_id: str | None = None) -> None:
        """Refresh the marks: one element's (and every group's), or all of them.

        Only labels that change are set: each new label repaints its line.
        """
        self._answers = answers
        ids = [element_id] if element_id is not None else list(self.rubric.element_by_id)
        for eid in ids:
            nodes = [*([self.element_nodes[eid]] if eid in self.element_nodes else [])]
            nodes.extend(self.copy_nodes.get(eid, []))
            if not nodes:
                continue
            label = self.element_label(eid, answers.get(eid))
            for node in nodes:
                self._set_label(node, label)
        for group in self.group_nodes:
            ref = group.data
            if ref is not None and (element_id is None or self._counts(ref, element_id)):
                self._set_label(group, self.group_label(ref, answers))

    def _counts(self, ref: NodeRef, element_id: str) -> bool:
        """Whether the group's count includes the element."""
        if ref.kind == "dimension":
            return self.rubric.dimension_of.get(element_id) == ref.dimension_id
        if element_id in self.rubric.dimension_of:
            return False  # the other groups count AI-readiness elements only
        if ref.kind == "ai_group":
            element = self.rubric.element_by_id[element_id]
            return ref.dimension_id in getattr(element, "dimensions", ())
        return True

    def _set_label(self, node: TreeNode[NodeRef], label: Text) -> None:
        if node.label != label:
            node.set_label(label)
            self._label_version[node.id] = self._label_version.get(node.id, 0) + 1

    # -- drawing ---------------------------------------------------------------------

    def _forget_strips(self) -> None:
        self._strips.clear()
        self._label_version.clear()
        self._generation += 1

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_strips()

    def _line_key(self, line: int, node: TreeNode[NodeRef]) -> tuple[object, ...]:
        """What a line shows: the key of its drawn strip.

        A line shows its node's label and expand icon, and its guides, which depend on
        the tree's shape and on whether the cursor or the mouse is on the line or on
        one of its ancestors (and whether the tree has focus).
        """
        cursor = self.cursor_node
        hover = self.get_node_at_line(self.hover_line) if self.hover_line >= 0 else None
        cursor_at = hover_at = -1
        depth = 0
        up: TreeNode[NodeRef] | None = node
        while up is not None and up is not self.root:
            if up is cursor:
                cursor_at = depth
            if up is hover:
                hover_at = depth
            up = up.parent
            depth += 1
        return (
            self._generation,
            line,
            node.id,
            self._label_version.get(node.id, 0),
            node.is_expanded,
            cursor_at,
            hover_at,
            self.has_focus,
            self.get_pseudo_class_state(),
            self.size.width,
            self.virtual_size.width,
            self.scroll_offset.x,
        )

    def prepare_below(self) -> None:
        """Draw ahead (when idle) the page below the view, if the cursor is near it.

        ``go_to`` scrolls by most of a page when the cursor nears the bottom: the key
        that moves there then finds the new lines drawn.
        """
        cursor = self.cursor_node
        height = self.scrollable_content_region.height
        top = round(self.scroll_offset.y)
        if cursor is None or height <= 6 or cursor.line < top + height - 8:
            return
        x1 = round(self.scroll_offset.x)
        style = self.rich_style
        for line in range(top + height, top + 2 * height):
            node = self.get_node_at_line(line)
            if node is None:
                break
            key = self._line_key(line, node)
            if key not in self._strips:
                self._strips[key] = self.draw_line(line, x1, x1 + self.size.width, style)

    def render_line(self, y: int) -> Strip:
        """A line as Tree draws it, cached by what it shows (``_line_key``)."""
        line = y + self.scroll_offset.y
        node = self.get_node_at_line(line)
        if node is None:
            return super().render_line(y)
        key = self._line_key(line, node)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 4096:
                self._strips.clear()
            strip = self._strips[key] = super().render_line(y)
        return strip

    def repaint_node(self, node: TreeNode[NodeRef]) -> None:
        """Repaint the visible lines of ``node`` and below it whose drawing changed.

        Tree's repaints every line below the node: a dimension's new count would
        repaint the whole dimension.
        """
        top = self.scroll_offset.y
        width = self.size.width
        if not node.children or not node.is_expanded:
            line = node.line
            if top <= line < top + self.size.height:
                self.refresh(Region(0, line - top, width, 1))
            return
        for line in range(top, top + self.size.height):
            below = self.get_node_at_line(line)
            if below is None:
                break
            up: TreeNode[NodeRef] | None = below
            while up is not None and up is not node:
                up = up.parent
            if up is not None and self._line_key(line, below) not in self._strips:
                self.refresh(Region(0, line - top, width, 1))

    # -- moving ----------------------------------------------------------------------

    def go_to(self, node: TreeNode[NodeRef], *, context: bool = True) -> None:
        """Put the cursor on ``node``, unfolding its parents.

        ``context=False`` leaves ``keep_context`` to the caller (the flow calls it
        once the screen shows the answer: scrolling repaints the whole tree).
        """
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:  # expand() re-lays out the whole tree, even if open
                parent.expand()
            parent = parent.parent
        _ = self.last_line  # rebuild the lines so the node knows its line
        self.move_cursor(node)  # scrolls, if needed, just enough to show it
        if context:
            self.keep_context()

    def keep_context(self) -> None:
        """Scroll so that the cursor has some context (the dimension and area above)."""
        node = self.cursor_node
        if node is None:
            return
        line, top = node.line, round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if height > 6 and (line < top + 2 or line > top + height - 3):
            self.scroll_to(y=max(0, line - height // 3), animate=False)
