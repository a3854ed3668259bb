"""Run untrusted learner code in isolated, fast, forked children of warm torch zygotes.

    req = RunRequest(code="...", expressions=["x.grad"], seed=1234, timeout_s=5.0)
    with Sandbox(workers=2) as sb:
        res = sb.run(req)              # thread-safe, blocks
        many = sb.run_many([req, req])

Importing this package does not import torch (the controller never needs it).
See docs/sandbox.md for the design and docs/architecture.md for the contract.
"""

from gradtutor.sandbox.config import SandboxConfig
from gradtutor.sandbox.pool import Sandbox
from gradtutor.sandbox.protocol import (
    STATUSES,
    TRUSTED_VALUE_STATUSES,
    RunRequest,
    RunResult,
)

__all__ = ["STATUSES", "TRUSTED_VALUE_STATUSES", "RunRequest", "RunResult", "Sandbox",
           "SandboxConfig"]
