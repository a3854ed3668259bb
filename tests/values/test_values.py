"""The one owner of the wire format: encode (child), validate (one strictness), decode."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torch

from gradtutor.sandbox.protocol import ProtocolError, parse_child_result
from gradtutor.sandbox.protocol import validate_value as protocol_validate
from gradtutor.values import (
    MAX_OBSERVATION_BYTES,
    TOO_LARGE,
    ValueFormatError,
    WireError,
    plain,
    validate_value,
)
from gradtutor.values.encode import encode


def test_the_package_does_not_import_torch() -> None:
    code = "import sys, gradtutor.values; assert 'torch' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("obj", [
    None, True, 3, 2.5, float("nan"), 1 + 2j, "text", [1, (2, 3)], {"a": [1.0]},
    torch.tensor([1.0, 2.0], requires_grad=True), torch.float64, torch.zeros(0, 3),
])
def test_everything_encoded_passes_the_one_check(obj: object) -> None:
    v = encode(obj)
    validate_value(v)
    protocol_validate(v)


@pytest.mark.parametrize("obj", [
    "x" * (15 << 20),                       # one 15 MiB string
    ["y" * (60 << 10)] * 40,                # many strings under the per-string cap
    {i: "z" * 1000 for i in range(5000)},   # a big dict
    [torch.ones(10_000)] * 20,              # many tensors at the element cap
])
def test_a_huge_observation_is_capped_while_encoding(obj: object) -> None:
    v = encode(obj)
    size = len(json.dumps(v))
    assert size <= MAX_OBSERVATION_BYTES, size
    if isinstance(obj, list | dict):
        assert v == {"kind": "error", "type": TOO_LARGE, "message": v["message"]}


def test_one_strictness_rejects_extra_fields_unless_annotations_are_allowed() -> None:
    v = {**encode(torch.tensor([1.0])), "written": []}
    with pytest.raises(ValueFormatError):
        validate_value(v)
    with pytest.raises(ProtocolError):
        protocol_validate(v)
    validate_value(v, annotations=True)


def test_the_parent_caps_a_forged_observation() -> None:
    big = {"kind": "list", "tuple": False,
           "items": [{"kind": "str", "value": "a" * 60_000}] * 40}
    msg = {"status": "ok", "reason": "", "prints": [], "warnings": [], "exception": None,
           "values": {"x": big}}
    out = parse_child_result(json.dumps(msg).encode(), ("x",))
    assert out["values"]["x"]["type"] == TOO_LARGE


def test_decode_plain_data_only() -> None:
    assert plain(encode({"a": [1, 2.5, None, "s"]})) == {"a": [1, 2.5, None, "s"]}
    with pytest.raises(WireError):
        plain(encode(torch.tensor([1.0])))
    with pytest.raises(WireError):
        plain({"kind": "int", "value": True})
