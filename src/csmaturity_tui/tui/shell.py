"""What every screen gets from the app, as one Protocol: the only way screens reach it.

Each screen that needs the store, the clock or another screen takes a :class:`Shell`
in its constructor (the app passes itself). Screens import this module, never
``tui.app``: the app imports the screens, nothing imports back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from csmaturity_tui.engine.compare import Comparison, Trend
    from csmaturity_tui.store import Store

T = TypeVar("T")


class Shell(Protocol):
    """The app's store, rubric, clock and workers, and the screens it opens."""

    @property
    def store(self) -> Store:
        """The one store of the process (thread-safe: workers share it)."""

    @property
    def rubric_path(self) -> Path | None:
        """The rubric for new assessments and moves (None: the packaged one)."""

    def clock(self) -> dt.datetime:
        """Now (tests freeze it)."""

    def background(
        self,
        call: Callable[[], T],
        then: Callable[[T], None],
        *,
        group: str,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``call`` in a thread; ``then(result)`` (or ``failed(error)``) on the loop."""

    def guard(self, call: Callable[[], T], then: Callable[[T], None] | None = None) -> bool:
        """Run a quick store call on the loop; a failure is one line on screen (False)."""

    def open_assessment(self, assessment_id: str) -> None:
        """Show the question flow of the assessment."""

    def open_dashboard(self, assessment_id: str) -> None:
        """Show the dashboard of the assessment."""

    def open_export(self, assessment_id: str) -> None:
        """Open the export dialog for the assessment."""

    def open_compare(self, comparison: Comparison) -> None:
        """Show what changed between two rounds."""

    def open_trend(self, trend: Trend, client: str) -> None:
        """Show a client's rounds over time."""
