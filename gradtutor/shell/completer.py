"""Tab completion: command names first, then the argument (exercise ids for goto, ...)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from gradtutor.course.model import Course


class ShellCompleter(Completer):
    def __init__(self, course: Course, commands: Callable[[], list[tuple[str, str]]],
                 lang: Callable[[], str]) -> None:
        self.course = course
        self.commands = commands  # (name, help) pairs that apply now
        self.lang = lang

    def get_completions(self, document: Document,
                        complete_event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor.lstrip()
        if " " not in text:
            for name, help_text in self.commands():
                if name.startswith(text):
                    yield Completion(name, -len(text), display_meta=help_text)
            return
        command, _, arg = text.partition(" ")
        arg = arg.lstrip()
        if command == "goto":
            for ex in self.course:
                if ex.id.startswith(arg):
                    yield Completion(ex.id, -len(arg), display_meta=ex.title.get(self.lang()))
        elif command == "lang":
            for code in ("en", "zh"):
                if code.startswith(arg):
                    yield Completion(code, -len(arg))
        elif command == "edit" and "inline".startswith(arg):
            yield Completion("inline", -len(arg))
