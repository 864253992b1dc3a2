"""How fast tinynn trains, next to the fastest a plain Python loop can multiply the same matrices.

    python3 examples/benchmark.py [--quick]     (--quick: seconds, on 200 samples instead of 1437)

Three workloads:
  W1  the tutorial's [2, 10, 1] sigmoid/sigmoid network on XOR, batch 4: microseconds per SGD step
  W2  a digits-sized [64, 32, 10] network, batch 10, 1437 samples: seconds per epoch
  W3  [64, 128, 128, 10], batch 10, the same samples: seconds per epoch

Throughput counts 3 × the forward pass's multiply-adds per epoch (forward, BP2 and BP4 each cost about
one forward pass) divided by the time. The speed of light beside it is measured in the same process:
the explicit loop `for a, b in zip(row, column): s += a * b` multiplying matrices of the shapes one
SGD step multiplies, and nothing else (no activations, no bias, no update, no Python objects).
"ratio" is throughput / speed of light. Backpropagation skips BP2 for the first layer, so the products
really done are fewer than 3 × forward; "products alone" says what share of the measured time the
bare loop would need for them. Every figure is the best of several runs, as the machine may be busy.
"""

import argparse
import gc
import os
import platform
import random
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.path.exists(os.path.join(HERE, "tinynn.py")):
    sys.path.insert(0, os.path.dirname(HERE))  # in tinynn's repository, tinynn.py is one folder up
import tinynn  # noqa: E402

try:
    import resource
except ImportError:  # not on Windows
    resource = None


def explicit_matmul(rows, columns):
    """The speed of light: rows (n, k) times columns given as (m, k), in the plainest loop.

    The same loop as tinynn's Matrix.__matmul__, written out here on purpose: the yardstick must not
    depend on the code it measures.
    """
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


def speed_of_light(layers, batch, steps, repeats, warm_up=1.0):
    """Multiply-adds per second of explicit_matmul over the products of `steps` SGD steps: the best
    of `repeats` tries (a busy moment on the machine does not count), after `warm_up` seconds of the
    same work (PyPy's JIT compiles the loop meanwhile)."""
    rng = random.Random(0)
    shapes = products_per_batch(layers, batch)
    operands = [(random_rows(rng, n, k), random_rows(rng, m, k)) for n, k, m in shapes]

    def one_round():
        start = time.perf_counter()
        for _ in range(steps):
            for rows, columns in operands:
                explicit_matmul(rows, columns)
        return time.perf_counter() - start

    warmed = 0.0
    while warmed < warm_up:
        warmed += one_round()
    best = min(one_round() for _ in range(repeats))
    return steps * sum(n * k * m for n, k, m in shapes) / best


def forward_macs(layers):
    return sum(n_in * n_out for n_in, n_out in zip(layers[:-1], layers[1:]))


def actual_macs_per_sample(layers):
    """What one sample really costs in products: forward and BP4 everywhere, BP2 after layer 0."""
    return sum(n * k * m for n, k, m in products_per_batch(layers, 1))


def seconds_per_epoch(layers, activations, X, Y, epochs):
    """Best time of one epoch of batch-10 training, over `epochs` epochs after a warm-up."""
    net = tinynn.NeuralNetwork(layers, activations, loss="cross_entropy", seed=0)
    net.train(X[:200], Y[:200], batch_size=10, epochs=1, lr=0.1)  # warm-up (PyPy's JIT)
    ends = []
    gc.collect()
    start = time.perf_counter()
    net.train(X, Y, batch_size=10, epochs=epochs, lr=0.1,
              callback=lambda epoch, history: ends.append(time.perf_counter()))
    # epoch 1 also pays for checking the data, so each later epoch is timed from the end of the one before
    durations = [b - a for a, b in zip([start] + ends, ends)]
    return min(durations[1:] or durations)


def microseconds_per_step(steps, repeats):
    """W1: best time per full-batch SGD step of the tutorial's network on XOR."""
    xor_x, xor_y = [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]
    net = tinynn.NeuralNetwork([2, 10, 1], ["sigmoid", "sigmoid"], seed=0)
    best = float("inf")
    for _ in range(repeats + 1):  # the first round only warms up
        start = time.perf_counter()
        net.train(xor_x, xor_y, batch_size=4, epochs=steps, lr=2.0)
        best = min(best, time.perf_counter() - start)
    return best / steps * 1e6


def peak_rss_mb():
    if resource is None:
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def arguments():
    parser = argparse.ArgumentParser(add_help=False, description="Time tinynn's training against "
                                     "the fastest plain-Python loop for the same products.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--quick", action="store_true",
                        help="Run for seconds only: 200 samples per epoch instead of 1437, fewer rounds.")
    args = parser.parse_args()
    args.epochs = 2 if args.quick else 3
    return args


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    args = arguments()
    # The workloads train on random labels: there is nothing to learn, only time to measure.
    warnings.simplefilter("ignore", tinynn.TrainingWarning)
    rng = random.Random(1)
    samples = 200 if args.quick else 1437  # --quick: a smaller epoch, same shapes
    X = random_rows(rng, samples, 64)
    Y = tinynn.one_hot([rng.randrange(10) for _ in range(samples)], 10)
    repeats = 2 if args.quick else 5
    warm_up = 0.1 if args.quick else 1.0  # seconds of untimed work before each speed of light

    machine = platform.processor() or platform.platform()
    print(f"tinynn benchmark: {platform.python_implementation()} {platform.python_version()} "
          f"on {platform.machine()} ({machine})")
    print("MMAC/s: millions of multiply-adds per second; speed of light: the same products in the "
          "plainest Python loop and nothing else; ratio: tinynn's MMAC/s over it (1.00 = no overhead).")

    per_step = microseconds_per_step(300 if args.quick else 2000, repeats)
    layers = [2, 10, 1]
    throughput = 3 * forward_macs(layers) * 4 / (per_step * 1e-6)
    sol = speed_of_light(layers, 4, 300 if args.quick else 2000, repeats, warm_up)
    print(f"W1 [2, 10, 1] XOR, batch 4: {per_step:9.1f} µs per step   {throughput / 1e6:7.2f} MMAC/s   "
          f"speed of light {sol / 1e6:7.2f} MMAC/s   ratio {throughput / sol:.2f}")

    for name, layers, activations in [
        ("W2 [64, 32, 10]        ", [64, 32, 10], ["sigmoid", "softmax"]),
        ("W3 [64, 128, 128, 10]  ", [64, 128, 128, 10], ["sigmoid", "sigmoid", "softmax"]),
    ]:
        per_epoch = seconds_per_epoch(layers, activations, X, Y, args.epochs)
        throughput = 3 * forward_macs(layers) * samples / per_epoch
        sol = speed_of_light(layers, 10, 10 if args.quick else 40, repeats, warm_up)
        in_products = actual_macs_per_sample(layers) * samples / sol / per_epoch
        print(f"{name}: {per_epoch:9.3f} s per epoch  {throughput / 1e6:7.2f} MMAC/s   "
              f"speed of light {sol / 1e6:7.2f} MMAC/s   ratio {throughput / sol:.2f}   "
              f"(products alone: {in_products:.0%} of the time)")
    print(f"({samples} samples per epoch, batch 10)")
    print(f"peak memory (RSS): {peak_rss_mb():.1f} MB")


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
