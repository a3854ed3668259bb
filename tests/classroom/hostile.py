"""A hostile roster, written as an attacker would: at least one attack per class of issue 12,
next to an honest learner who must still get full marks.

Used by tests/classroom/test_hostile_grade.py (through `gradtutor grade` and through
`pytest --gradtutor=...`). Every planted program that would run in the grader writes
PWNED_MARKER; its existence means an attack got through.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "fixtures"
MINI = FIXTURES / "mini"
HONEST = FIXTURES / "roster" / "alice"  # full marks on the mini course

# Learner text that would act on a terminal, a CI log or a Markdown page if left raw.
CORPUS = [
    "\r::error file=x.py,line=1::forged annotation",
    "ok\n::add-mask::secret\n##[group]folded",
    "\x1b]0;owned title\x07\x1b[2J\x1b[H\x1b[31mred",
    "bell\x07 nul\x00 del\x7f nel\x85 csi\x9b31m",
    "\u202eevil\u202c \u2066iso\u2069 zero\u200bwidth line\u2028sep",
    "see www.evil.example and https://evil.example/x?a=1 and a@evil.example",
    "[click](https://evil.example) ![img](https://evil.example/p.png) <img src=x onerror=y>",
    "| pipe | </details> <script>alert(1)</script> `tick` *em* _u_",
]
# The raw forms that must never reach any output (their inert forms may).
FORBIDDEN = ["\x1b", "\x07", "\x00", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\u200b",
             "\u2028", "\r"]
PWNED_MARKER = "pwned.txt"
UNKNOWN_KEYS = 150_000
HOSTILE_ID = "\x1b]0;t\x07\u202e::www.evil.example"  # a learner folder name


def _evil_module(marker: Path) -> str:
    return f"from pathlib import Path\nPath({str(marker)!r}).write_text('imported')\n"


def plant_pytest_config(folder: Path, marker: Path) -> None:
    """Every file pytest reads configuration from, each loading the learner's module into the
    grading process, disabling gradtutor or deselecting checks; and a conftest.py."""
    (folder / "evilmod.py").write_text(_evil_module(marker))
    (folder / "conftest.py").write_text(_evil_module(marker))
    (folder / "pytest.ini").write_text(
        "[pytest]\npythonpath = .\naddopts = -p evilmod -k nothing\n")
    (folder / "tox.ini").write_text(
        "[pytest]\naddopts = -p no:gradtutor.pytest_plugin\n")
    (folder / "setup.cfg").write_text("[tool:pytest]\naddopts = -p evilmod\n")
    (folder / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\npythonpath = ["."]\naddopts = ["-p", "evilmod"]\n')


def build(root: Path) -> tuple[Path, Path]:
    """(roster, marker): a roster under `root`, and the file any escaped code writes."""
    roster = root / "roster"
    roster.mkdir()
    marker = root / PWNED_MARKER
    shutil.copytree(HONEST, roster / "alice")

    # 1. pytest configuration and a conftest.py, in a learner folder and in the roster.
    cfg = roster / "mallory-config"
    shutil.copytree(HONEST, cfg)
    plant_pytest_config(cfg, marker)

    # 2. Names that are not UTF-8, numbers past Python's int-string limit, a huge complex,
    #    a 4000-digit int observation, a .git file pointing elsewhere, a symlinked folder.
    bad = os.fsencode(roster) + b"/bad-\xff\xfe-name"
    os.mkdir(bad)
    with open(bad + b"/answers.yaml", "w", encoding="utf-8") as f:
        f.write("mini-predict: [None, 'True', RuntimeError]\n")
    with open(bad + b"/\xff\xfe.py", "w", encoding="utf-8") as f:
        f.write("x = 1\n")
    os.mkdir(bad + b"/sub-\xff")
    big = roster / "mallory-numbers"
    big.mkdir()
    (big / "answers.yaml").write_text(
        "mini-predict:\n"
        f"  - '{'9' * 5000}'\n"
        f"  - '{'1' * 400}e999999+{'2' * 5000}j'\n"
        f"  - '({'7' * 4400})'\n")
    (big / "mini-code.py").write_text(
        "class W:\n    grad = 10 ** 3999\n    is_leaf = True\nw = W()\n")
    (big / "mini-fix.py").write_text(f"x = {'1' * 4000}\n")
    (big / ".git").write_text("gitdir: /\n")
    (roster / "zz-symlinked").symlink_to(roster / "alice", target_is_directory=True)

    # 3. Learner text in ids, file names, answers, values and exception messages.
    text = roster / HOSTILE_ID
    text.mkdir()
    (text / "answers.yaml").write_text(
        "mini-predict:\n" + "".join(f"  - {_yaml_quote(s)}\n" for s in CORPUS[:3]))
    (text / "mini-code.py").write_text(f"raise RuntimeError({'|'.join(CORPUS)!r})\n")
    (text / "mini-fix.py").write_text(
        f"import torch\nw = torch.randn(2, requires_grad=True)\narr = {CORPUS!r}\n")
    (text / "\r::warning::www.evil.example.py").write_text("x = 1\n")

    # 4. Notes without end: unknown keys by the hundred thousand in under 1 MiB, and a big
    #    value bound to every checked name.
    notes = roster / "mallory-notes"
    notes.mkdir()
    (notes / "answers.yaml").write_text("{" + ",".join(f"{i:x}" for i in range(UNKNOWN_KEYS))
                                        + "}\n")
    (notes / "mini-code.py").write_text(
        "class W:\n    grad = 'x' * (2 << 20)\n    is_leaf = [1.5] * (1 << 18)\nw = W()\n")

    # 5. Time: a program that sleeps to just under its time limit in every exercise.
    slow = roster / "mallory-slow"
    slow.mkdir()
    for name in ("mini-code.py", "mini-fix.py"):
        (slow / name).write_text("import time\ntime.sleep(4.5)\n")
    return roster, marker


def _yaml_quote(text: str) -> str:
    # JSON's escaped string is a YAML double-quoted scalar: any character, as an escape.
    return json.dumps(text)
