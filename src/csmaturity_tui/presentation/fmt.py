"""Number formatting shared by the file formats, the TUI and the CLI.

Money is shown short (``$1.2M``, ``€850k``), shares as percentages with one
decimal (``85.3%``), scores with two decimals. ``None`` shows as an em dash.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

NONE = "—"

_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "AUD": "A$",
    "CAD": "C$",
    "NZD": "NZ$",
    "SGD": "S$",
    "HKD": "HK$",
    "BRL": "R$",
    "KRW": "₩",
    "ILS": "₪",
}

_UNITS: tuple[tuple[float, str], ...] = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def currency_prefix(currency: str) -> str:
    """``$`` for USD, ``€`` for EUR...; other codes as ``CHF `` (code and a space)."""
    code = currency.strip().upper()
    return _SYMBOLS.get(code, f"{code} " if code else "")


def _short(value: float) -> str:
    """A non-negative amount in short form: 950, 8.5k, 850k, 1.2M, 12M, 3.4B."""
    for i, (size, suffix) in enumerate(_UNITS):
        if value < size:
            continue
        scaled = value / size
        text = f"{scaled:.1f}" if scaled < 100 else f"{scaled:.0f}"
        if float(text) >= 1000 and i > 0:  # 999,950 rounds to 1000k: show 1M instead
            size, suffix = _UNITS[i - 1]
            scaled = value / size
            text = f"{scaled:.1f}"
        if text.endswith(".0"):
            text = text[:-2]
        return f"{text}{suffix}"
    text = f"{value:.0f}"
    if text == "1000":
        return "1k"
    return text


def money(value: float | None, currency: str = "USD") -> str:
    """``$1.2M``, ``€850k``, ``-$40k``, ``CHF 3.1M``; an em dash for None or not finite."""
    if value is None or not math.isfinite(value):
        return NONE
    sign = "-" if value < 0 and round(abs(value)) > 0 else ""
    return f"{sign}{currency_prefix(currency)}{_short(abs(value))}"


def _hundredths(value: float) -> str:
    """``value x 100`` with one decimal, never ``-0.0``."""
    text = f"{value * 100:.1f}"
    return "0.0" if text == "-0.0" else text


def pct(value: float | None) -> str:
    """A fraction as a percentage with one decimal: 0.853 → ``85.3%``."""
    if value is None or not math.isfinite(value):
        return NONE
    return f"{_hundredths(value)}%"


def points(value: float | None) -> str:
    """A fraction as NRR points with one decimal: 0.012 → ``1.2 pts``."""
    if value is None or not math.isfinite(value):
        return NONE
    return f"{_hundredths(value)} pts"


def score(value: float | None) -> str:
    """A score on the scale with two decimals: ``2.75``; an em dash when there is none."""
    if value is None or not math.isfinite(value):
        return NONE
    return f"{value:.2f}"


_NEWLINES = re.compile(r"\r\n|[\r\n\u0085\u2028\u2029\v\f]")
# bidirectional controls reorder what is shown ("Trojan source"); they are dropped
_BIDI = dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def one_line(text: str) -> str:
    """User text made safe to show on one line (a table cell, a terminal row).

    Newlines and tabs become spaces; control characters (ESC, NUL...), bidi
    controls, lone surrogates and unassigned code points are dropped; runs of
    spaces are collapsed. Letters of every script, and emoji, are kept.
    """
    text = _NEWLINES.sub(" ", text).translate(_BIDI)
    out = []
    for ch in text:
        if ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) not in {"Cc", "Cs", "Co", "Cn"}:
            out.append(ch)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def clipped(text: str, limit: int = 60) -> str:
    """User text on one line (:func:`one_line`), at most ``limit`` characters, with "…" when cut."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def elided(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, cut in the middle ("Written…charter") so both
    ends stay readable; unchanged when it fits (or when ``width`` is 0: not known yet)."""
    if width <= 0 or len(text) <= width:
        return text
    if width <= 2:
        return text[:width]
    head = width // 2
    tail = width - 1 - head
    return text[:head].rstrip() + "…" + (text[-tail:].lstrip() if tail else "")


def amount(value: float | None, currency: str = "USD") -> str:
    """Money in full, to the unit: ``$2,575,000``; figures a reader adds up by hand."""
    if value is None or not math.isfinite(value):
        return NONE
    whole = round(value)
    sign = "-" if whole < 0 else ""
    return f"{sign}{currency_prefix(currency)}{abs(whole):,}"


def shares_of(values: Sequence[float], total: float, unit: float) -> list[int]:
    """``values`` rounded to whole ``unit``s so that they add up to ``total`` rounded.

    Largest remainder: each value is floored, then the units still missing go to
    the values with the largest remainders (taken from the smallest when the
    floors overshoot). So the parts shown in a table add up to the total shown.
    """
    if not values:
        return []
    want = round(total / unit)
    scaled = [v / unit for v in values]
    floors = [math.floor(x) for x in scaled]
    missing = want - sum(floors)
    order = sorted(range(len(scaled)), key=lambda i: (floors[i] - scaled[i], i))
    if missing < 0:
        order.reverse()
    step = 1 if missing > 0 else -1
    for k in range(abs(missing)):
        floors[order[k % len(order)]] += step
    return floors


def index(value: float | None) -> str:
    """An index 0-100 with one decimal: ``47.5``; an em dash when there is none."""
    if value is None or not math.isfinite(value):
        return NONE
    return f"{value:.1f}"
