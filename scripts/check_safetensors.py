#!/usr/bin/env python3
"""Checks a checkpoint optim-run wrote, with the `safetensors` package and numpy (not run by CI).

    python3 scripts/check_safetensors.py RUN/checkpoints/final.safetensors
    python3 scripts/check_safetensors.py RUN/checkpoints/final.safetensors --digits data/digits

Checks that
  * the `safetensors` library opens the file (its header, dtypes and offsets are valid);
  * every tensor is float32, finite, and named `layer/variable` as Keras names weights;
  * the library's arrays equal the bytes read by hand from the header's `data_offsets`;
  * with --digits (a checkpoint of specs/digits_cnn.yaml): the shapes are those of the Keras model,
    and a numpy forward pass with Keras's layouts (conv kernels HWIO, dense kernels (in, out),
    flatten in (H, W, C) order) classifies the 1,797 digits (x / 16) with accuracy >= 0.95, which
    only holds if the weights are laid out as Keras lays them out.
Exits 1 with a message on the first failed check.
"""
import argparse
import json
import struct
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

DIGITS_SHAPES = {
    "conv2d/kernel": (3, 3, 1, 16), "conv2d/bias": (16,),
    "conv2d_1/kernel": (3, 3, 16, 32), "conv2d_1/bias": (32,),
    "dense/kernel": (512, 64), "dense/bias": (64,),
    "dense_1/kernel": (64, 10), "dense_1/bias": (10,),
}


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def by_hand(path):
    """Arrays read from the raw bytes, following the format's README."""
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        out[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
    return out


def conv_same(x, kernel, bias):
    """Keras Conv2D, stride 1, padding 'same', channels last: x (N, H, W, C), kernel (kh, kw, C, F)."""
    kh, kw = kernel.shape[:2]
    top, left = (kh - 1) // 2, (kw - 1) // 2
    padded = np.pad(x, ((0, 0), (top, kh - 1 - top), (left, kw - 1 - left), (0, 0)))
    h, w = x.shape[1:3]
    out = np.zeros(x.shape[:3] + (kernel.shape[3],), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            out += np.einsum("nhwc,cf->nhwf", padded[:, i:i + h, j:j + w, :], kernel[i, j])
    return out + bias


def digits_accuracy(tensors, folder):
    x = np.load(f"{folder}/x.npy").astype(np.float64).reshape(-1, 8, 8, 1) * 0.0625
    y = np.load(f"{folder}/y.npy").astype(np.int64).reshape(-1)
    t = {k: v.astype(np.float64) for k, v in tensors.items()}
    h = np.maximum(conv_same(x, t["conv2d/kernel"], t["conv2d/bias"]), 0)
    h = h.reshape(-1, 4, 2, 4, 2, 16).max(axis=(2, 4))  # MaxPooling2D(2): 8x8 -> 4x4
    h = np.maximum(conv_same(h, t["conv2d_1/kernel"], t["conv2d_1/bias"]), 0)
    h = h.reshape(len(h), -1)  # Flatten: (H, W, C) row-major
    h = np.maximum(h @ t["dense/kernel"] + t["dense/bias"], 0)
    logits = h @ t["dense_1/kernel"] + t["dense_1/bias"]  # softmax keeps the argmax
    return float(np.mean(np.argmax(logits, axis=1) == y)), len(y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--digits", metavar="DATA_DIR", help="also check a digits_cnn checkpoint on the data")
    args = parser.parse_args()

    tensors = load_file(args.path)
    with safe_open(args.path, framework="numpy") as f:
        metadata = f.metadata() or {}
    hand = by_hand(args.path)
    if sorted(hand) != sorted(tensors):
        fail(f"names differ: library {sorted(tensors)}, by hand {sorted(hand)}")
    print(f"{args.path}: {len(tensors)} tensors, metadata {metadata}")
    for name in sorted(tensors):
        a = tensors[name]
        if a.dtype != np.float32:
            fail(f"{name}: dtype {a.dtype}")
        if len(name.split("/")) != 2 or not all(name.split("/")):
            fail(f"{name}: not a Keras 'layer/variable' name")
        if not np.all(np.isfinite(a)):
            fail(f"{name}: non-finite values")
        if not np.array_equal(a, hand[name]):
            fail(f"{name}: library and hand-read values differ")
        print(f"  {name:18s} {str(a.shape):16s} min {a.min(): .4f} max {a.max(): .4f} mean {a.mean(): .5f}")

    if args.digits:
        shapes = {k: tuple(v.shape) for k, v in tensors.items()}
        if shapes != DIGITS_SHAPES:
            fail(f"shapes {shapes}, expected {DIGITS_SHAPES}")
        accuracy, n = digits_accuracy(tensors, args.digits)
        print(f"  numpy forward pass on all {n} digits: accuracy {accuracy:.4f}")
        if accuracy < 0.95:
            fail(f"accuracy {accuracy:.4f} < 0.95")
    print("OK")


if __name__ == "__main__":
    main()
