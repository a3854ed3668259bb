from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes; CI pipelines rely on them, so they never change meaning."""

    OK = 0  # passed / valid
    FAIL = 1  # graded and failed, or validate found problems
    USAGE = 2  # unusable input: bad arguments, unknown id, unreadable file
    INTERNAL = 3  # gradtutor itself failed
    INTERRUPTED = 130  # Ctrl-C
