"""Assemble rubric2/rubric.toml from new_<part>.toml (else old_<part>.toml) + carry.toml.

Usage: python rubric2/assemble.py [--install] [--check [ID-PREFIX ...]]
  --install  copy the result over ./rubric.toml
  --check    run `csmaturity rubric check --strict` on it; with prefixes, show only
             warnings on those elements (e.g. SL CJ AI).
"""
import os, pathlib, subprocess, sys, re, tomllib

HERE = pathlib.Path(__file__).parent
PARTS = ["header", "strategy", "journey", "data", "engagement", "enablement", "people", "value", "ai", "agents"]

def part(name: str) -> str:
    new = HERE / f"new_{name}.toml"
    return (new if new.exists() else HERE / f"old_{name}.toml").read_text().rstrip("\n") + "\n"

def main() -> int:
    text = "\n".join(part(p) for p in PARTS)
    carry = HERE / "carry.toml"
    if carry.exists():
        text += "\n" + carry.read_text()
    out = HERE / "rubric.toml"
    out.write_text(text)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        print(f"TOML error: {exc}")
        return 1
    if "--install" in sys.argv:
        (HERE.parent / "rubric.toml").write_text(text)
    if "--check" in sys.argv:
        prefixes = sys.argv[sys.argv.index("--check") + 1:]
        prefixes = [p for p in prefixes if not p.startswith("--")]
        py = HERE.parent / ".venv" / "bin" / "python"
        env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
        res = subprocess.run([str(py), "-m", "csmaturity_tui", "rubric", "check", "--strict", str(out)], capture_output=True, text=True, env=env)
        lines = (res.stdout + res.stderr).splitlines()
        data = tomllib.loads(text)
        ids = []
        for d in data["dimensions"]:
            ids.append([e["id"] for e in d["elements"]])
        shown = 0
        for line in lines:
            m = re.search(r"dimensions\.(\d+)\.elements\.(\d+)", line)
            eid = None
            if m:
                eid = ids[int(m.group(1))][int(m.group(2))]
            m2 = re.search(r"ai_readiness\.(\d+)", line)
            if m2 and not m:
                eid = data["ai_readiness"][int(m2.group(1))]["id"]
            if prefixes and not (eid and any(eid.startswith(p) for p in prefixes)):
                continue
            print(f"[{eid}] {line}" if eid else line)
            shown += 1
        print(f"{shown} lines shown, exit {res.returncode}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
