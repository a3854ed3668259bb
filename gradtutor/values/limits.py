"""The caps of the typed-value wire format, shared by the child's encoder and the parent's check.

A learner program chooses what its checked names hold, so every observation is bounded where it
is made (the child) and again where it is read (the parent, which cannot trust the child):
one value as JSON at most `MAX_OBSERVATION_BYTES`; a run's values together at most
`sandbox.harness.MAX_VALUES_BYTES`. Documented in docs/grading.md ("Size caps").
"""

MAX_TENSOR_ELEMENTS = 10_000    # values beyond it are left out ("truncated": true)
MAX_REPR_CHARS = 2000           # an `other` value's repr, an error's message
MAX_STR_CHARS = 64 << 10        # one string (longer ones become `other`, a capped repr)
MAX_ITEMS = 10_000              # per list/tuple/dict; larger containers become `other`
MAX_NEST = 32                   # deeper containers become `other` (encoder)
MAX_DEPTH = 64                  # nesting accepted by the parent
MAX_INT_BITS = 10_000           # json.dumps refuses ints with more than 4300 digits
MAX_OBSERVATION_BYTES = 1 << 20  # one value, as JSON; larger: an error "ValueTooLarge"
TOO_LARGE = "ValueTooLarge"
