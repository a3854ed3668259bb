"""The shell itself: a prompt_toolkit session on a terminal, a plain line loop otherwise.

    shell = Shell(env, course, store, workspace)          # real terminal
    shell = Shell(env, ..., input=pipe, output=DummyOutput(), sandbox=sb)   # tests
    shell.run()

Output goes to `env.stdout` as ANSI (or plain) text between prompts. Output from background
threads (watch) is queued and printed above the running prompt with `run_in_terminal`, or
before the next prompt, whichever comes first, so none is lost or garbled.
"""

from __future__ import annotations

import contextlib
import os
import queue
import termios
import threading
from collections.abc import Iterator

from prompt_toolkit import PromptSession
from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from gradtutor.course.model import Course
from gradtutor.env import Environment
from gradtutor.progress import ProgressStore
from gradtutor.sandbox import Sandbox
from gradtutor.shell import commands, keys
from gradtutor.shell.background import SandboxHolder
from gradtutor.shell.completer import ShellCompleter
from gradtutor.shell.lexer import InputLexer, python_lexer
from gradtutor.shell.style import color_depth, make_style
from gradtutor.shell.toolbar import toolbar
from gradtutor.shell.tutor import Tutor
from gradtutor.text import render
from gradtutor.views.style import style
from gradtutor.workspace import Workspace

HISTORY_FILE = "history"
YES = {"y", "yes", "是", "好", "确定"}


