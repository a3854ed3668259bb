"""The semantic checks of an exercise: what the field tables alone cannot say.

They run on the `Fields` the generic reader made: the code compiles (errors at their file
line), a print_line lies inside the snippet, a misconception is not the right answer, check
indexes exist, variants agree on their inputs, a claim names a text the exercise has, and a
code or fix exercise has a reference solution that compiles. Nothing is executed.
"""

from __future__ import annotations

import ast
import re
import warnings
from pathlib import Path
from typing import Any

import yaml

from gradtutor.course import fields as spec
from gradtutor.course.problems import Problem, display_path
from gradtutor.course.reader import Fields
from gradtutor.course.yaml_source import SourceFile, quote


def _code_position(file: SourceFile, node: yaml.ScalarNode) -> tuple[int, int]:
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


def check_code(file: SourceFile, fields: Fields, name: str, lines: dict[str, int]) -> str | None:
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


def check_predict(file: SourceFile, fields: Fields, snippet: str | None) -> None:
    questions = fields.get("questions")
    if not isinstance(questions, list):
        return
    snippet_lines = snippet.splitlines() if snippet is not None else None
    for i, q in enumerate(questions):
        if not isinstance(q, Fields):
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
                f"found {quote(answer)}",
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
    file: SourceFile, items: Any, node: Any, where: str, answer: str | None
) -> None:
    if not isinstance(items, list) or not isinstance(node, yaml.SequenceNode):
        return
    seen: dict[tuple[int, str], int] = {}
    for i, (m, mnode) in enumerate(zip(items, node.value, strict=True)):
        if not isinstance(m, Fields) or not isinstance(m.get("answer"), str):
            continue
        text = m.get("answer")
        if answer is not None and text.strip() == answer.strip():
            file.report(
                m.nodes["answer"],
                f"'{where}[{i}].answer' {quote(text)} is the recorded correct answer",
                "a misconception is a wrong answer: change or remove it",
            )
        key = (m.get("check", -1), text.strip())
        if key in seen:
            file.warn(
                mnode,
                f"'{where}[{i}]' repeats the answer {quote(text)} of '{where}[{seen[key]}]'",
                "merge the two messages into one",
            )
        else:
            seen[key] = i


def check_code_fix(file: SourceFile, fields: Fields) -> None:
    checks = fields.get("checks")
    n_checks = len(checks) if isinstance(checks, list) else None
    if (
        isinstance(checks, list)
        and checks
        and all(isinstance(c, Fields) and c.get("hidden") is True for c in checks)
    ):
        file.warn(
            fields.keys["checks"],
            "every check is hidden, so learners get no feedback on what is wrong",
            "make at least one check visible (hidden: false)",
        )
    miscs = fields.get("misconceptions")
    if isinstance(miscs, list) and n_checks is not None:
        for i, m in enumerate(miscs):
            if not isinstance(m, Fields):
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
            if not isinstance(v, Fields) or not isinstance(v.get("inputs"), dict):
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


def _claim_targets(fields: Fields, kind: str | None) -> dict[str, int | None]:
    """How many texts of each kind a claim's `about` may name (None: unknown because the list
    itself is invalid, which was reported already: skip the check)."""

    def count(f: Fields, name: str) -> int | None:
        items = f.values.get(name, [])  # absent: none; invalid (INVALID): unknown
        return len(items) if isinstance(items, list) else None

    if kind != "predict":
        questions: int | None = 0
        misconceptions = count(fields, "misconceptions")
    else:
        questions = count(fields, "questions")
        per_question = [
            count(q, "misconceptions") if isinstance(q, Fields) else None
            for q in (fields.get("questions") if questions is not None else None) or []
        ]
        known = questions is not None and None not in per_question
        misconceptions = sum(n or 0 for n in per_question) if known else None
    return {"hint": count(fields, "hints"), "question": questions, "misconception": misconceptions}


def _check_about(
    file: SourceFile,
    node: yaml.Node,
    where: str,
    about: str,
    targets: dict[str, int | None],
    kind: str,
) -> None:
    others = (
        "explanation, hint N, misconception N or question N"
        if kind == "predict"
        else "explanation, task, hint N or misconception N"
    )
    if about == "task" and kind == "predict":
        file.report(
            node, f"'{where}' is 'task', but predict exercises have no task", f"use {others}"
        )
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


def check_claims(file: SourceFile, fields: Fields, kind: str | None) -> dict[int, tuple[int, int]]:
    """Check the claims' `about` and code; returns (file line of code line 1, indent) by index."""
    claims = fields.get("claims")
    positions: dict[int, tuple[int, int]] = {}
    if not isinstance(claims, list) or kind is None:
        return positions
    targets = _claim_targets(fields, kind)
    for i, c in enumerate(claims):
        if not isinstance(c, Fields):
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


def check_solution(file: SourceFile, fields: Fields, solutions_dir: Path) -> Path | None:
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
