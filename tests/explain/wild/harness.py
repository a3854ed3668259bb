"""The corpus of real programs (issue 13) and the measuring stick for `gradtutor explain`.

Every `*.py` file here except this one is a program taken from a public thread, with a header:

    # source: <URL of the thread>
    # cause: <the root cause as the accepted answer / maintainers state it>
    # class: <issue 13 failure class, 1-8>
    # mistake: line <N>, variable <name>
    # fix: replace line <N> with: <code>      (or: insert after line <N>: <code>,
    # fix: ...                                      insert before line <N>: <code>, delete line <N>)
    # error: <ExceptionType: words of the message> | none | timeout
    # expect: runs clean[; <python expression that must be True after the fixed run>]
    # cause-words: <group>, <group>           each group: alternatives separated by |
    # fix-words: <group>, <group>

Fix line numbers are those of the original file; several fixes are applied bottom-up, so each
keeps meaning the line it names. Code without leading spaces takes the indentation of the line
it replaces or follows (one level deeper after a line ending in `:`); `\\n` separates lines.

Two uses:
- integrity: the original shows its problem, the literal fix makes it run clean (`check_*`);
- scoring: what `gradtutor explain FILE` prints, judged on four criteria (`score_*`).

`python tests/explain/wild/harness.py [--doc]` prints the table (and with --doc rewrites the
"Real programs" section of docs/explain.md).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WILD = Path(__file__).resolve().parent
REPO = WILD.parents[2]
DOC = REPO / "docs" / "explain.md"
FIELDS = ("source", "cause", "class", "mistake", "fix", "error", "expect", "cause-words",
          "fix-words")
CLASSES = {
    1: "freed graph, state carried across iterations",
    2: "saved tensor changed by optimizer.step() / an update",
    3: "a non-differentiable op cuts the graph",
    4: "grad mode switched off elsewhere",
    5: "requires_grad = True on a non-leaf",
    6: "silent freezing / optimizer mistakes",
    7: "in-place functional call",
    8: "wrong endings (timeout, syntax error, repeats)",
}
RUN_TIMEOUT_S = 4.0

_HEADER = re.compile(r"^#\s*([a-z-]+):\s?(.*)$")
_FIX = re.compile(r"^(replace line (\d+) with|insert after line (\d+)|insert before line (\d+)"
                  r"|delete line (\d+))(?::\s?(.*))?$")
_MISTAKE = re.compile(r"^line (\d+), variable (\S+)$")


class CorpusError(ValueError):
    """A corpus file whose header cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Fix:
    op: str          # replace | after | before | delete
    line: int
    code: str = ""


@dataclass(frozen=True)
class Program:
    path: Path
    source: str
    url: str
    cause: str
    klass: int
    mistake_line: int
    variable: str
    fixes: tuple[Fix, ...]
    error: str                 # "none", "timeout" or "Type: words"
    expect: str | None         # the expression, or None for "runs clean" alone
    cause_words: tuple[tuple[str, ...], ...]
    fix_words: tuple[tuple[str, ...], ...]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def silent(self) -> bool:
        return self.error == "none"


def _groups(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(a.strip().lower() for a in g.split("|") if a.strip())
                 for g in text.split(",") if g.strip())


