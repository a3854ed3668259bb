"""The course's table of contents, cached in the user data dir, so `gradtutor list` need not
parse and check every exercise file on each call (bench/commands.py: under 150 ms).

    listing = cached_listing(exercises_dir, data_dir)   # None on a miss: load the course
    save_listing(course, errors, data_dir)              # after a full load

The key is the stat (name, size, modification time) of every file under the exercises and
solutions folders, with gradtutor's version and the course package's own files: editing,
adding or removing any of them is a new key. Only a course that loaded without errors is
cached (a broken file must keep being reported). The listing holds exercise ids, kinds,
topics, chapters and titles: only what `list` shows. JSON, never code: a corrupt file is a
miss. It lives outside gradtutor.course, whose import loads the parser.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gradtutor import __version__

DIR_NAME = "course-listing"
FORMAT = 1


class Words:
    """A localised title, read like `Text.get` (a language, then English)."""

    def __init__(self, items: dict[str, str]) -> None:
        self.items = items

    def get(self, lang: str) -> str:
        base = lang.replace("_", "-").split("-", 1)[0].lower()
        for key in (lang, base, "en"):
            if key in self.items:
                return self.items[key]
        return next(iter(self.items.values()), "")


@dataclass(frozen=True)
class ListedExercise:
    id: str
    kind: str
    topic: str
    chapter: str
    title: Words


@dataclass(frozen=True)
class ListedChapter:
    title: Words
    exercise_ids: tuple[str, ...]


class Listing:
    """What `list` reads of a Course: `exercises`, `chapters`, `get(id)`."""

    def __init__(self, chapters: list[ListedChapter], exercises: list[ListedExercise]) -> None:
        self.chapters = tuple(chapters)
        self.exercises = tuple(exercises)
        self._by_id = {e.id: e for e in exercises}

    def get(self, exercise_id: str) -> ListedExercise | None:
        return self._by_id.get(exercise_id)


def _solutions_dir(exercises_dir: Path) -> Path:
    base = exercises_dir if exercises_dir.name not in ("", "..") else exercises_dir.resolve()
    return base.parent / "solutions"


def _key(exercises_dir: Path) -> str | None:
    exercises_dir = exercises_dir.resolve()  # the same key however the folder was named
    h = hashlib.sha256(f"{FORMAT} {__version__} {exercises_dir}".encode())
    course_code = Path(__file__).resolve().parent / "course"
    for root in (exercises_dir, _solutions_dir(exercises_dir), course_code):
        if not root.is_dir():
            h.update(f"no {root}".encode())
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    return None
                h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _path(data_dir: Path, key: str) -> Path:
    return data_dir / DIR_NAME / f"{key}.json"


def cached_listing(exercises_dir: Path, data_dir: Path) -> Listing | None:
    key = _key(exercises_dir)
    if key is None:
        return None
    path = _path(data_dir, key)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        chapters = [ListedChapter(Words(dict(c["title"])), tuple(map(str, c["ids"])))
                    for c in data["chapters"]]
        exercises = [ListedExercise(str(e["id"]), str(e["kind"]), str(e["topic"]),
                                    str(e["chapter"]), Words(dict(e["title"])))
                     for e in data["exercises"]]
    except FileNotFoundError:
        return None
    except Exception:  # corrupt or of another format: a miss, and the file goes
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    return Listing(chapters, exercises)


def save_listing(course: Any, errors: int, data_dir: Path) -> None:
    """Keep the listing of a course (a `Course`) that loaded without errors; best effort."""
    if errors:
        return
    key = _key(Path(course.exercises_dir))
    if key is None:
        return
    data: dict[str, Any] = {
        "chapters": [{"title": c.title.as_dict(), "ids": list(c.exercise_ids)}
                     for c in course.chapters],
        "exercises": [{"id": e.id, "kind": e.kind, "topic": e.topic, "chapter": e.chapter,
                       "title": e.title.as_dict()} for e in course.exercises],
    }
    path = _path(data_dir, key)
    if path.is_file():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        return
