"""Load a course from YAML, reporting every problem with file, line, column and a fix.

The loader never stops at the first problem: every file is read and every problem in every
file is reported. Exercises with errors are left out of the `Course`; everything else loads.
Nothing is executed: snippets, starters, solutions and expressions are only `compile()`d.
"""

from __future__ import annotations

import ast
import difflib
import keyword
import math
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gradtutor.course import fields as spec
from gradtutor.course.fields import FieldType, Obj
from gradtutor.course.model import (
    DEFAULT_POINTS,
    DEFAULT_TIMEOUT,
    LANGUAGES,
    Chapter,
    Check,
    Claim,
    Course,
    Exercise,
    Misconception,
    Question,
    Text,
    Tolerance,
    Variant,
)
from gradtutor.course.problems import Problem, Severity, display_path, has_errors, sort_problems

COURSE_FILE = "course.yaml"

# libyaml is ~10x faster; both give the same nodes and marks.
_YamlLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
# YAML 1.2 floats that YAML 1.1 (PyYAML) reads as strings, e.g. 1e-4.
_FLOAT12 = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")

_INVALID: Any = object()  # a value that failed validation (a Problem was recorded)


@dataclass
class LoadResult:
    """What `load_course` found: the course (None if course.yaml is unusable) and problems."""

    course: Course | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors


# --------------------------------------------------------------------------------------------
# Positions and problems


def _q(text: object, limit: int = 40) -> str:
    """Quote a value for a message, shortened."""
    s = str(text)
    if len(s) > limit:
        s = s[: limit - 3] + "..."
    return repr(s)


def _closest(word: str, choices: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag
    if tag == _NULL:
        return "nothing (an empty value)"
    if tag == _BOOL:
        return f"{node.value} (true/false)"
    if tag in (_INT, _FLOAT):
        return f"the number {node.value}"
    if tag == _STR:
        return f"the string {_q(node.value)}"
    return f"{_q(node.value)} ({tag.rsplit(':', 1)[-1]})"


def _problem(
    path: Path, node: yaml.Node | None, message: str, fix: str, severity: Severity = "error"
) -> Problem:
    if node is None:
        return Problem(path, None, None, message, fix, severity)
    mark = node.start_mark
    return Problem(path, mark.line + 1, mark.column + 1, message, fix, severity)


class _File:
    """One YAML file being read: its path, text and the problems found in it."""

    def __init__(self, path: Path, text: str = "") -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[Problem] = []
        self.loader: Any = None

    def report(
        self,
        at: yaml.Node | yaml.Mark | tuple[int, int | None] | None,
        message: str,
        fix: str,
        severity: Severity = "error",
    ) -> None:
        line: int | None
        column: int | None
        if at is None:
            line = column = None
        elif isinstance(at, tuple):
            line, column = at
        else:
            mark = at.start_mark if isinstance(at, yaml.Node) else at
            line, column = mark.line + 1, mark.column + 1
        self.problems.append(Problem(self.path, line, column, message, fix, severity))

    def warn(self, at: Any, message: str, fix: str) -> None:
        self.report(at, message, fix, "warning")

    @property
    def error_count(self) -> int:
        return sum(p.is_error for p in self.problems)

    def construct(self, node: yaml.Node) -> Any:
        return self.loader.construct_object(node, deep=True)


def _yaml_fix(problem: str, file: _File, mark: yaml.Mark | None) -> str:
    p = problem.lower()
    char = ""
    if mark is not None and 0 <= mark.line < len(file.lines):
        text = file.lines[mark.line]
        char = text[mark.column] if mark.column < len(text) else ""
    if char == "\t" or "'\\t'" in p:
        return "indent with spaces; YAML does not allow tab characters for indentation"
    if "mapping values are not allowed" in p:
        return (
            "a ': ' inside an unquoted value starts a new mapping: put the whole value in "
            "quotes, or write it as a block (key: | and the text indented below)"
        )
    if "escape" in p:
        return (
            "in double quotes a backslash starts an escape: use single quotes, or a block "
            "(key: |) for code"
        )
    if "single document" in p:
        return "one exercise per file: remove the '---' line and everything after it"
    if "block end" in p or "could not find expected ':'" in p or "simple key" in p:
        return (
            "check the indentation: keys of one mapping and items ('- ') of one list must "
            "start in the same column, and each line of a mapping needs 'key: value'"
        )
    if "flow" in p:
        return (
            "every '[' needs its ']' and every '{' its '}', with ', ' between items; quote items "
            "that contain ',', ':', '[', ']', '{', '}' or '#'"
        )
    if "quote" in p or "quoted" in p:
        return "close the quoted string with the same quote character it starts with"
    if "alias" in p or "anchor" in p:
        return "define the anchor (&name) before using it (*name), or remove the '*'"
    return "fix the YAML syntax at this spot (indentation, quotes, brackets)"


def _parse(file: _File, text: str) -> yaml.Node | None:
    """Compose `text` into a node tree, recording a problem on YAML syntax errors."""
    loader = _YamlLoader(text)
    file.loader = loader
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_portable(file, root)
        return root
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or ""
        mark = exc.problem_mark or exc.context_mark
        if "end of stream" in problem and exc.context_mark is not None:
            mark = exc.context_mark  # where the unfinished thing (e.g. a quote) started
        position: yaml.Mark | tuple[int, int | None] | None = mark
        last = max((i for i, line in enumerate(file.lines) if line.strip()), default=-1)
        if mark is not None and mark.line > last >= 0:
            # The file ended too early: point at the end of its last line, not past it.
            position = (last + 1, len(file.lines[last]) + 1)
        text = ", ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        file.report(position, f"YAML syntax error: {text}", _yaml_fix(text, file, mark))
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reader errors
        file.report(None, f"YAML error: {exc}", "fix the YAML syntax")
    return None


def _check_portable(file: _File, node: yaml.Node, in_flow: bool = False) -> None:
    """Warn about plain scalars with '?' inside {...} or [...]: libyaml reads them, but
    PyYAML's pure-Python parser (used when libyaml is missing) rejects the file."""
    if isinstance(node, yaml.ScalarNode):
        if in_flow and not node.style and "?" in node.value:
            file.warn(
                node,
                f"{_q(node.value)} contains '?' inside {{...}} or [...], which some YAML "
                "readers reject",
                f'put it in quotes: "{node.value}"',
            )
        return
    flow = in_flow or bool(getattr(node, "flow_style", False))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _check_portable(file, key, flow)
            _check_portable(file, value, flow)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_portable(file, item, flow)


def _read_text(file: _File) -> str | None:
    try:
        raw = file.path.read_bytes()
    except OSError as exc:
        file.report(None, f"cannot read the file: {exc.strerror or exc}", "check the file exists")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        file.report((line, None), "the file is not UTF-8 text", "save the file as UTF-8")
        return None
    file.lines = text.splitlines()
    return text


# --------------------------------------------------------------------------------------------
# Reading nodes against the field tables


@dataclass
class _Fields:
    """The keys of one mapping that were read, with their values and key nodes."""

    node: yaml.MappingNode
    values: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, yaml.Node] = field(default_factory=dict)
    nodes: dict[str, yaml.Node] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name, _INVALID)
        return default if value is _INVALID else value

    def has(self, name: str) -> bool:
        return name in self.nodes

    def valid(self, name: str) -> bool:
        return self.values.get(name, _INVALID) is not _INVALID

    def line(self, name: str) -> int:
        node = self.keys.get(name)
        return node.start_mark.line + 1 if node is not None else self.node.start_mark.line + 1


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


