"""The floor for ``csmaturity list --json``: sqlite3 + json printing the same bytes."""

import json
import sqlite3
import sys

conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = conn.execute(
    "SELECT id, client, date, status, progress, overall FROM assessments "
    "ORDER BY updated DESC, rowid DESC"
).fetchall()
keys = ("id", "client", "date", "status", "progress", "overall")
text = json.dumps([dict(zip(keys, r, strict=True)) for r in rows], ensure_ascii=False, indent=2)
sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
