"""`watch`: call back whenever a file is saved.

watchfiles (the Rust `notify` crate: inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW
on Windows) watches the file's folder, because editors save by writing a temporary file and
renaming it over the original. Where the system gives no notifications, or when asked
(GRADTUTOR_WATCH_POLL), watchfiles polls every POLL_S seconds; the shell says which is in use.

`Watch` is the tutor's side: what `watch` and `unwatch` do.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from watchfiles import Change, watch

from gradtutor.course.model import Exercise
from gradtutor.text import render

if TYPE_CHECKING:
    from gradtutor.shell.context import ShellContext

POLL_S = 0.5
SETTLE_S = 0.15  # editors write a file in several steps; check once they are done
STOP_CHECK_MS = 200  # how often the watcher looks at the stop flag while nothing changes


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class FileWatcher(threading.Thread):
    """Calls `on_save()` (in this thread) after each save of `path`, until `stop()`.

    `mechanism` is "notifications" or "polling"."""

    def __init__(self, path: Path, on_save: Callable[[], None], *,
                 force_polling: bool = False) -> None:
        super().__init__(name=f"gradtutor-watch-{path.name}", daemon=True)
        self.path = path
        self.on_save = on_save
        self._stop_event = threading.Event()
        self.mechanism = "polling" if force_polling else "notifications"
        self._last = _signature(path)

    def stop(self) -> None:
        self._stop_event.set()

    @property
    def stopped(self) -> bool:
        return self._stop_event.is_set()

    def _ours(self, _change: Change, name: str) -> bool:
        return Path(name).name == self.path.name

    def _changes(self, polling: bool) -> None:
        for _batch in watch(self.path.parent, watch_filter=self._ours, stop_event=self._stop_event,
                            debounce=int(SETTLE_S * 4000), step=int(SETTLE_S * 1000),
                            rust_timeout=STOP_CHECK_MS, yield_on_timeout=False,
                            raise_interrupt=False, force_polling=polling,
                            poll_delay_ms=int(POLL_S * 1000), recursive=False):
            sig = _signature(self.path)
            if sig is None or sig == self._last or self._stop_event.is_set():
                continue  # deleted, or touched without a change
            self._last = sig
            self.on_save()

    def run(self) -> None:
        try:
            self._changes(self.mechanism == "polling")
        except OSError:
            if self._stop_event.is_set():
                return
            # No notifications here after all (e.g. the inotify watch limit is reached).
            self.mechanism = "polling"
            self._changes(True)


class Watch:
    """`watch` for the tutor: one file watched at a time; every save re-checks it, a pass
    stops it. `check(ex)` grades (True on a pass); `report(exc)` logs what went wrong."""

    def __init__(self, ctx: ShellContext, check: Callable[[Exercise], bool],
                 report: Callable[[BaseException], None]) -> None:
        self.ctx = ctx
        self.check = check
        self.report = report
        self.watcher: FileWatcher | None = None

    def toggle(self) -> None:
        ctx = self.ctx
        if self.watcher is not None:
            self.stop(quiet=False)
            return
        ex = ctx.learner.exercise
        path = ctx.workspace.ensure(ex)
        if not ctx.ui.interactive:
            ctx.say("needs_terminal", command="watch", path=str(path))
            return

        def on_save() -> None:
            try:
                ctx.say("watch_changed", "dim", file=path.name)
                if self.check(ex):
                    self.stop(quiet=True)
                    ctx.say("watch_solved", "dim")
            except Exception as exc:
                self.report(exc)

        self.watcher = FileWatcher(path, on_save, force_polling=ctx.env.watch_poll)
        how = (render("watch_inotify", ctx.lang) if self.watcher.mechanism == "notifications"
               else render("watch_polling", ctx.lang, interval=POLL_S))
        self.watcher.start()
        ctx.say("watching", "bold", file=str(path), how=how)
        ctx.ui.refresh()

    def stop(self, quiet: bool) -> None:
        watcher, self.watcher = self.watcher, None
        if watcher is None:
            return
        watcher.stop()
        if not quiet:
            self.ctx.say("watch_stopped", "dim", file=watcher.path.name)
        self.ctx.ui.refresh()
