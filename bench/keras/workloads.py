"""Keras 3 (TensorFlow backend) equivalents of the optim-run workloads timed by bench/compare-keras.sh.

    python workloads.py WORKLOAD [--out DIR]

Each workload builds the same model as the optim-run spec it mirrors (same layers, loss, optimizer,
learning rate, batch size, data shape and epochs), trains or predicts on synthetic data of the same
shape, and prints one JSON object on its last line of standard output. The harness times the whole
process with GNU time; the in-process figures below use the same definitions as the harness applies
to optim-run's `--json` epoch events:

- cifar, unet: wall seconds of each epoch (on_epoch_begin to on_epoch_end, the span optim-run's
  epoch event measures); Keras's first epoch includes tracing, so the harness uses the median of
  the epochs after the first.
- predict: `model.predict(x, batch_size=256)` on the .npy given, predictions written as .npy.
- mlp, text, digits: whole process only (nothing printed but the JSON line).
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class EpochTimer(keras.callbacks.Callback):
    """Wall seconds of every epoch, as optim-run's `epoch` event reports them."""

    def __init__(self):
        super().__init__()
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.start)


def cifar_model():
    """specs/cifar_cnn.yaml's model: 122,570 parameters."""
    return keras.Sequential([
        keras.Input((32, 32, 3)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])


def unet_model():
    """specs/unet_segmentation.yaml's model: two skip connections, 128²×1 in, sigmoid mask out."""
    x = keras.Input((128, 128, 1))
    c1 = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
    h = layers.MaxPooling2D(2)(c1)
    c2 = layers.Conv2D(128, 3, padding="same", activation="relu")(h)
    h = layers.MaxPooling2D(2)(c2)
    h = layers.Conv2D(256, 3, padding="same", activation="relu")(h)
    h = layers.Concatenate()([layers.UpSampling2D(2)(h), c2])
    h = layers.Conv2D(128, 3, padding="same", activation="relu")(h)
    h = layers.Concatenate()([layers.UpSampling2D(2)(h), c1])
    h = layers.Conv2D(64, 3, padding="same", activation="relu")(h)
    y = layers.Conv2D(1, 1, activation="sigmoid")(h)
    return keras.Model(x, y)


def train_epochs(model, x, y, batch, epochs, loss, metrics, lr, validation=None):
    model.compile(optimizer=keras.optimizers.Adam(lr), loss=loss, metrics=metrics)
    timer = EpochTimer()
    model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0, callbacks=[timer], validation_data=validation)
    return timer.seconds


def cifar(a, rng):
    x = rng.random((a.samples, 32, 32, 3), dtype=np.float32)
    y = rng.integers(0, 10, a.samples)
    s = train_epochs(cifar_model(), x, y, 32, a.epochs, "sparse_categorical_crossentropy", ["accuracy"], 1e-3)
    return {"epoch_seconds": s, "samples": a.samples, "batch": 32}


def unet(a, rng):
    x = rng.random((a.samples, 128, 128, 1), dtype=np.float32)
    y = (rng.random((a.samples, 128, 128, 1)) > 0.5).astype(np.float32)
    s = train_epochs(unet_model(), x, y, 16, a.epochs, "binary_crossentropy", ["accuracy"], 1e-3)
    return {"epoch_seconds": s, "samples": a.samples, "batch": 16}


def predict_setup(a, rng):
    """Trains the CIFAR CNN for one epoch on synthetic data and saves it (outside any timing)."""
    model = cifar_model()
    x = rng.random((1024, 32, 32, 3), dtype=np.float32)
    train_epochs(model, x, rng.integers(0, 10, 1024), 32, 1, "sparse_categorical_crossentropy", ["accuracy"], 1e-3)
    model.save(os.path.join(a.out, "cifar.keras"))
    return {"saved": os.path.join(a.out, "cifar.keras")}


def predict(a, rng):
    model = keras.saving.load_model(os.path.join(a.out, "cifar.keras"))
    x = np.load(a.input)
    start = time.perf_counter()
    p = model.predict(x, batch_size=256, verbose=0)
    seconds = time.perf_counter() - start
    np.save(os.path.join(a.out, "keras-predictions.npy"), p)
    return {"predict_seconds": seconds, "images": len(x)}


def mlp(a, rng):
    """specs/mlp_regression.yaml: 1000×10 → 64 relu → 32 relu → 1, Adam(0.01), mse, mae."""
    x = rng.standard_normal((1000, 10)).astype(np.float32)
    y = (x @ rng.standard_normal((10, 1)) + 0.1 * rng.standard_normal((1000, 1))).astype(np.float32)
    model = keras.Sequential([
        keras.Input((10,)), layers.Dense(64, activation="relu"), layers.Dense(32, activation="relu"), layers.Dense(1)
    ])
    train_epochs(model, x, y, 32, a.epochs, "mse", ["mae"], 0.01)
    return {}


TEXTS = [
    "I love this movie", "This movie is great", "Terrible movie", "What a wonderful film", "I hated every minute",
    "Great acting and a great story", "Boring and far too long", "The worst film this year", "A lovely surprise",
    "Awful plot and bad acting",
]
LABELS = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0]


def text(a, rng):
    """specs/text_bow.yaml: word counts → 16 relu → 1 sigmoid, Adam(0.01), mse, batch 4, 20 % validation."""
    vectorizer = layers.TextVectorization(output_mode="count")
    vectorizer.adapt(TEXTS)
    x = np.asarray(vectorizer(np.array(TEXTS)), dtype=np.float32)
    y = np.array(LABELS, dtype=np.float32)
    order = rng.permutation(len(TEXTS))
    train, test = order[:8], order[8:]
    model = keras.Sequential([
        keras.Input((x.shape[1],)), layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")
    ])
    train_epochs(model, x[train], y[train], 4, a.epochs, "mse", ["accuracy"], 0.01, validation=(x[test], y[test]))
    return {"vocabulary": int(x.shape[1])}


def digits(a, rng):
    """specs/digits_cnn.yaml on data/digits (for information: optim-run's goal is absolute)."""
    x = np.load(os.path.join(ROOT, "data/digits/x.npy")).astype(np.float32) * 0.0625
    y = np.load(os.path.join(ROOT, "data/digits/y.npy"))
    order = rng.permutation(len(x))
    cut = len(x) - int(np.ceil(len(x) * 0.2))
    train, test = order[:cut], order[cut:]
    model = keras.Sequential([
        keras.Input((8, 8)), layers.Reshape((8, 8, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"), layers.Flatten(),
        layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax"),
    ])
    train_epochs(model, x[train], y[train], 32, 15, "sparse_categorical_crossentropy", ["accuracy"], 1e-3,
                 validation=(x[test], y[test]))
    return {}


WORKLOADS = {"cifar": cifar, "unet": unet, "predict-setup": predict_setup, "predict": predict, "mlp": mlp,
             "text": text, "digits": digits}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload", choices=sorted(WORKLOADS))
    p.add_argument("--samples", type=int, default=2048)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--out", default=".", help="folder for the predict model and outputs")
    p.add_argument("--input", help="predict: the .npy of images")
    a = p.parse_args()
    keras.utils.set_random_seed(42)
    result = WORKLOADS[a.workload](a, np.random.default_rng(42))
    result.update(workload=a.workload, keras=keras.__version__, backend=keras.backend.backend())
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
