"""The demo assessment: a fully worked, fictional B2B SaaS company.

Its source is ``sample_db/demo.toml`` (a csmaturity/1 export), shipped in the
wheel as ``csmaturity_tui/data/demo.toml``. It has a fixed id, so loading it
twice never duplicates it. Loading it is a use case:
:func:`csmaturity_tui.services.load_demo`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEMO_ID = "7d0e5a3c-4b1f-4e8a-9c2d-6f5b3a1e0d42"


def demo_path() -> Path:
    """The packaged demo.toml (installed), else ``sample_db/demo.toml`` (a checkout)."""
    packaged = Path(str(resources.files("csmaturity_tui").joinpath("data/demo.toml")))
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "sample_db" / "demo.toml"
