"""Terminal charts for the dashboard, drawn with plotext through textual-plotext.

Every chart here is a ``PlotextPlot`` fed with plain, already-computed data
(values taken from the engine's Report; nothing is computed here but layout).
A chart is built only when its data, its size or the app theme changes: the
built text is cached and returned as is on any other repaint.

Colours come from the app theme (``$primary``, ``$success``, ``$warning``,
``$error``...), and the canvas follows it through textual-plotext's "auto"
theme, so the charts change with the theme. Under ``NO_COLOR`` the shapes
(bars, the shaded trap quadrant, the labels) still carry the meaning.

This module imports plotext: import it only where a chart is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual.geometry import Size
from textual.widget import Widget
from textual_plotext import PlotextPlot

from csmaturity_tui.presentation.fmt import score

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Data colours taken from the app theme."""

    primary: RGB
    secondary: RGB
    good: RGB
    warn: RGB
    bad: RGB
    muted: RGB

    @classmethod
    def from_variables(cls, variables: dict[str, str]) -> Palette:
        def rgb(name: str, fallback: str) -> RGB:
            try:
                return Color.parse(variables.get(name, fallback)).rgb
            except Exception:  # a theme without the variable, or an odd value
                return Color.parse(fallback).rgb

        return cls(
            primary=rgb("primary", "#0178D4"),
            secondary=rgb("secondary", "#004578"),
            good=rgb("success", "#4EBF71"),
            warn=rgb("warning", "#ffa62b"),
            bad=rgb("error", "#ba3c5b"),
            muted=rgb("foreground-muted", "#808080"),
        )


def shorten(label: str, width: int) -> str:
    """``label`` cut to ``width`` characters, with an ellipsis when cut (fmt.clipped)."""
    from csmaturity_tui.presentation.fmt import clipped

    return label[: max(width, 1)] if width <= 1 else clipped(label, width)


class Fed:
    """What every chart keeps: its data, a version bumped with each new data, and how
    many times it was drawn (tests check re-draws)."""

    _data: Any = None
    _version = 0
    builds = 0

    @property
    def data(self) -> Any:
        return self._data

    def set_data(self, data: Any) -> None:
        """Give the chart new data; a no-op (no re-draw) when it equals the current data."""
        if data == self._data and self._version:
            return
        self._data = data
        self._version += 1
        self.redraw()

    def redraw(self) -> None:
        """Draw again with the new data."""
        raise NotImplementedError


class ReportChart(Fed, PlotextPlot):
    """A plotext chart drawn from ``data``; re-built only when data, size or theme change."""

    DEFAULT_CSS = """
    ReportChart {
        width: 1fr;
        height: 1fr;
        min-height: 6;
    }
    """

    EMPTY: ClassVar[str] = "No data yet"

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._cache: tuple[tuple[object, ...], RenderResult] | None = None

    def redraw(self) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        width, height = self.size.width, self.size.height
        key: tuple[object, ...] = (width, height, self.app.theme, self._version)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        if width < 4 or height < 3 or self._data is None:
            result: RenderResult = Text(self.EMPTY if self._data is None else "", style="dim")
        else:
            plt = self.plt
            plt.clear_figure()
            self.draw(plt, width, height, Palette.from_variables(self.app.theme_variables))
            result = super().render()
            self.builds += 1
        self._cache = (key, result)
        return result

    def draw(self, plt: Any, width: int, height: int, palette: Palette) -> None:
        """Draw ``self.data`` on ``plt`` (a plotext figure), sized ``width`` x ``height``."""
        raise NotImplementedError


# -- horizontal score bars --------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    target: float | None = None
    total: bool = False  # the overall bar, drawn in the primary colour


@dataclass(frozen=True)
class BarsData:
    bars: tuple[Bar, ...]
    top: float  # the scale's top level: the x axis runs 0..top
    strong_from: float | None = None  # a dotted reference line, when given


