"""Launching the interactive tutor: the entry point between the front ends.

`gradtutor start` (cli/) opens the shell (shell/) through `start_tutor`, so that neither
front end imports the other: both import this module and the presentation floor, never each
other. prompt_toolkit is imported only here, when the shell starts, so that the other
commands do not pay for it.
"""

from __future__ import annotations

from pathlib import Path

from gradtutor.course.model import Course
from gradtutor.env import Environment, normalise_lang
from gradtutor.progress import open_store
from gradtutor.workspace import Workspace


def workspace_dir(env: Environment, explicit: str | None) -> Path:
    """Where the learner's code files live: --workspace, else <data dir>/workspace."""
    return Path(explicit).expanduser() if explicit else env.data_dir / "workspace"


def start_tutor(env: Environment, course: Course, *, workspace: str | None = None,
                plain: bool = False) -> None:
    """Run the shell on `course` until the learner leaves. Raises `progress.StoreError` when
    the progress store cannot be opened at all."""
    from gradtutor.shell.app import Shell

    store = open_store(env.data_dir)
    try:
        # --lang or GRADTUTOR_LANG, else what the learner chose with `lang` last time.
        if not env.lang_chosen:
            saved = store.get_state("lang")
            if saved:
                env.lang = normalise_lang(saved)
        shell = Shell(env, course, store, Workspace(workspace_dir(env, workspace)),
                      interactive=False if plain else None)
        shell.run(notice=store.notice)
    finally:
        store.close()
