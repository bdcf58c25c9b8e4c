"""Every action of the current screen in the command palette (ctrl+p).

The commands are read from the screen's active bindings (so a new key is in the
palette as soon as it is bound), plus any ``palette_commands()`` a screen
offers for actions without a key of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

SKIP_ACTIONS = frozenset({"command_palette"})


@runtime_checkable
class HasPaletteCommands(Protocol):
    def palette_commands(self) -> list[tuple[str, str, str]]:
        """(name, action, help) triples run on the screen."""


@runtime_checkable
class DescribesBindings(Protocol):
    def describe_binding(self, binding: Binding) -> str | None:
        """A name for ``binding`` richer than its static description; None: that one."""


def description_of(node: DOMNode, binding: Binding) -> str:
    """What ``binding`` on ``node`` is called in help and in the palette."""
    if isinstance(node, DescribesBindings):
        described = node.describe_binding(binding)
        if described:
            return described
    return binding.description


class ScreenCommands(Provider):
    """The bound actions of the screen the palette was opened from."""

    def _commands(self) -> Iterator[tuple[str, str, DOMNode, str]]:
        screen = self.screen
        seen: set[tuple[str, str]] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            description = description_of(active.node, binding)
            if not description or binding.action in SKIP_ACTIONS:
                continue
            if not active.enabled:
                continue
            ident = (binding.action, description)
            if ident in seen:
                continue
            seen.add(ident)
            display = binding.key_display or self.app.get_key_display(binding) or key
            help_text = (
                f"{binding.tooltip}  (key: {display})" if binding.tooltip else f"key: {display}"
            )
            yield description, binding.action, active.node, help_text
        if isinstance(screen, HasPaletteCommands):
            for name, action, help_text in screen.palette_commands():
                yield name, action, screen, help_text

    def _runner(self, action: str, node: DOMNode) -> partial[Any]:
        return partial(self.app.run_action, action, node)

    async def discover(self) -> Hits:
        for name, action, node, help_text in self._commands():
            yield DiscoveryHit(name, self._runner(action, node), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, node, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), self._runner(action, node), help=help_text
                )
