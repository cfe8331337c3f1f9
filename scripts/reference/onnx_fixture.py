#!/usr/bin/env python3
"""Golden bytes for Tests/ReportingTests/ONNXEncodingTests.swift, serialized by the onnx package.

Run: python3 scripts/reference/onnx_fixture.py
Prints the hex of a few messages built with onnx.helper; the tests embed what this printed and
compare the Swift encoder's bytes with them, without running Python.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

print(f"# onnx {onnx.__version__}")


def show(label, message):
    print(f"{label}: {message.SerializeToString().hex()}")


show("tensor float w [2] = [1, -2]", numpy_helper.from_array(np.array([1, -2], np.float32), "w"))
show("tensor int64 shape [3] = [0, -1, 2]", numpy_helper.from_array(np.array([0, -1, 2], np.int64), "shape"))
show("attribute perm ints", helper.make_attribute("perm", [0, 3, 1, 2]))
show("attribute alpha float", helper.make_attribute("alpha", np.float32(0.2).item()))
show("attribute axis int", helper.make_attribute("axis", -1))
show("attribute mode string", helper.make_attribute("mode", "nearest"))
show(
    "value info input [batch, 8, 8]",
    helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 8, 8]),
)

# The model ONNXExport writes for `dense(units: 1, activation: relu)` on input [2] with kernel
# [0.5, -1] and bias [0.25], named "tiny", producer version "1.0".
graph = helper.make_graph(
    [
        helper.make_node("Gemm", ["input", "dense/kernel", "dense/bias"], ["dense/preactivation"],
                         name="dense/preactivation/Gemm"),
        helper.make_node("Relu", ["dense/preactivation"], ["output"], name="dense/Relu"),
    ],
    "tiny",
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 2])],
    [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 1])],
    initializer=[
        numpy_helper.from_array(np.array([[0.5], [-1]], np.float32), "dense/kernel"),
        numpy_helper.from_array(np.array([0.25], np.float32), "dense/bias"),
    ],
)
model = helper.make_model(
    graph, ir_version=8, opset_imports=[helper.make_opsetid("", 17)], producer_name="optim-run",
    producer_version="1.0",
)
onnx.checker.check_model(model, full_check=True)
show("model tiny", model)