class _Writer:
    """Writes whole lines to a stream from any thread."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.lock = threading.Lock()

    def write(self, text: str) -> None:
        with self.lock:
            self.env.stdout.write(text + "\n")
            self.env.stdout.flush()


class PlainUI:
    """Piped input: no prompt, no toolbar, no editor; one command or answer per line."""

    interactive = False

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.writer = _Writer(env)

    def show(self, text: str) -> None:
        self.writer.write(text)

    def confirm(self, question: str) -> bool:
        line = self.env.stdin.readline()
        self.writer.write(question.rstrip() + " " + line.strip())
        return line.strip().lower() in YES

    def edit_inline(self, text: str, filename: str) -> str | None:
        return None

    def refresh(self) -> None:
        pass

    def busy(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()


class PromptUI:
    interactive = True

    def __init__(self, env: Environment, session: PromptSession[str],
                 editor: PromptSession[str], confirmer: PromptSession[str]) -> None:
        self.env = env
        self.session = session
        self.editor = editor
        self.confirmer = confirmer
        self.writer = _Writer(env)
        self._main = threading.get_ident()
        self._pending: queue.SimpleQueue[str] = queue.SimpleQueue()
        self.editor_title = ""

    def show(self, text: str) -> None:
        if threading.get_ident() == self._main:
            self.drain()
            self.writer.write(text)
            return
        self._pending.put(text)
        app = self.session.app
        if app.is_running and app.context is not None:
            # RuntimeError: the prompt just ended; the main loop drains before the next one.
            with contextlib.suppress(RuntimeError, AttributeError):
                app.loop.call_soon_threadsafe(  # type: ignore[union-attr]
                    lambda: run_in_terminal(self.drain), context=app.context.copy())

    def drain(self) -> None:
        while True:
            try:
                text = self._pending.get_nowait()
            except queue.Empty:
                return
            self.writer.write(text)

    def confirm(self, question: str) -> bool:
        try:
            return self.confirmer.prompt(question).strip().lower() in YES
        except (KeyboardInterrupt, EOFError):
            return False

    def edit_inline(self, text: str, filename: str) -> str | None:
        self.show(self.editor_title_for(filename))
        try:
            return self.editor.prompt(f"{1:>3} ", default=text)
        except (KeyboardInterrupt, EOFError):
            return None

    def editor_title_for(self, filename: str) -> str:
        return style(self.env, render("editor_title", self.env.lang, file=filename,
                                 submit=keys.EDITOR_SUBMIT), "bold")

    def refresh(self) -> None:
        app = self.session.app
        if app.is_running:
            app.invalidate()

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """No echo while a run goes on: what the learner types ahead still reaches the next
        prompt (the terminal keeps it), but does not litter the output meanwhile."""
        fd = _tty_fd(self.session.input)
        if fd is None:
            yield
            return
        try:
            saved = termios.tcgetattr(fd)
            quiet = list(saved)
            quiet[3] &= ~termios.ECHO
            termios.tcsetattr(fd, termios.TCSANOW, quiet)
        except termios.error:
            yield
            return
        try:
            yield
        finally:
            with contextlib.suppress(termios.error):
                termios.tcsetattr(fd, termios.TCSANOW, saved)


def _tty_fd(inp: Input) -> int | None:
    try:
        fd = inp.fileno()
    except (NotImplementedError, AttributeError, OSError, ValueError):
        return None
    return fd if os.isatty(fd) else None


class Shell:
    def __init__(self, env: Environment, course: Course, store: ProgressStore,
                 workspace: Workspace, *, input: Input | None = None,
                 output: Output | None = None, sandbox: Sandbox | None = None,
                 interactive: bool | None = None) -> None:
        self.env = env
        if interactive is None:
            interactive = input is not None or (env.stdin_isatty and env.stdout_isatty)
        self.interactive = interactive
        self.holder = SandboxHolder(sandbox=sandbox)
        self.ui: PromptUI | PlainUI
        if interactive:
            self.ui = self._prompt_ui(course, input, output)
        else:
            self.ui = PlainUI(env)
        self.tutor = Tutor(env, course, store, workspace, self.holder, self.ui)
        self.holder.on_ready = self.ui.refresh

    def _prompt_ui(self, course: Course, input: Input | None,
                   output: Output | None) -> PromptUI:
        env = self.env
        style, depth = make_style(env.colors), color_depth(env.colors)
        tutor = lambda: self.tutor  # noqa: E731  (the tutor is made after the sessions)

        def applicable() -> list[tuple[str, str]]:
            kind = tutor().exercise.kind
            return [(c.name, render(c.help_key, env.lang)) for c in commands.COMMANDS
                    if kind in c.kinds]

        answering = Condition(lambda: tutor().current_question() is not None)
        session: PromptSession[str] = PromptSession(
            history=self._history(), lexer=InputLexer(lambda w: w in commands.BY_NAME),
            completer=ShellCompleter(course, applicable, lambda: env.lang),
            complete_while_typing=~answering, bottom_toolbar=lambda: toolbar(tutor()),
            style=style, color_depth=depth, key_bindings=keys.main_bindings(),
            input=input, output=output, enable_suspend=True)
        editor: PromptSession[str] = PromptSession(
            multiline=True, lexer=python_lexer(), history=InMemoryHistory(),
            key_bindings=keys.editor_bindings(), style=style, color_depth=depth,
            prompt_continuation=lambda width, n, wrap: ("" if wrap else f"{n + 1:>3} "),
            bottom_toolbar=lambda: [("class:bottom-toolbar.key", " " + render(
                "editor_footer", env.lang, submit=keys.EDITOR_SUBMIT))],
            input=input, output=output)
        confirmer: PromptSession[str] = PromptSession(
            history=InMemoryHistory(), style=style, color_depth=depth, input=input,
            output=output)
        return PromptUI(env, session, editor, confirmer)

    def _history(self) -> History:
        path = self.env.data_dir / HISTORY_FILE
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(exist_ok=True)
            return FileHistory(str(path))
        except OSError:
            return InMemoryHistory()  # read-only data dir: the shell still works

    def _prompt(self) -> StyleAndTextTuples:
        tutor = self.tutor
        q = tutor.current_question()
        parts: StyleAndTextTuples = [("class:prompt", tutor.exercise.id)]
        if q is not None:
            parts.append(("class:prompt.question", f" Q{q + 1}"))
        parts.append(("class:prompt", "> "))
        return parts

    def handle(self, line: str) -> None:
        """One line of input; whatever goes wrong, the shell goes on."""
        try:
            commands.dispatch(self.tutor, line)
        except KeyboardInterrupt:
            self.tutor.say("cancelled", "dim")
        except Exception as exc:
            self.tutor.report(exc)

    def run(self, notice: str | None = None) -> int:
        tutor = self.tutor
        try:
            if notice:
                tutor.say("store_notice", "yellow", notice=notice)
            if not self.interactive:
                tutor.say("plain_mode", "dim")
            try:
                tutor.start()
            except Exception as exc:
                tutor.report(exc)
            if isinstance(self.ui, PromptUI):
                # Start torch once the first prompt is on screen, not before: on a small
                # machine its start competes with drawing the first screen.
                app = self.ui.session.app
                app.after_render += lambda _app: self.holder.start()
                self._prompt_loop(self.ui)
            else:
                self.holder.start()
                self._line_loop()
        finally:
            tutor.close()
            self.holder.close()
        return 0

    def _prompt_loop(self, ui: PromptUI) -> None:
        while not self.tutor.done:
            ui.drain()
            try:
                line = ui.session.prompt(self._prompt)
            except KeyboardInterrupt:
                continue  # Ctrl-C clears the line being typed
            except EOFError:
                self.tutor.quit()
                break
            self.handle(line)
        ui.drain()

    def _line_loop(self) -> None:
        while not self.tutor.done:
            try:
                line = self.env.stdin.readline()
            except KeyboardInterrupt:
                break
            if not line:
                self.tutor.quit()
                break
            # Echo with the prompt, so that the output reads as a transcript.
            prompt = "".join(text for _style, text, *_ in self._prompt())
            self.ui.show(prompt + line.rstrip("\n"))
            self.handle(line)

