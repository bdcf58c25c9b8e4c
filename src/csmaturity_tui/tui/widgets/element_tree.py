"""The tree of the question flow: dimensions, areas and elements with their marks.

Marks: ✓ answered, – N/A, · unanswered, and ⚑ when flagged for review. Each
dimension shows how many of its elements are done (answered or N/A). The
AI-readiness layer is its own section, and each dimension also lists (folded)
the AI-readiness elements tagged to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

if TYPE_CHECKING:
    from csmaturity_tui.model import Answer
    from csmaturity_tui.rubric import Rubric

NodeKind = Literal["dimension", "area", "element", "ai_group", "ai_section"]
AI_SECTION = ""  # the dimension_id of the AI-readiness section's nodes

MARK_ANSWERED = "✓"
MARK_NA = "–"
MARK_UNANSWERED = "·"
MARK_FLAG = "⚑"


@dataclass(frozen=True)
class NodeRef:
    kind: NodeKind
    dimension_id: str = AI_SECTION
    element_id: str = ""
    canonical: bool = True  # False for the copies of AI elements under a dimension


def is_done(answer: Answer | None) -> bool:
    return answer is not None and (answer.level is not None or answer.na_reason is not None)


def mark(answer: Answer | None) -> tuple[str, str]:
    """The state mark of an answer and its style."""
    if answer is None or not is_done(answer):
        return MARK_UNANSWERED, "dim"
    if answer.level is not None:
        return MARK_ANSWERED, "green"
    return MARK_NA, "yellow"


class ElementTree(Tree[NodeRef]):
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

    # -- building --------------------------------------------------------------------

    def rebuild(self, answers: Mapping[str, Answer], keep: Callable[[str], bool]) -> list[str]:
        """Show the elements ``keep`` accepts; the kept ids in flow order."""
        self.clear()
        self.element_nodes = {}
        self.copy_nodes = defaultdict(list)
        self.group_nodes = []
        order: list[str] = []
        rubric = self.rubric
        for dim in rubric.dimensions:
            dim_node = self.root.add("", NodeRef("dimension", dim.id), expand=True)
            self.group_nodes.append(dim_node)
            for area in dim.areas:
                ids = [e.id for e in dim.elements if e.area == area and keep(e.id)]
                if not ids:
                    continue
                area_node = dim_node.add(area, NodeRef("area", dim.id), expand=True)
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
                    parent = section.add(pillar, NodeRef("area"), expand=True)
                for element_id in ids:
                    leaf = parent.add_leaf("", NodeRef("element", AI_SECTION, element_id))
                    self.element_nodes[element_id] = leaf
                    order.append(element_id)
        self.relabel(answers)
        return order

    # -- labels ----------------------------------------------------------------------

    def element_label(self, element_id: str, answer: Answer | None) -> Text:
        element = self.rubric.element_by_id[element_id]
        symbol, style = mark(answer)
        flag = MARK_FLAG if answer is not None and answer.flagged else " "
        return Text.assemble(
            (symbol, style),
            (flag, "bold red"),
            " ",
            (element_id, "dim"),
            " ",
            element.title,
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
        text = Text(name, style="bold" if ref.kind != "ai_group" else "italic")
        text.append(f" {done}/{len(ids)}", style=style)
        return text

    def relabel(self, answers: Mapping[str, Answer], element_id: str | None = None) -> None:
        """Refresh the marks: one element's (and every group's), or all of them."""
        ids = [element_id] if element_id is not None else list(self.rubric.element_by_id)
        for eid in ids:
            nodes = [*([self.element_nodes[eid]] if eid in self.element_nodes else [])]
            nodes.extend(self.copy_nodes.get(eid, []))
            if not nodes:
                continue
            label = self.element_label(eid, answers.get(eid))
            for node in nodes:
                node.set_label(label)
        for group in self.group_nodes:
            if group.data is not None:
                group.set_label(self.group_label(group.data, answers))

    # -- moving ----------------------------------------------------------------------

    def go_to(self, node: TreeNode[NodeRef]) -> None:
        """Put the cursor on ``node``, unfolding its parents."""
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:  # expand() re-lays out the whole tree, even if open
                parent.expand()
            parent = parent.parent
        _ = self.last_line  # rebuild the lines so the node knows its line
        self.move_cursor(node)
        # keep some context (the dimension and area above) in view
        line, top = node.line, round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if height > 6 and (line < top + 2 or line > top + height - 3):
            self.scroll_to(y=max(0, line - height // 3), animate=False)
