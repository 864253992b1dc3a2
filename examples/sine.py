"""Regression: fit a noisy sine wave with tanh hidden units and a linear output, trained on mse.

200 noisy samples of y = sin(x) on [-π, π]; a [1, 16, 1] network; the fit is compared with the
true, noise-free curve. Prints the fit as a text plot ('*' the network, '.' the truth).

    python3 examples/sine.py [--epochs N] [--seed S] [--quick] [--svg]
"""

import argparse
import math
import os
import random
import runpy
import sys
from types import SimpleNamespace

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.path.exists(os.path.join(HERE, "tinynn.py")):
    sys.path.insert(0, os.path.dirname(HERE))  # in tinynn's repository, tinynn.py is one folder up
import tinynn  # noqa: E402


def arguments():
    parser = argparse.ArgumentParser(add_help=False,
                                     description="A [1, 16, 1] network fits a noisy sine wave.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--epochs", type=int, default=None,
                        help="Training epochs (default: 500, or 60 with --quick).")
    parser.add_argument("--seed", type=int, default=0,
                        help="Seed of the noisy samples and the initial weights (default: 0).")
    parser.add_argument("--quick", action="store_true", help="Train for fewer epochs.")
    parser.add_argument("--svg", action="store_true",
                        help="Also draw the fit and the loss curve as SVG files in the current "
                             "folder (needs svg.py next to this script).")
    args = parser.parse_args()
    if args.svg and not os.path.exists(os.path.join(HERE, "svg.py")):  # before training, not after
        parser.error("--svg draws with svg.py, which is not next to this script: copy it from examples/")
    if args.epochs is None:
        args.epochs = 60 if args.quick else 500
    return parser, args


def text_plot(xs, curves, width=64, height=17):
    """Several curves (char -> list of y) over the same xs, drawn on a character grid."""
    grid = [[" "] * width for _ in range(height)]
    for char, ys in curves.items():
        for x, y in zip(xs, ys):
            col = round((x - xs[0]) / (xs[-1] - xs[0]) * (width - 1))
            row = round((1.2 - y) / 2.4 * (height - 1))
            if 0 <= row < height:
                grid[row][col] = char
    return "\n".join("|" + "".join(row) + "|" for row in grid)


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    parser, args = arguments()
    rng = random.Random(args.seed)
    X = [[rng.uniform(-math.pi, math.pi)] for _ in range(200)]
    Y = [[math.sin(x[0]) + rng.gauss(0, 0.1)] for x in X]
    every = max(1, args.epochs // 10)

    def report(epoch, history):
        if epoch == 1 or epoch % every == 0:
            print(f"epoch {epoch:5d}  loss {history['loss'][-1]:.6f}")

    try:  # tinynn checks --seed and --epochs: a bad one ends with its message, as argparse's errors do
        net = tinynn.NeuralNetwork([1, 16, 1], ["tanh", "linear"], loss="mse", seed=args.seed)
        history = net.train(X, Y, batch_size=10, epochs=args.epochs, lr=0.01, momentum=0.9, callback=report)
    except ValueError as error:
        parser.error(str(error))

    grid = [-math.pi + 2 * math.pi * i / 63 for i in range(64)]
    fit = [out[0] for out in net.predict([[x] for x in grid])]
    truth = [math.sin(x) for x in grid]
    error = math.fsum((f - t) ** 2 for f, t in zip(fit, truth)) / len(grid)
    print(f"\nmean squared error against the true sine: {error:.4f} (the noise alone has variance 0.0100)")
    print(text_plot(grid, {".": truth, "*": fit}))
    if args.svg:
        # svg.py, beside this script, draws with the standard library only. It is run as a file,
        # so this example imports nothing by name but the standard library and tinynn.
        svg = SimpleNamespace(**runpy.run_path(os.path.join(HERE, "svg.py")))
        points = [(x[0], y[0]) for x, y in zip(X, Y)]
        curves = {"network": list(zip(grid, fit)), "sin(x)": list(zip(grid, truth))}
        print("wrote", svg.write_scatter("sine_fit.svg", curves, points,
                                         title="Noisy sine: fit against truth"))
        print("wrote", svg.write_curve("sine_curve.svg", {"loss": history["loss"]},
                                       title="Sine: training loss", y_label="mse"))


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
