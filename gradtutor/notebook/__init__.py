"""gradtutor in Jupyter and IPython: `%load_ext gradtutor`.

    %gradtutor show ID [--hint N]      an exercise
    %gradtutor answer ID ANSWER...     predictions, in question order
    %%gradtutor check ID               the cell, graded as the solution of a code/fix exercise
    %%gradtutor explain                the cell, run in the sandbox and explained
    %autograd_explain                  the last error, or the previous cell's warnings

Needs the `notebook` extra (`pip install 'gradtutor[notebook]'`). See docs/notebook.md.
"""

from __future__ import annotations

import contextlib
from typing import Any

_STATE: dict[int, tuple[Any, Any]] = {}  # id(shell) -> (session, recorder)


def load_ipython_extension(ipython: Any) -> None:
    from gradtutor.notebook.bridge import Session, tr
    from gradtutor.notebook.history import Recorder
    from gradtutor.notebook.magics import GradtutorMagics

    if id(ipython) in _STATE:  # %load_ext twice: keep the warm sandbox and the records
        return
    session, recorder = Session(), Recorder()
    ipython.events.register("pre_run_cell", recorder.pre_run_cell)
    ipython.events.register("post_run_cell", recorder.post_run_cell)
    ipython.register_magics(GradtutorMagics(ipython, session, recorder))
    _STATE[id(ipython)] = (session, recorder)
    print(tr("loaded", session.lang))


def unload_ipython_extension(ipython: Any) -> None:
    state = _STATE.pop(id(ipython), None)
    if state is None:
        return
    session, recorder = state
    for event, hook in (("pre_run_cell", recorder.pre_run_cell),
                        ("post_run_cell", recorder.post_run_cell)):
        with contextlib.suppress(ValueError):
            ipython.events.unregister(event, hook)
    session.close()
