"""Help: every key of the screen it was opened from (``?`` or ``F1``), after what each
symbol on that screen means (its ``LEGEND``)."""

from __future__ import annotations

from typing import Any, ClassVar, Protocol, runtime_checkable

from rich.markup import escape
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, RadioSet, Static, Tabs, TextArea, Tree

from csmaturity_tui.tui.palette import description_of

# what help calls the focused widget whose keys it lists, unless it has a HELP_NAME (the
# first class that matches)
WIDGET_NAMES: tuple[tuple[type[DOMNode], str], ...] = (
    (Tree, "tree"),
    (DataTable, "table"),
    (TextArea, "note editor"),
    (Input, "text field"),
    (RadioSet, "choice"),
    (Tabs, "tabs"),
    (Button, "button"),
    (ScrollableContainer, "scrolling pane"),
)
# keys every screen has (focus moves, copy): listed with the app's
_SCREEN_BASE_ACTIONS = frozenset(b.action for b in Binding.make_bindings(Screen.BINDINGS))


@runtime_checkable
class HasHelpTitle(Protocol):
    """A screen that names itself in help's title."""

    HELP_TITLE: ClassVar[str]


@runtime_checkable
class HasHelpName(Protocol):
    """A widget that names itself in help ("In the format choice")."""

    HELP_NAME: ClassVar[str]


@runtime_checkable
class HasLegend(Protocol):
    """A screen whose symbols help explains: (symbol, what it means)."""

    LEGEND: ClassVar[tuple[tuple[str, str], ...]]


def legend_rows(screen: Screen[Any]) -> tuple[tuple[str, str], ...]:
    return screen.LEGEND if isinstance(screen, HasLegend) else ()


def help_title(screen: Screen[Any]) -> str:
    return screen.HELP_TITLE if isinstance(screen, HasHelpTitle) else "This screen"


def widget_name(node: DOMNode) -> str:
    if isinstance(node, HasHelpName):
        return node.HELP_NAME
    return next((name for kind, name in WIDGET_NAMES if isinstance(node, kind)), "focused widget")


def key_rows(screen: Screen[Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every binding active on ``screen`` as (section, [(keys, what they do)]).

    The screen's own keys first, then the focused widget's, then the app's.
    """
    app = screen.app
    sections: dict[str, dict[tuple[str, str], list[str]]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        node = active.node
        if node is screen and binding.action not in _SCREEN_BASE_ACTIONS:
            section = "This screen"
        elif node is app or node is screen:
            section = "Everywhere"
        else:
            section = f"In the {widget_name(node)}"
        description = binding.tooltip or description_of(node, binding) or binding.action
        display = binding.key_display or app.get_key_display(binding) or key
        keys = sections.setdefault(section, {}).setdefault((binding.action, description), [])
        if display not in keys:
            keys.append(display)
    rank = {"This screen": 0, "Everywhere": 2}
    order = sorted(sections, key=lambda name: rank.get(name, 1))
    return [
        (name, [(", ".join(keys), desc) for (_a, desc), keys in sections[name].items()])
        for name in order
    ]


class HelpScreen(ModalScreen[None]):
    """Lists the keys of ``screen`` (the screen beneath)."""

    HELP_TITLE = "Help"

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("q,f1,question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        name = help_title(self.target)
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
        table.add_column("keys", style="bold", no_wrap=True, min_width=12)
        table.add_column("does")
        legend = legend_rows(self.target)
        if legend:
            table.add_row("[u]Symbols[/u]", "")
            for symbol, meaning in legend:
                table.add_row(escape(symbol), escape(meaning))
        for n, (section, rows) in enumerate(key_rows(self.target)):
            if n or legend:
                table.add_row("", "")
            table.add_row(f"[u]{escape(section)}[/u]", "")
            for keys, description in rows:
                table.add_row(escape(keys), escape(description))
        with VerticalScroll(id="help-box"):
            yield Static(f"[b]Keys: {escape(name)}[/b]", id="help-title")
            yield Static(table, id="help-keys")
            yield Static(
                "[dim]ctrl+p opens the command palette: every action by name. "
                "escape closes this help.[/dim]",
                id="help-foot",
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
