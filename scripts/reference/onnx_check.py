#!/usr/bin/env python3
"""Checks an ONNX model written by optim-run against the outputs optim-run computed.

Run: python3 scripts/reference/onnx_check.py MODEL.onnx INPUT.npy EXPECTED.npy [INPUT.npy EXPECTED.npy ...]
(at least two pairs with different batch sizes). Used by Tests/ReportingTests/ONNXExport*Tests.swift.

Checks, in order:
- onnx.checker.check_model(model, full_check=True) (structure and shape inference);
- one graph input named "input" and one output named "output", float32, whose first dimension is
  the symbol "batch" and whose other dimensions match the arrays;
- onnxruntime (CPUExecutionProvider) on each input agrees with the expected output elementwise:
  |onnx - ours| <= 1e-5 * max(1, |ours|) (float32 kernels that sum in another order differ by a few
  ulps of the largest partial sums; a wrong layout or constant is off by far more).
Prints one JSON line {"max_difference": ..., "max_relative": ..., "batches": [...]} on success
(max_relative: the largest |onnx - ours| / max(1, |ours|));
otherwise a message with the largest difference and a non-zero exit status.
"""
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort


def fail(message: str) -> None:
    print(f"onnx_check: {message}", file=sys.stderr)
    sys.exit(1)


def check_value_info(info, name: str, shape: tuple) -> None:
    if info.name != name:
        fail(f"graph {name} is named {info.name!r}, expected {name!r}")
    tensor = info.type.tensor_type
    if tensor.elem_type != onnx.TensorProto.FLOAT:
        fail(f"{name} has element type {tensor.elem_type}, expected FLOAT")
    dims = tensor.shape.dim
    if len(dims) != len(shape):
        fail(f"{name} has rank {len(dims)}, the arrays have shape {shape}")
    if dims[0].WhichOneof("value") != "dim_param" or dims[0].dim_param != "batch":
        fail(f"{name}'s batch dimension is not the symbol 'batch': {dims[0]}")
    fixed = [d.dim_value if d.WhichOneof("value") == "dim_value" else None for d in dims[1:]]
    if fixed != list(shape[1:]):
        fail(f"{name} has dimensions {fixed} after the batch, the arrays have {list(shape[1:])}")


def main(argv: list) -> None:
    if len(argv) < 5 or len(argv) % 2 == 0:
        fail("usage: onnx_check.py MODEL.onnx INPUT.npy EXPECTED.npy [INPUT.npy EXPECTED.npy ...]")
    model_path, pairs = argv[0], list(zip(argv[1::2], argv[2::2]))
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    graph = model.graph
    if model.producer_name != "optim-run":
        fail(f"producer_name is {model.producer_name!r}")
    if len(graph.input) != 1 or len(graph.output) != 1:
        fail(f"inputs {[i.name for i in graph.input]}, outputs {[o.name for o in graph.output]}; expected one each")
    arrays = [(np.load(x), np.load(y)) for x, y in pairs]
    if len({x.shape[0] for x, _ in arrays}) < 2:
        fail("give inputs of at least two batch sizes, to check that the batch dimension is symbolic")
    check_value_info(graph.input[0], "input", arrays[0][0].shape)
    check_value_info(graph.output[0], "output", arrays[0][1].shape)

    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    worst, worst_relative, batches = 0.0, 0.0, []
    for (x, expected), (x_path, _) in zip(arrays, pairs):
        (actual,) = session.run(["output"], {"input": x.astype(np.float32)})
        if actual.shape != expected.shape:
            fail(f"{x_path}: onnxruntime gave shape {actual.shape}, expected {expected.shape}")
        difference = np.abs(actual.astype(np.float64) - expected.astype(np.float64))
        relative = difference / np.maximum(1.0, np.abs(expected.astype(np.float64)))
        worst = max(worst, float(difference.max(initial=0)))
        worst_relative = max(worst_relative, float(relative.max(initial=0)))
        if not np.all(np.isfinite(actual)) or np.any(relative > 1e-5):
            i = np.unravel_index(np.argmax(relative), relative.shape)
            fail(
                f"{x_path}: max |onnx - ours| = {difference.max():.3g} exceeds 1e-5 * max(1, |ours|); "
                f"worst at {tuple(int(k) for k in i)}: onnx {actual[i]!r}, ours {expected[i]!r}"
            )
        batches.append(int(x.shape[0]))
    print(json.dumps({"max_difference": worst, "max_relative": worst_relative, "batches": batches}))


if __name__ == "__main__":
    main(sys.argv[1:])
