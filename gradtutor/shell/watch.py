"""`watch`: call back whenever a file is saved.

Linux inotify (through ctypes, no dependency) watches the file's folder, because editors save
by writing a temporary file and renaming it over the original. Where inotify is missing, a
stat() poll every POLL_S seconds does the job; the shell says which one is in use.
`Watch` is the tutor's side: what `watch` and `unwatch` do.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import struct
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from gradtutor.course.model import Exercise
from gradtutor.text import render

if TYPE_CHECKING:
    from gradtutor.shell.context import ShellContext

POLL_S = 0.5
SETTLE_S = 0.15  # editors write a file in several steps; check once they are done

_IN_CLOSE_WRITE, _IN_MOVED_TO, _IN_CREATE = 0x8, 0x80, 0x100
_IN_NONBLOCK, _IN_CLOEXEC = 0o4000, 0o2000000
_EVENT = struct.Struct("iIII")


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class _Inotify:
    def __init__(self, folder: Path) -> None:
        name = ctypes.util.find_library("c")
        libc = ctypes.CDLL(name or "libc.so.6", use_errno=True)
        fd = libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        mask = _IN_CLOSE_WRITE | _IN_MOVED_TO | _IN_CREATE
        if libc.inotify_add_watch(fd, os.fsencode(folder), mask) < 0:
            os.close(fd)
            raise OSError(ctypes.get_errno(), "inotify_add_watch failed")
        self.fd = fd

    def names(self, timeout: float) -> list[str]:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return []
        try:
            data = os.read(self.fd, 64 * 1024)
        except BlockingIOError:
            return []
        names, offset = [], 0
        while offset + _EVENT.size <= len(data):
            _wd, _mask, _cookie, length = _EVENT.unpack_from(data, offset)
            raw = data[offset + _EVENT.size: offset + _EVENT.size + length]
            names.append(os.fsdecode(raw.rstrip(b"\0")))
            offset += _EVENT.size + length
        return names

    def close(self) -> None:
        os.close(self.fd)


class FileWatcher(threading.Thread):
    """Calls `on_save()` (in this thread) after each save of `path`, until `stop()`."""

    def __init__(self, path: Path, on_save: Callable[[], None], *,
                 force_polling: bool = False) -> None:
        super().__init__(name=f"gradtutor-watch-{path.name}", daemon=True)
        self.path = path
        self.on_save = on_save
        self._stop_event = threading.Event()
        self._inotify: _Inotify | None = None
        if not force_polling:
            try:
                self._inotify = _Inotify(path.parent)
            except (OSError, AttributeError):
                self._inotify = None  # not Linux, or no inotify: poll instead
        self.mechanism = "inotify" if self._inotify else "polling"
        self._last = _signature(path)

    def stop(self) -> None:
        self._stop_event.set()

    @property
    def stopped(self) -> bool:
        return self._stop_event.is_set()

    def run(self) -> None:
        try:
            while not self._stop_event.is_set():
                if self._inotify:
                    if self.path.name not in self._inotify.names(POLL_S):
                        continue
                    self._stop_event.wait(SETTLE_S)
                else:
                    self._stop_event.wait(POLL_S)
                sig = _signature(self.path)
                if sig is None or sig == self._last or self._stop_event.is_set():
                    continue
                self._last = sig
                self.on_save()
        finally:
            if self._inotify:
                self._inotify.close()


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
        how = (render("watch_inotify", ctx.lang) if self.watcher.mechanism == "inotify"
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
