"""Build the course model from the `Fields` of an exercise that was read without errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gradtutor.course.model import (
    DEFAULT_POINTS,
    DEFAULT_TIMEOUT,
    Check,
    Claim,
    Exercise,
    Misconception,
    Question,
    Tolerance,
    Variant,
)
from gradtutor.course.reader import Fields


def _to_tolerance(value: Any) -> Tolerance | None:
    if not isinstance(value, Fields):
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


def build_exercise(
    path: Path,
    fields: Fields,
    chapter: str,
    solution_path: Path | None,
    lines: dict[str, int],
    claim_positions: dict[int, tuple[int, int]],
) -> Exercise:
    """The exercise of `fields`, read without errors; `lines` are its keys' file lines."""
    return Exercise(
        id=fields.get("id"),
        kind=fields.get("kind"),
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
        questions=_to_questions(fields.get("questions")),
        task=fields.get("task"),
        starter=fields.get("starter"),
        checks=_to_checks(fields.get("checks")),
        variants=tuple(
            Variant(inputs=v.get("inputs"), line=v.node.start_mark.line + 1)
            for v in fields.get("variants") or ()
        ),
        random_seed=fields.get("random_seed", True),
        misconceptions=_to_misconceptions(fields.get("misconceptions"), None),
        solution_path=solution_path,
        lines=lines,
    )


def _to_questions(items: Any) -> tuple[Question, ...]:
    return tuple(
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
        for i, q in enumerate(items or ())
    )


def _to_checks(items: Any) -> tuple[Check, ...]:
    return tuple(
        Check(
            expr=c.get("expr"),
            label=c.get("label"),
            tolerance=_to_tolerance(c.get("tolerance")),
            hidden=c.get("hidden", False),
            points=c.get("points", DEFAULT_POINTS),
            line=c.node.start_mark.line + 1,
            lines={name: c.line(name) for name in c.keys},
        )
        for c in items or ()
    )