class _Reader:
    """Converts nodes to Python values following the field tables; records problems."""

    def __init__(self, file: _File) -> None:
        self.file = file

    # -- helpers

    def _type_error(self, node: yaml.Node, where: str, t: FieldType, example: str) -> Any:
        fix = f"write it like: {example}" if example else f"give {t.describe()}"
        if (
            isinstance(node, yaml.ScalarNode)
            and node.tag not in (_STR, _NULL)
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
        self.file.report(node, f"'{where}' must be {t.describe()}; found {_found(node)}", fix)
        return _INVALID

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
        if node.tag == _INT:
            return int(self.file.construct(node))
        if node.tag == _FLOAT:
            return float(self.file.construct(node))
        if node.tag == _STR and not node.style and _FLOAT12.fullmatch(node.value):
            return float(node.value)
        return None

    # -- entry point

    def read(self, t: FieldType, node: yaml.Node, where: str, example: str = "") -> Any:
        if isinstance(t, Obj):
            return self.read_obj(t, node, where)
        if isinstance(t, spec.ListOf):
            return self._list(t, node, where, example)
        if isinstance(t, spec.TextType):
            return self._text(node, where, example)
        if isinstance(t, spec.JsonMap):
            return self._json_map(node, where, example)
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
            return self._type_error(node, where, t, example)
        if isinstance(t, spec.Const):
            value = self._number(node)
            if value != t.value or node.tag != _INT:
                self.file.report(
                    node,
                    f"unsupported '{where}' {_q(node.value)}: this gradtutor reads format "
                    f"{t.value}",
                    f"write {where}: {t.value}",
                )
                return _INVALID
            return value
        if isinstance(t, spec.Enum):
            if node.tag == _STR and node.value in t.values:
                return node.value
            guess = _closest(str(node.value), t.values)
            hint = f"; did you mean {guess!r}?" if guess else ""
            self.file.report(
                node,
                f"unknown {where} {_q(node.value)}{hint}",
                f"use one of: {', '.join(t.values)}",
            )
            return _INVALID
        if isinstance(t, spec.Str):
            return self._str(t, node, where, example)
        if isinstance(t, spec.Scalar):
            return node.value
        if isinstance(t, spec.Bool):
            if node.tag != _BOOL:
                return self._type_error(node, where, t, example)
            return bool(self.file.construct(node))
        if isinstance(t, spec.Int):
            if node.tag != _INT:
                return self._type_error(node, where, t, example)
            value = int(self.file.construct(node))
            if t.minimum is not None and value < t.minimum:
                self.file.report(
                    node,
                    f"'{where}' must be {t.describe()}; found {value}",
                    f"write it like: {example}" if example else f"use {t.minimum} or more",
                )
                return _INVALID
            return value
        if isinstance(t, spec.Num):
            return self._num(t, node, where, example)
        raise TypeError(f"no reader for {t!r}")  # pragma: no cover

    def _str(self, t: spec.Str, node: yaml.ScalarNode, where: str, example: str) -> Any:
        if node.tag != _STR:
            return self._type_error(node, where, t, example)
        value: str = node.value
        if not value.strip():
            self.file.report(node, f"'{where}' is empty", f"write it like: {example}")
            return _INVALID
        if t.max_length is not None and len(value) > t.max_length:
            self.file.report(
                node,
                f"'{where}' is {len(value)} characters long; at most {t.max_length} allowed",
                "shorten it",
            )
            return _INVALID
        if t.pattern and not re.fullmatch(t.pattern, value):
            self.file.report(
                node,
                f"'{where}' {_q(value)} is not valid: it must be {t.pattern_doc}",
                f"write it like: {example}" if example else f"use {t.pattern_doc}",
            )
            return _INVALID
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
            return _INVALID
        return float(value)

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
            return _INVALID
        if any(item is _INVALID for item in items):
            return _INVALID
        return items

    def _text(self, node: yaml.Node, where: str, example: str) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag != _STR:
                return self._type_error(node, where, spec.TEXT, example)
            if not node.value.strip():
                self.file.report(node, f"'{where}' is empty", "write the English text")
                return _INVALID
            return Text(node.value)
        if not isinstance(node, yaml.MappingNode):
            return self._type_error(node, where, spec.TEXT, example)
        values: dict[str, str] = {}
        ok = True
        for key, value in self._pairs(node, where):
            lang = key.value
            lw = f"{where}.{lang}"
            if (
                isinstance(value, yaml.ScalarNode)
                and value.tag == _NULL
                and not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]+)?", lang)
            ):
                self.file.report(
                    key,
                    f"'{where}' has an entry {_q(lang)} without a value: inside {{...}} a comma "
                    "ends the text",
                    'put texts that contain commas or colons in quotes: {en: "a, b", zh: "..."}',
                )
                ok = False
                continue
            if not isinstance(value, yaml.ScalarNode) or value.tag != _STR:
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
            return _INVALID
        return Text(values) if ok else _INVALID

    def _json_map(self, node: yaml.Node, where: str, example: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self._type_error(node, where, spec.JsonMap(), example)
        result: dict[str, Any] = {}
        ok = True
        for key, value in self._pairs(node, where):
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
            ok = ok and converted is not _INVALID
            result[name] = converted
        return result if ok else _INVALID

    def _json_value(self, node: yaml.Node, where: str) -> Any:
        if isinstance(node, yaml.SequenceNode):
            items = [self._json_value(n, f"{where}[{i}]") for i, n in enumerate(node.value)]
            return _INVALID if any(i is _INVALID for i in items) else items
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key, value in self._pairs(node, where):
                result[key.value] = self._json_value(value, f"{where}.{key.value}")
            return _INVALID if any(v is _INVALID for v in result.values()) else result
        if node.tag == _NULL:
            return None
        if node.tag == _BOOL:
            return bool(self.file.construct(node))
        number = self._number(node)
        if number is not None:
            if not math.isfinite(number):
                self.file.report(
                    node,
                    f"'{where}' is {node.value}: inputs must be finite numbers",
                    "use a finite number, or compute inf/nan in the code from a string input",
                )
                return _INVALID
            return number
        if node.tag == _STR:
            return node.value
        self.file.report(
            node,
            f"'{where}' is {_found(node)}, which is not a JSON value",
            "use null, true/false, a number, a string (quote dates and the like), a list or a "
            "mapping",
        )
        return _INVALID

    def _pairs(self, node: yaml.MappingNode, where: str) -> list[tuple[yaml.Node, yaml.Node]]:
        """Key/value node pairs with string keys; reports non-string and duplicate keys.

        Merge keys (`<<: *anchor`) are expanded; keys written in the mapping override merged
        ones, as YAML specifies.
        """
        own = {id(key) for key, _ in node.value}
        try:
            self.file.loader.flatten_mapping(node)
        except yaml.MarkedYAMLError as exc:
            self.file.report(exc.problem_mark, f"bad merge key: {exc.problem}", "remove '<<'")
        pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag not in (_STR, _INT, _BOOL):
                self.file.report(
                    key,
                    f"a key{f' in {where!r}' if where else ''} is {_found(key)}",
                    "keys are plain names like 'hints'",
                )
                continue
            name = str(key.value)
            if name not in pairs:
                pairs[name] = (key, value)
                continue
            first = pairs[name][0]
            if id(key) in own and id(first) in own:
                inside = f" in '{where}'" if where else ""
                self.file.report(
                    key,
                    f"duplicate key {name!r}{inside} (first at line {first.start_mark.line + 1})",
                    "keep only one of them; YAML would silently use the last one",
                )
            elif id(key) in own:
                pairs[name] = (key, value)  # overrides the merged key
        return list(pairs.values())

    def read_obj(
        self, obj: Obj, node: yaml.Node, where: str, kind: str | None = None, noun: str = ""
    ) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self._type_error(node, where or "the file", obj, "")
        noun = noun or (f"'{where}'" if where else f"the {obj.name}")
        fields = _Fields(node)
        kind_fields = [f for f in obj.fields if kind in f.kinds] if kind else list(obj.fields)
        known_here = {f.name for f in kind_fields}
        suggested: set[str] = set()
        for key, value in self._pairs(node, where):
            name = key.value
            spec_ = obj.field(name)
            if spec_ is None:
                guess = _closest(name, known_here) or _closest(name, obj.names)
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
                    node,
                    f"{who} the key {f.name!r}, which is missing",
                    f"add it, e.g. {f.example}",
                )
        if obj.exactly_one:
            self._exactly_one(obj, fields, noun)
        if obj.min_keys and len(fields.nodes) < obj.min_keys:
            self.file.report(
                node,
                f"{noun} is empty",
                f"give at least one of: {', '.join(obj.names)}",
            )
        # Invalid values are kept as _INVALID: later checks use the valid parts.
        return fields

    def _exactly_one(self, obj: Obj, fields: _Fields, noun: str) -> None:
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


