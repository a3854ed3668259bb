"""The generic reader: YAML nodes to Python values, following the field tables.

`Reader.read_obj(fields.EXERCISE, node, "")` checks every key of a mapping against its
`FieldSpec` (unknown keys with the closest known one, missing keys, keys of another kind,
types and ranges) and returns a `Fields` with the values read. Nothing here knows what an
exercise means: the semantic checks (`checks.py`) look at the `Fields` afterwards.
"""

from __future__ import annotations

import keyword
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import yaml

from gradtutor.course import fields as spec
from gradtutor.course.fields import FieldType, Obj
from gradtutor.course.model import LANGUAGES, Text
from gradtutor.course.yaml_source import (
    BOOL,
    FLOAT,
    FLOAT12,
    INT,
    NULL,
    STR,
    SourceFile,
    closest,
    describe,
    mapping_pairs,
    quote,
)

INVALID: Any = object()  # a value that failed validation (a Problem was recorded)


@dataclass
class Fields:
    """The keys of one mapping that were read, with their values and key nodes."""

    node: yaml.MappingNode
    values: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, yaml.Node] = field(default_factory=dict)
    nodes: dict[str, yaml.Node] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name, INVALID)
        return default if value is INVALID else value

    def has(self, name: str) -> bool:
        return name in self.nodes

    def valid(self, name: str) -> bool:
        return self.values.get(name, INVALID) is not INVALID

    def line(self, name: str) -> int:
        node = self.keys.get(name)
        return node.start_mark.line + 1 if node is not None else self.node.start_mark.line + 1


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


