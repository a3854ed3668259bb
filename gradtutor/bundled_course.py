"""The course that ships inside the installed package: gradtutor/_course/{exercises,solutions}.

A wheel carries it as package data (setup.py copies it in at build time); a source checkout or
an editable install has none and uses the exercises/ folder beside the package instead.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLE = "_course"


def bundled_course_root() -> Path | None:
    """The folder holding the bundled exercises/ and solutions/, or None when none ships."""
    root = resources.files("gradtutor").joinpath(BUNDLE)
    # Wheels install unzipped, so the traversable is a real folder; a zipped install (zipimport)
    # has no folder the sandbox could run from, and gets None.
    if not isinstance(root, Path):
        return None
    return root if (root / "exercises" / "course.yaml").is_file() else None