# --------------------------------------------------------------------------------------------
# Exercises


def _code_position(file: _File, node: yaml.ScalarNode) -> tuple[int, int]:
    """(file line of the code's line 1, columns the code is indented by)."""
    start = node.start_mark
    if node.style in ("|", ">"):
        body = start.line + 1  # 0-based index of the first content line
        indent = 0
        for text in file.lines[body:]:
            if text.strip():
                indent = len(text) - len(text.lstrip(" "))
                break
        return body + 1, indent
    return start.line + 1, start.column + (1 if node.style in ("'", '"') else 0)


def _compile_error(source: str, filename: str) -> SyntaxError | ValueError | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        return exc
    return None


def _check_code(file: _File, fields: _Fields, name: str, lines: dict[str, int]) -> str | None:
    """Check that snippet/starter compiles; record its body position in `lines`."""
    node = fields.nodes.get(name)
    source = fields.get(name)
    if not isinstance(source, str) or not isinstance(node, yaml.ScalarNode):
        return None
    body, indent = _code_position(file, node)
    lines[f"{name}:body"] = body
    lines[f"{name}:indent"] = indent
    exc = _compile_error(source, f"<{name}>")
    if isinstance(exc, SyntaxError):
        code_line = exc.lineno or 1
        file_line = body + code_line - 1
        column = (exc.offset + indent) if exc.offset else None
        file.report(
            (file_line, column),
            f"{name} line {code_line} (file line {file_line}): {exc.msg}",
            f"correct the Python syntax of the {name}; it must compile (bugs of fix exercises "
            "belong in behaviour, not syntax)",
        )
    elif exc is not None:
        file.report(node, f"the {name} cannot be compiled: {exc}", "remove the null bytes")
    return source


