"""Every action of the current screen in the command palette (ctrl+p).

The commands are read from the screen's active bindings (so a new key is in the
palette as soon as it is bound), plus any ``palette_commands()`` a screen
offers for actions without a key of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial
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


# -- jump anywhere -----------------------------------------------------------------------


@dataclass(frozen=True)
class JumpTarget:
    """Something the palette can jump to: what it is called, the text it is also found
    by (an element's question, an assessment's scope), and what choosing it does."""

    label: str
    also: str
    go: Callable[[], Any]


@runtime_checkable
class HasJumpTargets(Protocol):
    def jump_targets(self) -> list[JumpTarget]:
        """Everything on this screen the palette can jump to (elements, assessments)."""


class JumpCommands(Provider):
    """The screen's jump targets: on the flow every element (id, title, area, dimension,
    found by its question too), on home every assessment. Matched with Textual's fuzzy
    matcher; a match in the label counts fully, one in the other text at 0.8."""

    def _targets(self) -> list[JumpTarget]:
        screen = self.screen
        return screen.jump_targets() if isinstance(screen, HasJumpTargets) else []

    async def discover(self) -> Hits:
        for target in self._targets():
            yield DiscoveryHit(target.label, target.go, help=target.also)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for target in self._targets():
            label = matcher.match(target.label)
            also = 0.8 * matcher.match(target.also)
            if label > 0 and label >= also:
                yield Hit(
                    label, matcher.highlight(target.label), target.go, target.label, target.also
                )
            elif also > 0:
                yield Hit(also, target.label, target.go, target.label, target.also)


@cache
def built_in_commands() -> type[Provider]:
    """Textual's own commands (theme, keys, screenshot, quit), ranked below csmaturity's:
    a search for a word or an element id lists the elements first. A factory, as Textual's
    own, so the palette's module is imported only when the palette opens."""
    from textual.system_commands import SystemCommandsProvider

    class BuiltInCommands(SystemCommandsProvider):
        async def search(self, query: str) -> Hits:
            async for hit in super().search(query):
                if isinstance(hit, Hit):
                    yield Hit(hit.score * 0.5, hit.match_display, hit.command, hit.text, hit.help)
                else:
                    yield hit

    return BuiltInCommands
