"""The learner's progress in one SQLite file.

Every change is one short `BEGIN IMMEDIATE` transaction in WAL mode, so a shell killed at any
moment keeps everything it had acknowledged, and a second shell on the same file waits (up to
`BUSY_TIMEOUT_MS`) instead of failing or corrupting it. Counters are updated in SQL
(`attempts = attempts + 1`), never read-modify-written in Python, so concurrent shells add up.

A file that is not a gradtutor store (corrupt, foreign, or from a newer gradtutor) is moved
aside, never deleted, and a fresh store starts; `ProgressStore.notice` says what happened.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Status = Literal["attempted", "revealed", "solved"]
APP_ID = "gradtutor-progress"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000
FILENAME = "progress.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS exercise (
    id          TEXT PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('attempted', 'revealed', 'solved')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    wrong       INTEGER NOT NULL DEFAULT 0,   -- failed checks (code/fix): unlocks reveal
    hints_used  INTEGER NOT NULL DEFAULT 0,
    first_at    REAL NOT NULL,
    updated_at  REAL NOT NULL,
    solved_at   REAL,
    revealed_at REAL
);
CREATE TABLE IF NOT EXISTS answer (           -- predict: one row per question touched
    exercise_id TEXT NOT NULL,
    question    INTEGER NOT NULL,
    tries       INTEGER NOT NULL DEFAULT 0,   -- wrong answers to this question
    done        TEXT CHECK (done IN ('correct', 'revealed')),
    answer      TEXT,                         -- the accepted answer
    updated_at  REAL NOT NULL,
    PRIMARY KEY (exercise_id, question)
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# Once solved or revealed an exercise keeps that status until `reset`.
_KEEP_FINAL = "CASE WHEN status IN ('solved', 'revealed') THEN status ELSE ? END"


class StoreError(Exception):
    """The store cannot be used at all (e.g. the data dir is not writable)."""


@dataclass(frozen=True)
class ExerciseProgress:
    exercise_id: str
    status: Status | None = None  # None: never touched
    attempts: int = 0
    wrong: int = 0
    hints_used: int = 0
    first_at: float | None = None
    updated_at: float | None = None
    solved_at: float | None = None
    revealed_at: float | None = None

    @property
    def finished(self) -> bool:
        return self.status in ("solved", "revealed")


@dataclass(frozen=True)
class AnswerState:
    question: int
    tries: int = 0
    done: Literal["correct", "revealed"] | None = None
    answer: str | None = None


class ProgressStore:
    """Thread-safe (one connection behind a lock); several processes may share the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None  # set when a bad file was moved aside
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
        try:
            self._conn = self._open()
        except _BadStore as bad:
            moved = self._move_aside()
            self.notice = (f"{path} was not a usable progress file ({bad}); it was moved to "
                           f"{moved.name} and a fresh progress store was started.")
            self._conn = self._open()

    # -- opening -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, keeping transactions short.
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from None
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    def _open(self) -> sqlite3.Connection:
        conn = self._connect()
        try:
            # Any read fails on a file that is not SQLite ("file is not a database").
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                                 "WHERE type = 'table'")}
            if tables and "meta" not in tables:
                raise _BadStore("it belongs to another program")
            if tables:
                self._check_meta(conn)
                ok = conn.execute("PRAGMA quick_check").fetchone()[0]
                if ok != "ok":
                    raise _BadStore(f"damaged: {ok}")
            # WAL: readers never block the writer, and a killed writer leaves the file intact.
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable against process death in WAL mode (only power loss can drop
            # the last commits), at a fraction of FULL's fsync cost.
            conn.execute("PRAGMA synchronous = NORMAL")
            if not tables:
                self._create(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise StoreError(f"{self.path} is locked by another program; try again") from None
            raise _BadStore(str(exc)) from None
        except _BadStore:
            conn.close()
            raise
        return conn

    @staticmethod
    def _check_meta(conn: sqlite3.Connection) -> None:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("app") != APP_ID:
            raise _BadStore("it belongs to another program")
        version = int(meta.get("schema", "0"))
        if version > SCHEMA_VERSION:
            raise _BadStore(f"it was written by a newer gradtutor (schema {version})")

    @staticmethod
    def _create(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Statement by statement: executescript() would COMMIT our transaction first.
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            # Another shell may have created it between our check and our lock: OR IGNORE.
            conn.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                             [("app", APP_ID), ("schema", str(SCHEMA_VERSION))])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.bad-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.bad-{stamp}-{n}")
        os.replace(self.path, target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
        return target

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- transactions --------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; rolled back on any error (or Ctrl-C)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _touch(self, conn: sqlite3.Connection, exercise_id: str, now: float) -> None:
        conn.execute("INSERT INTO exercise (id, status, first_at, updated_at) "
                     "VALUES (?, 'attempted', ?, ?) ON CONFLICT(id) DO UPDATE SET "
                     "updated_at = excluded.updated_at", (exercise_id, now, now))

    def _finish(self, conn: sqlite3.Connection, exercise_id: str, status: Status,
                now: float) -> None:
        column = "solved_at" if status == "solved" else "revealed_at"
        conn.execute(f"UPDATE exercise SET {column} = COALESCE({column}, ?), "
                     f"status = {_KEEP_FINAL} WHERE id = ?", (now, status, exercise_id))

    # -- reads ---------------------------------------------------------------------------------

    def get(self, exercise_id: str) -> ExerciseProgress:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, status, attempts, wrong, hints_used, first_at, updated_at, "
                "solved_at, revealed_at FROM exercise WHERE id = ?", (exercise_id,)).fetchone()
        return ExerciseProgress(*row) if row else ExerciseProgress(exercise_id)

    def all(self) -> dict[str, ExerciseProgress]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, status, attempts, wrong, hints_used, first_at, updated_at, "
                "solved_at, revealed_at FROM exercise").fetchall()
        return {r[0]: ExerciseProgress(*r) for r in rows}

    def answers(self, exercise_id: str) -> dict[int, AnswerState]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT question, tries, done, answer FROM answer WHERE exercise_id = ?",
                (exercise_id,)).fetchall()
        return {r[0]: AnswerState(*r) for r in rows}

    def get_state(self, key: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- writes --------------------------------------------------------------------------------

    def set_state(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO state VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                      "value = excluded.value", (key, value))

    def visit(self, exercise_id: str) -> None:
        """Remember where the learner is (resume point)."""
        self.set_state("current", exercise_id)

    def record_answer(self, exercise_id: str, question: int, answer: str, correct: bool,
                      finish: Status | None = None) -> ExerciseProgress:
        """A predict answer; `finish` when it completes the exercise (same transaction)."""
        now = time.time()
        with self.transaction() as c:
            self._touch(c, exercise_id, now)
            c.execute("UPDATE exercise SET attempts = attempts + 1 WHERE id = ?", (exercise_id,))
            c.execute("INSERT INTO answer (exercise_id, question, updated_at) VALUES (?, ?, ?) "
                      "ON CONFLICT DO UPDATE SET updated_at = excluded.updated_at",
                      (exercise_id, question, now))
            if correct:
                c.execute("UPDATE answer SET done = COALESCE(done, 'correct'), answer = ? "
                          "WHERE exercise_id = ? AND question = ?", (answer, exercise_id, question))
            else:
                c.execute("UPDATE answer SET tries = tries + 1 WHERE exercise_id = ? AND "
                          "question = ?", (exercise_id, question))
            if finish:
                self._finish(c, exercise_id, finish, now)
        return self.get(exercise_id)

    def reveal_question(self, exercise_id: str, question: int) -> ExerciseProgress:
        """Show one predict answer: the exercise counts as revealed from now on."""
        now = time.time()
        with self.transaction() as c:
            self._touch(c, exercise_id, now)
            c.execute("INSERT INTO answer (exercise_id, question, done, updated_at) "
                      "VALUES (?, ?, 'revealed', ?) ON CONFLICT DO UPDATE SET "
                      "done = COALESCE(done, 'revealed'), updated_at = excluded.updated_at",
                      (exercise_id, question, now))
            self._finish(c, exercise_id, "revealed", now)
        return self.get(exercise_id)

    def record_check(self, exercise_id: str, passed: bool) -> ExerciseProgress:
        now = time.time()
        with self.transaction() as c:
            self._touch(c, exercise_id, now)
            c.execute("UPDATE exercise SET attempts = attempts + 1, wrong = wrong + ? "
                      "WHERE id = ?", (0 if passed else 1, exercise_id))
            if passed:
                self._finish(c, exercise_id, "solved", now)
        return self.get(exercise_id)

    def reveal(self, exercise_id: str) -> ExerciseProgress:
        now = time.time()
        with self.transaction() as c:
            self._touch(c, exercise_id, now)
            self._finish(c, exercise_id, "revealed", now)
        return self.get(exercise_id)

    def use_hint(self, exercise_id: str, level: int) -> ExerciseProgress:
        now = time.time()
        with self.transaction() as c:
            self._touch(c, exercise_id, now)
            c.execute("UPDATE exercise SET hints_used = MAX(hints_used, ?) WHERE id = ?",
                      (level, exercise_id))
        return self.get(exercise_id)

    def reset(self, exercise_id: str) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM exercise WHERE id = ?", (exercise_id,))
            c.execute("DELETE FROM answer WHERE exercise_id = ?", (exercise_id,))


class _BadStore(Exception):
    pass


def open_store(data_dir: Path) -> ProgressStore:
    return ProgressStore(data_dir / FILENAME)