def _check_predict(file: _File, fields: _Fields, snippet: str | None) -> None:
    questions = fields.get("questions")
    if not isinstance(questions, list):
        return
    snippet_lines = snippet.splitlines() if snippet is not None else None
    for i, q in enumerate(questions):
        if not isinstance(q, _Fields):
            continue
        where = f"questions[{i}]"
        line = q.get("print_line")
        if isinstance(line, int) and snippet_lines is not None:
            if line > len(snippet_lines):
                file.report(
                    q.nodes["print_line"],
                    f"'{where}.print_line' is {line} but the snippet has only "
                    f"{len(snippet_lines)} lines",
                    "count lines from the first line of the snippet (line 1)",
                )
            else:
                text = snippet_lines[line - 1].strip()
                if not text or text.startswith("#"):
                    file.warn(
                        q.nodes["print_line"],
                        f"'{where}.print_line' points at snippet line {line}, which is "
                        f"{'empty' if not text else 'a comment'} and prints nothing",
                        "point it at the line that prints (line 1 = first snippet line)",
                    )
        is_error = q.get("error") is True
        if q.has("message") and not is_error:
            file.report(
                q.keys["message"],
                f"'{where}.message' is only for error questions (error: true)",
                "remove it; to explain a wrong answer use misconceptions",
            )
        if is_error and q.has("tolerance"):
            file.warn(
                q.keys["tolerance"],
                f"'{where}.tolerance' has no effect on an error question",
                "remove it",
            )
        answer = q.get("answer")
        if (
            is_error
            and isinstance(answer, str)
            and not re.fullmatch(spec.EXCEPTION_PATTERN, answer)
        ):
            file.report(
                q.nodes["answer"],
                f"'{where}.answer' of an error question must be an exception type name; "
                f"found {_q(answer)}",
                "write the type only, e.g. answer: RuntimeError (the message goes in 'message')",
            )
        _check_misconceptions(
            file,
            q.get("misconceptions"),
            q.nodes.get("misconceptions"),
            f"{where}.misconceptions",
            answer,
        )


def _check_misconceptions(
    file: _File, items: Any, node: Any, where: str, answer: str | None
) -> None:
    if not isinstance(items, list) or not isinstance(node, yaml.SequenceNode):
        return
    seen: dict[tuple[int, str], int] = {}
    for i, (m, mnode) in enumerate(zip(items, node.value, strict=True)):
        if not isinstance(m, _Fields) or not isinstance(m.get("answer"), str):
            continue
        text = m.get("answer")
        if answer is not None and text.strip() == answer.strip():
            file.report(
                m.nodes["answer"],
                f"'{where}[{i}].answer' {_q(text)} is the recorded correct answer",
                "a misconception is a wrong answer: change or remove it",
            )
        key = (m.get("check", -1), text.strip())
        if key in seen:
            file.warn(
                mnode,
                f"'{where}[{i}]' repeats the answer {_q(text)} of '{where}[{seen[key]}]'",
                "merge the two messages into one",
            )
        else:
            seen[key] = i


