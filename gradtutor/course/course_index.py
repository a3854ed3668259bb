"""Read exercises/course.yaml: the chapters and the exercise ids they list, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from gradtutor.course import fields as spec
from gradtutor.course.model import Text
from gradtutor.course.problems import display_path
from gradtutor.course.reader import Fields, Reader
from gradtutor.course.yaml_source import SourceFile, parse, read_text

COURSE_FILE = "course.yaml"


@dataclass
class Listing:
    """An exercise id as listed in course.yaml, under its chapter."""

    chapter: str
    exercise_id: str
    node: yaml.Node


@dataclass
class CourseSpec:
    """What course.yaml says: the title, the chapters and the listed exercises, in order."""

    title: Text | None
    chapters: list[tuple[str, Text]]
    listings: list[Listing]


def read_course_file(file: SourceFile) -> CourseSpec | None:
    """course.yaml's contents, or None when it is missing or unusable (problems recorded)."""
    if not file.path.is_file():
        file.report(
            None,
            f"{COURSE_FILE} not found",
            f"create {display_path(file.path)} with format: 1, a title and the chapters listing "
            "their exercise ids in order (see docs/exercise-format.md)",
        )
        return None
    text = read_text(file)
    if text is None:
        return None
    root = parse(file, text)
    if root is None:
        if not file.problems:
            file.report(
                (1, 1), f"{COURSE_FILE} is empty", "write format: 1, a title and the chapters"
            )
        return None
    reader = Reader(file)
    fields = reader.read_obj(spec.COURSE, root, "", noun=COURSE_FILE)
    if not isinstance(fields, Fields):
        return None
    if (
        not fields.valid("format")
        or not isinstance(fields.get("title"), Text)
        or not isinstance(fields.nodes.get("chapters"), yaml.SequenceNode)
    ):
        return None
    chapters: list[tuple[str, Text]] = []
    listings: list[Listing] = []
    items = fields.values.get("chapters")
    if isinstance(items, list):
        _read_chapters(file, items, chapters, listings)
    return CourseSpec(fields.get("title"), chapters, listings)


def _read_chapters(
    file: SourceFile, items: list, chapters: list[tuple[str, Text]], listings: list[Listing]
) -> None:
    """Collect the chapters and their listed exercises; report those given twice."""
    seen_chapters: dict[str, int] = {}
    seen_ids: dict[str, tuple[str, int]] = {}
    for ch in items:
        if not isinstance(ch, Fields) or not isinstance(ch.get("id"), str):
            continue
        cid = ch.get("id")
        if cid in seen_chapters:
            file.report(
                ch.nodes["id"],
                f"chapter {cid!r} appears twice (first at line {seen_chapters[cid]})",
                "merge the two chapters into one",
            )
            continue
        seen_chapters[cid] = ch.line("id")
        title = ch.get("title")
        # A bad title or id was reported already; keep the chapter to avoid follow-up
        # "not listed" errors for all its exercises.
        chapters.append((cid, title if isinstance(title, Text) else Text(cid)))
        list_node = ch.nodes.get("exercises")
        if not isinstance(list_node, yaml.SequenceNode):
            continue
        if not list_node.value:
            file.warn(
                list_node,
                f"chapter {cid!r} has no exercises",
                "list its exercise ids, or remove the chapter",
            )
        for node in list_node.value:
            eid = node.value if isinstance(node, yaml.ScalarNode) else None
            if not isinstance(eid, str) or not re.fullmatch(spec.ID_PATTERN, eid):
                continue  # reported by the field check
            if eid in seen_ids:
                other, line = seen_ids[eid]
                file.report(
                    node,
                    f"exercise {eid!r} is listed twice (first in chapter {other!r}, line {line})",
                    "list each exercise once",
                )
                continue
            seen_ids[eid] = (cid, node.start_mark.line + 1)
            listings.append(Listing(cid, eid, node))
