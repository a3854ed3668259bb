"""The environment a command runs in: streams, terminal flags, language, paths, editor.

Passed explicitly (httpie-style) so that every command can run in-process in tests. The front
ends read environment variables here, when an `Environment` is made, and nowhere else.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import platformdirs

SUPPORTED_LANGS = ("en", "zh")


def _default_data_dir() -> Path:
    override = os.environ.get("GRADTUTOR_HOME")
    if override:
        return Path(override)
    # The platform's place: $XDG_DATA_HOME or ~/.local/share/gradtutor on Linux (as before),
    # ~/Library/Application Support/gradtutor on macOS, %LOCALAPPDATA%\gradtutor on Windows.
    return Path(platformdirs.user_data_dir("gradtutor", appauthor=False))


def _int_env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name) or default)
    except ValueError:
        return default


def normalise_lang(value: str | None) -> str:
    """Map user spellings ('zh_CN', 'zh-Hans', 'EN') to a supported code; unknown -> 'en'."""
    if not value:
        return "en"
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED_LANGS else "en"


@dataclass
class Environment:
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    # GitHub Actions' job summary file ($GITHUB_STEP_SUMMARY), appended to by `grade`.
    step_summary: Path | None = field(
        default_factory=lambda: Path(p) if (p := os.environ.get("GITHUB_STEP_SUMMARY")) else None
    )
    stdout_isatty: bool = field(default_factory=lambda: sys.stdout.isatty())
    stdin_isatty: bool = field(default_factory=lambda: sys.stdin.isatty())
    # NO_COLOR (https://no-color.org) wins over a TTY.
    colors: bool = field(
        default_factory=lambda: sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    lang: str = field(default_factory=lambda: normalise_lang(os.environ.get("GRADTUTOR_LANG")))
    # The learner chose the language for this run (GRADTUTOR_LANG, or --lang: see cli.main);
    # otherwise the shell uses the language chosen with `lang` last time.
    lang_chosen: bool = field(default_factory=lambda: bool(os.environ.get("GRADTUTOR_LANG")))
    data_dir: Path = field(default_factory=_default_data_dir)
    course_dir: Path | None = field(
        default_factory=lambda: Path(p) if (p := os.environ.get("GRADTUTOR_COURSE")) else None
    )
    # The learner's editor ($VISUAL, then $EDITOR); None: the shell's inline editor.
    editor: str | None = field(
        default_factory=lambda: os.environ.get("VISUAL") or os.environ.get("EDITOR") or None
    )
    # GRADTUTOR_WATCH_POLL: `watch` polls instead of using notifications (tests, network folders).
    watch_poll: bool = field(default_factory=lambda: bool(os.environ.get("GRADTUTOR_WATCH_POLL")))
    # pytest's own variables, read by the grading plugin: PYTEST_ADDOPTS (what the grader typed,
    # besides the command line) and, under pytest-xdist, how many workers share the machine.
    pytest_addopts: str = field(default_factory=lambda: os.environ.get("PYTEST_ADDOPTS", ""))
    xdist_workers: int = field(default_factory=lambda: _int_env("PYTEST_XDIST_WORKER_COUNT", 1))
    # Columns prose is wrapped to. None: the terminal's, read each time text is wrapped (so the
    # shell re-wraps after a resize), kept between 40 and 100 by gradtutor.text.wrapping.
    width: int | None = None

    def out(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def err(self, text: str) -> None:
        self.stderr.write(text + "\n")
