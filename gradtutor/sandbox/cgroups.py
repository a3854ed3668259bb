"""Per-slot cgroups (controller side): a process cap that works for root and a memory cap for
the whole process tree of a run.

The zygote joins its slot's cgroups when it starts, so every child starts inside them without a
per-run migration (moving a task costs ~0.3 ms and sometimes ~15 ms on cgroup v1). Groups are
created under the controller's own cgroup so any limits set on it still apply. cgroup v1
(separate `pids` and `memory` hierarchies) and v2 (unified) are supported; when neither can be
written (not root, no delegation), `SlotCgroups.create` returns None and the sandbox falls back
to RLIMIT_NPROC and per-process limits.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


def _own_paths() -> dict[str, str]:
    """controller -> our cgroup path, from /proc/self/cgroup ('' key for the v2 hierarchy)."""
    paths: dict[str, str] = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _id, controllers, path = line.split(":", 2)
        for c in controllers.split(",") if controllers else [""]:
            paths[c] = path
    return paths


def _write(path: Path, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


@dataclass
class SlotCgroups:
    pids_dir: Path
    memory_dir: Path | None
    v2: bool

    @classmethod
    def create(cls, name: str, pids_max: int) -> SlotCgroups | None:
        """Create (or reuse a stale) cgroup pair for one slot; None if impossible here."""
        try:
            own = _own_paths()
        except OSError:
            return None
        v1_pids = CGROUP_ROOT / "pids"
        if "pids" in own and (v1_pids / "cgroup.procs").exists():
            pids_dir = v1_pids / own["pids"].lstrip("/") / name
            mem_dir = None
            if "memory" in own and (CGROUP_ROOT / "memory" / "cgroup.procs").exists():
                mem_dir = CGROUP_ROOT / "memory" / own["memory"].lstrip("/") / name
            group = cls(pids_dir, mem_dir, v2=False)
        elif "" in own and (CGROUP_ROOT / "cgroup.controllers").exists():
            d = CGROUP_ROOT / own[""].lstrip("/") / name
            group = cls(d, d, v2=True)
        else:
            return None
        try:
            group.pids_dir.mkdir(exist_ok=True)
            _write(group.pids_dir / "pids.max", str(pids_max))
        except OSError:
            return None
        if group.memory_dir is not None:
            try:
                group.memory_dir.mkdir(exist_ok=True)
                group.set_memory_limit(None)
            except OSError:
                group.memory_dir = None
        return group

    @property
    def procs_files(self) -> list[str]:
        """Files the zygote writes its pid into to join."""
        dirs = {self.pids_dir} | ({self.memory_dir} if self.memory_dir else set())
        return [str(d / "cgroup.procs") for d in sorted(dirs)]

    def pids(self) -> set[int]:
        try:
            text = (self.pids_dir / "cgroup.procs").read_text()
        except OSError:
            return set()
        return {int(p) for p in text.split()}

    def contains(self, pid: int) -> bool:
        """Is `pid` in this slot's cgroup right now?"""
        try:
            text = Path(f"/proc/{pid}/cgroup").read_text()
        except OSError:
            return False
        base = CGROUP_ROOT if self.v2 else CGROUP_ROOT / "pids"
        rel = "/" + str(self.pids_dir.relative_to(base))
        for line in text.splitlines():
            _id, controllers, path = line.split(":", 2)
            wanted = controllers == "" if self.v2 else "pids" in controllers.split(",")
            if wanted and path == rel:
                return True
        return False

    def set_memory_limit(self, limit: int | None) -> None:
        if self.memory_dir is None:
            return
        if self.v2:
            _write(self.memory_dir / "memory.max", "max" if limit is None else str(limit))
        else:
            _write(self.memory_dir / "memory.limit_in_bytes", "-1" if limit is None else str(limit))

    def memory_usage(self) -> int:
        if self.memory_dir is None:
            return 0
        name = "memory.current" if self.v2 else "memory.usage_in_bytes"
        try:
            return int((self.memory_dir / name).read_text())
        except (OSError, ValueError):
            return 0

    def oom_kills(self) -> int:
        """Processes the kernel killed for exceeding this group's memory limit, so far."""
        if self.memory_dir is None:
            return 0
        name = "memory.events" if self.v2 else "memory.oom_control"
        try:
            for line in (self.memory_dir / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def remove(self) -> None:
        for d in {self.pids_dir, self.memory_dir} - {None}:
            with contextlib.suppress(OSError):
                os.rmdir(d)
