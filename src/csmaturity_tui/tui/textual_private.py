"""Every touch of Textual's (and Rich's) private API in the app, fenced in this module.

Textual is pinned (``textual==8.2.8``, :data:`PINNED_TEXTUAL`); these touches hold for
that version only, and ``tests/tui/test_textual_fence.py`` fails on any other version
(and when a name below is gone), so an upgrade starts here. No other module of the app
reads or overrides a private name of Textual or Rich (the same test checks the sources).

The touches, each for speed or for what the terminal is sent:

1. ``Tree._refresh_node`` is overridden (:class:`LineCachedTree`): Tree's repaints every
   line below a node whose label changed; the flow's tree repaints only the lines whose
   drawing changed (``ElementTree.repaint_node``).
2. ``Tree._pseudo_class_state`` is written and ``Tree._render_line`` called
   (:meth:`LineCachedTree.draw_line`), as ``Tree.render_lines`` does, to draw a line
   ahead of time, off-screen (the page below the cursor, while the app is idle).
3. ``DataTable._update_dimensions`` is overridden (:class:`FixedWidthTable`): with fixed
   column widths and one-line rows, measuring each new cell (~0.1 ms a row) changes
   nothing.
4. ``DataTable._row_locations`` (a ``textual._two_way_dict.TwoWayDict``) and
   ``DataTable._update_count`` are written (:meth:`FixedWidthTable.show_order`): what
   ``DataTable.sort`` does, with the order given, no row re-added.
5. ``rich.control._CONTROL_STRIP_TRANSLATE`` and ``textual.content._CONTROL_STRIP_TRANSLATE``
   (the tables their control-code filters translate through) are widened
   (:func:`widen_control_filters`): no control character from data reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from textual.widgets import DataTable, Tree
from textual.widgets.data_table import RowKey
from textual.widgets.tree import TreeNode

if TYPE_CHECKING:
    from rich.style import Style
    from textual.strip import Strip

PINNED_TEXTUAL = "8.2.8"

# (owner, private attribute): each must exist in the pinned version (the fence test)
TOUCHES: tuple[tuple[str, str], ...] = (
    ("textual.widgets._tree.Tree", "_refresh_node"),
    ("textual.widgets._tree.Tree", "_render_line"),
    ("textual.widgets._tree.Tree", "_pseudo_class_state"),
    ("textual.widgets._data_table.DataTable", "_update_dimensions"),
    ("textual.widgets._data_table.DataTable", "_row_locations"),
    ("textual.widgets._data_table.DataTable", "_update_count"),
    ("textual._two_way_dict", "TwoWayDict"),
    ("rich.control", "_CONTROL_STRIP_TRANSLATE"),
    ("textual.content", "_CONTROL_STRIP_TRANSLATE"),
)

D = TypeVar("D")
C = TypeVar("C")


class LineCachedTree(Tree[D]):
    """A Tree whose node repaints and off-screen line drawing are public methods."""

    def _refresh_node(self, node: TreeNode[D]) -> None:  # touch 1
        self.repaint_node(node)

    def repaint_node(self, node: TreeNode[D]) -> None:
        """Repaint ``node`` after its label changed (default: Tree's, every line below)."""
        super()._refresh_node(node)

    def draw_line(self, line: int, x1: int, x2: int, style: Style) -> Strip:
        """Tree's drawing of virtual line ``line`` (columns ``x1`` to ``x2``), as
        ``render_lines`` would draw it now."""
        self._pseudo_class_state = self.get_pseudo_class_state()  # touch 2
        return self._render_line(line, x1, x2, style)


class FixedWidthTable(DataTable[C]):
    """A DataTable that measures no new row while every column has a fixed width, and
    can show its rows in a given order."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:  # touch 3
        if not any(column.auto_width for column in self.columns.values()):
            new_rows = ()
        super()._update_dimensions(new_rows)

    def show_order(self, ids: list[str]) -> None:
        """Put the rows (the same keys as the table holds) in the order of ``ids``."""
        from textual._two_way_dict import TwoWayDict

        keys = {key.value: key for key in self.rows}
        self._row_locations = TwoWayDict({keys[id_]: n for n, id_ in enumerate(ids)})  # touch 4
        self._update_count += 1
        self.refresh()


def widen_control_filters(removed: Mapping[int, None]) -> None:
    """Add ``removed`` to Rich's and Textual's control-code filters (touch 5).

    Both filters translate through a module-level table (their default argument, the
    same dict object): adding to it reaches every ``Text`` and ``Content`` made from then
    on. Idempotent.
    """
    from rich import control as rich_control
    from textual import content as textual_content

    for table in (
        rich_control._CONTROL_STRIP_TRANSLATE,
        textual_content._CONTROL_STRIP_TRANSLATE,
    ):
        table.update(removed)
