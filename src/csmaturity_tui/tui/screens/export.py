"""The export dialog (key ``x``): Markdown or TOML, to a file named from client and date.

The same text as ``csmaturity export ID --format md|toml`` (``services.render``),
written the same way (``export.files.write_atomic``: atomic, never over an
existing file unless the user says so here). The path is prefilled with
``default_filename(client, date, ext)`` relative to the current working
directory; switching the format switches the extension until the user edits the
name. Rendering and writing run in a thread worker on the app's store (the store
is thread-safe: every call holds its lock, see ``docs/store-api.md``), through
``Shell.background`` like every worker of the app. Problems (no such folder, permission, a
directory) show as one line in the dialog and nothing is written; on success the
dialog closes and a notification names the full path written.

Keys: ``m`` / ``t`` (or the arrows) pick the format while it has focus, ``h`` adds the
answer history to the Markdown (``--with-history``), ``tab`` moves to the path,
``enter`` exports from either, ``escape`` cancels.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, RadioButton, Static

if TYPE_CHECKING:
    from csmaturity_tui.store import Store
    from csmaturity_tui.tui.shell import Shell

# (format for services.render, label); the extension is the format's name
FORMATS: tuple[tuple[str, str], ...] = (
    ("md", "Markdown report (.md)"),
    ("toml", "TOML data, re-importable (.toml)"),
)
KEYS_TEXT = (
    "[b]m[/b] Markdown  [b]t[/b] TOML  [b]h[/b] history  [b]tab[/b] path  [b]enter[/b] export  "
    "[b]esc[/b] cancel"
)
HISTORY_LABEL = "add the answer history: who changed what, when (Markdown only)"


def working_folder() -> Path:
    """Where a relative path is written: the current working directory."""
    return Path.cwd()


class _Exists(Exception):
    """The target exists (and overwriting was not asked for): ask first."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: already exists")
        self.path = path


