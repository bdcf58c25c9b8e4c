"""The demo assessment: a fully worked, fictional B2B SaaS company.

Its source is ``sample_db/demo.toml`` (a csmaturity/1 export), shipped in the
wheel as ``csmaturity_tui/data/demo.toml``. It has a fixed id, so loading it
twice never duplicates it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csmaturity_tui.store import Store

DEMO_ID = "7d0e5a3c-4b1f-4e8a-9c2d-6f5b3a1e0d42"


def demo_path() -> Path:
    """The packaged demo.toml (installed), else ``sample_db/demo.toml`` (a checkout)."""
    packaged = Path(str(resources.files("csmaturity_tui").joinpath("data/demo.toml")))
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "sample_db" / "demo.toml"


def load_demo(store: Store) -> str:
    """Put the demo in ``store`` unless it is already there; returns its id.

    A missing or damaged demo file (a broken installation) is a StoreError too,
    with exit code 1, so callers handle one kind of error.
    """
    from csmaturity_tui.formats.toml_reader import FormatError, parse
    from csmaturity_tui.store import StoreError

    path = demo_path()
    try:
        text = path.read_text(encoding="utf-8")
        rubric_text, meta, baseline, answers, pilots = parse(text, str(path))
    except (OSError, UnicodeDecodeError, FormatError) as exc:
        raise StoreError(f"the packaged demo cannot be loaded: {exc}", exit_code=1) from None

    def present() -> bool:
        return any(row.id == meta.id for row in store.list_assessments())

    if present():
        return meta.id
    try:
        return store.import_assessment(rubric_text, meta, baseline, answers, pilots=pilots)
    except StoreError:
        if present():  # another copy of the app loaded it a moment ago
            return meta.id
        raise
