"""The typed-value wire format (docs/architecture.md, "Typed values"): one owner.

- `encode` (child side, imports torch): `gradtutor.values.encode`, imported only by the child
  and the zygote; this package's top level never imports torch.
- `validate_value`: the one check, of one strictness, for every reader.
- `plain`: decoding to plain Python data.
- `limits`: the caps of one observation, shared by the encoder and the check.
"""

from gradtutor.values.decode import WireError, plain
from gradtutor.values.limits import MAX_OBSERVATION_BYTES, TOO_LARGE
from gradtutor.values.validate import KINDS, ValueFormatError, validate_value

__all__ = ["KINDS", "MAX_OBSERVATION_BYTES", "TOO_LARGE", "ValueFormatError", "WireError",
           "plain", "validate_value"]
