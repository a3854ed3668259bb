"""Helpers to drive the shell in-process: prompt_toolkit pipe input, DummyOutput, printed text
captured. The fixtures are in conftest.py."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from gradtutor.course.model import Course
from gradtutor.env import Environment
from gradtutor.progress import open_store
from gradtutor.sandbox import Sandbox
from gradtutor.shell.app import Shell
from gradtutor.workspace import Workspace

MINI = Path(__file__).parents[1] / "fixtures" / "mini"
ENTER = "\r"


@dataclass
class Session:
    """One run of the shell over scripted keys; `text` is everything it printed."""

    text: str
    shell: Shell

    @property
    def flat(self) -> str:
        """The text with line breaks made spaces: messages wrap at whitespace, e.g. before a
        long path."""
        return " ".join(self.text.split())


@dataclass
class Driver:
    home: Path
    course: Course
    sandbox: Sandbox
    lang: str = "en"

    def env(self) -> Environment:
        return Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                           stdout_isatty=False, stdin_isatty=False, colors=False,
                           lang=self.lang, data_dir=self.home, course_dir=None)

    def run(self, *lines: str, keys: str = "", timeout: float = 60,
            feeder: Callable[[PipeInput], None] | None = None) -> Session:
        """Type `lines` (each ended by Enter), then `keys` raw; the shell must end by itself.
        `feeder(pipe)` runs in a thread meanwhile, to type later (e.g. after a file is saved)."""
        env = self.env()
        store = open_store(self.home)
        with create_pipe_input() as pipe:
            shell = Shell(env, self.course, store, Workspace(self.home / "ws"), input=pipe,
                          output=DummyOutput(), sandbox=self.sandbox)
            # A guard: if the script does not end the shell, EOF does (and the test fails).
            guard = threading.Timer(timeout, pipe.close)
            guard.start()
            try:
                pipe.send_text("".join(line + ENTER for line in lines) + keys)
                if feeder:
                    threading.Thread(target=feeder, args=(pipe,), daemon=True).start()
                shell.run(notice=store.notice)
            finally:
                guard.cancel()
                store.close()
        return Session(env.stdout.getvalue(), shell)  # type: ignore[attr-defined]
