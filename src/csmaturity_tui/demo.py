"""The demo assessment: a fully worked, fictional B2B SaaS company, in two rounds.

Its source is ``sample_db/demo.toml`` (a csmaturity/1 export), shipped in the
wheel as ``csmaturity_tui/data/demo.toml``, with the same client's round a year
before in ``demo_2025.toml`` (so compare and trend show something real). Each
has a fixed id, so loading them twice never duplicates them. Loading them is a
use case: :func:`csmaturity_tui.services.load_demo`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEMO_ID = "7d0e5a3c-4b1f-4e8a-9c2d-6f5b3a1e0d42"
EARLIER_DEMO_ID = "3b6f2c1a-8e4d-4a5f-b7c9-2d1e0f9a8b25"  # the round a year before


def demo_path() -> Path:
    """The packaged demo.toml (installed), else ``sample_db/demo.toml`` (a checkout)."""
    packaged = Path(str(resources.files("csmaturity_tui").joinpath("data/demo.toml")))
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "sample_db" / "demo.toml"


def earlier_demo_path() -> Path:
    """The packaged demo_2025.toml (the round a year before), else sample_db's."""
    return demo_path().with_name("demo_2025.toml")
