#!/usr/bin/env python3
"""Reference values and gradients of the optimizer test functions.

Definitions as in Surjanovic & Bingham, "Virtual Library of Simulation Experiments"
(https://www.sfu.ca/~ssurjano/optimization.html) and Wikipedia, "Test functions for optimization".
Gradients by the complex-step method, f'(x) = Im f(x + ih) / h with h = 1e-30, which has no
subtraction and so is accurate to rounding (Squire & Trapp, SIAM Review 40(1), 1998) and
independent of our hand-derived gradients.

Prints, for each function and point: name, x, y, f in float64, df/dx, df/dy, f in float32 (numpy
float32 arithmetic throughout). Then the Styblinski-Tang minimizer and minimum value.
Tests/DatasetsTests/TestFunctionTests.swift checks these numbers in.
"""
import numpy as np

A, B = 3.0, 0.5  # the quadratic's scales in the reference: f = 3x^2 + 0.5y^2


def functions(np_):
    pi = np_(np.pi)
    return {
        "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
        "himmelblau": lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
        "beale": lambda x, y: (np_(1.5) - x + x * y) ** 2
        + (np_(2.25) - x + x * y**2) ** 2
        + (np_(2.625) - x + x * y**3) ** 2,
        "booth": lambda x, y: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
        "matyas": lambda x, y: np_(0.26) * (x**2 + y**2) - np_(0.48) * x * y,
        "rastrigin": lambda x, y: 10 * 2
        + (x**2 - 10 * np.cos(2 * pi * x))
        + (y**2 - 10 * np.cos(2 * pi * y)),
        "ackley": lambda x, y: -20 * np.exp(np_(-0.2) * np.sqrt(np_(0.5) * (x**2 + y**2)))
        - np.exp(np_(0.5) * (np.cos(2 * pi * x) + np.cos(2 * pi * y)))
        + np.exp(np_(1))
        + 20,
        "styblinski_tang": lambda x, y: np_(0.5) * ((x**4 - 16 * x**2 + 5 * x) + (y**4 - 16 * y**2 + 5 * y)),
        "quadratic": lambda x, y: np_(A) * x**2 + np_(B) * y**2,
    }


POINTS = [(-1.5, 2.5), (0.3, -0.7), (1.2, 0.8), (-2.0, -1.0), (2.5, 1.5)]

f64 = functions(np.float64)
f32 = functions(np.float32)
cplx = functions(np.complex128)
h = 1e-30
for name in f64:
    for x, y in POINTS:
        value = f64[name](np.float64(x), np.float64(y))
        dx = cplx[name](complex(x, h), complex(y, 0)).imag / h
        dy = cplx[name](complex(x, 0), complex(y, h)).imag / h
        value32 = f32[name](np.float32(x), np.float32(y))
        print(f"{name} {x} {y} {float(value)!r} {float(dx)!r} {float(dy)!r} {float(value32)!r}")

# Styblinski-Tang: the minimizer per coordinate is the smallest real root of
# d/dx (x^4 - 16x^2 + 5x)/2 = 2x^3 - 16x + 2.5.
roots = np.roots([2.0, 0.0, -16.0, 2.5])
root = min(r.real for r in roots if abs(r.imag) < 1e-12)
minimum = float(f64["styblinski_tang"](root, root))
print(f"styblinski_tang minimizer {float(root)!r} minimum {minimum!r}")
