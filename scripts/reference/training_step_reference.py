#!/usr/bin/env python3
"""End-to-end reference for Tests/TrainingTests/TrainingParity*.swift: what Keras 3's `model.fit`
(TensorFlow backend) does, step by step, for four small models on fixed data and fixed weights.

Everything is written by hand in float32 numpy (forward, backward, optimizer, bookkeeping), from
these Keras 3 files:
  keras/src/backend/tensorflow/trainer.py   train_step: forward(training=True) -> compute_loss ->
                                            loss tracker `Mean.update_state(loss, sample_weight=
                                            batch size)` -> gradients -> apply_gradients ->
                                            compute_metrics with the pre-step predictions
  keras/src/trainers/trainer.py             compute_loss = compiled loss + sum(model.losses)
                                            (the regularization penalties, at the pre-step weights)
  keras/src/trainers/compile_utils.py       `metrics=` are updated WITHOUT sample weights (only
                                            `weighted_metrics=` get them)
  keras/src/trainers/data_adapters/data_adapter_utils.py   class_weight -> per-sample weights
  keras/src/losses/loss.py                  reduction sum_over_batch_size: sum(w * l) / n
  keras/src/losses/losses.py                mse: mean over the last axis
  keras/src/backend/tensorflow/nn.py        crossentropy on a softmax/sigmoid output uses the
                                            layer's logits (`_keras_logits`): sparse softmax CE
                                            and sigmoid CE with logits, no clipping
  keras/src/metrics/accuracy_metrics.py     sparse_categorical_accuracy, binary_accuracy (> 0.5)
  keras/src/optimizers/adam.py, sgd.py, rmsprop.py          the update rules
  keras/src/regularizers/regularizers.py    L2: l2 * sum(w^2)
  keras/src/layers/normalization/batch_normalization.py     batch mean and biased variance,
                                            moving = moving * momentum + batch * (1 - momentum)
  keras/src/layers/convolutional/base_conv.py, pooling      NHWC, HWIO kernels, `same` padding
No shuffling: batches are consecutive rows, the last one partial. Constants follow Keras's float32
casts: beta powers from float32 betas, but `1 - beta`, `1 - rho` and `1 - momentum` computed from the
Python (double) floats before the cast.

Initial weights: parameter number k (in Keras's `model.weights` order) gets
  w[i] = float32(0.3 * sin(0.7 * i + k)), i over the row-major flattened shape;
batch normalization starts from gamma = 1 + wave, beta = wave (k as listed), moving_mean 0,
moving_variance 1. Inputs: x[i] = float32(sin(0.37 * i + phase)), i over the flattened data
(plus 0.5 in case 3).

Run: python3 scripts/reference/training_step_reference.py > Tests/TrainingTests/TrainingParityReference.swift
"""
import numpy as np

F = np.float32


def wave(shape, k, scale=0.3):
    n = int(np.prod(shape))
    return (scale * np.sin(0.7 * np.arange(n) + k)).astype(F).reshape(shape)


def inputs(shape, phase):
    n = int(np.prod(shape))
    return np.sin(0.37 * np.arange(n) + phase).astype(F).reshape(shape)


def batches(n, size):
    return [slice(s, min(s + size, n)) for s in range(0, n, size)]


# ---------------------------------------------------------------- optimizers (Keras 3, float32)
class Adam:
    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-7):
        self.lr, self.b1, self.b2, self.eps = F(lr), F(beta1), F(beta2), F(eps)
        # As adam.py: the powers use float32 betas, `1 - self.beta_1` is a Python (double) float.
        self.c1, self.c2 = F(1 - beta1), F(1 - beta2)
        self.m, self.v, self.t = {}, {}, 0

    def step(self, params, grads):
        self.t += 1
        b1p = F(self.b1 ** F(self.t))
        b2p = F(self.b2 ** F(self.t))
        alpha = F(self.lr * np.sqrt(F(1) - b2p) / (F(1) - b1p))
        for name, g in grads.items():
            m = self.m.setdefault(name, np.zeros_like(g))
            v = self.v.setdefault(name, np.zeros_like(g))
            m += (g - m) * self.c1
            v += (g * g - v) * self.c2
            params[name] -= (m * alpha) / (np.sqrt(v) + self.eps)


