"""A checkout under /tmp (as on many CI machines) stays usable inside the fresh /tmp."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from machine_layers import without

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mount namespaces need root here")

PROBE = """
import json, os, sys
from gradtutor.sandbox import isolation
root = sys.argv[1]
done = isolation.enter_namespaces(8, [os.path.join(root, "venv")])
print(json.dumps({
    "done": done,
    "venv": os.path.exists(os.path.join(root, "venv", "marker")),
    "secret": os.path.exists(os.path.join(root, "solutions", "secret.py")),
}))
"""


def test_runtime_under_tmp_is_bound_back_and_the_rest_is_covered() -> None:
    if "namespaces" in without():
        pytest.skip("no namespaces (simulated: GRADTUTOR_TEST_WITHOUT)")
    root = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        (root / "venv").mkdir()
        (root / "venv" / "marker").write_text("x")
        (root / "solutions").mkdir()
        (root / "solutions" / "secret.py").write_text("answer = 42")
        out = subprocess.run([sys.executable, "-c", PROBE, str(root)], capture_output=True,
                             text=True, timeout=60, check=True).stdout

        seen = json.loads(out)
        if "mountns" not in seen["done"]:
            pytest.skip("no mount namespace on this machine")
        assert seen["venv"], seen
        assert not seen["secret"], seen
        assert f"kept:{root / 'venv'}" in seen["done"]
    finally:
        subprocess.run(["rm", "-rf", str(root)], check=False)