def _check_code_fix(file: _File, fields: _Fields) -> None:
    checks = fields.get("checks")
    n_checks = len(checks) if isinstance(checks, list) else None
    if (
        isinstance(checks, list)
        and checks
        and all(isinstance(c, _Fields) and c.get("hidden") is True for c in checks)
    ):
        file.warn(
            fields.keys["checks"],
            "every check is hidden, so learners get no feedback on what is wrong",
            "make at least one check visible (hidden: false)",
        )
    miscs = fields.get("misconceptions")
    if isinstance(miscs, list) and n_checks is not None:
        for i, m in enumerate(miscs):
            if not isinstance(m, _Fields):
                continue
            target = m.get("check")
            if isinstance(target, int) and target >= n_checks:
                file.report(
                    m.nodes["check"],
                    f"'misconceptions[{i}].check' is {target} but there "
                    f"{'is only 1 check' if n_checks == 1 else f'are only {n_checks} checks'}",
                    f"use the 0-based index of a check: 0 to {n_checks - 1}",
                )
    _check_misconceptions(file, miscs, fields.nodes.get("misconceptions"), "misconceptions", None)
    variants = fields.get("variants")
    if isinstance(variants, list):
        first: set[str] | None = None
        for i, v in enumerate(variants):
            if not isinstance(v, _Fields) or not isinstance(v.get("inputs"), dict):
                continue
            names = set(v.get("inputs"))
            if first is None:
                first = names
            elif names != first:
                missing = sorted(first - names)
                extra = sorted(names - first)
                detail = "; ".join(
                    part
                    for part in (
                        f"lacks {', '.join(missing)}" if missing else "",
                        f"adds {', '.join(extra)}" if extra else "",
                    )
                    if part
                )
                file.report(
                    v.nodes["inputs"],
                    f"'variants[{i}].inputs' has other names than variants[0]: {detail}",
                    "give every variant the same input names (the code uses all of them)",
                )


_ABOUT_LISTS = {"hint": "hints", "question": "questions", "misconception": "misconceptions"}


def _claim_targets(fields: _Fields, kind: str | None) -> dict[str, int | None]:
    """How many texts of each kind a claim's `about` may name (None: unknown, skip checks)."""

    def count(items: Any) -> int | None:
        return len(items) if isinstance(items, list) else None

    questions = fields.get("questions") if kind == "predict" else []
    if kind == "predict" and isinstance(questions, list):
        per_question = [
            count(q.get("misconceptions", [])) if isinstance(q, _Fields) else None
            for q in questions
        ]
        misconceptions = None if None in per_question else sum(per_question)  # type: ignore[arg-type]
    elif kind == "predict":
        misconceptions = None
    else:
        misconceptions = count(fields.get("misconceptions", []))
    return {
        "hint": count(fields.get("hints")),
        "question": count(questions),
        "misconception": misconceptions,
    }


def _check_about(
    file: _File, node: yaml.Node, where: str, about: str, targets: dict[str, int | None], kind: str
) -> None:
    others = (
        "explanation, hint N, misconception N or question N"
        if kind == "predict"
        else "explanation, task, hint N or misconception N"
    )
    if about == "task" and kind == "predict":
        file.report(node, f"'{where}' is 'task', but predict exercises have no task",
                    f"use {others}")
        return
    name, _, number = about.partition(" ")
    if name not in _ABOUT_LISTS:
        return
    n = targets.get(name)
    if n is None or int(number) <= n:
        return
    plural = _ABOUT_LISTS[name]
    if name == "question" and kind != "predict":
        message = f"'{where}' is {about!r}, but {kind} exercises have no questions"
        fix = f"use {others}"
    elif n == 0:
        message = f"'{where}' is {about!r}, but the exercise has no {plural}"
        fix = f"use {others} of a text that exists"
    else:
        noun = plural if n > 1 else name
        message = f"'{where}' is {about!r}, but the exercise has only {n} {noun}"
        fix = f"use {name} 1 to {name} {n}" if n > 1 else f"use {name} 1"
    file.report(node, message, fix)


def _check_claims(file: _File, fields: _Fields, kind: str | None) -> dict[int, tuple[int, int]]:
    """Check the claims' `about` and code; returns (file line of code line 1, indent) by index."""
    claims = fields.get("claims")
    positions: dict[int, tuple[int, int]] = {}
    if not isinstance(claims, list) or kind is None:
        return positions
    targets = _claim_targets(fields, kind)
    for i, c in enumerate(claims):
        if not isinstance(c, _Fields):
            continue
        where = f"claims[{i}]"
        about = c.get("about")
        if isinstance(about, str):
            _check_about(file, c.nodes["about"], f"{where}.about", about, targets, kind)
        node, source = c.nodes.get("code"), c.get("code")
        if not isinstance(source, str) or not isinstance(node, yaml.ScalarNode):
            continue
        body, indent = positions[i] = _code_position(file, node)
        exc = _compile_error(source, f"<{where}.code>")
        if isinstance(exc, SyntaxError):
            code_line = exc.lineno or 1
            file_line = body + code_line - 1
            file.report(
                (file_line, (exc.offset + indent) if exc.offset else None),
                f"{where}.code line {code_line} (file line {file_line}): {exc.msg}",
                "correct the Python syntax of the claim's code",
            )
        elif exc is not None:
            file.report(node, f"{where}.code cannot be compiled: {exc}", "remove the null bytes")
        elif not any(isinstance(n, ast.Assert | ast.Raise) for n in ast.walk(ast.parse(source))):
            file.warn(
                node,
                f"'{where}.code' has no assert, so the claim fails only if torch raises",
                "state the claim with assert, e.g. assert x.grad is None",
            )
    return positions


def _to_tolerance(value: Any) -> Tolerance | None:
    if not isinstance(value, _Fields):
        return None
    return Tolerance(rtol=value.get("rtol"), atol=value.get("atol"))


def _to_misconceptions(items: Any, target: int | None) -> tuple[Misconception, ...]:
    result = []
    for m in items or ():
        result.append(
            Misconception(
                answer=m.get("answer"),
                message=m.get("message"),
                target=target if target is not None else m.get("check"),
                line=m.node.start_mark.line + 1,
            )
        )
    return tuple(result)