class SGD:
    def __init__(self, lr, momentum=0.0, nesterov=False):
        self.lr, self.mu, self.nesterov = F(lr), F(momentum), nesterov
        self.m = {}

    def step(self, params, grads):
        for name, g in grads.items():
            if self.mu == 0:
                params[name] -= g * self.lr
                continue
            m = self.m.setdefault(name, np.zeros_like(g))
            m[...] = -g * self.lr + m * self.mu
            params[name] += (-g * self.lr + m * self.mu) if self.nesterov else m


class RMSprop:
    def __init__(self, lr, rho=0.9, eps=1e-7):
        self.lr, self.rho, self.eps = F(lr), F(rho), F(eps)
        self.c = F(1 - rho)  # `1 - rho` in double, as rmsprop.py
        self.v = {}

    def step(self, params, grads):
        for name, g in grads.items():
            v = self.v.setdefault(name, np.zeros_like(g))
            v[...] = self.rho * v + self.c * g * g
            params[name] -= self.lr * g / np.sqrt(v + self.eps)


# ---------------------------------------------------------------- losses from logits, with gradients
def sparse_ce_from_logits(z, y, w):
    """Per-row -log softmax(z)[y], reduced sum(w*l)/n; returns (loss, dL/dz)."""
    n = z.shape[0]
    m = z.max(axis=1, keepdims=True)
    e = np.exp(z - m)
    s = e.sum(axis=1, keepdims=True)
    per_row = (np.log(s) + m)[:, 0] - z[np.arange(n), y]
    p = e / s
    onehot = np.zeros_like(z)
    onehot[np.arange(n), y] = 1
    grad = (p - onehot) * w[:, None] / F(n)
    return F((w * per_row).sum() / F(n)), grad.astype(F)


def sigmoid_ce_from_logits(z, t):
    """tf.nn.sigmoid_cross_entropy_with_logits, mean over the last axis and the batch."""
    per = np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))
    sig = F(1) / (F(1) + np.exp(-z))
    return F(per.mean()), ((sig - t) / F(z.size)).astype(F)


# ---------------------------------------------------------------- output as Swift literals
out = []


def numbers(value):
    return [f"{x:.9g}" for x in np.asarray(value, dtype=np.float64).ravel()]


def literal(value, indent):
    """A Swift [Double] literal, wrapped to stay within 110 columns."""
    v = numbers(value)
    one = "[" + ", ".join(v) + "]"
    if indent + len(one) <= 100:
        return one
    rows = [" " * (indent + 2) + ", ".join(v[s:s + 6]) + "," for s in range(0, len(v), 6)]
    return "[\n" + "\n".join(rows) + "\n" + " " * indent + "]"


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(r[:1].upper() + r[1:] for r in rest)


def emit(name, value):
    out.append(f"  static let {camel(name)}: [Double] = " + literal(value, 2))


def emit_steps(name, steps):
    """Parameter values after each step: one dictionary per step, keyed by parameter name."""
    out.append(f"  static let {camel(name)}: [[String: [Double]]] = [")
    for params in steps:
        out.append("    [")
        for key, value in params.items():
            out.append(f'      "{key}": ' + literal(value, 6) + ",")
        out.append("    ],")
    out.append("  ]")


def run_epoch(prefix, steps, x, n, batch):
    """Keras's epoch bookkeeping: running loss weighted by batch size, metric from pre-step outputs."""
    loss_total, seen, correct, counted = F(0), 0, 0.0, 0
    batch_losses, running, accuracy = [], [], []
    for b, rows in enumerate(batches(n, batch)):
        size = rows.stop - rows.start
        loss, hits, elements = steps(rows, b)
        loss_total += F(loss * size)
        seen += size
        correct += hits
        counted += elements
        batch_losses.append(loss)
        running.append(loss_total / F(seen))
        accuracy.append(correct / counted)
    emit(prefix + "_batch_loss", batch_losses)
    emit(prefix + "_running_loss", running)
    return accuracy