class FormatChoice(VerticalScroll, can_focus=True, can_focus_children=False):
    """The format, one radio button per format; ``index`` (public, reactive) is the one on.

    Looks and behaves as a RadioSet, without reaching into one: the buttons, the
    highlight and the screen all follow ``index``, which a key sets at once (the
    arrows pick a format directly: one key, no extra space/enter). A click on a
    button sets it too, and posts :class:`FormatChoice.Picked`.
    """

    HELP_NAME = "format choice"
    DEFAULT_CSS = """
    FormatChoice {
        border: tall $border-blurred;
        background: $surface;
        padding: 0 1;
        height: auto;
        width: 1fr;
        pointer: pointer;

        & > RadioButton {
            background: transparent;
            border: none;
            padding: 0;
            width: 1fr;

            & > .toggle--button {
                color: $panel-darken-2;
                background: $panel;
            }
        }

        & > RadioButton.-on .toggle--button {
            color: $text-success;
        }

        &:blur {
            & > RadioButton.-selected {
                & > .toggle--label {
                    background: $block-cursor-blurred-background;
                }
            }
        }

        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > RadioButton.-selected {
                & > .toggle--label {
                    background: $block-cursor-background;
                    color: $block-cursor-foreground;
                    text-style: $block-cursor-text-style;
                }
            }
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "screen.step_format(1)", "Next format", show=False),
        Binding("up,left", "screen.step_format(-1)", "Previous format", show=False),
        Binding("enter", "screen.export", "Export", show=False),
    ]

    index: reactive[int] = reactive(0)

    class Picked(Message):
        """A click turned the button of format ``index`` on."""

        def __init__(self, choice: FormatChoice, index: int) -> None:
            super().__init__()
            self.choice = choice
            self.index = index

        @property
        def control(self) -> FormatChoice:
            return self.choice

    def __init__(self, *labels: str, id: str | None = None) -> None:
        buttons = [RadioButton(label, value=n == 0) for n, label in enumerate(labels)]
        for button in buttons:
            button.can_focus = False  # the set has the focus and moves the highlight
        super().__init__(*buttons, id=id)

    def on_mount(self) -> None:
        self.watch_index(self.index)

    def watch_index(self, index: int) -> None:
        with self.prevent(RadioButton.Changed):
            for n, button in enumerate(self.query(RadioButton)):
                button.value = n == index
                button.set_class(n == index, "-selected")

    @on(RadioButton.Changed)
    def _clicked(self, event: RadioButton.Changed) -> None:
        event.stop()
        buttons = list(self.query(RadioButton))
        picked = buttons.index(event.radio_button)
        if picked == self.index:
            self.watch_index(picked)  # clicked off: it stays on
            return
        self.index = picked
        self.post_message(self.Picked(self, picked))

    def on_click(self) -> None:
        self.focus()


class ExportScreen(ModalScreen[Path | None]):
    """Choose the format and the path, then write the export; the result is the path written."""

    CSS_PATH = "export.tcss"
    HELP_TITLE = "Export"
    AUTO_FOCUS = "#export-format"
    BINDINGS: ClassVar[list[BindingType]] = [
        # m and t are the screen's (not the format box's), so they work even when typed
        # before the box has focus; the path box consumes them as text when focused
        Binding("m", "pick(0)", "Markdown", show=False),
        Binding("t", "pick(1)", "TOML", show=False),
        Binding("h", "toggle_history", "History", show=False),
        Binding("enter", "export", "Export"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, shell: Shell, assessment_id: str) -> None:
        super().__init__()
        self.shell = shell
        self.store = shell.store
        self.assessment_id = assessment_id
        self.folder = working_folder()
        self.client = ""
        self.date = ""
        self.problem: str | None = None  # the assessment could not be read
        self.format = FORMATS[0][0]
        self._auto_value = ""  # the name last filled in by the dialog itself
        self._busy = False

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from csmaturity_tui import services
        from csmaturity_tui.presentation.fmt import one_line

        try:
            _rubric, assessment = services.open_assessment(self.store, self.assessment_id)
        except services.ServiceError as exc:
            self.problem = str(exc).splitlines()[0]
        else:
            self.client = assessment.meta.client
            self.date = assessment.meta.date
        self._auto_value = self.default_name(self.format)
        with Vertical(classes="dialog", id="export-dialog") as dialog:
            dialog.border_title = "Export"
            title = Text.assemble(
                (one_line(self.client) or "(no client)", "bold"),
                (f" · {self.date}" if self.date else "", "dim"),
                no_wrap=True,
                overflow="ellipsis",
            )
            yield Static(title, id="export-title")
            yield Static("Format", classes="label")
            yield FormatChoice(*(label for _f, label in FORMATS), id="export-format")
            history = Checkbox(HISTORY_LABEL, id="export-history")
            history.can_focus = False  # h (or a click) turns it on: tab still goes to the path
            yield history
            yield Static("File", classes="label")
            yield Input(self._auto_value, id="export-path", select_on_focus=False)
            folder = Text(f"relative to {self.folder}", no_wrap=True, overflow="ellipsis")
            yield Static(folder, id="export-folder")
            yield Static(Text(self.problem or ""), id="export-error", classes="error")
            yield Static(KEYS_TEXT, classes="choices")

    # -- the name --------------------------------------------------------------------

    def default_name(self, fmt: str) -> str:
        from csmaturity_tui.formats.files import default_filename

        return default_filename(self.client, self.date, fmt)

    def target(self) -> Path | None:
        """The path in the box, relative to the working folder; None if empty."""
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.folder / path

    def action_pick(self, index: int) -> None:
        self.set_format(index)
        self.query_one(FormatChoice).index = index

    def action_step_format(self, step: int) -> None:
        names = [name for name, _label in FORMATS]
        self.action_pick((names.index(self.format) + step) % len(FORMATS))

    @on(FormatChoice.Picked, "#export-format")
    def _format_clicked(self, event: FormatChoice.Picked) -> None:
        self.set_format(event.index)

    def set_format(self, index: int) -> None:
        """Choose ``FORMATS[index]``; the name follows unless the user edited it."""
        fmt = FORMATS[index][0]
        if fmt == self.format:
            return
        self.format = fmt
        self.query_one("#export-history", Checkbox).disabled = fmt != "md"
        box = self.query_one("#export-path", Input)
        if box.value == self._auto_value:  # not edited: follow the format
            self._auto_value = self.default_name(fmt)
            box.value = self._auto_value
            box.cursor_position = len(box.value)

    def action_toggle_history(self) -> None:
        box = self.query_one("#export-history", Checkbox)
        if not box.disabled:
            box.toggle()

    @property
    def with_history(self) -> bool:
        """The Markdown ends with the answer history (``export --with-history``)."""
        box = self.query_one("#export-history", Checkbox)
        return self.format == "md" and box.value

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        if self.problem is None:
            self._show_error("")

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def _show_error(self, text: str) -> None:
        self.query_one("#export-error", Static).update(Text(text))

    # -- exporting -------------------------------------------------------------------

    def action_export(self, force: bool = False) -> None:
        if self._busy:
            return
        if self.problem is not None:
            self._show_error(self.problem)
            return
        target = self.target()
        if target is None:
            self._show_error("Give a file name to write.")
            self.query_one("#export-path", Input).focus()
            return
        self._busy = True
        if self.app.is_web:  # `csmaturity serve`: the file goes to the user's browser
            self._deliver(self.format, target.name)
            return
        self._write(self.format, target, force)

    def _deliver(self, fmt: str, name: str) -> None:
        store, aid, history = self.store, self.assessment_id, self.with_history
        self.shell.background(
            lambda: _render(store, aid, fmt, history),
            lambda text: self._delivered(text, fmt, name),
            group="export",
            failed=lambda error: self._failed_delivery(error, name),
        )

    def _delivered(self, text: str, fmt: str, name: str) -> None:
        import io

        self._busy = False
        mime = "text/markdown" if fmt == "md" else "application/toml"
        self.app.deliver_text(io.StringIO(text), save_filename=name, mime_type=mime)
        self.app.notify(f"Sent {name} to your browser", title="Export", markup=False)
        self.dismiss(None)

    def _failed_delivery(self, error: BaseException, name: str) -> None:
        self._busy = False
        self._show_error(f"{name}: cannot export: {_first_line(error)}")

    def _write(self, fmt: str, target: Path, force: bool) -> None:
        store, aid, history = self.store, self.assessment_id, self.with_history
        self.shell.background(
            lambda: _render_to(store, aid, fmt, target, force, history),
            self._done,
            group="export",
            failed=lambda error: self._failed(error, target, force),
        )

    def _done(self, path: Path) -> None:
        self._busy = False
        self.app.notify(f"Exported to {path}", title="Export", markup=False)
        self.dismiss(path)

    def _failed(self, error: BaseException, target: Path, force: bool) -> None:
        from csmaturity_tui.services import OutputRefused

        self._busy = False
        if isinstance(error, _Exists) or (
            isinstance(error, OutputRefused) and not force and _exists(target)  # made meanwhile
        ):
            self._ask_overwrite(target)
        elif isinstance(error, OutputRefused):
            self._show_error(str(error))
        else:
            self._show_error(f"{target}: cannot export: {_first_line(error)}")

    def _ask_overwrite(self, path: Path) -> None:
        from csmaturity_tui.tui.screens.dialogs import ConfirmScreen
        from csmaturity_tui.tui.show import markup

        def answered(key: str | None) -> None:
            if key == "y":
                self.action_export(force=True)
            else:
                self._show_error(f"{path}: already exists; not overwritten.")
                self.query_one("#export-path", Input).focus()

        question = f"[b]{markup(path.name)}[/b] already exists in {markup(str(path.parent))}."
        self.app.push_screen(
            ConfirmScreen(f"{question}\nOverwrite it?", yes="overwrite", no="keep it"), answered
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


def _exists(target: Path) -> bool:
    return (target.exists() or target.is_symlink()) and not target.is_dir()


def _render(store: Store, aid: str, fmt: str, history: bool) -> str:
    """In a worker: the assessment rendered, for delivery to the browser."""
    from csmaturity_tui import services

    return services.render(store, aid, fmt, with_history=history)


def _render_to(store: Store, aid: str, fmt: str, target: Path, force: bool, history: bool) -> Path:
    """In a worker: render the assessment and write it atomically; the path written."""
    from csmaturity_tui import services

    if not force and _exists(target):
        raise _Exists(target)
    return services.export_to(store, aid, fmt, target, force=force, with_history=history)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).splitlines()
    return lines[0] if lines else type(exc).__name__