def parse(path: Path) -> Program:
    """Read one corpus file's header; raise CorpusError naming the file and line."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    seen: dict[str, list[tuple[int, str]]] = {}
    for no, text in enumerate(lines, 1):
        m = _HEADER.match(text)
        if not m:
            if text.startswith("#") or not text.strip():
                continue
            break
        seen.setdefault(m.group(1), []).append((no, m.group(2).strip()))

    def one(key: str) -> tuple[int, str]:
        if key not in seen:
            raise CorpusError(f"{path.name}: no `# {key}:` line in the header; add it")
        return seen[key][0]

    for key in FIELDS:
        one(key)
    no, klass = one("class")
    if not klass.isdigit() or int(klass) not in CLASSES:
        raise CorpusError(f"{path.name}:{no}: class must be 1-8, not {klass!r}")
    no, mistake = one("mistake")
    mm = _MISTAKE.match(mistake)
    if not mm:
        raise CorpusError(f"{path.name}:{no}: write `# mistake: line N, variable NAME`")
    fixes = []
    for no, text in seen["fix"]:
        fm = _FIX.match(text)
        if not fm:
            raise CorpusError(f"{path.name}:{no}: unknown fix form {text!r}; use `replace line N"
                              " with: CODE`, `insert after/before line N: CODE` or `delete line N`")
        op, *nums, code = fm.groups()
        n = int(next(x for x in nums if x))
        kind = {"r": "replace", "i": "after" if "after" in op else "before", "d": "delete"}[op[0]]
        if kind != "delete" and code is None:
            raise CorpusError(f"{path.name}:{no}: the fix gives no code after the colon")
        if not 1 <= n <= len(lines):
            raise CorpusError(f"{path.name}:{no}: line {n} is outside the file")
        fixes.append(Fix(kind, n, code or ""))
    _, error = one("error")
    _, expect = one("expect")
    if not expect.startswith("runs clean"):
        raise CorpusError(f"{path.name}: expect must start with `runs clean`")
    cond = expect.removeprefix("runs clean").lstrip(";").strip() or None
    line_no = int(mm.group(1))
    if not 1 <= line_no <= len(lines) or lines[line_no - 1].lstrip().startswith("#"):
        raise CorpusError(f"{path.name}: the mistake's line {line_no} is not a line of code")
    return Program(path=path, source=source, url=one("source")[1], cause=one("cause")[1],
                   klass=int(klass), mistake_line=line_no, variable=mm.group(2),
                   fixes=tuple(fixes), error=error, expect=cond,
                   cause_words=_groups(one("cause-words")[1]),
                   fix_words=_groups(one("fix-words")[1]))


def corpus(folder: Path = WILD) -> list[Program]:
    return [parse(p) for p in sorted(folder.glob("*.py")) if p.name != "harness.py"]


def _indent_of(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def apply_fixes(source: str, fixes: Iterable[Fix]) -> str:
    """Apply the header's fixes literally, bottom-up, to a copy of the source."""
    lines = source.splitlines()
    for fix in sorted(fixes, key=lambda f: (f.line, f.op != "before"), reverse=True):
        i = fix.line - 1
        anchor = lines[i]
        base = _indent_of(anchor)
        if fix.op == "after" and anchor.rstrip().endswith(":"):
            base += "    "
        new = [line if line.startswith((" ", "\t")) and not base else base + line
               for line in fix.code.split("\\n")]
        if fix.op == "replace":
            lines[i:i + 1] = new
        elif fix.op == "delete":
            del lines[i]
        elif fix.op == "after":
            lines[i + 1:i + 1] = new
        else:
            lines[i:i] = new
    return "\n".join(lines) + "\n"


# ── integrity: the original shows its problem, the fix makes it run clean ──────────────────

@dataclass
class Check:
    program: Program
    problems: list[str] = field(default_factory=list)


def _requests(p: Program) -> tuple[Any, Any]:
    from gradtutor.sandbox import RunRequest

    exprs = (p.expect,) if p.expect else ()
    timeout = 2.0 if p.error == "timeout" else RUN_TIMEOUT_S
    return (RunRequest(code=p.source, filename=p.name, expressions=exprs, timeout_s=timeout),
            RunRequest(code=apply_fixes(p.source, p.fixes), filename=p.name, expressions=exprs,
                       timeout_s=RUN_TIMEOUT_S))


def _truth(res: Any, expr: str) -> bool | str:
    v = res.values.get(expr)
    if not isinstance(v, dict):
        return "not evaluated"
    if v.get("kind") == "bool":
        return bool(v["value"])
    if v.get("kind") == "error":
        return f"{v.get('type')}: {v.get('message')}"
    return f"not a bool ({v.get('kind')})"