class TextChart(Fed, Widget):
    """A chart drawn as text lines (no plotext): bars with their labels in full beside
    them, wrapped when the width is short. Its height is its lines; it is drawn again
    only when its data, its width or the theme change (``builds`` counts the drawings).
    """

    DEFAULT_CSS = """
    TextChart {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._cache: tuple[tuple[object, ...], Text] | None = None

    def redraw(self) -> None:
        self.refresh(layout=True)  # the height is the text's

    def _text(self, width: int) -> Text:
        key: tuple[object, ...] = (width, self.app.theme, self._version)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        if self._data is None or width < 12:
            text = Text(ReportChart.EMPTY if self._data is None else "", style="dim")
        else:
            palette = Palette.from_variables(self.app.theme_variables)
            text = Text("\n").join(self.lines(width, palette))
            self.builds += 1
        self._cache = (key, text)
        return text

    def render(self) -> RenderResult:
        return self._text(self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._text(width).plain.split("\n"))

    def lines(self, width: int, palette: Palette) -> list[Text]:
        """The chart's lines for ``width`` columns."""
        raise NotImplementedError


def _rgb(colour: RGB) -> str:
    return "rgb({},{},{})".format(*colour)


def _label_lines(label: str, width: int) -> list[str]:
    """A label on as many lines of ``width`` as it takes (words kept whole)."""
    import textwrap

    return textwrap.wrap(label, width, break_long_words=True) or [""]


def _bar(cells: float, width: int) -> str:
    """A bar ``cells`` long (eighths of a cell drawn), padded to ``width``."""
    whole = int(cells)
    eighth = int((cells - whole) * 8)
    text = "█" * whole + ("▏▎▍▌▋▊▉"[eighth - 1] if eighth else "")
    return text[:width].ljust(width)


def _axis(label_width: int, room: int, top: float, per: float) -> Text:
    """The scale's levels under the bars, each where its value falls."""
    axis = [" "] * (room + 1)
    for level in range(int(top) + 1):
        axis[min(int(level * per), room)] = str(level)
    return Text.assemble(" " * (label_width + 1), ("".join(axis).rstrip(), "dim"))


