"""Answer latency through Pilot: keypress to answer committed and screen updated.

One assessment on the default rubric is opened in the question flow (headless,
120x40). For every element, in flow order (so every dimension, then the AI layer),
a level key is sent to the app's driver exactly as Pilot sends keys; the clock
starts just before the key is sent and stops at the first screen update rendered
after ``Store.set_answer`` returned (the store has committed, with ``synchronous
= FULL``, so the answer is on disk). The headless driver discards the final write
to the terminal; the compositor's render of the update is inside the measurement.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

from textual import events


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


async def _measure(db: Path, rubric_path: Path) -> dict[str, Any]:
    from csmaturity_tui import rubric as rubric_mod
    from csmaturity_tui.model import Baseline
    from csmaturity_tui.store import Store
    from csmaturity_tui.tui.app import CsMaturityApp
    from csmaturity_tui.tui.screens.flow import FlowScreen

    rubric = rubric_mod.load(rubric_path)
    store = Store.open(db)
    aid = store.create_assessment(
        rubric, client="Latency Ltd", date="2026-03-01", baseline=Baseline(currency="EUR")
    )
    app = CsMaturityApp(store)
    painted: list[float] = []
    committed: list[float] = []
    commit_cost: list[float] = []
    real_display = app._display
    real_set = store.set_answer

    def display(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            painted.append(time.perf_counter())
        real_display(screen, renderable)

    def set_answer(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        result = real_set(*args, **kwargs)
        done = time.perf_counter()
        commit_cost.append(done - t)
        committed.append(done)
        return result

    app._display = display  # type: ignore[method-assign]
    store.set_answer = set_answer  # type: ignore[method-assign]
    latencies: list[float] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_assessment(aid)
            for _ in range(200):
                await pilot.pause(0.02)
                if isinstance(app.screen, FlowScreen):
                    break
            assert isinstance(app.screen, FlowScreen), "the question flow did not open"
            await pilot.pause(0.1)
            n = len(rubric.element_by_id)
            for r in range(1):
                for i in range(n):
                    level = str(1 + (i + r) % rubric.levels)
                    before = len(committed)
                    painted.clear()
                    t0 = time.perf_counter()
                    app._driver.send_message(events.Key(level, level))  # type: ignore[union-attr]
                    deadline = t0 + 5
                    while time.perf_counter() < deadline:
                        await asyncio.sleep(0)
                        if len(committed) > before:
                            after = [p for p in painted if p >= committed[-1]]
                            if after:
                                latencies.append(after[0] - t0)
                                break
                    else:
                        raise RuntimeError(f"no commit and paint for key {level} (element {i})")
                    await pilot.pause(0.005)  # let the advance to the next element settle
            answered = len(store.load(aid)[1].answers)
    finally:
        store.close()
    ms = [x * 1000 for x in latencies]
    cost = [x * 1000 for x in commit_cost]
    return {
        "keypresses": len(ms),
        "elements": len(rubric.element_by_id),
        "answered": answered,
        "median_ms": statistics.median(ms),
        "p99_ms": percentile(ms, 99),
        "max_ms": max(ms),
        "commit_median_ms": statistics.median(cost),
        "commit_p99_ms": percentile(cost, 99),
    }


def measure(db: Path, rubric_path: Path) -> dict[str, Any]:
    return asyncio.run(_measure(db, rubric_path))


if __name__ == "__main__":
    import tempfile

    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        print(measure(Path(tmp) / "lat.db", root / "rubric.toml"))
