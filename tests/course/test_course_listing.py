"""The cached table of contents of `gradtutor list` (gradtutor/course_listing.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from gradtutor.course.loader import load_course
from gradtutor.course_listing import cached_listing, save_listing

MINI = Path(__file__).parents[1] / "fixtures" / "mini"


@pytest.fixture
def exercises(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "course")
    return tmp_path / "course" / "exercises"


def fill(exercises: Path, data: Path) -> None:
    loaded = load_course(exercises)
    assert loaded.course is not None
    save_listing(loaded.course, len(loaded.errors), data)


def test_same_listing_as_the_course(exercises: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cached_listing(exercises, data) is None
    fill(exercises, data)
    listing = cached_listing(exercises, data)
    course = load_course(exercises).course
    assert listing is not None and course is not None
    assert [(e.id, e.kind, e.topic, e.chapter, e.title.get("zh")) for e in listing.exercises] \
        == [(e.id, e.kind, e.topic, e.chapter, e.title.get("zh")) for e in course.exercises]
    assert [(c.title.get("zh-CN"), c.exercise_ids) for c in listing.chapters] \
        == [(c.title.get("zh-CN"), c.exercise_ids) for c in course.chapters]


@pytest.mark.parametrize("change", ["edit", "add", "remove", "solution", "corrupt"])
def test_any_change_is_a_miss(exercises: Path, tmp_path: Path, change: str) -> None:
    data = tmp_path / "data"
    fill(exercises, data)
    target = exercises / "basics" / "mini-code.yaml"
    if change == "edit":  # same size, later time: still a change
        st = target.stat()
        target.write_text(target.read_text().replace("mini", "MINI", 1))
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    elif change == "add":
        (exercises / "basics" / "new.yaml").write_text("id: x\n")
    elif change == "remove":
        target.unlink()
    elif change == "solution":
        (exercises.parent / "solutions" / "mini-code.py").write_text("# changed\n")
    else:
        for f in (data / "course-listing").glob("*.json"):
            f.write_text("{not json")
    assert cached_listing(exercises, data) is None


def test_a_course_with_errors_is_not_cached(exercises: Path, tmp_path: Path) -> None:
    (exercises / "basics" / "mini-code.yaml").write_text("id: [broken\n")
    data = tmp_path / "data"
    fill(exercises, data)
    assert cached_listing(exercises, data) is None


def test_the_folder_named_another_way_is_the_same_key(exercises: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    fill(exercises, data)
    monkeypatch.chdir(exercises.parent)
    assert cached_listing(Path("exercises"), data) is not None
