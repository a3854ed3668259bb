"""The learner's working files for code and fix exercises: one `<id>.py` per exercise.

They live outside the repository (default `<data dir>/workspace`, or `--workspace DIR`) and
start as the starter code. Writes are atomic (temp file + rename) so a killed shell never
leaves a half-written program; `reset` keeps the previous version as `<id>.py.bak`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gradtutor.course.model import Exercise


class WorkspaceError(Exception):
    """The workspace folder or a file in it cannot be used; the message names the path."""


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, exercise: Exercise) -> Path:
        return self.root / f"{exercise.id}.py"

    def ensure(self, exercise: Exercise) -> Path:
        """The exercise's file, created from the starter code the first time."""
        path = self.path_for(exercise)
        if not path.exists():
            self.write(exercise, exercise.starter or "")
        return path

    def read(self, exercise: Exercise) -> str:
        path = self.ensure(exercise)
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise WorkspaceError(f"{path} is not UTF-8 text; save it as UTF-8") from None
        except OSError as exc:
            raise WorkspaceError(f"cannot read {path}: {exc.strerror or exc}") from None

    def write(self, exercise: Exercise, text: str) -> Path:
        path = self.path_for(exercise)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{exercise.id}.", suffix=".tmp", dir=self.root)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(text)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise WorkspaceError(f"cannot write {path}: {exc.strerror or exc}") from None
        return path

    def is_starter(self, exercise: Exercise) -> bool:
        path = self.path_for(exercise)
        return not path.exists() or self.read(exercise) == (exercise.starter or "")

    def mtime(self, exercise: Exercise) -> float | None:
        try:
            return self.path_for(exercise).stat().st_mtime_ns / 1e9
        except OSError:
            return None

    def reset(self, exercise: Exercise) -> Path | None:
        """Back to the starter code; returns the backup of the previous version, if any."""
        path = self.path_for(exercise)
        backup = None
        if path.exists() and not self.is_starter(exercise):
            backup = path.with_name(path.name + ".bak")
            try:
                os.replace(path, backup)
            except OSError as exc:
                raise WorkspaceError(f"cannot back up {path}: {exc.strerror or exc}") from None
        self.write(exercise, exercise.starter or "")
        return backup
