"""The footer of every screen: the keys that fit, each whole, never one cut short.

Textual's footer shows every key a screen offers, in order, and cuts the last one
that does not fit ("? H" at 80 columns). This one shows the keys in the order the
screen lists them (the most useful first) while they fit whole, and always the help
key (``?``, which lists every key) and the command palette; the rest are in help.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer

KEPT_ACTIONS = frozenset({"app.help", "help"})  # always shown: it lists the others
COMPACT_BELOW = 100  # columns: a narrower terminal has the compact footer (one cell a key less)


class FittedFooter(Footer):
    """A footer that hides the keys past its width instead of cutting one."""

    # the compact footer keeps one cell after a group's label ("12345 Level n N/A")
    DEFAULT_CSS = """
    FittedFooter.-compact FooterLabel {
        margin: 0 1 0 0;
    }
    """

    async def recompose(self) -> None:
        await super().recompose()
        self.fit()

    def on_resize(self) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW
        self.fit()
        self.call_after_refresh(self.fit)  # once the keys have their compact look

    def fit(self) -> None:
        """Show the keys that fit whole, in order, and the kept ones.

        Measured from what each key draws, not from the layout: a footer recomposed
        while its screen is under another (the palette) is not laid out until it shows.
        """
        width = self.app.size.width
        children = list(self.children)
        docked = [c for c in children if c.has_class("-command-palette")]
        kept = [c for c in children if getattr(c, "action", None) in KEPT_ACTIONS]
        # + 1: the margin after the last key shown may fall on the palette's side
        room = width + 1 - sum(_outer(c) for c in docked + kept)
        for child in children:
            if child in docked or child in kept:
                continue
            room -= _outer(child)
            child.display = room >= 0
            if room < 0:
                room = -(10**6)  # keep the order: nothing after a hidden key shows


def _outer(widget: Widget) -> int:
    """The cells a footer item takes, measured from its content: its width, its
    padding and border, its margins (a group: its keys)."""
    styles = widget.styles
    if widget.children:
        inner = sum(_outer(child) for child in widget.children)
    else:
        inner = widget.get_content_width(Size(0, 0), Size(0, 0))
    return inner + styles.gutter.width + styles.margin.width
