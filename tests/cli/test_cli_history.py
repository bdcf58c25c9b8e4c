"""``export --with-history``: the answer history as the Markdown's last appendix."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import demo_db, one_line_error, run

from csmaturity_tui.demo import DEMO_ID


def test_export_with_history_adds_the_appendix_and_only_to_markdown(tmp_path: Path) -> None:
    db = demo_db(tmp_path)
    out = tmp_path / "report.md"
    done = run(db, "export", DEMO_ID[:8], "--format", "md", "--with-history", "-o", str(out))
    assert done.code == 0, done.err
    text = out.read_text(encoding="utf-8")
    head, appendix = text.split('## <a id="appendix-answer-history"></a>Appendix: answer history')
    assert "](#appendix-answer-history)" in head
    assert "| imported | not answered |" in appendix  # the demo's answers came by import
    line = one_line_error(run(db, "export", DEMO_ID, "--format", "toml", "--with-history"))
    assert "--with-history" in line and "Markdown" in line
