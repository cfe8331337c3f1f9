#!/usr/bin/env python3
"""Reference for optim-run's safetensors reader and writer, using Hugging Face's library.

  python3 scripts/reference/safetensors_fixture.py write OUT.safetensors
      Writes the fixture tensors below with `safetensors.numpy.save_file` and prints the
      file's bytes as hex (checked in as a byte array in Tests/ReportingTests/SafeTensorsTests.swift).
  python3 scripts/reference/safetensors_fixture.py read FILE.safetensors
      Loads FILE with `safetensors.numpy.load_file`, checks it holds exactly the fixture tensors
      (names, dtype float32, shapes, values bit for bit) and metadata, prints them, exits 0 if so.

Requires `pip install safetensors numpy`. Tests never run this script; they hold its output.
"""
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

METADATA = {"format": "optim-run"}


def fixture():
    """The tensors: Keras-style names, a rank-4 kernel, a vector, a matrix and a scalar."""
    return {
        "conv2d/kernel": (np.arange(12, dtype=np.float32) * np.float32(0.25) - np.float32(1.5)).reshape(
            2, 2, 1, 3
        ),
        "conv2d/bias": np.array([0.1, -0.2, 3.0e-8], dtype=np.float32),
        "dense/kernel": np.array([[1.0, -2.0], [np.pi, np.e], [-0.0, 65504.0]], dtype=np.float32),
        "step": np.array(7.0, dtype=np.float32),
    }


def write(path):
    save_file(fixture(), path, metadata=METADATA)
    data = open(path, "rb").read()
    print(len(data), "bytes")
    print(data.hex())


def read(path):
    got = load_file(path)
    want = fixture()
    assert sorted(got) == sorted(want), (sorted(got), sorted(want))
    for name, value in want.items():
        g = got[name]
        assert g.dtype == np.float32, (name, g.dtype)
        assert g.shape == value.shape, (name, g.shape, value.shape)
        assert g.tobytes() == value.tobytes(), (name, g, value)
        print(name, g.dtype, list(g.shape), g.ravel().tolist())
    with safe_open(path, framework="numpy") as f:
        assert f.metadata() == METADATA, f.metadata()
        print("metadata", f.metadata())
    print("OK")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "read"):
        sys.exit(__doc__)
    (write if sys.argv[1] == "write" else read)(sys.argv[2])