# ---------------------------------------------------------------- 1. dense(8, relu) -> dense(3, softmax)
def case1():
    weights = []
    x = inputs((10, 4), 0.5)
    y = np.array([0, 2, 1, 1, 0, 2, 2, 1, 0, 1])
    p = {"dense/kernel": wave((4, 8), 0), "dense/bias": wave((8,), 1),
         "dense_1/kernel": wave((8, 3), 2), "dense_1/bias": wave((3,), 3)}
    opt = Adam(0.01)

    def step(rows, b):
        xb, yb = x[rows], y[rows]
        z1 = xb @ p["dense/kernel"] + p["dense/bias"]
        h = np.maximum(z1, 0)
        z2 = h @ p["dense_1/kernel"] + p["dense_1/bias"]
        loss, dz2 = sparse_ce_from_logits(z2, yb, np.ones(len(yb), F))
        dh = dz2 @ p["dense_1/kernel"].T
        dz1 = dh * (z1 > 0)
        grads = {"dense/kernel": xb.T @ dz1, "dense/bias": dz1.sum(0),
                 "dense_1/kernel": h.T @ dz2, "dense_1/bias": dz2.sum(0)}
        hits = float((z2.argmax(1) == yb).sum())  # argmax of softmax = argmax of logits
        opt.step(p, grads)
        weights.append({k: v.copy() for k, v in p.items()})
        return loss, hits, len(yb)

    emit("case1_running_accuracy", run_epoch("case1", step, x, 10, 4))
    emit_steps("case1_weights", weights)


