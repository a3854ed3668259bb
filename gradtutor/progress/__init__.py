"""The learner's progress: which exercises are solved, revealed or attempted, in SQLite.

    store = open_store(env.data_dir)
    store.record_check("mini-code", passed=True)
    store.get("mini-code").status  # 'solved'

Core package: never imports the shell or the CLI.
"""

from gradtutor.progress.store import (
    FILENAME,
    AnswerState,
    ExerciseProgress,
    ProgressStore,
    Status,
    StoreError,
    open_store,
)

__all__ = ["FILENAME", "AnswerState", "ExerciseProgress", "ProgressStore", "Status",
           "StoreError", "open_store"]