def _to_claims(items: Any, positions: dict[int, tuple[int, int]]) -> tuple[Claim, ...]:
    return tuple(
        Claim(
            about=c.get("about"),
            says=c.get("says"),
            code=c.get("code"),
            line=c.node.start_mark.line + 1,
            code_line=positions.get(i, (0, 0))[0],
            code_indent=positions.get(i, (0, 0))[1],
        )
        for i, c in enumerate(items or ())
    )


def _build(
    path: Path,
    fields: _Fields,
    chapter: str,
    solution_path: Path | None,
    lines: dict[str, int],
    claim_positions: dict[int, tuple[int, int]],
) -> Exercise:
    kind = fields.get("kind")
    questions = tuple(
        Question(
            ask=q.get("ask"),
            expr=q.get("expr"),
            print_line=q.get("print_line"),
            error=q.get("error") is True,
            answer=q.get("answer"),
            message=q.get("message"),
            tolerance=_to_tolerance(q.get("tolerance")),
            misconceptions=_to_misconceptions(q.get("misconceptions"), i),
            points=q.get("points", DEFAULT_POINTS),
            line=q.node.start_mark.line + 1,
            lines={name: q.line(name) for name in q.keys},
        )
        for i, q in enumerate(fields.get("questions") or ())
    )
    checks = tuple(
        Check(
            expr=c.get("expr"),
            label=c.get("label"),
            tolerance=_to_tolerance(c.get("tolerance")),
            hidden=c.get("hidden", False),
            points=c.get("points", DEFAULT_POINTS),
            line=c.node.start_mark.line + 1,
            lines={name: c.line(name) for name in c.keys},
        )
        for c in fields.get("checks") or ()
    )
    variants = tuple(
        Variant(inputs=v.get("inputs"), line=v.node.start_mark.line + 1)
        for v in fields.get("variants") or ()
    )
    return Exercise(
        id=fields.get("id"),
        kind=kind,
        topic=fields.get("topic"),
        title=fields.get("title"),
        chapter=chapter,
        path=path,
        hints=tuple(fields.get("hints")),
        explanation=fields.get("explanation"),
        source=tuple(fields.get("source") or ()),
        claims=_to_claims(fields.get("claims"), claim_positions),
        timeout=fields.get("timeout", DEFAULT_TIMEOUT),
        snippet=fields.get("snippet"),
        questions=questions,
        task=fields.get("task"),
        starter=fields.get("starter"),
        checks=checks,
        variants=variants,
        random_seed=fields.get("random_seed", True),
        misconceptions=_to_misconceptions(fields.get("misconceptions"), None),
        solution_path=solution_path,
        lines=lines,
    )


def _check_solution(file: _File, fields: _Fields, solutions_dir: Path) -> Path | None:
    exercise_id = fields.get("id") or file.path.stem
    kind = fields.get("kind")
    solution = solutions_dir / f"{exercise_id}.py"
    at = fields.keys.get("id") or fields.node
    if not solution.is_file():
        file.report(
            at,
            f"{kind} exercise {exercise_id!r} has no reference solution {display_path(solution)}",
            f"write the reference solution to {display_path(solution)}: the "
            f"{'completed' if kind == 'code' else 'repaired'} starter",
        )
        return None
    try:
        source = solution.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        file.problems.append(
            Problem(solution, None, None, f"cannot read the solution: {exc}", "save it as UTF-8")
        )
        return None
    exc = _compile_error(source, str(solution))
    if isinstance(exc, SyntaxError):
        file.problems.append(
            Problem(
                solution,
                exc.lineno,
                exc.offset,
                f"the reference solution does not compile: {exc.msg}",
                "correct the Python syntax of the solution",
            )
        )
        return None
    if exc is not None:
        file.problems.append(
            Problem(
                solution,
                None,
                None,
                f"the solution cannot be compiled: {exc}",
                "remove the null bytes",
            )
        )
        return None
    return solution


def _default_solutions_dir(path: Path) -> Path:
    """solutions/ next to exercises/, for the layout exercises/<chapter>/<id>.yaml."""
    return path.parent.parent.parent / "solutions"


def load_exercise(
    path: Path | str,
    solutions_dir: Path | str | None = None,
    *,
    chapter: str | None = None,
) -> tuple[Exercise | None, list[Problem]]:
    """Load one exercise file. Returns (exercise, problems); exercise is None on any error.

    For code and fix exercises the reference solution `solutions_dir/<id>.py` must exist and
    compile; `solutions_dir` defaults to `solutions/` next to the `exercises/` folder the file
    is in (`<file>/../../../solutions`). `chapter` defaults to the file's folder name.
    """
    path = Path(path)
    file = _File(path)
    exercise, _ = _load_exercise_file(
        file,
        Path(solutions_dir) if solutions_dir is not None else _default_solutions_dir(path),
        chapter or path.parent.name,
    )
    return exercise, sort_problems(file.problems)


