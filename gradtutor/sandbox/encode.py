"""The child's encoder lives in `gradtutor.values.encode` (one owner of the wire format)."""

from gradtutor.values.encode import (  # noqa: F401
    encode,
    encode_tensor,
    other,
    read_grad,
    safe_repr,
    safe_str,
    wire_float,
)
