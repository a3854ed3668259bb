"""Key bindings. Main prompt: function keys that type a command for you (F1 help, F2 hint,
F4 edit, F5 check). Inline editor: Ctrl-S or Esc Enter saves and checks, Tab indents."""

from __future__ import annotations

from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

EDITOR_SUBMIT = "Ctrl-S / Esc Enter"


def _runner(command: str):  # type: ignore[no-untyped-def]
    def handler(event: KeyPressEvent) -> None:
        buffer = event.app.current_buffer
        buffer.text = command
        buffer.validate_and_handle()

    return handler


def main_bindings() -> KeyBindings:
    kb = KeyBindings()
    for key, command in (("f1", "help"), ("f2", "hint"), ("f4", "edit"), ("f5", "check")):
        kb.add(key)(_runner(command))
    return kb


def editor_bindings() -> KeyBindings:
    kb = KeyBindings()

    @kb.add("c-s")
    @kb.add("escape", "enter")
    def _submit(event: KeyPressEvent) -> None:
        event.app.current_buffer.validate_and_handle()

    @kb.add("tab")
    def _indent(event: KeyPressEvent) -> None:
        event.app.current_buffer.insert_text("    ")

    return kb
