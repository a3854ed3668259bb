"""YAML reading with positions: parse a file into nodes that know their line and column.

Everything here is about YAML itself, not the exercise format: reading the text, parsing it
(with a fix for the usual syntax errors), key/value pairs with duplicate and merge keys, and
the `SourceFile` that collects the problems found in one file with their positions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from gradtutor.course.problems import Problem, Severity
from gradtutor.course.yaml_hints import yaml_hint

# libyaml is ~10x faster; both give the same nodes and marks.
YAML_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
# YAML 1.2 floats that YAML 1.1 (PyYAML) reads as strings, e.g. 1e-4.
FLOAT12 = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def quote(text: object, limit: int = 40) -> str:
    """Quote a value for a message, shortened."""
    s = str(text)
    if len(s) > limit:
        s = s[: limit - 3] + "..."
    return repr(s)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a misspelt `word`, if any is close."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def describe(node: yaml.Node) -> str:
    """What a node holds, for "found ..." in a message."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag
    if tag == NULL:
        return "nothing (an empty value)"
    if tag == BOOL:
        return f"{node.value} (true/false)"
    if tag in (INT, FLOAT):
        return f"the number {node.value}"
    if tag == STR:
        return f"the string {quote(node.value)}"
    return f"{quote(node.value)} ({tag.rsplit(':', 1)[-1]})"


def node_problem(
    path: Path, node: yaml.Node | None, message: str, fix: str, severity: Severity = "error"
) -> Problem:
    if node is None:
        return Problem(path, None, None, message, fix, severity)
    mark = node.start_mark
    return Problem(path, mark.line + 1, mark.column + 1, message, fix, severity)


class SourceFile:
    """One YAML file being read: its path, text and the problems found in it."""

    def __init__(self, path: Path, text: str = "", yaml_loader: type = YAML_LOADER) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[Problem] = []
        self.yaml_loader = yaml_loader  # the parser class (libyaml's when available)
        self.loader: Any = None  # the parser of this file's text, once parsed

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


def parse(file: SourceFile, text: str) -> yaml.Node | None:
    """Compose `text` into a node tree, recording a problem on YAML syntax errors."""
    loader = file.yaml_loader(text)
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
        file.report(position, f"YAML syntax error: {text}", _fix(text, file, mark))
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reader errors
        file.report(None, f"YAML error: {exc}", "fix the YAML syntax")
    return None


def _fix(error: str, file: SourceFile, mark: yaml.Mark | None) -> str:
    char = ""
    if mark is not None and 0 <= mark.line < len(file.lines):
        text = file.lines[mark.line]
        char = text[mark.column] if mark.column < len(text) else ""
    return yaml_hint(error, "course", tab=char == "\t")


def _check_portable(file: SourceFile, node: yaml.Node, in_flow: bool = False) -> None:
    """Warn about plain scalars with '?' inside {...} or [...]: libyaml reads them, but
    PyYAML's pure-Python parser (used when libyaml is missing) rejects the file."""
    if isinstance(node, yaml.ScalarNode):
        if in_flow and not node.style and "?" in node.value:
            file.warn(
                node,
                f"{quote(node.value)} contains '?' inside {{...}} or [...], which some YAML "
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


def read_text(file: SourceFile) -> str | None:
    """The file's text (UTF-8, BOM allowed), or None with a problem recorded."""
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


def mapping_pairs(
    file: SourceFile, node: yaml.MappingNode, where: str
) -> list[tuple[yaml.Node, yaml.Node]]:
    """Key/value node pairs with string keys; reports non-string and duplicate keys.

    Merge keys (`<<: *anchor`) are expanded; keys written in the mapping override merged
    ones, as YAML specifies.
    """
    own = {id(key) for key, _ in node.value}
    try:
        file.loader.flatten_mapping(node)
    except yaml.MarkedYAMLError as exc:
        file.report(exc.problem_mark, f"bad merge key: {exc.problem}", "remove '<<'")
    pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag not in (STR, INT, BOOL):
            file.report(
                key,
                f"a key{f' in {where!r}' if where else ''} is {describe(key)}",
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
            file.report(
                key,
                f"duplicate key {name!r}{inside} (first at line {first.start_mark.line + 1})",
                "keep only one of them; YAML would silently use the last one",
            )
        elif id(key) in own:
            pairs[name] = (key, value)  # overrides the merged key
    return list(pairs.values())


def to_data(node: yaml.Node | None, file: SourceFile) -> Any:
    """Plain data of a node tree, reading numbers like YAML 1.2 (1e-4 is a float)."""
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): to_data(v, file) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [to_data(v, file) for v in node.value]
    if node.tag == STR and not node.style and FLOAT12.fullmatch(node.value):
        return float(node.value)
    return file.construct(node)


def read_yaml_data(path: Path | str, yaml_loader: type = YAML_LOADER) -> Any:
    """The plain data of a YAML file as editors (YAML 1.2) see it; raises yaml.YAMLError."""
    file = SourceFile(Path(path), yaml_loader=yaml_loader)
    text = Path(path).read_text(encoding="utf-8-sig")
    loader = yaml_loader(text)
    file.loader = loader
    return to_data(loader.get_single_node(), file)
