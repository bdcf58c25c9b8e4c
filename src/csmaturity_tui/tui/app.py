"""The Textual app: home, the assessment form, the question flow, the dashboard,
the export dialog and help.

The app is the :class:`~csmaturity_tui.tui.shell.Shell` every screen is given in
its constructor: the store, the clock, the workers, and the screens it opens.

Start-up matters: this module (and the home screen) import only Textual at
module level. The rubric models, the engine, sqlite-utils and plotext (the
dashboard's charts) are imported inside the methods that need them, so the first
screen paints about as fast as a bare Textual app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from csmaturity_tui.tui.palette import JumpCommands, ScreenCommands, built_in_commands
from csmaturity_tui.tui.screens.home import HomeScreen
from csmaturity_tui.tui.screens.too_small import TooSmallScreen
from csmaturity_tui.tui.show import install_output_guard, plain

if TYPE_CHECKING:
    from csmaturity_tui.engine.compare import Comparison, Trend
    from csmaturity_tui.store import Store

TOO_SMALL_WIDTH = 40
TOO_SMALL_HEIGHT = 12
TOAST_MAX = 240  # characters of a notification shown (about six lines of a toast)


T = TypeVar("T")


class CsMaturityApp(App[int]):
    """The csmaturity TUI over one open :class:`Store`."""

    TITLE = "csmaturity"
    # Home is the default screen (see get_default_screen), whose own CSS_PATH Textual
    # does not load: its stylesheet is the app's.
    CSS_PATH = "screens/home.tcss"
    # csmaturity's commands first: the screen's keys, then what it can jump to (every
    # element on the flow, every assessment on home), Textual's own ranked below them
    COMMANDS: ClassVar = {built_in_commands, ScreenCommands, JumpCommands}
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
        install_output_guard()  # no control character from data reaches the terminal
        super().__init__()
        self.store = store
        self.rubric_path = rubric_path
        # The one source of "now" for the screens (tests freeze it for snapshots).
        self.clock: Callable[[], dt.datetime] = clock or dt.datetime.now
        self._too_small: TooSmallScreen | None = None
        self._started = False
        # what to do with each running background call's result, or with its error
        self._pending: dict[
            Worker[Any], tuple[Callable[[Any], None], Callable[[BaseException], None]]
        ] = {}

    # -- messages --------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast (screens and widgets call this too): its text shown as it may be.

        A message that carries data is sent with ``markup=False`` (its brackets shown
        as typed); a markup message escapes its data with ``tui.show.markup``. A message
        longer than ``TOAST_MAX`` characters is cut.
        """
        text = plain(message)
        if len(text) > TOAST_MAX:  # a 10,000-character client name would cover the screen
            text = text[: TOAST_MAX - 1].rstrip("\\") + "…"
        super().notify(
            text, title=plain(title)[:TOAST_MAX], severity=severity, timeout=timeout, markup=markup
        )

    # -- life cycle ------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        # Home is the bottom screen, composed with the app itself: pushed from on_mount
        # instead, its first frame was rendered while the app was still starting (and
        # thrown away), then rendered again (bench/README.md, start-up).
        return HomeScreen(self)

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

    # -- the store: one policy for every screen ---------------------------------------

    def background(
        self,
        call: Callable[[], T],
        then: Callable[[T], None],
        *,
        group: str,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``call`` (a read or a slow write on the app's one store) in a thread.

        ``then(result)`` runs on the event loop when it returns. When it raises,
        ``failed(error)`` runs instead (default: :meth:`show_error`, one line on
        screen). Every worker of the app reports through ``on_worker_state_changed``:
        no screen needs a pair of "loaded"/"failed" messages of its own.
        """
        worker: Worker[T] = self.run_worker(
            call, thread=True, group=group, exclusive=True, exit_on_error=False
        )
        self._pending[worker] = (then, failed or self.show_error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        entry = self._pending.pop(worker, None)
        if entry is None or event.state is WorkerState.CANCELLED:
            return
        then, failed = entry
        if event.state is WorkerState.SUCCESS:
            then(worker.result)
        elif worker.error is not None:
            failed(worker.error)

    def guard(self, call: Callable[[], T], then: Callable[[T], None] | None = None) -> bool:
        """Run a quick store call on the event loop, then ``then(result)``; True if done.

        A StoreError or a ServiceError (the database busy, damaged, gone...) is one line
        on screen and False, never a traceback.
        """
        from csmaturity_tui.services import ServiceError
        from csmaturity_tui.store import StoreError

        try:
            result = call()
        except (StoreError, ServiceError) as exc:
            self.show_error(exc)
            return False
        if then is not None:
            then(result)
        return True

    def show_error(self, error: BaseException) -> None:
        """One line on screen for a failed store call or worker, never a traceback."""
        from csmaturity_tui.services import ServiceError
        from csmaturity_tui.store import StoreError

        text = " ".join(str(error).split())
        if not isinstance(error, StoreError | ServiceError):
            text = f"unexpected error: {type(error).__name__}: {text}"
        self.notify(text or type(error).__name__, severity="error", timeout=8, markup=False)

    # -- the screens it opens --------------------------------------------------------

    def open_assessment(self, assessment_id: str) -> None:
        """Read the assessment (and parse its pinned rubric) off the loop, then show it."""
        from csmaturity_tui import services
        from csmaturity_tui.tui.screens.flow import FlowScreen

        store = self.store
        self.background(
            lambda: services.open_assessment(store, assessment_id),
            lambda loaded: self.push_guarded(FlowScreen(self, *loaded)),
            group="load",
        )

    def open_dashboard(self, assessment_id: str) -> None:
        # imported here: the dashboard's charts import plotext (start-up)
        from csmaturity_tui.tui.screens.dashboard import DashboardScreen

        self.push_guarded(DashboardScreen(self, assessment_id))

    def open_compare(self, comparison: Comparison) -> None:
        # imported here: the charts import plotext (start-up)
        from csmaturity_tui.tui.screens.rounds import CompareScreen

        self.push_guarded(CompareScreen(comparison))

    def open_trend(self, trend: Trend, client: str) -> None:
        from csmaturity_tui.tui.screens.rounds import TrendScreen

        self.push_guarded(TrendScreen(trend, client))

    def open_export(self, assessment_id: str) -> None:
        from csmaturity_tui.tui.screens.export import ExportScreen

        self.push_guarded(ExportScreen(self, assessment_id))

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
