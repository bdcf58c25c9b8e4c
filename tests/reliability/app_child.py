"""A child process that answers through the real UI, headless (Pilot), and says what it saw.

    python app_child.py DB ASSESSMENT_ID SEED COUNT [GO_FILE]

Opens the app on DB, opens the assessment (the question flow), then COUNT times (0:
until killed): moves to an element chosen by SEED, presses a level key different from
the element's current level, and reads the status line the UI shows. Each answer the
UI reported as saved is printed, flushed, as ``SAVED <element> <level>``; any other
status after a key is printed as ``STATUS <text>``. With GO_FILE, after its answers it
prints ``DONE``, waits until GO_FILE exists, goes back home and opens the assessment
again (a refresh), and prints ``SHOWN <element> <level>`` for every answer the
re-opened flow shows.

With ``CSMATURITY_CHILD_ELEMENTS=ID,ID,...`` it answers only those elements.

With ``CSMATURITY_REOPEN_EVERY=N`` in the environment, after every N answers it goes back
home and opens the assessment again (the app's own workers: home's list and overall
scores, the assessment read), as a person moving around the app would.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
from pathlib import Path


def status_text(screen: object) -> str:
    from textual.widgets import Static

    widget = screen.query_one("#status", Static)  # type: ignore[attr-defined]
    return str(widget.visual).replace("\n", " ")


async def main() -> int:
    from csmaturity_tui.store import Store
    from csmaturity_tui.tui.app import CsMaturityApp
    from csmaturity_tui.tui.screens.flow import FlowScreen

    db, aid, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    go = Path(sys.argv[5]) if len(sys.argv) > 5 else None
    rng = random.Random(seed)
    reopen_every = int(os.environ.get("CSMATURITY_REOPEN_EVERY", "0"))
    store = Store.open(db)
    app = CsMaturityApp(store)

    async def open_flow(pilot: object, previous: object = None) -> FlowScreen:
        app.open_assessment(aid)
        for _ in range(500):
            await pilot.pause(0.01)  # type: ignore[attr-defined]
            if isinstance(app.screen, FlowScreen) and app.screen is not previous:
                await pilot.pause(0.02)  # type: ignore[attr-defined]
                return app.screen
        raise RuntimeError("the question flow did not open")

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_flow(pilot)
        only = os.environ.get("CSMATURITY_CHILD_ELEMENTS", "")
        ids = only.split(",") if only else list(screen.rubric.element_by_id)
        levels = screen.rubric.levels
        done = 0
        while count == 0 or done < count:
            eid = rng.choice(ids)
            screen.go_to(eid)
            current = screen.answers.get(eid)
            choices = [lv for lv in range(1, levels + 1) if current is None or current.level != lv]
            level = rng.choice(choices)
            await pilot.press(str(level))
            text = status_text(screen)
            if text.startswith("Saved") and f" {eid}: level {level} " in f"{text} ":
                print(f"SAVED {eid} {level}", flush=True)
            else:
                print(f"STATUS {text}", flush=True)
            done += 1
            if reopen_every and done % reopen_every == 0:
                await pilot.press("escape")
                await pilot.pause(0.02)
                screen = await open_flow(pilot, screen)
        if go is not None:
            print("DONE", flush=True)
            deadline = time.monotonic() + 120
            while not go.exists() and time.monotonic() < deadline:
                await pilot.pause(0.05)
            await pilot.press("escape")
            await pilot.pause(0.05)
            screen = await open_flow(pilot)
            for element_id, answer in sorted(screen.answers.items()):
                print(f"SHOWN {element_id} {answer.level}", flush=True)
            # the element view shows the stored answer too
            view_state = screen.view.state_text  # the state line of the element view
            print(f"VIEW {screen.current} {view_state}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
