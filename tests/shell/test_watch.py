"""The file watcher behind the shell's `watch`: native notifications and polling."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from gradtutor.shell.watch import FileWatcher


def _wait(event: threading.Event, seconds: float = 10.0) -> bool:
    return event.wait(seconds)


@pytest.mark.parametrize("polling", [False, True])
def test_a_save_calls_back_once_and_other_files_do_not(tmp_path: Path, polling: bool) -> None:
    target = tmp_path / "mine.py"
    target.write_text("x = 1\n")
    calls: list[float] = []
    saved = threading.Event()

    def on_save() -> None:
        calls.append(time.monotonic())
        saved.set()

    watcher = FileWatcher(target, on_save, force_polling=polling)
    assert watcher.mechanism == ("polling" if polling else "notifications")
    watcher.start()
    try:
        time.sleep(0.8)  # the watch is set up in the thread
        (tmp_path / "other.py").write_text("y = 2\n")
        time.sleep(1.5)
        assert calls == []
        # An editor's save: write a temporary file, rename it over the original.
        tmp = tmp_path / ".mine.py.swp~"
        tmp.write_text("x = 2\n")
        os.replace(tmp, target)
        assert _wait(saved), "no callback after a save"
        time.sleep(1.5)
        assert len(calls) == 1
    finally:
        watcher.stop()
        watcher.join(5)
    assert not watcher.is_alive()


def test_stop_ends_the_thread_promptly(tmp_path: Path) -> None:
    target = tmp_path / "mine.py"
    target.write_text("")
    watcher = FileWatcher(target, lambda: None)
    watcher.start()
    time.sleep(0.5)
    start = time.monotonic()
    watcher.stop()
    watcher.join(5)
    assert not watcher.is_alive() and watcher.stopped
    assert time.monotonic() - start < 3
