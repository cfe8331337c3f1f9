#!/usr/bin/env python3
"""Reference trajectory: Keras 3's Adam(learning_rate=0.01) on Himmelblau's function from (-4, 4).

The experiment of `specs/himmelblau_adam.yaml`, computed independently of optim-run with numpy:
- f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2 (Himmelblau 1972), gradient
  df/dx = 4x(x^2 + y - 11) + 2(x + y^2 - 7), df/dy = 2(x^2 + y - 11) + 4y(x + y^2 - 7);
- the update is Keras 3's `Adam.update_step` (`keras/src/optimizers/adam.py`), in the variable's
  dtype float32, with beta_1 0.9, beta_2 0.999, epsilon 1e-7 (Keras's defaults):
      local_step = iterations + 1
      alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
      m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
      w -= (m * alpha) / (sqrt(v) + epsilon)
  `1 - beta_1` is computed in Python floats (float64) and then cast to float32, as Keras's
  `ops.multiply(tensor, python_float)` does.

Prints the float32 position and loss after selected steps (step 0 is the start), and, to justify
the test's tolerance, the largest distance between this float32 path and the same rule in float64.
Tests/RunnerTests/ObjectiveReferenceTests.swift checks these numbers in.

`--dtype float64` prints the same experiment computed entirely in float64 (`objective.dtype:
float64`, Keras with `keras.config.set_floatx("float64")`: the variable, its slots, the learning rate
and the function in float64), and the largest difference between the float32 and float64 paths at
the printed steps; Tests/RunnerTests/ObjectiveFloat64Tests.swift checks those numbers in.
"""
import argparse

import numpy as np


def himmelblau(x, y):
    u = x * x + y - np.asarray(11, x.dtype)
    v = x + y * y - np.asarray(7, x.dtype)
    return u * u + v * v


def himmelblau_gradient(x, y):
    u = x * x + y - np.asarray(11, x.dtype)
    v = x + y * y - np.asarray(7, x.dtype)
    four = np.asarray(4, x.dtype)
    two = np.asarray(2, x.dtype)
    return four * x * u + two * v, two * u + four * y * v


def adam_path(dtype, steps=200, lr=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    w = np.array([-4.0, 4.0], dtype=dtype)
    m = np.zeros(2, dtype=dtype)
    v = np.zeros(2, dtype=dtype)
    path = [w.copy()]
    for iterations in range(steps):
        g = np.array(himmelblau_gradient(w[0], w[1]), dtype=dtype)
        local_step = dtype(iterations + 1)
        beta_1_power = np.power(dtype(beta_1), local_step)
        beta_2_power = np.power(dtype(beta_2), local_step)
        alpha = dtype(lr) * np.sqrt(dtype(1) - beta_2_power) / (dtype(1) - beta_1_power)
        m += (g - m) * dtype(1 - beta_1)
        v += (np.square(g) - v) * dtype(1 - beta_2)
        w -= (m * alpha) / (np.sqrt(v) + dtype(epsilon))
        path.append(w.copy())
    return path


parser = argparse.ArgumentParser()
parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
args = parser.parse_args()
STEPS = [0, 1, 2, 5, 10, 25, 50, 100, 150, 199, 200]
path32 = adam_path(np.float32)
path64 = adam_path(np.float64)
if args.dtype == "float64":
    for step in STEPS:
        x, y = path64[step]
        loss = himmelblau(x, y)
        print(f"step {step}: x {float(x)!r} y {float(y)!r} loss {float(loss)!r}")
    gap = [float(np.max(np.abs(path32[s].astype(np.float64) - path64[s]))) for s in STEPS]
    print(f"min, max |float32 - float64| at the printed steps > 0: {min(gap[1:])!r}, {max(gap)!r}")
    raise SystemExit
for step in STEPS:
    x, y = path32[step]
    loss = himmelblau(x, y)
    print(f"step {step}: x {float(x)!r} y {float(y)!r} loss {float(loss)!r}")
drift = max(float(np.max(np.abs(a.astype(np.float64) - b))) for a, b in zip(path32, path64))
print(f"max |float32 - float64| over the path: {drift!r}")
minima = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]
for tolerance in [1e-3, 1e-2]:
    first = next(
        (s for s, w in enumerate(path32)
         if min(np.hypot(float(w[0]) - a, float(w[1]) - b) for a, b in minima) <= tolerance), None)
    print(f"first step within {tolerance} of a minimum: {first}")
