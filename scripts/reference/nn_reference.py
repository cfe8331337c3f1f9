#!/usr/bin/env python3
"""Reference values for Tests/NNTests (batch normalization and losses), computed with numpy.

Formulas follow Keras 3 with the TensorFlow backend:
  keras/src/layers/normalization/batch_normalization.py  (biased batch variance, moving averages)
  keras/src/backend/tensorflow/nn.py                      (crossentropies, clipping to [1e-7, 1-1e-7])
  keras/src/losses/losses.py, loss.py                     (mean over the last axis, sum_over_batch_size)
Run: python3 scripts/reference/nn_reference.py ; the tests check in the printed numbers.
"""
import numpy as np

EPS = 1e-7


def show(name, value):
    value = np.asarray(value, dtype=np.float64).ravel()
    print(f"{name} = [" + ", ".join(f"{v:.9g}" for v in value) + "]")


# ---- batch normalization: input (2, 2, 3) examples of shape (2, 3) -> channels last = 3
x = np.array([[[0.5, -1.0, 2.0], [1.5, 0.0, -2.0]],
              [[-0.5, 3.0, 1.0], [2.5, -1.0, 0.0]]], dtype=np.float64)
gamma = np.array([1.5, 0.5, -1.0])
beta = np.array([0.1, -0.2, 0.3])
momentum, epsilon = 0.99, 1e-3
axes = (0, 1)
mean = x.mean(axis=axes)
var = x.var(axis=axes)  # biased, as tf.nn.moments
y_train = gamma * (x - mean) / np.sqrt(var + epsilon) + beta
moving_mean = 0.0 * momentum + mean * (1 - momentum)
moving_var = 1.0 * momentum + var * (1 - momentum)
show("bn_train_output", y_train)
show("bn_moving_mean", moving_mean)
show("bn_moving_variance", moving_var)
mm = np.array([0.2, -0.1, 0.4])
mv = np.array([1.2, 0.8, 2.0])
y_infer = gamma * (x - mm) / np.sqrt(mv + epsilon) + beta
show("bn_inference_output", y_infer)


# ---- losses
def reduce(per_sample_elements, weights=None):
    """sum_over_batch_size of the per-sample loss tensor (after weighting)."""
    v = per_sample_elements
    if weights is not None:
        v = v * weights.reshape((-1,) + (1,) * (v.ndim - 1))
    return v.sum() / v.size


yt = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 0.25]])
yp = np.array([[0.1, 0.8, 2.0], [0.6, -0.3, 0.25]])
w = np.array([0.5, 2.0])
err = yp - yt
mse = (err ** 2).mean(axis=-1)
mae = np.abs(err).mean(axis=-1)
a = np.abs(err)
huber = np.where(a <= 1.0, 0.5 * err ** 2, a - 0.5).mean(axis=-1)
show("mse", reduce(mse))
show("mse_weighted", reduce(mse, w))
show("mae", reduce(mae))
show("huber", reduce(huber))
show("huber_weighted", reduce(huber, w))

# binary crossentropy from probabilities, with values beyond the clip range
bt = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
bp = np.array([[0.9, 0.2, 1.0], [0.0, 0.7, 0.4]])
o = np.clip(bp, EPS, 1 - EPS)
bce = -(bt * np.log(o) + (1 - bt) * np.log(1 - o))
show("bce", reduce(bce.mean(axis=-1)))
show("bce_weighted", reduce(bce.mean(axis=-1), w))
logits = np.array([[2.0, -1.0, 0.5], [-3.0, 0.2, 4.0]])
bce_l = np.maximum(logits, 0) - logits * bt + np.log1p(np.exp(-np.abs(logits)))
show("bce_logits", reduce(bce_l.mean(axis=-1)))

# categorical crossentropy from probabilities (rows renormalised, then clipped)
ct = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
cp = np.array([[0.2, 0.7, 0.1], [0.5, 0.5, 0.0], [0.3, 0.3, 0.6]])
cpn = cp / cp.sum(axis=-1, keepdims=True)
cce = -(ct * np.log(np.clip(cpn, EPS, 1 - EPS))).sum(axis=-1)
show("cce", reduce(cce))
cw = np.array([1.0, 0.5, 3.0])
show("cce_weighted", reduce(cce, cw))
cl = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0], [2.0, 2.0, -2.0]])
lse = np.log(np.exp(cl - cl.max(axis=-1, keepdims=True)).sum(axis=-1)) + cl.max(axis=-1)
cce_l = (ct * (lse[:, None] - cl)).sum(axis=-1)
show("cce_logits", reduce(cce_l))

# sparse categorical crossentropy: log of clipped probabilities, then softmax crossentropy
labels = np.array([1, 2, 0])
c = np.log(np.clip(cp, EPS, 1 - EPS))
lse_c = np.log(np.exp(c).sum(axis=-1))
scce = lse_c - c[np.arange(3), labels]
show("scce", reduce(scce))
scce_l = lse - cl[np.arange(3), labels]
show("scce_logits", reduce(scce_l))
