"""The names of the schema migrations this version knows, without importing sqlite-utils.

``Store.open`` compares them with the names a database records, so opening an up-to-date
database never imports sqlite-utils (a slow import, on the path to the first screen).
They MUST equal ``schema.MIGRATION_NAMES`` (``tests/reliability/test_startup_path.py``
checks it): append the name of every migration added to ``schema.py`` here too.
"""

from __future__ import annotations

MIGRATION_SET = "csmaturity"
MIGRATION_NAMES: tuple[str, ...] = (
    "m001_initial",
    "m002_history_append_only",
    "m003_baseline_acv",
    "m004_pilots",
    "m005_rounds",
    "m006_assessors",
)
