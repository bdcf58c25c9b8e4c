"""Profile the start-up path with pyinstrument: ``python bench/profile_startup.py DB [OUT]``.

Runs the real CLI (``csmaturity --db DB``) on a pseudo-terminal under pyinstrument; the
home screen is patched to exit after its first refresh (profiling only: the benchmark
itself never patches the app). Writes the text profile to OUT (default stdout).
"""

from __future__ import annotations

import os
import sys
import time

T0 = time.perf_counter()


def main() -> None:
    from pyinstrument import Profiler

    db = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else None
    profiler = Profiler(interval=0.001)
    profiler.start()
    from csmaturity_tui import cli
    from csmaturity_tui.tui.screens import home

    original = home.HomeScreen.on_mount

    def on_mount(self: home.HomeScreen) -> None:
        original(self)
        self.call_after_refresh(self.app.exit)

    home.HomeScreen.on_mount = on_mount  # type: ignore[method-assign]
    cli.main(["--db", db])
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    if out:
        with open(out, "w") as fh:
            fh.write(text)
    else:
        os.write(2, text.encode())


if __name__ == "__main__":
    main()
