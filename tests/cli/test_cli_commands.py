"""list, demo, import and export through the CLI as a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import DEMO_TOML, demo_db, one_line_error, run

from csmaturity_tui.demo import DEMO_ID, EARLIER_DEMO_ID
from helpers import SMALL


def test_demo_twice_prints_the_same_id_and_does_not_duplicate(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    first = run(db, "demo")
    second = run(db, "demo")
    assert (first.code, first.out, second.code, second.out) == (
        0,
        DEMO_ID + "\n",
        0,
        DEMO_ID + "\n",
    )
    listed = json.loads(run(db, "list", "--json").out)
    assert [row["id"] for row in listed] == [DEMO_ID, EARLIER_DEMO_ID]  # two rounds


def test_list_json_keys_and_table(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert json.loads(run(db, "list", "--json").out) == []
    assert not db.exists()  # listing does not create a database
    run(db, "demo")
    row, _earlier = json.loads(run(db, "list", "--json").out)
    assert list(row) == ["id", "client", "date", "status", "progress", "overall"]
    assert row["client"] == "Lumenfold Analytics"
    assert row["progress"] == 1.0 and 2 < row["overall"] < 4
    table = run(db, "list").out.splitlines()
    assert table[0].split() == ["ID", "CLIENT", "DATE", "STATUS", "PROGRESS", "OVERALL"]
    assert table[1].startswith(DEMO_ID[:8]) and "Lumenfold Analytics" in table[1]


def test_export_toml_to_stdout_by_prefix_round_trips(tmp_path: Path) -> None:
    db = demo_db(tmp_path)
    exported = run(db, "export", DEMO_ID[:6], "--format", "toml")
    assert exported.code == 0
    assert exported.out == DEMO_TOML.read_text(encoding="utf-8")


def test_import_then_export_is_byte_identical_and_as_new(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    imported = run(db, "import", str(DEMO_TOML))
    assert (imported.code, imported.out) == (0, DEMO_ID + "\n")
    out = tmp_path / "again.toml"
    assert run(db, "export", DEMO_ID, "--format", "toml", "-o", str(out)).code == 0
    assert out.read_bytes() == DEMO_TOML.read_bytes()

    refused = one_line_error(run(db, "import", str(DEMO_TOML)))
    assert "already" in refused and "--as-new" in refused
    again = run(db, "import", str(DEMO_TOML), "--as-new")
    assert again.code == 0 and again.out.strip() != DEMO_ID and len(again.out.split()) == 1
    assert len(json.loads(run(db, "list", "--json").out)) == 2


def test_export_markdown_to_file_and_force(tmp_path: Path) -> None:
    db = demo_db(tmp_path)
    out = tmp_path / "report.md"
    assert run(db, "export", DEMO_ID, "--format", "md", "-o", str(out)).code == 0
    golden = Path(__file__).resolve().parents[1] / "formats" / "golden" / "demo.md"
    assert out.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")
    out.write_text("mine")
    line = one_line_error(run(db, "export", DEMO_ID, "--format", "md", "-o", str(out)))
    assert "already exists" in line and out.read_text() == "mine"
    assert run(db, "export", DEMO_ID, "--format", "md", "-o", str(out), "--force").code == 0
    assert out.read_text(encoding="utf-8").startswith("# Customer Success maturity")


def test_rubric_option_is_noted_not_applied_to_import(tmp_path: Path) -> None:
    small = SMALL
    result = run(tmp_path / "d.db", "import", str(DEMO_TOML), "--rubric", str(small))
    assert result.code == 0 and result.out == DEMO_ID + "\n"
    assert "--rubric is ignored" in result.err
