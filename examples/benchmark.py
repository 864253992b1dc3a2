"""How fast tinynn trains, next to the fastest a plain Python loop can multiply the same matrices.

    python3 examples/benchmark.py [--quick]     (--quick: seconds, on 200 samples instead of 1437)

Three workloads:
  W1  the tutorial's [2, 10, 1] sigmoid/sigmoid network on XOR, batch 4: microseconds per SGD step
  W2  a digits-sized [64, 32, 10] network, batch 10, 1437 samples: seconds per epoch
  W3  [64, 128, 128, 10], batch 10, the same samples: seconds per epoch

Throughput counts 3 × the forward pass's multiply-adds per epoch (forward, BP2 and BP4 each cost about
one forward pass) divided by the time. The speed of light beside it is measured in the same process:
the explicit loop `for a, b in zip(row, column): s += a * b` multiplying matrices of the shapes one
epoch multiplies, and nothing else (no activations, no bias, no update, no Python objects).
"""

import gc
import os
import platform
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # where tinynn.py is
import tinynn  # noqa: E402
from examples import common  # noqa: E402

try:
    import resource
except ImportError:  # not on Windows
    resource = None


def explicit_matmul(rows, columns):
    """The speed of light: rows (n, k) times columns given as (m, k), in the plainest loop."""
    product = []
    for row in rows:
        product_row = []
        for column in columns:
            s = 0.0
            for a, b in zip(row, column):
                s += a * b
            product_row.append(s)
        product.append(product_row)
    return product


def random_rows(rng, n, k):
    return [[rng.uniform(-1, 1) for _ in range(k)] for _ in range(n)]


def products_per_batch(layers, batch):
    """(n, k, m) of each product one SGD step performs: forward wa, BP2 wᵀδ (not for the first
    layer), BP4 δaᵀ."""
    shapes = []
    for l, (n_in, n_out) in enumerate(zip(layers[:-1], layers[1:])):
        shapes.append((n_out, n_in, batch))      # forward: (n_out, n_in) @ (n_in, batch)
        if l > 0:
            shapes.append((n_in, n_out, batch))  # BP2: (n_in, n_out) @ (n_out, batch)
        shapes.append((n_out, batch, n_in))      # BP4: (n_out, batch) @ (batch, n_in)
    return shapes


def speed_of_light(layers, batch, seconds):
    """Multiply-adds per second of explicit_matmul over the products of one SGD step."""
    rng = random.Random(0)
    operands = [(random_rows(rng, n, k), random_rows(rng, m, k)) for n, k, m in products_per_batch(layers, batch)]
    macs_per_step = sum(n * k * m for n, k, m in products_per_batch(layers, batch))
    steps, start = 0, time.perf_counter()
    while True:
        for rows, columns in operands:
            explicit_matmul(rows, columns)
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed > seconds:
            return steps * macs_per_step / elapsed


def forward_macs(layers):
    return sum(n_in * n_out for n_in, n_out in zip(layers[:-1], layers[1:]))


def time_training(layers, activations, loss, X, Y, batch, epochs):
    net = tinynn.NeuralNetwork(layers, activations, loss=loss, seed=0)
    gc.collect()
    start = time.perf_counter()
    net.train(X, Y, batch_size=batch, epochs=epochs, lr=0.1)
    return (time.perf_counter() - start) / epochs


def peak_rss_mb():
    if resource is None:
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def main():
    args = common.arguments(__doc__, epochs=3, quick_epochs=1)
    rng = random.Random(1)
    samples = 200 if args.quick else 1437  # --quick: a smaller epoch, same shapes
    X = random_rows(rng, samples, 64)
    Y = tinynn.one_hot([rng.randrange(10) for _ in range(samples)], 10)
    sol_seconds = 0.3 if args.quick else 2.0

    print("tinynn benchmark: {} {} on {} ({})".format(
        platform.python_implementation(), platform.python_version(), platform.machine(),
        platform.processor() or platform.platform()))

    # W1: the tutorial's network on XOR, time per SGD step on the full batch of 4.
    xor_x, xor_y = [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]
    w1_epochs = 500 if args.quick else 5000
    layers = [2, 10, 1]
    per_step = time_training(layers, ["sigmoid", "sigmoid"], "mse", xor_x, xor_y, 4, w1_epochs)
    throughput = 3 * forward_macs(layers) * 4 / per_step
    sol = speed_of_light(layers, 4, sol_seconds)
    print("W1 [2, 10, 1] XOR, batch 4:        {:8.1f} µs per step   {:6.2f} MMAC/s   speed of light "
          "{:6.2f} MMAC/s   ratio {:.2f}".format(per_step * 1e6, throughput / 1e6, sol / 1e6, throughput / sol))

    for name, layers, activations in [
        ("W2", [64, 32, 10], ["sigmoid", "softmax"]),
        ("W3", [64, 128, 128, 10], ["sigmoid", "sigmoid", "softmax"]),
    ]:
        per_epoch = time_training(layers, activations, "cross_entropy", X, Y, 10, args.epochs)
        throughput = 3 * forward_macs(layers) * samples / per_epoch
        sol = speed_of_light(layers, 10, sol_seconds)
        print("{} {} batch 10, {} samples: {:8.3f} s per epoch  {:6.2f} MMAC/s   speed of light "
              "{:6.2f} MMAC/s   ratio {:.2f}".format(name, layers, samples, per_epoch, throughput / 1e6,
                                                     sol / 1e6, throughput / sol))
    print("peak memory (RSS): {:.1f} MB".format(peak_rss_mb()))


if __name__ == "__main__":
    main()