def _shows_problem(p: Program, res: Any) -> str | None:
    """None when the original run shows the recorded problem, else what it showed instead."""
    if p.error == "timeout":
        return None if res.status == "timeout" else f"expected a timeout, got {res.status}"
    if p.error == "none":
        if res.status != "ok":
            return f"expected a silent run, got {res.status}: {res.reason or res.exception}"
        if p.expect:
            t = _truth(res, p.expect)
            return None if t is False else f"`{p.expect}` should be False in the original: {t}"
        return None
    exc = res.exception or {}
    typ, _, words = p.error.partition(":")
    got = f"{exc.get('type')}: {exc.get('message')}"
    if res.status != "exception" or exc.get("type") != typ.strip() \
            or words.strip().lower() not in str(exc.get("message", "")).lower():
        return f"expected {p.error}, got {res.status} {got if exc else res.reason}"
    return None


def _fixed_ok(p: Program, res: Any) -> str | None:
    if res.status != "ok":
        exc = res.exception or {}
        return (f"the fixed program did not run clean: {res.status} "
                f"{exc.get('type', '')} {exc.get('message', res.reason)} (line {exc.get('line')})")
    if p.expect:
        t = _truth(res, p.expect)
        if t is not True:
            return f"after the fix `{p.expect}` is {t}, not True"
    return None


def check_all(programs: Sequence[Program], sandbox: Any) -> list[Check]:
    """Run every original and fixed program in one run_many."""
    reqs = [r for p in programs for r in _requests(p)]
    results = sandbox.run_many(reqs)
    checks = []
    for i, p in enumerate(programs):
        c = Check(p)
        for problem in (_shows_problem(p, results[2 * i]), _fixed_ok(p, results[2 * i + 1])):
            if problem:
                c.problems.append(problem)
        checks.append(c)
    return checks


# ── scoring what `gradtutor explain` prints ────────────────────────────────────────────────

PROBLEMS_HEADING = "── Warnings and errors, explained"
NOTHING = ("No autograd warning or error",)
UNEXPLAINED = "has no explanation for this message"
_QUOTE = re.compile(r"^\s*\d+\s*│")
_TORCH = re.compile(r"^\s*(torch said|message):")


@dataclass
class Score:
    program: Program
    output: str
    first_line: str
    fires: bool
    cause: bool
    names: bool
    fix: bool

    @property
    def points(self) -> int:
        return sum((self.fires, self.cause, self.names, self.fix))


def problems_section(output: str) -> list[str]:
    lines = output.splitlines()
    start = next((i for i, t in enumerate(lines) if t.startswith(PROBLEMS_HEADING)), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("── ")),
               len(lines))
    return lines[start + 1:end]


def _has(text: str, groups: Iterable[tuple[str, ...]]) -> bool:
    low = " ".join(text.lower().split())
    return all(any(alt in low for alt in g) for g in groups)


def _names(prose: str, variable: str, line: int) -> bool:
    var = re.compile(r"(?<![\w.])" + re.escape(variable) + r"(?![\w])")
    at = re.compile(r"\blines?\s+(?:\d+\s*(?:–|-|,|and|or)\s*)*" + str(line) + r"\b"
                    r"|第\s*" + str(line) + r"\s*行")
    return bool(var.search(prose) and at.search(prose))


def score(p: Program, output: str) -> Score:
    section = problems_section(output)
    body = [t for t in section if t.strip()]
    first = body[0].strip() if body else ""
    text = "\n".join(body)
    fires = bool(body) and not any(n in text for n in NOTHING) and \
        not all(UNEXPLAINED in t or _TORCH.match(t) or _QUOTE.match(t) or i == 0
                for i, t in enumerate(body))
    prose = "\n".join(t for t in body if not _QUOTE.match(t) and not _TORCH.match(t))
    at = prose.find("Fix:")
    fix_text = prose[at:] if at >= 0 else prose
    return Score(p, output, first, fires,
                 cause=fires and _has(first, p.cause_words),
                 names=fires and _names(prose, p.variable, p.mistake_line),
                 fix=fires and _has(fix_text, p.fix_words))


@contextlib.contextmanager
def _shared(sandbox: Any) -> Iterator[None]:
    """Let `gradtutor explain` use the warm sandbox instead of starting its own."""
    from gradtutor.cli import cmd_explain

    old = getattr(cmd_explain, "open_sandbox", None)
    cmd_explain.open_sandbox = lambda: contextlib.nullcontext(sandbox)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if old is not None:
            cmd_explain.open_sandbox = old  # type: ignore[attr-defined]


