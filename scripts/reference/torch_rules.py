#!/usr/bin/env python3
"""Reference trajectories for optim-run's `formula: pytorch` rules and `bias_correction: false`.

Each function is a float64 numpy transcription of the algorithm box in the torch.optim
documentation (https://pytorch.org/docs/stable/optim.html):
  SGD      https://pytorch.org/docs/stable/generated/torch.optim.SGD.html
  Adam     https://pytorch.org/docs/stable/generated/torch.optim.Adam.html
  AdamW    https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html
  RMSprop  https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html
  Adagrad  https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html
and, for `bias_correction: false`, DeepSpeed FusedAdam's update without the 1 - beta^t divisions.
AMSGrad follows the current box: v_max = max(v_max, v_t), then v_hat = v_max / (1 - beta2^t).

The scenario mirrors Keras's `test_correctness_with_golden`: x = ones(10), a first gradient of 0.01
everywhere, then arange(0.1, 1.1, 0.1) at every later step. It prints x after each of the first
5 steps as Swift literals, pasted into Tests/OptimizersTests/PyTorchRuleTests.swift.
Run: python3 scripts/reference/torch_rules.py
"""
import numpy as np


def gradients(steps):
    yield np.full(10, 0.01)
    for _ in range(steps - 1):
        yield np.arange(1, 11) / 10.0


def sgd(lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, steps=5):
    x = np.ones(10)
    b = None
    out = []
    for g in gradients(steps):
        g = g + weight_decay * x if weight_decay != 0 else g
        if momentum != 0:
            b = g.copy() if b is None else momentum * b + (1 - dampening) * g
            g = g + momentum * b if nesterov else b
        x = x - lr * g
        out.append(x.copy())
    return out


def adam(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, amsgrad=False,
         decoupled=False, bias_correction=True, steps=5):
    """Adam (coupled L2 weight decay) or, with decoupled=True, AdamW."""
    x = np.ones(10)
    m = np.zeros(10)
    v = np.zeros(10)
    v_max = np.zeros(10)
    out = []
    for t, g in enumerate(gradients(steps), start=1):
        if decoupled:
            x = x - lr * weight_decay * x
        elif weight_decay != 0:
            g = g + weight_decay * x
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        c1 = 1 - beta1 ** t if bias_correction else 1.0
        c2 = 1 - beta2 ** t if bias_correction else 1.0
        m_hat = m / c1
        if amsgrad:
            v_max = np.maximum(v_max, v)
            v_hat = v_max / c2
        else:
            v_hat = v / c2
        x = x - lr * m_hat / (np.sqrt(v_hat) + eps)
        out.append(x.copy())
    return out


def rmsprop(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False, steps=5):
    x = np.ones(10)
    v = np.zeros(10)
    g_ave = np.zeros(10)
    b = np.zeros(10)
    out = []
    for g in gradients(steps):
        if weight_decay != 0:
            g = g + weight_decay * x
        v = alpha * v + (1 - alpha) * g * g
        v_tilde = v
        if centered:
            g_ave = alpha * g_ave + (1 - alpha) * g
            v_tilde = v_tilde - g_ave * g_ave
        if momentum > 0:
            b = momentum * b + g / (np.sqrt(v_tilde) + eps)
            x = x - lr * b
        else:
            x = x - lr * g / (np.sqrt(v_tilde) + eps)
        out.append(x.copy())
    return out


def adagrad(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10, steps=5):
    x = np.ones(10)
    s = np.full(10, initial_accumulator_value)
    out = []
    for t, g in enumerate(gradients(steps), start=1):
        clr = lr / (1 + (t - 1) * lr_decay)
        if weight_decay != 0:
            g = g + weight_decay * x
        s = s + g * g
        x = x - clr * g / (np.sqrt(s) + eps)
        out.append(x.copy())
    return out


def keras_adam_no_bias_correction(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7, steps=5):
    """Keras's Adam update with alpha = lr (no 1 - beta^t factors): w -= lr * m / (sqrt(v) + eps)."""
    x = np.ones(10)
    m = np.zeros(10)
    v = np.zeros(10)
    out = []
    for g in gradients(steps):
        m = m + (g - m) * (1 - beta1)
        v = v + (g * g - v) * (1 - beta2)
        x = x - lr * m / (np.sqrt(v) + eps)
        out.append(x.copy())
    return out


CASES = [
    ("sgdPlain", sgd(lr=0.1)),
    ("sgdMomentumDampening", sgd(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.05)),
    ("sgdNesterov", sgd(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05)),
    ("adamDefaults", adam(lr=0.1)),
    ("adamWeightDecayAmsgrad", adam(lr=0.1, weight_decay=0.1, amsgrad=True)),
    ("adamNoBiasCorrection", adam(lr=0.1, bias_correction=False)),
    ("adamwDefaults", adam(lr=0.1, weight_decay=0.01, decoupled=True)),
    ("adamwStrongAmsgrad", adam(lr=0.1, weight_decay=0.5, decoupled=True, amsgrad=True)),
    ("rmspropDefaults", rmsprop()),
    ("rmspropCenteredMomentum", rmsprop(lr=0.01, momentum=0.9, centered=True, weight_decay=0.1)),
    ("adagradDefaults", adagrad()),
    ("adagradDecay", adagrad(lr=0.1, lr_decay=0.1, weight_decay=0.05, initial_accumulator_value=0.1)),
    # Large epsilons make its placement (inside / outside the root, before / after correction) visible.
    ("adamLargeEpsilon", adam(lr=0.1, eps=0.1)),
    ("rmspropLargeEpsilon", rmsprop(lr=0.01, eps=0.1)),
    ("adagradLargeEpsilon", adagrad(lr=0.1, eps=0.1)),
    ("kerasAdamNoBiasCorrection", keras_adam_no_bias_correction(lr=0.1)),
]

if __name__ == "__main__":
    for name, rows in CASES:
        print(f"  static let {name}: [[Double]] = [")
        for row in rows:
            print("    [" + ", ".join(repr(float(v)) for v in row) + "],")
        print("  ]")
