"""Three interleaved spirals: a 2-D problem no straight line can split, and a picture of the answer.

The points are made in code (no data file). A [2, 24, 24, 3] tanh network with a softmax output
learns to wrap its decision regions around the arms; --svg draws the regions and the points.

    python3 examples/spiral.py [--epochs N] [--seed S] [--quick] [--svg]
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
    parser = argparse.ArgumentParser(add_help=False, description="A [2, 24, 24, 3] network "
                                     "learns three interleaved spirals.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--epochs", type=int, default=None,
                        help="Training epochs (default: 150, or 30 with --quick).")
    parser.add_argument("--seed", type=int, default=0,
                        help="Seed of the points and the initial weights (default: 0).")
    parser.add_argument("--quick", action="store_true", help="Train for fewer epochs.")
    parser.add_argument("--svg", action="store_true",
                        help="Also draw the decision regions and the loss curve as SVG files "
                             "in the current folder (needs svg.py next to this script).")
    args = parser.parse_args()
    if args.svg and not os.path.exists(os.path.join(HERE, "svg.py")):  # before training, not after
        parser.error("--svg draws with svg.py, which is not next to this script: copy it from examples/")
    if args.epochs is None:
        args.epochs = 30 if args.quick else 150
    return parser, args


def spirals(n_per_class, n_classes, rng, noise=0.2):
    """Points on `n_classes` spiral arms (radius 0..1, turning once), each point labelled by its arm."""
    X, labels = [], []
    for c in range(n_classes):
        for i in range(n_per_class):
            r = i / n_per_class
            angle = 2 * math.pi * c / n_classes + 4.0 * r + rng.gauss(0, noise)
            X.append([r * math.sin(angle), r * math.cos(angle)])
            labels.append(c)
    return X, labels


def text_map(net, X, labels, width=61, height=25):
    """The plane [-1.1, 1.1]² as text: '.', 'o' or 'X' where the network predicts class 0, 1 or 2,
    and 'A', 'B' or 'C' where a training point of that class lies."""
    rows = []
    for r in range(height):
        y = 1.1 - 2.2 * r / (height - 1)
        points = [[-1.1 + 2.2 * c / (width - 1), y] for c in range(width)]
        rows.append([".oX"[k] for k in net.predict_classes(points)])
    for (x1, x2), label in zip(X, labels):
        c, r = round((x1 + 1.1) / 2.2 * (width - 1)), round((1.1 - x2) / 2.2 * (height - 1))
        rows[r][c] = "ABC"[label]
    return "\n".join("|" + "".join(row) + "|" for row in rows)


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    parser, args = arguments()
    rng = random.Random(args.seed)
    X, labels = spirals(100, 3, rng)
    Y = tinynn.one_hot(labels, 3)
    every = max(1, args.epochs // 10)

    def report(epoch, history):
        if epoch == 1 or epoch % every == 0:
            print(f"epoch {epoch:4d}  loss {history['loss'][-1]:.4f}  accuracy {history['accuracy'][-1]:.1%}")

    try:  # tinynn checks --seed and --epochs: a bad one ends with its message, as argparse's errors do
        net = tinynn.NeuralNetwork([2, 24, 24, 3], ["tanh", "tanh", "softmax"], loss="cross_entropy",
                                   seed=args.seed)
        history = net.train(X, Y, batch_size=10, epochs=args.epochs, lr=0.03, momentum=0.9, callback=report)
    except ValueError as error:
        parser.error(str(error))
    print(f"training accuracy: {net.accuracy(X, Y):.1%}")
    print("\nDecision regions: '.', 'o', 'X' where the network picks class 0, 1, 2; "
          "A, B, C are the training points of each class")
    print(text_map(net, X, labels))
    if args.svg:
        # svg.py, beside this script, draws with the standard library only. It is run as a file,
        # so this example imports nothing by name but the standard library and tinynn.
        svg = SimpleNamespace(**runpy.run_path(os.path.join(HERE, "svg.py")))
        print("wrote", svg.write_decision_map("spiral_map.svg", net.predict_classes, X, labels,
                                              (-1.1, 1.1, -1.1, 1.1), title="Spirals: decision regions"))
        print("wrote", svg.write_curve("spiral_curve.svg", {"loss": history["loss"]},
                                       title="Spirals: training loss", y_label="cross-entropy"))


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
