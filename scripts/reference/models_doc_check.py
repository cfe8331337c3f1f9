"""Checks for docs/models.md's snippets (run by Tests/OptimRunTests/ModelsDocTests.swift).

The snippets are extracted from the page into SNIPPETS (keras_digits.py, torch_convert.py) and
imported from there, so what is checked is what the page shows. Each command prints one JSON object.

  compare A.npy B.npy
      the largest absolute difference between two arrays of the same shape.
  torch-numpy SNIPPETS RUN X.npy EXPECTED.npy ARCH
      converts RUN's final checkpoint with the page's to_torch, runs a plain numpy NCHW forward pass
      (OIHW convolutions, [out, in] dense weights, torch's batch norm names) on the raw inputs X
      after model.json's rescale, and compares with EXPECTED (optim-run predict's output).
  keras SNIPPETS RUN X.npy EXPECTED.npy ARCH
      builds ARCH in Keras, loads RUN's final checkpoint with the page's load_checkpoint, predicts
      X after the page's preprocess, and compares with EXPECTED.

ARCH is `digits` (specs/digits_cnn.yaml) or `digits_bn` (the same with a batch normalization and a
ReLU activation layer after the first convolution, as ModelsDocTests trains it).
"""

import json
import sys

import numpy as np

# The layers as operations on NCHW data: (kind, layer name).
ARCHITECTURES = {
    "digits": [
        ("conv", "conv2d"), ("relu", None), ("max_pool", None), ("conv", "conv2d_1"), ("relu", None),
        ("flatten", None), ("dense", "dense"), ("relu", None), ("dense", "dense_1"), ("softmax", None),
    ],
    "digits_bn": [
        ("conv", "conv2d"), ("batch_norm", "batch_normalization"), ("relu", None), ("max_pool", None),
        ("conv", "conv2d_1"), ("relu", None), ("flatten", None), ("dense", "dense"), ("relu", None),
        ("dense", "dense_1"), ("softmax", None),
    ],
}

# batch_normalization's default epsilon in the spec schema (docs/spec.md), as Keras's.
BN_EPSILON = 1e-3


def conv_same(x, weight, bias):
    """NCHW input, OIHW weight, stride 1, 'same' padding for odd kernels."""
    _, _, kh, kw = weight.shape
    padded = np.pad(x, ((0, 0), (0, 0), (kh // 2, kh // 2), (kw // 2, kw // 2)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (kh, kw), axis=(2, 3))  # N C H W kh kw
    return np.einsum("nchwij,ocij->nohw", windows, weight) + bias[None, :, None, None]


def forward_nchw(x, state, ops):
    """The torch-layout state dict applied with numpy, in float64."""
    x = x.reshape(x.shape[0], 1, 8, 8).astype(np.float64)
    s = {k: v.astype(np.float64) for k, v in state.items() if not k.endswith("num_batches_tracked")}
    for kind, name in ops:
        if kind == "conv":
            x = conv_same(x, s[f"{name}.weight"], s[f"{name}.bias"])
        elif kind == "batch_norm":
            shape = (1, -1, 1, 1)
            x = (x - s[f"{name}.running_mean"].reshape(shape)) / np.sqrt(
                s[f"{name}.running_var"].reshape(shape) + BN_EPSILON)
            x = x * s[f"{name}.weight"].reshape(shape) + s[f"{name}.bias"].reshape(shape)
        elif kind == "relu":
            x = np.maximum(x, 0)
        elif kind == "max_pool":
            n, c, h, w = x.shape
            x = x.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))
        elif kind == "flatten":
            x = x.reshape(x.shape[0], -1)  # (c, h, w) order, as torch.flatten
        elif kind == "dense":
            x = x @ s[f"{name}.weight"].T + s[f"{name}.bias"]
        elif kind == "softmax":
            e = np.exp(x - x.max(axis=1, keepdims=True))
            x = e / e.sum(axis=1, keepdims=True)
    return x


def keras_model(keras_digits, arch):
    """The page's digits_cnn, or the batch-normalized variant built the same way."""
    if arch == "digits":
        return keras_digits.digits_cnn()
    import keras
    return keras.Sequential([
        keras.Input((8, 8)),
        keras.layers.Reshape((8, 8, 1), name="reshape"),
        keras.layers.Conv2D(16, 3, padding="same", name="conv2d"),
        keras.layers.BatchNormalization(epsilon=BN_EPSILON, name="batch_normalization"),
        keras.layers.Activation("relu", name="activation"),
        keras.layers.MaxPooling2D(2, name="max_pooling2d"),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2d_1"),
        keras.layers.Flatten(name="flatten"),
        keras.layers.Dense(64, activation="relu", name="dense"),
        keras.layers.Dense(10, activation="softmax", name="dense_1"),
    ])


def max_diff(a, b):
    if a.shape != b.shape:
        raise SystemExit(f"shapes differ: {a.shape} and {b.shape}")
    return float(np.abs(a.astype(np.float64) - b.astype(np.float64)).max())


def main(argv):
    command = argv[1]
    if command == "compare":
        print(json.dumps({"max_abs_diff": max_diff(np.load(argv[2]), np.load(argv[3]))}))
        return
    snippets, run, x_path, expected_path, arch = argv[2:7]
    sys.path.insert(0, snippets)
    info = json.load(open(f"{run}/model.json"))
    x = np.load(x_path)
    expected = np.load(expected_path)
    checkpoint = f"{run}/checkpoints/final.safetensors"
    from safetensors.numpy import load_file
    if command == "torch-numpy":
        import torch_convert
        state = torch_convert.to_torch(load_file(checkpoint), flattened={"dense": (4, 4, 32)})
        inputs = x.astype(np.float32) * np.float32(info["preprocessing"]["rescale"])
        p = forward_nchw(inputs, state, ARCHITECTURES[arch])
        # The same without reordering the first dense layer's rows: what the permutation prevents.
        unpermuted = torch_convert.to_torch(load_file(checkpoint))
        q = forward_nchw(inputs, unpermuted, ARCHITECTURES[arch])
        print(json.dumps({
            "max_abs_diff": max_diff(p, expected), "unpermuted_max_abs_diff": max_diff(q, expected),
            "keys": sorted(state)}))
    elif command == "keras":
        import keras_digits
        model = keras_model(keras_digits, arch)
        keras_digits.load_checkpoint(model, checkpoint)
        p = model.predict(keras_digits.preprocess(x, info), batch_size=32, verbose=0)
        print(json.dumps({"max_abs_diff": max_diff(p, expected)}))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