class ValueReader:
    """Reads scalar values, texts and JSON inputs from nodes; records problems in the file."""

    def __init__(self, file: SourceFile) -> None:
        self.file = file

    def _type_error(self, node: yaml.Node, where: str, t: FieldType, example: str) -> Any:
        fix = f"write it like: {example}" if example else f"give {t.describe()}"
        if (
            isinstance(node, yaml.ScalarNode)
            and node.tag not in (STR, NULL)
            and isinstance(t, spec.Str | spec.TextType)
        ):
            fix = f'put the value in quotes, e.g. {where.rsplit(".", 1)[-1]}: "{node.value}"'
        elif isinstance(t, spec.Scalar) and not isinstance(node, yaml.ScalarNode):
            raw = self._source(node)
            key = where.rsplit(".", 1)[-1]
            fix = (
                f'put it in quotes: {key}: "{raw}"'
                if raw and '"' not in raw
                else "write it as a string in quotes, the way the learner would type it"
            )
        self.file.report(node, f"'{where}' must be {t.describe()}; found {describe(node)}", fix)
        return INVALID

    def _source(self, node: yaml.Node) -> str | None:
        """The text of a node as written, when it sits on one line."""
        start, end = node.start_mark, node.end_mark
        if start.line != end.line or start.line >= len(self.file.lines):
            return None
        return self.file.lines[start.line][start.column : end.column]

    def _number(self, node: yaml.Node) -> float | int | None:
        """The number a scalar node holds (YAML 1.2 style 1e-4 included), else None."""
        if not isinstance(node, yaml.ScalarNode):
            return None
        if node.tag == INT:
            return int(self.file.construct(node))
        if node.tag == FLOAT:
            return float(self.file.construct(node))
        if node.tag == STR and not node.style and FLOAT12.fullmatch(node.value):
            return float(node.value)
        return None

    def _str(self, t: spec.Str, node: yaml.ScalarNode, where: str, example: str) -> Any:
        if node.tag != STR:
            return self._type_error(node, where, t, example)
        value: str = node.value
        if not value.strip():
            self.file.report(node, f"'{where}' is empty", f"write it like: {example}")
            return INVALID
        if t.max_length is not None and len(value) > t.max_length:
            self.file.report(
                node,
                f"'{where}' is {len(value)} characters long; at most {t.max_length} allowed",
                "shorten it",
            )
            return INVALID
        if t.pattern and not re.fullmatch(t.pattern, value):
            self.file.report(
                node,
                f"'{where}' {quote(value)} is not valid: it must be {t.pattern_doc}",
                f"write it like: {example}" if example else f"use {t.pattern_doc}",
            )
            return INVALID
        if t.expression:
            self._check_expression(value, node, where)
        if t.code and node.style != "|" and node.end_mark.line > node.start_mark.line:
            self.file.warn(
                node,
                f"'{where}' is not a literal block, so its line breaks and line numbers are not "
                "kept as written",
                f"write it as a literal block: {where.rsplit('.', 1)[-1]}: | and the code "
                "indented on the lines below",
            )
        return value

    def _check_expression(self, value: str, node: yaml.Node, where: str) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(value, f"<{where}>", "eval", dont_inherit=True)
        except SyntaxError as exc:
            self.file.report(
                node,
                f"'{where}' is not a valid Python expression: {exc.msg}",
                "write a single expression (no assignments, imports or statements; those "
                "belong in the program itself)",
            )
        except ValueError as exc:  # null bytes
            self.file.report(node, f"'{where}' is not a valid expression: {exc}", "remove it")

    def _num(self, t: spec.Num, node: yaml.ScalarNode, where: str, example: str) -> Any:
        value = self._number(node)
        if value is None:
            return self._type_error(node, where, t, example)
        bad = (
            not math.isfinite(value)
            or (t.minimum is not None and value < t.minimum)
            or (t.exclusive_minimum is not None and value <= t.exclusive_minimum)
            or (t.maximum is not None and value > t.maximum)
        )
        if bad:
            self.file.report(
                node,
                f"'{where}' must be {t.describe()}; found {node.value}",
                f"write it like: {example}" if example else f"use {t.describe()}",
            )
            return INVALID
        return float(value)

    def _text(self, node: yaml.Node, where: str, example: str) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag != STR:
                return self._type_error(node, where, spec.TEXT, example)
            if not node.value.strip():
                self.file.report(node, f"'{where}' is empty", "write the English text")
                return INVALID
            return Text(node.value)
        if not isinstance(node, yaml.MappingNode):
            return self._type_error(node, where, spec.TEXT, example)
        values: dict[str, str] = {}
        ok = True
        for key, value in mapping_pairs(self.file, node, where):
            lang = key.value
            lw = f"{where}.{lang}"
            if (
                isinstance(value, yaml.ScalarNode)
                and value.tag == NULL
                and not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]+)?", lang)
            ):
                self.file.report(
                    key,
                    f"'{where}' has an entry {quote(lang)} without a value: inside {{...}} a comma "
                    "ends the text",
                    'put texts that contain commas or colons in quotes: {en: "a, b", zh: "..."}',
                )
                ok = False
                continue
            if not isinstance(value, yaml.ScalarNode) or value.tag != STR:
                self._type_error(value, lw, spec.Str(), "")
                ok = False
                continue
            if not value.value.strip():
                self.file.report(value, f"'{lw}' is empty", "write the text, or remove the key")
                ok = False
                continue
            if lang not in LANGUAGES:
                guess = "zh" if lang.lower().startswith(("zh", "cn", "chi")) else None
                self.file.warn(
                    key,
                    f"text in language {lang!r} in '{where}' is never shown: gradtutor "
                    f"supports {', '.join(LANGUAGES)}",
                    f"write it as {guess}" if guess else "remove it, or use en or zh",
                )
            values[lang] = value.value
        if "en" not in values and ok:
            self.file.report(
                node,
                f"'{where}' has no English text (en)",
                "add an 'en:' entry; English is required and shown when a language is missing",
            )
            return INVALID
        return Text(values) if ok else INVALID

    def _json_map(self, node: yaml.Node, where: str, example: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self._type_error(node, where, spec.JsonMap(), example)
        result: dict[str, Any] = {}
        ok = True
        for key, value in mapping_pairs(self.file, node, where):
            name = key.value
            if not re.fullmatch(spec.IDENTIFIER_PATTERN, name) or keyword.iskeyword(name):
                self.file.report(
                    key,
                    f"input name {name!r} in '{where}' is not a Python identifier",
                    "use a name like lr or num_steps: letters, digits and '_', not starting "
                    "with a digit, not a Python keyword",
                )
                ok = False
                continue
            converted = self._json_value(value, f"{where}.{name}")
            ok = ok and converted is not INVALID
            result[name] = converted
        return result if ok else INVALID

    def _json_value(self, node: yaml.Node, where: str) -> Any:
        if isinstance(node, yaml.SequenceNode):
            items = [self._json_value(n, f"{where}[{i}]") for i, n in enumerate(node.value)]
            return INVALID if any(i is INVALID for i in items) else items
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key, value in mapping_pairs(self.file, node, where):
                result[key.value] = self._json_value(value, f"{where}.{key.value}")
            return INVALID if any(v is INVALID for v in result.values()) else result
        if node.tag == NULL:
            return None
        if node.tag == BOOL:
            return bool(self.file.construct(node))
        number = self._number(node)
        if number is not None:
            if not math.isfinite(number):
                self.file.report(
                    node,
                    f"'{where}' is {node.value}: inputs must be finite numbers",
                    "use a finite number, or compute inf/nan in the code from a string input",
                )
                return INVALID
            return number
        if node.tag == STR:
            return node.value
        self.file.report(
            node,
            f"'{where}' is {describe(node)}, which is not a JSON value",
            "use null, true/false, a number, a string (quote dates and the like), a list or a "
            "mapping",
        )
        return INVALID


class Reader(ValueReader):
    """Converts nodes to Python values following the field tables: dispatches on the field
    type, reads lists and mappings (keys against their `Obj`), and records problems."""

    def read(self, t: FieldType, node: yaml.Node, where: str, example: str = "") -> Any:
        if isinstance(t, Obj):
            return self.read_obj(t, node, where)
        if isinstance(t, spec.ListOf):
            return self._list(t, node, where, example)
        if isinstance(t, spec.TextType):
            return self._text(node, where, example)
        if isinstance(t, spec.JsonMap):
            return self._json_map(node, where, example)
        if not isinstance(node, yaml.ScalarNode) or node.tag == NULL:
            return self._type_error(node, where, t, example)
        if isinstance(t, spec.Const):
            value = self._number(node)
            if value != t.value or node.tag != INT:
                self.file.report(
                    node,
                    f"unsupported '{where}' {quote(node.value)}: this gradtutor reads format "
                    f"{t.value}",
                    f"write {where}: {t.value}",
                )
                return INVALID
            return value
        if isinstance(t, spec.Enum):
            if node.tag == STR and node.value in t.values:
                return node.value
            guess = closest(str(node.value), t.values)
            hint = f"; did you mean {guess!r}?" if guess else ""
            self.file.report(
                node,
                f"unknown {where} {quote(node.value)}{hint}",
                f"use one of: {', '.join(t.values)}",
            )
            return INVALID
        if isinstance(t, spec.Str):
            return self._str(t, node, where, example)
        if isinstance(t, spec.Scalar):
            return node.value
        if isinstance(t, spec.Bool):
            if node.tag != BOOL:
                return self._type_error(node, where, t, example)
            return bool(self.file.construct(node))
        if isinstance(t, spec.Int):
            if node.tag != INT:
                return self._type_error(node, where, t, example)
            value = int(self.file.construct(node))
            if t.minimum is not None and value < t.minimum:
                self.file.report(
                    node,
                    f"'{where}' must be {t.describe()}; found {value}",
                    f"write it like: {example}" if example else f"use {t.minimum} or more",
                )
                return INVALID
            return value
        if isinstance(t, spec.Num):
            return self._num(t, node, where, example)
        raise TypeError(f"no reader for {t!r}")  # pragma: no cover

    def _list(self, t: spec.ListOf, node: yaml.Node, where: str, example: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self._type_error(node, where, t, example)
        items = [
            self.read(t.item, item, f"{where}[{i}]", example) for i, item in enumerate(node.value)
        ]
        if len(items) < t.min_items:
            noun = "entry" if t.min_items == 1 else "entries"
            self.file.report(
                node,
                f"'{where}' needs at least {t.min_items} {noun}; found {len(items)}",
                t.fix or f"add {t.min_items - len(items)} more",
            )
            return INVALID
        if any(item is INVALID for item in items):
            return INVALID
        return items

    def read_obj(
        self, obj: Obj, node: yaml.Node, where: str, kind: str | None = None, noun: str = ""
    ) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self._type_error(node, where or "the file", obj, "")
        noun = noun or (f"'{where}'" if where else f"the {obj.name}")
        fields = Fields(node)
        kind_fields = [f for f in obj.fields if kind in f.kinds] if kind else list(obj.fields)
        known_here = {f.name for f in kind_fields}
        suggested: set[str] = set()
        for key, value in mapping_pairs(self.file, node, where):
            name = key.value
            spec_ = obj.field(name)
            if spec_ is None:
                guess = closest(name, known_here) or closest(name, obj.names)
                hint = f"; did you mean {guess!r}?" if guess else ""
                if guess:
                    suggested.add(guess)
                self.file.report(
                    key,
                    f"unknown key {name!r} in {noun}{hint}",
                    f"rename it to {guess!r}"
                    if guess
                    else f"remove it; known keys: {', '.join(sorted(known_here))}",
                )
                continue
            if kind is not None and kind not in spec_.kinds:
                self.file.report(
                    key,
                    f"{name!r} is not used by {kind} exercises (only by "
                    f"{spec.kinds_text(spec_.kinds)})",
                    f"remove it, or change 'kind' to {' or '.join(spec_.kinds)}",
                )
                continue
            fields.keys[name] = key
            fields.nodes[name] = value
            fields.values[name] = self.read(spec_.type, value, _join(where, name), spec_.example)
        self._missing(kind_fields, fields, suggested, kind, noun)
        if obj.exactly_one:
            self._exactly_one(obj, fields, noun)
        if obj.min_keys and len(fields.nodes) < obj.min_keys:
            self.file.report(
                node,
                f"{noun} is empty",
                f"give at least one of: {', '.join(obj.names)}",
            )
        # Invalid values are kept as INVALID: later checks use the valid parts.
        return fields

    def _missing(
        self,
        kind_fields: list[spec.FieldSpec],
        fields: Fields,
        suggested: set[str],
        kind: str | None,
        noun: str,
    ) -> None:
        """Report the required keys that are missing."""
        for f in kind_fields:
            if f.name in suggested:
                continue  # "unknown key 'hint'; did you mean 'hints'?" says it already
            if f.required and f.name not in fields.nodes and (kind or f.kinds == spec.KINDS):
                who = (
                    f"{kind} exercises need"
                    if kind and f.kinds != spec.KINDS
                    else (f"{noun} needs")
                )
                self.file.report(
                    fields.node,
                    f"{who} the key {f.name!r}, which is missing",
                    f"add it, e.g. {f.example}",
                )

    def _exactly_one(self, obj: Obj, fields: Fields, noun: str) -> None:
        specs = [f for f in obj.fields if f.name in obj.exactly_one]
        present = [
            f.name
            for f in specs
            if fields.has(f.name)
            and (not isinstance(f.type, spec.Bool) or fields.get(f.name) is True)
        ]
        options = ", ".join(
            f"{f.name}: true" if isinstance(f.type, spec.Bool) else f.name for f in specs
        )
        if not present:
            self.file.report(
                fields.node,
                f"{noun} needs exactly one of: {options}; found none",
                "add one, e.g. " + " or ".join(f.example for f in specs),
            )
        elif len(present) > 1:
            self.file.report(
                fields.keys[present[1]],
                f"{noun} has both {present[0]!r} and {present[1]!r}; it needs exactly one of: "
                f"{options}",
                "keep one of them; to ask both, split it into two questions",
            )
