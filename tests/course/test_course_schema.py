"""The shipped JSON Schemas are fresh, and agree with the loader on the fixtures.

jsonschema is not a dependency, so a small validator for the keywords the generator emits is
defined here; a test makes sure the generator emits no other keyword.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gradtutor.course import fields, load_exercise
from gradtutor.course.loader import read_yaml_data
from gradtutor.course.schema import (
    COURSE_SCHEMA_PATH,
    EXERCISE_SCHEMA_PATH,
    generate_course_schema,
    generate_exercise_schema,
    main,
    render,
    shipped,
)

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good" / "exercises"
BROKEN = FIXTURES / "broken" / "exercises"

ANNOTATIONS = {"$schema", "title", "description", "default", "$defs"}
KEYWORDS = {
    "$ref", "type", "const", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum",
    "exclusiveMinimum", "items", "minItems", "properties", "required", "additionalProperties",
    "propertyNames", "minProperties", "anyOf", "oneOf", "allOf", "if", "then",
}  # fmt: skip


def _type_ok(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    raise AssertionError(f"unknown type {name}")


def errors(value: Any, schema: Any, root: dict, where: str = "$") -> list[str]:
    """Why `value` does not match `schema` (empty: it matches). Subset of draft 2020-12."""
    if schema is True:
        return []
    if schema is False:
        return [f"{where}: not allowed"]
    found: list[str] = []
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        found += errors(value, root["$defs"][name], root, where)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(value, t) for t in types):
            return [*found, f"{where}: not of type {types}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: not in {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{where}: does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0):
            found.append(f"{where}: too short")
        if len(value) > schema.get("maxLength", 10**9):
            found.append(f"{where}: too long")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{where}: < minimum")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{where}: > maximum")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            found.append(f"{where}: <= exclusiveMinimum")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append(f"{where}: too few items")
        if "items" in schema:
            for i, item in enumerate(value):
                found += errors(item, schema["items"], root, f"{where}[{i}]")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{where}: missing {name}")
        if len(value) < schema.get("minProperties", 0):
            found.append(f"{where}: too few properties")
        for key, item in value.items():
            if "propertyNames" in schema:
                found += errors(key, schema["propertyNames"], root, f"{where}.<{key}>")
            if key in props:
                found += errors(item, props[key], root, f"{where}.{key}")
            elif "additionalProperties" in schema:
                found += errors(item, schema["additionalProperties"], root, f"{where}.{key}")
    for sub in schema.get("allOf", []):
        found += errors(value, sub, root, where)
    if "anyOf" in schema and all(errors(value, s, root, where) for s in schema["anyOf"]):
        found.append(f"{where}: matches none of anyOf")
    if "oneOf" in schema:
        matches = sum(not errors(value, s, root, where) for s in schema["oneOf"])
        if matches != 1:
            found.append(f"{where}: matches {matches} of oneOf")
    if "if" in schema and not errors(value, schema["if"], root, where):
        found += errors(value, schema.get("then", True), root, where)
    return found


def _walk_keywords(schema: Any) -> set[str]:
    used: set[str] = set()
    if isinstance(schema, dict):
        for key, sub in schema.items():
            used.add(key)
            if key in ("properties", "$defs"):
                for s in sub.values():
                    used |= _walk_keywords(s)
            elif key not in ("const", "enum", "required", "default"):
                used |= _walk_keywords(sub)
    elif isinstance(schema, list):
        for s in schema:
            used |= _walk_keywords(s)
    return used


# -- freshness


def test_shipped_schemas_are_fresh() -> None:
    for path, text in shipped().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run python -m gradtutor.course.schema"
        )


def test_check_mode_reports_fresh(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0


def test_shipped_files_are_the_generated_ones() -> None:
    assert json.loads(EXERCISE_SCHEMA_PATH.read_text()) == generate_exercise_schema()
    assert json.loads(COURSE_SCHEMA_PATH.read_text()) == generate_course_schema()
    assert render(generate_exercise_schema()).endswith("}\n")


# -- structure


@pytest.mark.parametrize("schema", [generate_exercise_schema(), generate_course_schema()])
def test_only_known_keywords(schema: dict) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert _walk_keywords(schema) - KEYWORDS - ANNOTATIONS == set()


def test_every_field_is_in_the_schema_with_a_description() -> None:
    schema = generate_exercise_schema()

    def check(obj: fields.Obj, props: dict) -> None:
        assert set(props) == set(obj.names), obj.name
        for f in obj.fields:
            assert props[f.name]["description"] == f.doc

    check(fields.EXERCISE, schema["properties"])
    defs = schema["$defs"]
    check(fields.QUESTION, defs["question"]["properties"])
    check(fields.CHECK, defs["check"]["properties"])
    check(fields.VARIANT, defs["variant"]["properties"])
    check(fields.TOLERANCE, defs["tolerance"]["properties"])
    check(fields.QUESTION_MISCONCEPTION, defs["misconception"]["properties"])
    check(fields.CHECK_MISCONCEPTION, defs["check_misconception"]["properties"])
    course = generate_course_schema()
    check(fields.COURSE, course["properties"])
    check(fields.CHAPTER, course["$defs"]["chapter"]["properties"])


def test_kind_rules() -> None:
    schema = generate_exercise_schema()
    rules = {r["if"]["properties"]["kind"]["const"]: r["then"] for r in schema["allOf"]}
    assert rules["predict"]["required"] == ["snippet", "questions"]
    assert rules["predict"]["properties"]["starter"] is False
    assert rules["code"]["required"] == ["task", "starter", "checks"]
    assert rules["fix"]["properties"]["snippet"] is False
    assert schema["required"] == ["format", "id", "kind", "topic", "title", "hints", "explanation"]


# -- agreement with the loader


def _exercise_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if p.name != "course.yaml")


@pytest.mark.parametrize("path", _exercise_files(GOOD), ids=lambda p: p.name)
def test_schema_accepts_good_exercises(path: Path) -> None:
    schema = generate_exercise_schema()
    assert errors(read_yaml_data(path), schema, schema) == []


def test_schema_accepts_good_course() -> None:
    schema = generate_course_schema()
    assert errors(read_yaml_data(GOOD / "course.yaml"), schema, schema) == []


# Broken fixtures whose problems are beyond a schema (cross-file, Python syntax, ranges that
# depend on other fields, ...): the schema accepts them, the loader does not.
BEYOND_SCHEMA = {
    "id-mismatch.yaml",
    "duplicate-key.yaml",  # the data has one 'hints' key once parsed
    "snippet-syntax.yaml",
    "starter-syntax.yaml",
    "folded-snippet.yaml",
    "no-solution.yaml",
    "bad-solution.yaml",
    "same-id.yaml",
    "good-predict.yaml",
    "good-code.yaml",
    "misplaced.yaml",
    "unlisted.yaml",
    "nested.yaml",
    "in-extra.yaml",
    "stray.yaml",
}


def _parsable(path: Path) -> bool:
    try:
        return isinstance(read_yaml_data(path), dict)
    except Exception:
        return False


@pytest.mark.parametrize(
    "path", [p for p in _exercise_files(BROKEN) if _parsable(p)], ids=lambda p: p.name
)
def test_schema_and_loader_agree_on_broken_files(path: Path) -> None:
    schema = generate_exercise_schema()
    schema_errors = errors(read_yaml_data(path), schema, schema)
    _, problems = load_exercise(path, FIXTURES / "broken" / "solutions")
    if path.name in BEYOND_SCHEMA:
        assert schema_errors == []
    else:
        assert schema_errors, "the schema accepts a file the loader rejects"
        assert any(p.is_error for p in problems), "the loader accepts a file the schema rejects"


def test_schema_rejects_the_broken_course_yaml() -> None:
    schema = generate_course_schema()
    found = errors(read_yaml_data(BROKEN / "course.yaml"), schema, schema)
    assert any("colour" in e for e in found)
    assert any("exercises[10]" in e for e in found)  # Bad_Id
