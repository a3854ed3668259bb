"""JSON Schema (draft 2020-12) generated from the field tables in `fields.py`.

The shipped files give editors (yaml-language-server) completion, checks and hover docs:

    python -m gradtutor.course.schema            # writes exercise.schema.json, course.schema.json
    python -m gradtutor.course.schema --check    # exit 1 if the shipped files are stale
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gradtutor.course.fields import (
    CHAPTER,
    CHECK,
    CHECK_MISCONCEPTION,
    CLAIM,
    COURSE,
    EXERCISE,
    IDENTIFIER_PATTERN,
    KINDS,
    QUESTION,
    QUESTION_MISCONCEPTION,
    TOLERANCE,
    VARIANT,
    Bool,
    Const,
    Enum,
    FieldSpec,
    FieldType,
    Int,
    JsonMap,
    ListOf,
    Num,
    Obj,
    Scalar,
    Str,
    TextType,
)
from gradtutor.course.model import LANGUAGES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
HERE = Path(__file__).resolve().parent
EXERCISE_SCHEMA_PATH = HERE / "exercise.schema.json"
COURSE_SCHEMA_PATH = HERE / "course.schema.json"


# --------------------------------------------------------------------------------------------
# JSON Schema generation.


@dataclass
class _Gen:
    defs: dict[str, Any] = field(default_factory=dict)

    def ref(self, name: str, build: Any) -> dict[str, Any]:
        if name not in self.defs:
            self.defs[name] = None  # reserve the slot (keeps first-use order)
            self.defs[name] = build()
        return {"$ref": f"#/$defs/{name}"}

    def type_schema(self, t: FieldType) -> dict[str, Any]:
        if isinstance(t, Const):
            return {"const": t.value}
        if isinstance(t, Enum):
            return {"enum": list(t.values)}
        if isinstance(t, Str):
            s: dict[str, Any] = {"type": "string", "minLength": 1}
            if t.pattern:
                s["pattern"] = t.pattern
            if t.max_length:
                s["maxLength"] = t.max_length
            return s
        if isinstance(t, Scalar):
            return {"type": ["string", "number", "boolean"]}
        if isinstance(t, Int):
            s = {"type": "integer"}
            if t.minimum is not None:
                s["minimum"] = t.minimum
            return s
        if isinstance(t, Num):
            s = {"type": "number"}
            if t.minimum is not None:
                s["minimum"] = t.minimum
            if t.exclusive_minimum is not None:
                s["exclusiveMinimum"] = t.exclusive_minimum
            if t.maximum is not None:
                s["maximum"] = t.maximum
            return s
        if isinstance(t, Bool):
            return {"type": "boolean"}
        if isinstance(t, TextType):
            return self.ref("text", self.text_schema)
        if isinstance(t, JsonMap):
            return {
                "type": "object",
                "propertyNames": {"pattern": IDENTIFIER_PATTERN},
                "additionalProperties": self.ref("json", self.json_schema),
            }
        if isinstance(t, ListOf):
            s = {"type": "array", "items": self.type_schema(t.item)}
            if t.min_items:
                s["minItems"] = t.min_items
            return s
        if isinstance(t, Obj):
            return self.ref(t.name.replace(" ", "_"), lambda: self.obj_schema(t))
        raise TypeError(f"no schema for {t!r}")  # pragma: no cover

    def text_schema(self) -> dict[str, Any]:
        langs = {
            lang: {"type": "string", "minLength": 1, "description": f"Text in {name}."}
            for lang, name in zip(LANGUAGES, ("English", "Simplified Chinese"), strict=True)
        }
        return {
            "description": "Learner-facing text: a string (English) or a mapping of language "
            "codes to strings. English (en) is required; zh is Simplified Chinese.",
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "required": ["en"],
                    "properties": langs,
                    "additionalProperties": {"type": "string"},
                },
            ],
        }

    def json_schema(self) -> dict[str, Any]:
        return {
            "description": "A JSON value: null, boolean, number, string, list or mapping.",
            "anyOf": [
                {"type": ["null", "boolean", "number", "string"]},
                {"type": "array", "items": {"$ref": "#/$defs/json"}},
                {"type": "object", "additionalProperties": {"$ref": "#/$defs/json"}},
            ],
        }

    def field_schema(self, f: FieldSpec) -> dict[str, Any]:
        s = dict(self.type_schema(f.type))
        doc = f.doc
        if "$ref" in s:
            s = {"$ref": s["$ref"], "description": doc}
        else:
            s["description"] = doc
        if f.default is not None:
            s["default"] = f.default
        return s

    def obj_schema(self, obj: Obj) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "object"}
        if obj.doc:
            s["description"] = obj.doc
        s["properties"] = {f.name: self.field_schema(f) for f in obj.fields}
        required = [f.name for f in obj.fields if f.required and f.kinds == KINDS]
        if required:
            s["required"] = required
        s["additionalProperties"] = False
        if obj.min_keys:
            s["minProperties"] = obj.min_keys
        if obj.exactly_one:
            alternatives = []
            for name in obj.exactly_one:
                spec = obj.field(name)
                assert spec is not None
                alt: dict[str, Any] = {"required": [name]}
                if isinstance(spec.type, Bool):
                    alt["properties"] = {name: {"const": True}}
                alternatives.append(alt)
            s["oneOf"] = alternatives
        kind_spec = obj.field("kind")
        if kind_spec is not None and isinstance(kind_spec.type, Enum):
            rules = []
            for kind in kind_spec.type.values:
                then: dict[str, Any] = {}
                req = [
                    f.name
                    for f in obj.fields
                    if f.required and f.kinds != KINDS and kind in f.kinds
                ]
                if req:
                    then["required"] = req
                banned = {f.name: False for f in obj.fields if kind not in f.kinds}
                if banned:
                    then["properties"] = banned
                rules.append(
                    {
                        "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                        "then": then,
                    }
                )
            s["allOf"] = rules
        return s


def _document(obj: Obj, title: str) -> dict[str, Any]:
    gen = _Gen()
    body = gen.obj_schema(obj)
    doc: dict[str, Any] = {"$schema": SCHEMA_DIALECT, "title": title}
    doc.update(body)
    doc["$defs"] = gen.defs
    return doc


def generate_exercise_schema() -> dict[str, Any]:
    return _document(EXERCISE, "gradtutor exercise")


def generate_course_schema() -> dict[str, Any]:
    return _document(COURSE, "gradtutor course.yaml")


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------
# Markdown field reference for docs/exercise-format.md (same tables, same words).

DOCS_PATH = HERE.parent.parent / "docs" / "exercise-format.md"
DOCS_BEGIN = "<!-- BEGIN field reference: generated by python -m gradtutor.course.schema -->"
DOCS_END = "<!-- END field reference -->"

_ANCHORS = {
    "tolerance": "tolerance",
    "question": "question",
    "misconception": "misconception-in-a-question",
    "check": "check",
    "variant": "variant",
    "check misconception": "misconception-of-a-check",
    "chapter": "chapter",
}


def _md_num(t: Num) -> str:
    parts = []
    if t.exclusive_minimum is not None:
        parts.append(f"> {_fmt(t.exclusive_minimum)}")
    if t.minimum is not None:
        parts.append(f"≥ {_fmt(t.minimum)}")
    if t.maximum is not None:
        parts.append(f"≤ {_fmt(t.maximum)}")
    return "number" + (" " + ", ".join(parts) if parts else "")


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


def _md_type(t: FieldType) -> str:
    if isinstance(t, Const):
        return f"`{t.value}`"
    if isinstance(t, Enum):
        return " \\| ".join(f"`{v}`" for v in t.values)
    if isinstance(t, Str):
        if t.code:
            return "Python code (`\\|` block)"
        if t.expression:
            return "Python expression"
        return t.label
    if isinstance(t, Scalar):
        return "value, kept as written"
    if isinstance(t, Int):
        return "integer" + (f" ≥ {t.minimum}" if t.minimum is not None else "")
    if isinstance(t, Num):
        return _md_num(t)
    if isinstance(t, Bool):
        return "`true` \\| `false`"
    if isinstance(t, TextType):
        return "[text](#localised-text)"
    if isinstance(t, JsonMap):
        return "mapping name → value"
    if isinstance(t, ListOf):
        inner = _md_type(t.item)
        least = f", at least {t.min_items}" if t.min_items else ""
        return f"list of {inner}s{least}" if inner.isalpha() else f"list of {inner}{least}"
    if isinstance(t, Obj):
        return f"[{t.name}](#{_ANCHORS.get(t.name, t.name)})"
    raise TypeError(t)  # pragma: no cover


def _md_table(fields: tuple[FieldSpec, ...] | list[FieldSpec], kinds: bool = False) -> str:
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for f in fields:
        required = "yes" if f.required else "no"
        doc = f.doc.replace("|", "\\|")
        if kinds and f.kinds != KINDS:
            prefix = "/".join(f.kinds) + ": "
            doc = doc.removeprefix(prefix)
            doc = doc[:1].upper() + doc[1:]
        rows.append(f"| `{f.name}` | {_md_type(f.type)} | {required} | {doc} |")
    return "\n".join(rows)


def reference_markdown() -> str:
    """The field reference section of docs/exercise-format.md, generated from the tables."""
    common = [f for f in EXERCISE.fields if f.kinds == KINDS]
    predict = [f for f in EXERCISE.fields if f.kinds == ("predict",)]
    code_fix = [f for f in EXERCISE.fields if f.kinds == ("code", "fix")]
    parts = [
        DOCS_BEGIN,
        "",
        "### Every exercise",
        "",
        _md_table(common),
        "",
        "### `predict` exercises",
        "",
        _md_table(predict, kinds=True),
        "",
        "### `code` and `fix` exercises",
        "",
        _md_table(code_fix, kinds=True),
        "",
    ]
    for title, obj in (
        ("question", QUESTION),
        ("misconception (in a question)", QUESTION_MISCONCEPTION),
        ("check", CHECK),
        ("misconception (of a check)", CHECK_MISCONCEPTION),
        ("variant", VARIANT),
        ("tolerance", TOLERANCE),
        ("claim", CLAIM),
        ("`course.yaml`", COURSE),
        ("chapter", CHAPTER),
    ):
        parts += [f"### {title}", "", obj.doc, "", _md_table(obj.fields), ""]
    parts.append(DOCS_END)
    return "\n".join(parts)


def docs_with_reference(text: str) -> str:
    """`text` (the docs page) with its generated section replaced by a fresh one."""
    begin, end = text.find(DOCS_BEGIN), text.find(DOCS_END)
    if begin < 0 or end < begin:
        raise ValueError(f"{DOCS_PATH.name} lacks the markers {DOCS_BEGIN!r} ... {DOCS_END!r}")
    return text[:begin] + reference_markdown() + text[end + len(DOCS_END) :]


def shipped() -> dict[Path, str]:
    """Generated files with their fresh contents: the schemas, and the docs page when this is
    a source checkout (docs/ next to the package)."""
    files = {
        EXERCISE_SCHEMA_PATH: render(generate_exercise_schema()),
        COURSE_SCHEMA_PATH: render(generate_course_schema()),
    }
    if DOCS_PATH.exists():
        files[DOCS_PATH] = docs_with_reference(DOCS_PATH.read_text(encoding="utf-8"))
    return files


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    stale = []
    for path, text in shipped().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if check:
            stale.append(path)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for path in stale:
        print(f"{path} is stale: run python -m gradtutor.course.schema", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
