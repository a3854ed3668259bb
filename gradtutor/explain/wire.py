"""Typed values back to plain Python data, for the probes' results: `gradtutor.values.decode`.

The probes return plain dicts/lists/str/int/float/bool/None; the sandbox encodes them as typed
values. Anything else in a probe result means the data is not what our probe produced.
"""

from gradtutor.values.decode import WireError, plain

__all__ = ["WireError", "plain"]
