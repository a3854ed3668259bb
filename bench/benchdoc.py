"""docs/benchmarks.md holds one section per benchmark script; each script rewrites only its own."""

from __future__ import annotations

from pathlib import Path


def replace_section(doc: Path, heading: str, text: str) -> None:
    """Replace the section that starts with the line `heading` (e.g. "## Runner") by `text`,
    or append it; every other section is left as it is."""
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    lines = old.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.rstrip() == heading), None)
    if start is None:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
        tail = "".join(lines[end:])
        new = "".join(lines[:start]) + text.rstrip("\n") + "\n" + ("\n" + tail if tail else "")
    doc.write_text(new, encoding="utf-8")
