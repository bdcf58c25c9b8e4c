"""A version 0.4.0 of the small fixture rubric whose ``[[carry]]`` maps its 0.3.1 ids.

- OB-1 is renamed OB-9 (carried: ``OB-1 -> OB-9``);
- SQ-1 is replaced by a new SQ-7 (``SQ-1`` retired: ``to = []``);
- CM-2 and CM-3 are merged into CM-8 (the old CM-3 becomes a new element, CM-7);
- TH-1 is folded into TH-2, which keeps its id (renamed TH-8, a new element).
Every other element keeps its id.
"""

from __future__ import annotations

from pathlib import Path

from helpers import SMALL

RENAMED = {"OB-1": "OB-9", "SQ-1": "SQ-7", "CM-2": "CM-8", "CM-3": "CM-7", "TH-1": "TH-8"}
CARRY = {"OB-1": "OB-9", "SQ-1": None, "CM-2": "CM-8", "CM-3": "CM-8", "TH-1": "TH-2"}


def carried_text() -> str:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace('version = "0.3.1"', 'version = "0.4.0"', 1)
    text = text.replace('value_realized = ["OB-1"]', 'value_realized = ["OB-9"]', 1)
    for old, new in RENAMED.items():
        assert f'id = "{old}"' in text, old
        text = text.replace(f'id = "{old}"', f'id = "{new}"', 1)
    for old, target in CARRY.items():
        to = f'"{target}"' if target else "[]"
        text += f'\n[[carry]]\nfrom = "{old}"\nto = {to}\n'
    return text


def write_carried(folder: Path) -> Path:
    path = folder / "carried_rubric.toml"
    path.write_text(carried_text(), encoding="utf-8")
    return path