def explain_output(path: Path) -> str:
    """What `gradtutor explain FILE` prints, from the cli's own `main`, in-process."""
    from gradtutor.cli import main
    from gradtutor.env import Environment

    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err, stdout_isatty=False,
                      stdin_isatty=False, colors=False, lang="en", data_dir=WILD / ".no-data",
                      course_dir=None)
    main(["explain", str(path)], env)
    return out.getvalue() + err.getvalue()


def score_all(programs: Sequence[Program], sandbox: Any, workers: int = 2) -> list[Score]:
    with _shared(sandbox), ThreadPoolExecutor(workers) as pool:
        outputs = list(pool.map(lambda p: explain_output(p.path), programs))
    return [score(p, o) for p, o in zip(programs, outputs, strict=True)]


# ── reporting ──────────────────────────────────────────────────────────────────────────────

CRITERIA = ("fires", "cause", "names", "fix")


def totals(scores: Sequence[Score]) -> dict[str, int]:
    return {c: sum(getattr(s, c) for s in scores) for c in CRITERIA}


def _mark(ok: bool) -> str:
    return "✔" if ok else "·"


def table(scores: Sequence[Score]) -> str:
    n = len(scores)
    rows = ["| program | class | fires | cause in 1st line | variable + line | fix |",
            "|---|---|---|---|---|---|"]
    for s in scores:
        rows.append(f"| `{s.program.name}` | {s.program.klass} | {_mark(s.fires)} | "
                    f"{_mark(s.cause)} | {_mark(s.names)} | {_mark(s.fix)} |")
    t = totals(scores)
    rows.append(f"| **total ({n})** | | **{t['fires']}** | **{t['cause']}** | "
                f"**{t['names']}** | **{t['fix']}** |")
    rows += ["", "| class | programs | fires | cause | variable + line | fix |",
             "|---|---|---|---|---|---|"]
    for k, label in CLASSES.items():
        sub = [s for s in scores if s.program.klass == k]
        if sub:
            tk = totals(sub)
            rows.append(f"| {k}. {label} | {len(sub)} | {tk['fires']} | {tk['cause']} | "
                        f"{tk['names']} | {tk['fix']} |")
    rows.append("")
    rows.append("Totals: " + ", ".join(f"{c} {t[c]}/{n} ({100 * t[c] / n:.0f} %)"
                                       for c in CRITERIA))
    return "\n".join(rows)


BEGIN = "<!-- wild-corpus:begin (generated by tests/explain/wild/harness.py --doc) -->"
END = "<!-- wild-corpus:end -->"


def write_doc(scores: Sequence[Score], doc: Path = DOC) -> None:
    """Replace the generated block of the "Real programs" section with this run's figures."""
    text = doc.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{doc}: no generated block ({BEGIN!r} ... {END!r}); add the section")
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (f"{BEGIN}\nMeasured {stamp}, one run, torch "
             f"{_torch_version()}, {len(scores)} programs.\n\n{table(scores)}\n{END}")
    head, rest = text.split(BEGIN, 1)
    doc.write_text(head + block + rest.split(END, 1)[1], encoding="utf-8")


def _torch_version() -> str:
    try:
        import torch
    except ImportError:  # the parent needs no torch; the sandbox imports it
        return "(see the sandbox)"
    return str(torch.__version__)


def main(argv: Sequence[str] | None = None) -> int:
    from gradtutor.sandbox import Sandbox

    args = list(sys.argv[1:] if argv is None else argv)
    programs = corpus()
    with Sandbox(workers=2) as sb:
        bad = [c for c in check_all(programs, sb) if c.problems]
        for c in bad:
            print(f"INTEGRITY {c.program.name}: " + "; ".join(c.problems))
        scores = score_all(programs, sb)
    if "-v" in args:
        for s in scores:
            print(f"\n===== {s.program.name} (class {s.program.klass})\n" +
                  "\n".join(problems_section(s.output)))
    print(table(scores))
    if "--doc" in args:
        write_doc(scores)
        print(f"wrote {DOC.relative_to(REPO)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