def _load_exercise_file(
    file: _File, solutions_dir: Path, chapter: str
) -> tuple[Exercise | None, _Fields | None]:
    text = _read_text(file)
    if text is None:
        return None, None
    root = _parse(file, text)
    if root is None:
        if not file.problems:
            file.report(
                (1, 1),
                "the file is empty",
                "write the exercise: format: 1, id, kind, topic, title, hints, explanation and "
                "the fields of its kind (see docs/exercise-format.md)",
            )
        return None, None
    if not isinstance(root, yaml.MappingNode):
        file.report(
            root,
            f"the file must be a mapping of keys (format, id, kind, ...); found {_found(root)}",
            "write one 'key: value' per line at the left margin",
        )
        return None, None
    reader = _Reader(file)
    kind: str | None = None
    for key, value in root.value:
        if (
            isinstance(key, yaml.ScalarNode)
            and key.value == "kind"
            and isinstance(value, yaml.ScalarNode)
            and value.value in spec.KINDS
        ):
            kind = value.value
    fields = reader.read_obj(spec.EXERCISE, root, "", kind=kind, noun="the exercise")
    lines = {name: fields.line(name) for name in fields.keys}

    exercise_id = fields.get("id")
    if isinstance(exercise_id, str) and exercise_id != file.path.stem:
        file.report(
            fields.nodes["id"],
            f"id {exercise_id!r} does not match the file name {file.path.name!r}",
            f"rename the file to {exercise_id}.yaml, or set id: {file.path.stem}",
        )
    if kind == "predict":
        snippet = _check_code(file, fields, "snippet", lines)
        _check_predict(file, fields, snippet)
    elif kind in spec.CODE_FIX:
        _check_code(file, fields, "starter", lines)
        _check_code_fix(file, fields)

    claim_positions = _check_claims(file, fields, kind)

    solution_path = None
    if kind in spec.CODE_FIX:
        solution_path = _check_solution(file, fields, solutions_dir)
    if file.error_count or kind is None:
        return None, fields
    return _build(file.path, fields, chapter, solution_path, lines, claim_positions), fields


# --------------------------------------------------------------------------------------------
# Course


@dataclass
class _Listing:
    chapter: str
    exercise_id: str
    node: yaml.Node


@dataclass
class _CourseSpec:
    title: Text | None
    chapters: list[tuple[str, Text]]
    listings: list[_Listing]


def _read_course_file(file: _File) -> _CourseSpec | None:
    if not file.path.is_file():
        file.report(
            None,
            f"{COURSE_FILE} not found",
            f"create {display_path(file.path)} with format: 1, a title and the chapters listing "
            "their exercise ids in order (see docs/exercise-format.md)",
        )
        return None
    text = _read_text(file)
    if text is None:
        return None
    root = _parse(file, text)
    if root is None:
        if not file.problems:
            file.report(
                (1, 1), f"{COURSE_FILE} is empty", "write format: 1, a title and the chapters"
            )
        return None
    reader = _Reader(file)
    fields = reader.read_obj(spec.COURSE, root, "", noun=COURSE_FILE)
    if not isinstance(fields, _Fields):
        return None
    if (
        not fields.valid("format")
        or not isinstance(fields.get("title"), Text)
        or not isinstance(fields.nodes.get("chapters"), yaml.SequenceNode)
    ):
        return None
    chapters: list[tuple[str, Text]] = []
    listings: list[_Listing] = []
    chapter_nodes = fields.nodes.get("chapters")
    seen_chapters: dict[str, int] = {}
    seen_ids: dict[str, tuple[str, int]] = {}
    items = fields.values.get("chapters")
    if isinstance(items, list) and isinstance(chapter_nodes, yaml.SequenceNode):
        for ch in items:
            if not isinstance(ch, _Fields) or not isinstance(ch.get("id"), str):
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
                        f"exercise {eid!r} is listed twice (first in chapter {other!r}, line "
                        f"{line})",
                        "list each exercise once",
                    )
                    continue
                seen_ids[eid] = (cid, node.start_mark.line + 1)
                listings.append(_Listing(cid, eid, node))
    return _CourseSpec(fields.get("title"), chapters, listings)


def _is_hidden(rel: Path) -> bool:
    return any(part.startswith((".", "_")) for part in rel.parts)