def _labelled(labels: Sequence[str], width: int, value_width: int) -> tuple[int, list[list[str]]]:
    """The label column's width (at most 45% of what the values leave) and each label's
    lines: a label longer than the column wraps, never cut."""
    longest = max((len(label) for label in labels), default=0)
    label_width = min(longest, max(10, (width - value_width) * 45 // 100))
    return label_width, [_label_lines(label, label_width) for label in labels]


class ScoreBars(TextChart):
    """Horizontal bars on the scale (0..top), one line each, the label in full on its left
    (wrapped if long), the score on its right; a target is a ┃ mark, the strong-from
    level a ┊ line; a legend under the axis names both."""

    def lines(self, width: int, palette: Palette) -> list[Text]:
        data: BarsData = self._data
        values = [Text(" " + score(b.value).rjust(4)) for b in data.bars]
        label_width, labels = _labelled([b.label for b in data.bars], width, 5)
        room = max(width - label_width - 1 - 5, 4)
        per = room / data.top if data.top else 0.0
        out: list[Text] = []
        for bar, value, label in zip(data.bars, values, labels, strict=True):
            if bar.total:
                colour = palette.primary
            elif bar.target is not None and (bar.value or 0.0) < bar.target:
                colour = palette.warn
            else:
                colour = palette.good
            drawn = Text(_bar((bar.value or 0.0) * per, room), style=_rgb(colour))
            marks = [(data.strong_from, "┊", palette.muted), (bar.target, "┃", palette.bad)]
            for at, char, tint in marks:
                if at is not None:
                    x = min(int(at * per), room - 1)
                    if char == "┃" or drawn.plain[x] == " ":
                        drawn = drawn[:x] + Text(char, style=_rgb(tint)) + drawn[x + 1 :]
            head = Text(label[0].ljust(label_width), style="bold" if bar.total else "")
            out.append(head + " " + drawn + value)
            out.extend(Text(more) for more in label[1:])
        out.append(_axis(label_width, room, data.top, per))
        legend = []
        if any(b.target is not None for b in data.bars):
            legend.append(("┃ target", palette.bad))
        if data.strong_from is not None:
            legend.append((f"┊ strong from {score(data.strong_from)}", palette.muted))
        if legend:
            line = Text(" " * (label_width + 1))
            for n, (words, tint) in enumerate(legend):
                line.append(("   " if n else "") + words, style=_rgb(tint))
            out.append(line)
        return out


# -- money bars (NRR levers) ------------------------------------------------------------


@dataclass(frozen=True)
class MoneyBarsData:
    labels: tuple[str, ...]
    values: tuple[float, ...]
    texts: tuple[str, ...]  # each value as people write it: "$1.2M"
    axis: tuple[tuple[float, str], ...]  # the scale's marks: (value, "$1M")


class MoneyBars(TextChart):
    """Horizontal bars of money amounts, the label in full on the left, the amount on
    the right of each bar."""

    def lines(self, width: int, palette: Palette) -> list[Text]:
        data: MoneyBarsData = self._data
        colours = [palette.bad, palette.warn, palette.good, palette.primary]
        value_width = max((len(t) for t in data.texts), default=0) + 1
        values = [Text(" " + t.rjust(value_width - 1)) for t in data.texts]
        label_width, labels = _labelled(data.labels, width, value_width)
        room = max(width - label_width - 1 - value_width, 4)
        top = max([*data.values, 0.0])
        per = room / top if top > 0 else 0.0
        out: list[Text] = []
        rows = zip(data.values, values, labels, strict=True)
        for n, (value, text, label) in enumerate(rows):
            colour = colours[n % len(colours)]
            drawn = Text(_bar(max(value, 0.0) * per, room), style=_rgb(colour))
            out.append(Text(label[0].ljust(label_width)) + " " + drawn + text)
            out.extend(Text(more) for more in label[1:])
        return out


# -- a line over years (NRR trajectory) ------------------------------------------------------


@dataclass(frozen=True)
class LineData:
    labels: tuple[str, ...]  # x tick labels: "Now", "Y1", ...
    values: tuple[float, ...]  # in percent (101.3, not 1.013)
    texts: tuple[str, ...]  # each value as shown beside the chart: "101.3%"
    reference: float | None = None  # a horizontal line, in percent (100)


class LineChart(ReportChart):
    """A line with a mark and its value at each point."""

    def draw(self, plt: Any, width: int, height: int, palette: Palette) -> None:
        data: LineData = self._data
        xs = list(range(len(data.values)))
        low = min([*data.values, *([data.reference] if data.reference is not None else [])])
        high = max([*data.values, *([data.reference] if data.reference is not None else [])])
        span = max(high - low, 1.0)
        bottom, top = low - span * 0.15, high + span * 0.35
        row = (top - bottom) / max(height - 3, 1)  # one text row, in data units
        if data.reference is not None:
            plt.horizontal_line(data.reference, color=palette.muted)
        plt.plot(xs, list(data.values), marker="braille", color=palette.primary)
        plt.scatter(xs, list(data.values), marker="●", color=palette.good)
        for x, value, text in zip(xs, data.values, data.texts, strict=True):
            plt.text(text, x, value + row, alignment="center")
        plt.xticks(xs, list(data.labels))
        plt.xlim(-0.5, len(xs) - 0.5)
        plt.ylim(bottom, top)
        # ticks at least two rows apart (labels sharing a row would overwrite each other,
        # in an order plotext does not fix); the reference line's tick comes first
        wanted = [] if data.reference is None else [round(data.reference)]
        ticks: list[int] = []
        for tick in [*wanted, round(low), round(high)]:
            if all(abs(tick - t) >= 2 * row for t in ticks):
                ticks.append(tick)
        ticks.sort()
        plt.yticks(ticks, [f"{t}%" for t in ticks])


# -- the risk quadrant ------------------------------------------------------------------


@dataclass(frozen=True)
class QuadrantPoint:
    label: str  # a short mark, the agent's number: "3"
    maturity: float | None
    external: bool
    quadrant: str


@dataclass(frozen=True)
class QuadrantData:
    points: tuple[QuadrantPoint, ...]
    strong_from: float
    levels: int
    names: tuple[tuple[str, str], ...]  # (quadrant key, display name)


class QuadrantChart(ReportChart):
    """x: maturity of the fed dimensions (1..levels); y: internal band below, external above.

    The vertical line is ``strong_from``; the external-and-weak corner (the trap) is
    shaded and named in capitals. Each agent is a dot with its number beside it;
    several agents in one band are spread over the band's height so labels do not collide.
    """

    def draw(self, plt: Any, width: int, height: int, palette: Palette) -> None:
        data: QuadrantData = self._data
        names = dict(data.names)
        x0, x1 = 1.0, float(data.levels)
        # trap: external (y 1..2), weak (x < strong_from)
        plt.rectangle([x0, data.strong_from], [1.0, 2.0], fill=True, marker="░", color=palette.bad)
        plt.vertical_line(data.strong_from, color=palette.muted)
        plt.horizontal_line(1.0, color=palette.muted)
        dx = (x1 - x0) / max(width - 12, 8)  # about one column
        dy = 1.0 / max(height - 3, 2)  # about one row, in band units
        pad = (x1 - x0) * 0.02
        plt.text(names["diagnostic_pilot"], x0 + pad, 1.0 - dy, alignment="left")
        plt.text(names["strong_internal"], x1 - pad, 1.0 - dy, alignment="right")
        plt.text(names["strong_external"], x1 - pad, 2.0 - dy, alignment="right")
        plt.text(
            names["trap"].upper(),
            x0 + pad,
            2.0 - dy,
            alignment="left",
            color=palette.bad,
            style="bold",
        )
        for external in (False, True):
            band = [p for p in data.points if p.external == external]
            base = 1.0 if external else 0.0
            for i, point in enumerate(band):
                y = base + 0.1 + 0.65 * (i + 0.5) / len(band)
                x = x0 if point.maturity is None else min(max(point.maturity, x0), x1)
                # a point within a column of the line is drawn on its quadrant's side of it
                strong = point.quadrant in ("strong_internal", "strong_external")
                if strong and x < data.strong_from + dx:
                    x = min(data.strong_from + dx, x1)
                elif not strong and x > data.strong_from - dx:
                    x = max(data.strong_from - dx, x0)
                colour = palette.bad if point.quadrant == "trap" else palette.primary
                plt.scatter([x], [y], marker="●", color=colour)
                mark = point.label if point.maturity is not None else point.label + "?"
                plt.text(mark, x + 2 * dx, y, alignment="left", color=colour, style="bold")
        plt.xlim(x0, x1)
        plt.ylim(0.0, 2.0)
        plt.xticks([float(i) for i in range(1, data.levels + 1)])
        plt.yticks([0.5, 1.5], ["internal", "external"])
        plt.xlabel("maturity of the dimensions it feeds on")


def money_ticks(values: Sequence[float], fmt: Any) -> tuple[tuple[float, str], ...]:
    """Three y ticks (0, half, top) for money bars, written with ``fmt`` (``$1.2M``)."""
    top = max(values, default=0.0)
    if top <= 0:
        return ((0.0, fmt(0.0)),)
    return tuple((v, fmt(v)) for v in (0.0, top / 2, top))


# -- two rounds side by side (compare) ----------------------------------------------------


@dataclass(frozen=True)
class PairData:
    labels: tuple[str, ...]  # one per dimension (and the AI layer)
    before: tuple[float, ...]  # 0 where a round has no score
    after: tuple[float, ...]
    names: tuple[str, str]  # the two rounds' dates, earlier first
    top: float  # the scale's top level


class PairedBars(TextChart):
    """Each dimension's score in two rounds on one line: the later round as a bar (green
    where it rose, the warning colour where it fell), the earlier round's score marked
    ``┃`` on it (the screen's title names both rounds); the label in full on the left
    (wrapped if long), the later score on the right."""

    def lines(self, width: int, palette: Palette) -> list[Text]:
        data: PairData = self._data
        label_width, labels = _labelled(data.labels, width, 5)
        room = max(width - label_width - 1 - 5, 4)
        per = room / data.top if data.top else 0.0
        out: list[Text] = []
        rows = zip(data.before, data.after, labels, strict=True)
        for before, after, label in rows:
            colour = palette.warn if after < before else palette.good
            drawn = Text(_bar(after * per, room), style=_rgb(colour))
            x = min(int(before * per), room - 1)
            drawn = drawn[:x] + Text("┃", style=_rgb(palette.bad)) + drawn[x + 1 :]
            out.append(
                Text(label[0].ljust(label_width)) + " " + drawn + " " + score(after).rjust(4)
            )
            out.extend(Text(more) for more in label[1:])
        out.append(_axis(label_width, room, data.top, per))
        return out


# -- scores over rounds (trend) -----------------------------------------------------------


@dataclass(frozen=True)
class TrendData:
    dates: tuple[str, ...]  # x tick labels, oldest first
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # (name, a score per round)
    top: float


# one (marker, colour) per line: the markers tell the lines apart without colour too
_TREND_MARKERS = ("●", "■", "▲", "◆", "✚", "○", "□", "△")


def trend_styles(palette: Palette, n: int) -> list[tuple[str, RGB]]:
    """The marker and colour of each of ``n`` lines, shared by the chart and its legend:
    the theme's data colours, then fixed distinct ones."""
    colours: list[RGB] = [
        palette.primary,
        palette.good,
        palette.warn,
        palette.bad,
        (214, 112, 214),
        (41, 184, 219),
        palette.muted,
        (160, 120, 255),
    ]
    return [(_TREND_MARKERS[i % len(_TREND_MARKERS)], colours[i % len(colours)]) for i in range(n)]


class TrendLines(ReportChart):
    """One line per dimension over the rounds (a gap where a round has no score); the
    names are in a :class:`TrendLegend` beside it, never over the lines."""

    EMPTY = "One round only: a trend needs two"

    def draw(self, plt: Any, width: int, height: int, palette: Palette) -> None:
        data: TrendData = self._data
        xs = list(range(len(data.dates)))
        styles = trend_styles(palette, len(data.series))
        for (_name, values), (marker, colour) in zip(data.series, styles, strict=True):
            points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
            if not points:
                continue
            xs_i, ys_i = [x for x, _ in points], [v for _, v in points]
            plt.plot(xs_i, ys_i, marker="braille", color=colour)
            plt.scatter(xs_i, ys_i, marker=marker, color=colour)
        plt.xticks(xs, list(data.dates))
        plt.xlim(-0.3, max(len(xs) - 0.7, 0.7))
        plt.ylim(1, data.top)
        top = int(data.top)
        plt.yticks(list(range(1, top + 1)), [str(i) for i in range(1, top + 1)])


class TrendLegend(Widget):
    """The trend's legend under the chart: each line's marker in its colour and the
    dimension's name, in as many columns as the width holds with every name whole (a
    name is clipped only when one column cannot hold it)."""

    DEFAULT_CSS = """
    TrendLegend {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.names: tuple[str, ...] = ()

    def set_names(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        self.refresh(layout=True)

    def _cell(self, width: int) -> int:
        """A cell: a marker, a space, the longest name, a gap (at most the width)."""
        return max(1, min(width, max((len(n) for n in self.names), default=0) + 3))

    def _per_row(self, width: int) -> int:
        return max(1, width // self._cell(width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return -(-len(self.names) // self._per_row(width)) if self.names else 0

    def render(self) -> RenderResult:
        palette = Palette.from_variables(self.app.theme_variables)
        styles = trend_styles(palette, len(self.names))
        width = self.content_size.width
        cell, per_row = self._cell(width), self._per_row(width)
        out = Text(no_wrap=True, overflow="crop")
        for i, (name, (marker, (r, g, b))) in enumerate(zip(self.names, styles, strict=True)):
            if i and i % per_row == 0:
                out.append("\n")
            out.append(marker, style=f"bold rgb({r},{g},{b})")
            out.append(" " + shorten(name, cell - 3).ljust(cell - 2))
        return out