# ---------------------------------------------------------------- 2. conv2d -> max_pooling2d -> flatten -> dense(1, sigmoid)
def case2():
    weights = []
    n = 5
    x = inputs((n, 6, 6, 1), 1.0)
    y = np.array([1, 0, 0, 1, 1], dtype=F)[:, None]
    p = {"conv2d/kernel": wave((3, 3, 1, 4), 0), "conv2d/bias": wave((4,), 1),
         "dense/kernel": wave((36, 1), 2), "dense/bias": wave((1,), 3)}
    opt = SGD(0.05, momentum=0.9, nesterov=True)

    def step(rows, b):
        xb, yb = x[rows], y[rows]
        m = xb.shape[0]
        xp = np.pad(xb, ((0, 0), (1, 1), (1, 1), (0, 0)))  # `same`, stride 1, 3x3: one each side
        k = p["conv2d/kernel"]
        z = np.zeros((m, 6, 6, 4), F) + p["conv2d/bias"]
        for dy in range(3):
            for dx in range(3):
                z += xp[:, dy:dy + 6, dx:dx + 6, :] @ k[dy, dx]
        a = np.maximum(z, 0)
        windows = a.reshape(m, 3, 2, 3, 2, 4).transpose(0, 1, 3, 5, 2, 4).reshape(m, 3, 3, 4, 4)
        arg = windows.argmax(-1)  # first maximum in row-major window order
        pooled = windows.max(-1)
        flat = pooled.reshape(m, 36)  # NHWC flatten
        logit = flat @ p["dense/kernel"] + p["dense/bias"]
        loss, dlogit = sigmoid_ce_from_logits(logit, yb)
        dflat = dlogit @ p["dense/kernel"].T
        dwin = np.zeros((m, 3, 3, 4, 4), F)
        np.put_along_axis(dwin, arg[..., None], dflat.reshape(m, 3, 3, 4)[..., None], axis=-1)
        da = dwin.reshape(m, 3, 3, 4, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(m, 6, 6, 4)
        dz = da * (z > 0)
        dk = np.zeros_like(k)
        for dy in range(3):
            for dx in range(3):
                dk[dy, dx] = xp[:, dy:dy + 6, dx:dx + 6, :].reshape(-1, 1).T @ dz.reshape(-1, 4)
        grads = {"conv2d/kernel": dk, "conv2d/bias": dz.sum((0, 1, 2)),
                 "dense/kernel": flat.T @ dlogit, "dense/bias": dlogit.sum(0)}
        prob = F(1) / (F(1) + np.exp(-logit))
        hits = float(((prob > 0.5).astype(F) == yb).sum())
        opt.step(p, grads)
        weights.append({k: v.copy() for k, v in p.items()})
        return loss, hits, yb.size

    emit("case2_running_accuracy", run_epoch("case2", step, x, n, 3))
    emit_steps("case2_weights", weights)


# ---------------------------------------------------------------- 3. dense(l2) -> batch_normalization -> dense(1), mse
def case3():
    weights = []
    n, l2, momentum, eps = 8, F(0.01), F(0.99), F(1e-3)
    keep = F(1 - 0.99)  # `1.0 - self.momentum` in double, as batch_normalization.py
    x = inputs((n, 4), 2.0) + F(0.5)  # an offset, so that the moving mean moves visibly
    y = (np.cos(0.9 * np.arange(n)) * 2).astype(F)[:, None]
    p = {"dense/kernel": wave((4, 3), 0),
         "batch_normalization/gamma": F(1) + wave((3,), 1), "batch_normalization/beta": wave((3,), 2),
         "dense_1/kernel": wave((3, 1), 3), "dense_1/bias": wave((1,), 4)}
    moving = {"batch_normalization/moving_mean": np.zeros(3, F),
              "batch_normalization/moving_variance": np.ones(3, F)}
    opt = RMSprop(0.01)

    def step(rows, b):
        xb, yb = x[rows], y[rows]
        m = F(xb.shape[0])
        penalty = l2 * (p["dense/kernel"] ** 2).sum()
        z = xb @ p["dense/kernel"]
        mean = z.mean(0)
        var = ((z - mean) ** 2).mean(0)  # biased, as ops.moments
        moving["batch_normalization/moving_mean"] = moving["batch_normalization/moving_mean"] * momentum + mean * keep
        moving["batch_normalization/moving_variance"] = moving["batch_normalization/moving_variance"] * momentum + var * keep
        inv = F(1) / np.sqrt(var + eps)
        xhat = (z - mean) * inv
        bn = p["batch_normalization/gamma"] * xhat + p["batch_normalization/beta"]
        o = bn @ p["dense_1/kernel"] + p["dense_1/bias"]
        loss = F(((o - yb) ** 2).mean()) + penalty
        do = F(2) * (o - yb) / F(o.size)
        dbn = do @ p["dense_1/kernel"].T
        dxhat = dbn * p["batch_normalization/gamma"]
        dz = inv / m * (m * dxhat - dxhat.sum(0) - xhat * (dxhat * xhat).sum(0))
        grads = {"dense/kernel": xb.T @ dz + F(2) * l2 * p["dense/kernel"],
                 "batch_normalization/gamma": (dbn * xhat).sum(0), "batch_normalization/beta": dbn.sum(0),
                 "dense_1/kernel": bn.T @ do, "dense_1/bias": do.sum(0)}
        opt.step(p, grads)
        weights.append({k: v.copy() for k, v in {**p, **moving}.items()})
        return loss, 0.0, 1

    run_epoch("case3", step, x, n, 4)
    emit_steps("case3_weights", weights)
    # `evaluate` on the same rows after training: inference mode (moving statistics), penalty added
    # to each batch's loss, batches averaged by size.
    z = x @ p["dense/kernel"]
    bn = p["batch_normalization/gamma"] * (z - moving["batch_normalization/moving_mean"]) / np.sqrt(
        moving["batch_normalization/moving_variance"] + eps) + p["batch_normalization/beta"]
    o = bn @ p["dense_1/kernel"] + p["dense_1/bias"]
    emit("case3_evaluate_loss", [F(((o - y) ** 2).mean()) + l2 * (p["dense/kernel"] ** 2).sum()])


# ---------------------------------------------------------------- 4. class_weight {0: 1, 1: 3}, sparse CE
def case4():
    weights = []
    n = 6
    x = inputs((n, 3), 3.0)
    y = np.array([0, 1, 1, 0, 1, 0])
    class_weight = {0: F(1), 1: F(3)}
    p = {"dense/kernel": wave((3, 2), 0), "dense/bias": wave((2,), 1)}
    opt = SGD(0.1)

    def step(rows, b):
        xb, yb = x[rows], y[rows]
        w = np.array([class_weight[c] for c in yb], F)
        z = xb @ p["dense/kernel"] + p["dense/bias"]
        loss, dz = sparse_ce_from_logits(z, yb, w)  # sum(w * l) / batch size
        hits = float((z.argmax(1) == yb).sum())  # `metrics=` are unweighted
        opt.step(p, {"dense/kernel": xb.T @ dz, "dense/bias": dz.sum(0)})
        weights.append({k: v.copy() for k, v in p.items()})
        return loss, hits, len(yb)

    emit("case4_running_accuracy", run_epoch("case4", step, x, n, 4))
    emit_steps("case4_weights", weights)


case1()
case2()
case3()
case4()
print("// Generated by scripts/reference/training_step_reference.py; do not edit by hand.")
print("// python3 scripts/reference/training_step_reference.py > Tests/TrainingTests/TrainingParityReference.swift")
print()
print("/// Keras 3 `model.fit` values for the parity tests, from the numpy reference script.")
print("enum TrainingParityReference {")
print("\n".join(out))
print("}")