def load_course(exercises_dir: Path | str, solutions_dir: Path | str | None = None) -> LoadResult:
    """Load `exercises_dir/course.yaml` and every exercise file below `exercises_dir`.

    Every problem in every file is reported. The course holds the exercises listed in
    course.yaml whose files loaded without errors, in course order; it is None only when
    course.yaml itself is missing or unusable (syntax, format, title or chapters).
    """
    exercises_dir = Path(exercises_dir)
    if solutions_dir is None:
        # Path(".").parent is "." again: resolve such names first.
        base = exercises_dir if exercises_dir.name not in ("", "..") else exercises_dir.resolve()
        solutions_dir = base.parent / "solutions"
    solutions_dir = Path(solutions_dir)
    problems: list[Problem] = []
    if not exercises_dir.is_dir():
        problems.append(
            Problem(
                exercises_dir,
                None,
                None,
                "the exercises folder does not exist",
                "create it with a course.yaml, or point gradtutor at the right folder",
            )
        )
        return LoadResult(None, problems)

    course_file = _File(exercises_dir / COURSE_FILE)
    course_spec = _read_course_file(course_file)
    problems += course_file.problems

    # Discover exercise files.
    files: list[Path] = []
    for path in sorted(exercises_dir.rglob("*")):
        rel = path.relative_to(exercises_dir)
        if _is_hidden(rel) or not path.is_file() or rel == Path(COURSE_FILE):
            continue
        if path.suffix == ".yml":
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    "exercise files must end in .yaml, not .yml",
                    f"rename it to {path.stem}.yaml",
                )
            )
        elif path.suffix == ".yaml":
            if len(rel.parts) != 2:
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        "exercise files must sit directly in a chapter folder "
                        "(exercises/<chapter>/<id>.yaml)",
                        "move it into the folder of its chapter",
                    )
                )
            files.append(path)

    loaded: dict[Path, Exercise | None] = {}
    kinds: dict[str, str] = {}
    bad_paths: set[Path] = set()
    by_stem: dict[str, list[Path]] = {}
    for path in files:
        file = _File(path)
        exercise, fields = _load_exercise_file(file, solutions_dir, path.parent.name)
        problems += file.problems
        loaded[path] = exercise
        if exercise is None or len(path.relative_to(exercises_dir).parts) != 2:
            bad_paths.add(path)
        if fields is not None and isinstance(fields.get("kind"), str):
            kinds[path.stem] = fields.get("kind")
        by_stem.setdefault(path.stem, []).append(path)

    for stem, paths in by_stem.items():
        if len(paths) < 2:
            continue
        bad_paths.update(paths)
        for path in paths:
            others = ", ".join(display_path(p) for p in paths if p != path)
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"exercise id {stem!r} is used by more than one file: also by {others}",
                    "exercise ids are unique across the course: rename all but one (file name "
                    "and id)",
                )
            )

    # course.yaml listing vs. files
    listed: dict[str, _Listing] = {}
    if course_spec is not None:
        for item in course_spec.listings:
            listed[item.exercise_id] = item
            paths = by_stem.get(item.exercise_id, [])
            expected = exercises_dir / item.chapter / f"{item.exercise_id}.yaml"
            if not paths:
                guess = _closest(item.exercise_id, by_stem)
                hint = f"did you mean {guess!r}? Otherwise " if guess else ""
                problems.append(
                    _problem(
                        course_file.path,
                        item.node,
                        f"chapter {item.chapter!r} lists {item.exercise_id!r}, but "
                        f"{display_path(expected)} does not exist",
                        f"{hint}create the file, or remove the id from the list",
                    )
                )
            elif expected not in paths:
                actual = paths[0]
                bad_paths.add(actual)
                problems.append(
                    Problem(
                        actual,
                        None,
                        None,
                        f"{item.exercise_id!r} is listed under chapter {item.chapter!r} in "
                        f"{COURSE_FILE} (line {item.node.start_mark.line + 1}) but its file is "
                        f"in folder {actual.parent.name!r}",
                        f"move it to {display_path(expected)}, or list it under chapter "
                        f"{actual.parent.name!r}",
                    )
                )
        chapter_ids = {cid for cid, _ in course_spec.chapters}
        for stem, paths in by_stem.items():
            if stem in listed:
                continue
            for path in paths:
                if len(path.relative_to(exercises_dir).parts) != 2:
                    continue  # already told to move into a chapter folder
                folder = path.parent.name
                fix = (
                    f"add {stem} to the exercises of chapter {folder!r} in {COURSE_FILE}, or "
                    "delete the file"
                    if folder in chapter_ids
                    else f"add a chapter {folder!r} listing it to {COURSE_FILE}, or move the "
                    "file into a listed chapter's folder"
                )
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        f"{stem!r} is not listed in {COURSE_FILE}, so learners never see it",
                        fix,
                    )
                )
                bad_paths.add(path)

    # solutions/ without an exercise
    if solutions_dir.is_dir():
        for sol in sorted(solutions_dir.glob("*.py")):
            if sol.name.startswith(("_", ".")):
                continue
            kind = kinds.get(sol.stem)
            if kind in spec.CODE_FIX:
                continue
            if kind == "predict":
                message = f"{sol.name} is not used: {sol.stem!r} is a predict exercise"
                fix = "delete it; predict exercises have no reference solution"
            else:
                guess = _closest(sol.stem, [s for s, k in kinds.items() if k in spec.CODE_FIX])
                message = f"{sol.name} belongs to no exercise"
                fix = (
                    f"rename it to {guess}.py if it is that exercise's solution, or delete it"
                    if guess
                    else "delete it, or name it after its exercise id"
                )
            problems.append(Problem(sol, None, None, message, fix, "warning"))

    problems = sort_problems(problems)
    if course_spec is None or course_spec.title is None:
        return LoadResult(None, problems)

    error_paths = {p.path for p in problems if p.is_error}
    good: dict[str, Exercise] = {}
    for path, exercise in loaded.items():
        if exercise is None or path in bad_paths or path in error_paths:
            continue
        if exercise.solution_path is not None and exercise.solution_path in error_paths:
            continue
        good[exercise.id] = exercise
    chapters = []
    ordered: list[Exercise] = []
    for cid, title in course_spec.chapters:
        ids = [
            item.exercise_id
            for item in course_spec.listings
            if item.chapter == cid and item.exercise_id in good
        ]
        chapters.append(Chapter(id=cid, title=title, exercise_ids=tuple(ids)))
        ordered += [good[i] for i in ids]
    course = Course(
        title=course_spec.title,
        chapters=tuple(chapters),
        exercises=tuple(ordered),
        exercises_dir=exercises_dir,
        solutions_dir=solutions_dir,
    )
    return LoadResult(course, problems)


def _to_data(node: yaml.Node | None, file: _File) -> Any:
    """Plain data of a node tree, reading numbers like YAML 1.2 (1e-4 is a float)."""
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _to_data(v, file) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(v, file) for v in node.value]
    if node.tag == _STR and not node.style and _FLOAT12.fullmatch(node.value):
        return float(node.value)
    return file.construct(node)


def read_yaml_data(path: Path | str) -> Any:
    """The plain data of a YAML file as editors (YAML 1.2) see it; raises yaml.YAMLError."""
    file = _File(Path(path))
    text = Path(path).read_text(encoding="utf-8-sig")
    loader = _YamlLoader(text)
    file.loader = loader
    return _to_data(loader.get_single_node(), file)


__all__ = [
    "COURSE_FILE",
    "LoadResult",
    "has_errors",
    "load_course",
    "load_exercise",
    "read_yaml_data",
]
