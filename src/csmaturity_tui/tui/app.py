"""The Textual app: home, the assessment form, the question flow and help.

Start-up matters: this module (and the home screen) import only Textual at
module level. The rubric models, the engine, sqlite-utils and plotext are
imported inside the methods that need them, so the first screen paints about
as fast as a bare Textual app.

Seams for other screens: :meth:`CsMaturityApp.open_dashboard` and
:meth:`CsMaturityApp.open_export` push ``tui.screens.dashboard.DashboardScreen``
and ``tui.screens.export.ExportScreen`` (imported lazily, constructed with
``(store, assessment_id)``) when those modules exist. No key is bound to them
here; their owners add the bindings.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from csmaturity_tui.tui.palette import ScreenCommands
from csmaturity_tui.tui.screens.home import HomeScreen
from csmaturity_tui.tui.screens.too_small import TooSmallScreen

if TYPE_CHECKING:
    from csmaturity_tui.model import Assessment
    from csmaturity_tui.rubric import Rubric
    from csmaturity_tui.store import Store

TOO_SMALL_WIDTH = 40
TOO_SMALL_HEIGHT = 12


@dataclass
class AssessmentLoaded(Message):
    """A worker finished reading an assessment with its pinned rubric."""

    rubric: Rubric
    assessment: Assessment


@dataclass
class WorkFailed(Message):
    """A worker failed; ``text`` is one line for the user."""

    text: str


class CsMaturityApp(App[int]):
    """The csmaturity TUI over one open :class:`Store`."""

    TITLE = "csmaturity"
    # Home is the default screen (see get_default_screen), whose own CSS_PATH Textual
    # does not load: its stylesheet is the app's.
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    COMMANDS: ClassVar = App.COMMANDS | {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(
        self,
        store: Store,
        rubric_path: Path | None = None,
        *,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.rubric_path = rubric_path
        # The one source of "now" for the screens (tests freeze it for snapshots).
        self.clock: Callable[[], dt.datetime] = clock or dt.datetime.now
        self._too_small: TooSmallScreen | None = None
        self._started = False

    # -- life cycle ------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        # Home is the bottom screen, composed with the app itself: pushed from on_mount
        # instead, its first frame was rendered while the app was still starting (and
        # thrown away), then rendered again (bench/README.md, start-up).
        return HomeScreen()

    def on_mount(self) -> None:
        self._started = True
        self._check_size(self.size.width, self.size.height)

    def on_resize(self, event: events.Resize) -> None:
        if self._started:
            self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width <= TOO_SMALL_WIDTH or height <= TOO_SMALL_HEIGHT
        if small and self._too_small is None:
            self._too_small = TooSmallScreen()
            self.push_screen(self._too_small)
        elif not small and self._too_small is not None:
            screen, self._too_small = self._too_small, None
            if self.screen is screen:
                self.pop_screen()

    # -- help ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "help" and self._too_small is not None)

    def action_help(self) -> None:
        from csmaturity_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    # -- opening an assessment -------------------------------------------------------

    def open_assessment(self, assessment_id: str) -> None:
        """Read the assessment (and parse its pinned rubric) off the loop, then show it."""
        self._load_assessment(assessment_id)

    @work(thread=True, exclusive=True, group="load")
    def _load_assessment(self, assessment_id: str) -> None:
        from csmaturity_tui.store import StoreError

        try:
            rubric, assessment = self.store.load(assessment_id)
        except StoreError as exc:
            self.post_message(WorkFailed(str(exc)))
            return
        self.post_message(AssessmentLoaded(rubric, assessment))

    def on_assessment_loaded(self, message: AssessmentLoaded) -> None:
        from csmaturity_tui.tui.screens.flow import FlowScreen

        self.push_guarded(FlowScreen(self.store, message.rubric, message.assessment))

    def on_work_failed(self, message: WorkFailed) -> None:
        self.notify(message.text, severity="error", timeout=8, markup=False)

    # -- seams for the dashboard (issue 7) and the export (issue 8) ------------------

    def open_dashboard(self, assessment_id: str) -> None:
        self._push_optional("dashboard", "DashboardScreen", assessment_id)

    def open_export(self, assessment_id: str) -> None:
        self._push_optional("export", "ExportScreen", assessment_id)

    def _push_optional(self, module: str, name: str, assessment_id: str) -> None:
        try:
            mod = importlib.import_module(f"csmaturity_tui.tui.screens.{module}")
        except ModuleNotFoundError:
            self.notify(f"The {module} is not available in this build.", severity="warning")
            return
        factory: Any = getattr(mod, name)
        self.push_guarded(factory(self.store, assessment_id))

    def push_guarded(self, screen: Screen[Any]) -> None:
        """Push ``screen``, keeping the "too small" notice on top while it is shown.

        A worker may finish (and open a screen) while the terminal is too small.
        """
        if self._too_small is not None and self.screen is self._too_small:
            self.pop_screen()
            self.push_screen(screen)
            self._too_small = TooSmallScreen()
            self.push_screen(self._too_small)
        else:
            self.push_screen(screen)
