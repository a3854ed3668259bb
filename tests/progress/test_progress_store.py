"""The progress store: statuses, transactions, two processes at once, kill -9, bad files."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gradtutor.progress import FILENAME, ProgressStore, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    s = open_store(tmp_path)
    yield s
    s.close()


def test_fresh_store_is_empty_and_in_wal_mode(store: ProgressStore) -> None:
    assert store.notice is None
    assert store.get("x").status is None and store.get("x").attempts == 0
    assert store.all() == {}
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_predict_answers_and_finish(store: ProgressStore) -> None:
    store.record_answer("p", 0, "tensor([1.])", False)
    store.record_answer("p", 0, "None", True)
    prog = store.record_answer("p", 1, "True", True, finish="solved")
    assert prog.status == "solved" and prog.attempts == 3 and prog.solved_at
    answers = store.answers("p")
    assert answers[0].tries == 1 and answers[0].done == "correct" and answers[0].answer == "None"
    assert answers[1].done == "correct"


def test_revealed_is_never_upgraded_to_solved(store: ProgressStore) -> None:
    store.record_answer("p", 0, "x", False)
    assert store.reveal_question("p", 0).status == "revealed"
    prog = store.record_answer("p", 1, "True", True, finish="solved")
    assert prog.status == "revealed"
    assert store.answers("p")[0].done == "revealed"


def test_solved_is_kept_and_reset_clears(store: ProgressStore) -> None:
    store.record_check("c", passed=False)
    assert store.get("c").wrong == 1 and store.get("c").status == "attempted"
    store.record_check("c", passed=True)
    assert store.record_check("c", passed=False).status == "solved"  # still solved
    assert store.reveal("c").status == "solved"
    store.use_hint("c", 2)
    assert store.use_hint("c", 1).hints_used == 2  # hints only grow
    store.reset("c")
    assert store.get("c").status is None and store.answers("c") == {}


def test_state_and_reopen(tmp_path: Path) -> None:
    s = open_store(tmp_path)
    s.visit("mini-code")
    s.set_state("lang", "zh")
    s.record_check("mini-code", passed=True)
    s.close()
    s = open_store(tmp_path)
    assert s.get_state("current") == "mini-code" and s.get_state("lang") == "zh"
    assert s.get("mini-code").status == "solved"
    s.close()


def test_failed_transaction_rolls_back(store: ProgressStore) -> None:
    store.record_check("c", passed=False)
    with pytest.raises(RuntimeError), store.transaction() as c:
        c.execute("UPDATE exercise SET attempts = 99 WHERE id = 'c'")
        raise RuntimeError("interrupted half way")
    assert store.get("c").attempts == 1
    store.record_check("c", passed=False)  # and the store still works
    assert store.get("c").attempts == 2


def _hammer(path: str, name: str, n: int) -> None:
    s = ProgressStore(Path(path))
    for i in range(n):
        s.record_check("shared", passed=False)
        s.record_answer(name, i % 3, "x", i % 2 == 0)
    s.close()


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    open_store(tmp_path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(str(path), f"p{i}", 150)) for i in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    s = open_store(tmp_path)
    try:
        assert s.get("shared").attempts == 300  # no lost update
        assert s.get("p0").attempts == s.get("p1").attempts == 150
        ok = sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0]
        assert ok == "ok"
    finally:
        s.close()


def test_kill_minus_nine_loses_nothing_acknowledged(tmp_path: Path) -> None:
    # The child prints each count after its transaction returned; killed at a random moment,
    # the store must hold at least everything acknowledged and at most one more.
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from gradtutor.progress import open_store
        s = open_store(Path({str(tmp_path)!r}))
        for i in range(1, 100000):
            s.record_check("k", passed=False)
            print(i, flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acknowledged = 0
    deadline = time.monotonic() + 60
    while acknowledged < 200 and time.monotonic() < deadline:
        acknowledged = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    rest = proc.stdout.read().split()  # acknowledged but not yet read when it died
    acknowledged = int(rest[-1]) if rest else acknowledged
    s = open_store(tmp_path)
    try:
        assert s.notice is None
        assert acknowledged <= s.get("k").attempts <= acknowledged + 1
    finally:
        s.close()


def test_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    path.write_bytes(b"this is not a database, just some bytes\n" * 100)
    s = open_store(tmp_path)
    try:
        assert s.notice and "moved to" in s.notice and "fresh progress store" in s.notice
        aside = list(tmp_path.glob(f"{FILENAME}.bad-*"))
        assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
        s.record_check("c", passed=True)
        assert s.get("c").status == "solved"
    finally:
        s.close()


def test_damaged_database_is_moved_aside(tmp_path: Path) -> None:
    s = open_store(tmp_path)
    for i in range(200):
        s.record_check(f"e{i}", passed=True)
    s.close()
    path = tmp_path / FILENAME
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    s = open_store(tmp_path)
    try:
        assert s.notice is not None
        assert s.all() == {}
    finally:
        s.close()


def test_foreign_sqlite_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    s = open_store(tmp_path)
    try:
        assert s.notice and "another program" in s.notice
        assert s.get("x").status is None
    finally:
        s.close()
    assert list(tmp_path.glob(f"{FILENAME}.bad-*"))


def test_store_from_newer_gradtutor_is_moved_aside(tmp_path: Path) -> None:
    s = open_store(tmp_path)
    with s.transaction() as c:
        c.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    s.close()
    s = open_store(tmp_path)
    try:
        assert s.notice and "newer gradtutor" in s.notice
    finally:
        s.close()


def test_empty_file_is_a_fresh_store(tmp_path: Path) -> None:
    (tmp_path / FILENAME).write_bytes(b"")
    s = open_store(tmp_path)
    try:
        assert s.notice is None
        s.visit("a")
        assert s.get_state("current") == "a"
    finally:
        s.close()
