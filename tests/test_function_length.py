"""No function in src/ runs over 60 lines: a longer one is split into named parts.

The only exceptions are declarative data, each allow-listed with its reason; an entry
that is no longer needed fails too, so the list cannot go stale.
"""

from __future__ import annotations

import ast
from pathlib import Path

import csmaturity_tui

MAX_LINES = 60
PACKAGE = Path(csmaturity_tui.__file__).parent

# (path under the package, function name): why it may be longer
ALLOWED: dict[tuple[str, str], str] = {
    ("store/schema.py", "m001_initial"): (
        "declarative data: the first migration's DDL, one create() per table, column by column"
    ),
}


def long_functions(root: Path, limit: int = MAX_LINES) -> dict[tuple[str, str], int]:
    """Every function (nested ones too) over ``limit`` lines, with its length."""
    out: dict[tuple[str, str], int] = {}
    for source in sorted(root.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"), str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > limit:
                    out[(source.relative_to(root).as_posix(), node.name)] = length
    return out


def test_no_function_in_src_is_over_60_lines() -> None:
    found = long_functions(PACKAGE)
    over = {key: n for key, n in found.items() if key not in ALLOWED}
    assert over == {}, (
        f"functions over {MAX_LINES} lines (split them into named parts): "
        + "; ".join(f"{path} {name} ({n} lines)" for (path, name), n in sorted(over.items()))
    )


def test_every_allow_listed_function_still_needs_it() -> None:
    found = long_functions(PACKAGE)
    stale = sorted(key for key in ALLOWED if key not in found)
    assert stale == [], f"allow-listed but not over {MAX_LINES} lines now: {stale}"


def test_the_walk_finds_a_long_method_and_counts_its_decorators(tmp_path: Path) -> None:
    body = "".join(f"        x{i} = {i}\n" for i in range(58))
    (tmp_path / "mod.py").write_text(
        "class C:\n    @staticmethod\n    def long() -> None:\n" + body + "\n"
        "def short() -> None:\n    pass\n",
        encoding="utf-8",
    )
    # 58 lines of body + the def + its decorator: 60 lines, at the limit and not over it
    assert long_functions(tmp_path) == {}
    assert long_functions(tmp_path, limit=59) == {("mod.py", "long"): 60}
