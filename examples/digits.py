"""Handwritten digits, 8x8 pixels: 1797 samples, ten classes, one hidden layer.

The UCI optical digits (scikit-learn's bundled copy; see examples/data/README.md). A shuffled
80/20 split, pixels scaled from 0..16 to 0..1, and a [64, 32, 10] network: sigmoid hidden units
(like scikit-learn's MLPClassifier with logistic units) and a softmax output trained with
cross-entropy and plain mini-batch SGD. Prints the test accuracy after each epoch, then some
digits it got wrong, drawn as text.

    python3 examples/digits.py [--epochs N] [--seed S] [--quick] [--svg]
"""

import argparse
import csv
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
    parser = argparse.ArgumentParser(add_help=False, description="A [64, 32, 10] network learns "
                                     "to read 8x8 handwritten digits.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--epochs", type=int, default=None,
                        help="Training epochs (default: 30, or 3 with --quick).")
    parser.add_argument("--seed", type=int, default=0,
                        help="Seed of the train/test split and the initial weights (default: 0).")
    parser.add_argument("--quick", action="store_true", help="Train for fewer epochs.")
    parser.add_argument("--pixel-max", type=float, default=1.0,
                        help="Scale the pixels (0..16 in the file) to 0..PIXEL_MAX before training "
                             "(default: 1). Try 255 to see what unscaled inputs do.")
    parser.add_argument("--svg", action="store_true",
                        help="Also draw the accuracy per epoch as an SVG file in the current folder "
                             "(needs svg.py next to this script).")
    args = parser.parse_args()
    if args.svg and not os.path.exists(os.path.join(HERE, "svg.py")):  # before training, not after
        parser.error("--svg draws with svg.py, which is not next to this script: copy it from examples/")
    if not 0 < args.pixel_max < float("inf"):  # also false for nan
        parser.error(f"argument --pixel-max: expected a positive finite number, got {args.pixel_max}")
    if args.epochs is None:
        args.epochs = 3 if args.quick else 30
    return parser, args


def read_csv(name):
    """(header, rows) of the CSV file `name`: from examples/data/ in tinynn's repository, or from
    this script's own folder when it was copied out with its data file."""
    for path in (os.path.join(HERE, "data", name), os.path.join(HERE, name)):
        if os.path.exists(path):
            with open(path, newline="") as f:
                rows = list(csv.reader(f))
            return rows[0], rows[1:]
    sys.exit(f"{name} not found: put it next to this script, or in a folder data/ beside it")


def draw(pixels):
    """An 8x8 digit as 8 lines of text, darker characters for more ink."""
    ramp = " .:-=+*#%@"
    return ["".join(ramp[min(int(pixels[8 * r + c] * 10), 9)] * 2 for c in range(8)) for r in range(8)]


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    parser, args = arguments()
    header, rows = read_csv("digits.csv")
    # 0..16 -> 0..1 by default: inputs near unit scale
    pixels = [[int(v) / 16.0 * args.pixel_max for v in row[:64]] for row in rows]
    labels = [int(row[64]) for row in rows]
    order = list(range(len(rows)))
    random.Random(args.seed).shuffle(order)
    cut = len(order) // 5
    train, test = order[cut:], order[:cut]
    X_train, X_test = [pixels[i] for i in train], [pixels[i] for i in test]
    Y_train = tinynn.one_hot([labels[i] for i in train], 10)
    Y_test = tinynn.one_hot([labels[i] for i in test], 10)
    print(f"{len(train)} training and {len(test)} test samples")

    def report(epoch, history):
        print("epoch {:3d}/{}  loss {:.4f}  validation accuracy {:.1%}".format(
            epoch, args.epochs, history["loss"][-1], history["val_accuracy"][-1]), flush=True)

    try:  # tinynn checks --seed and --epochs: a bad one ends with its message, as argparse's errors do
        net = tinynn.NeuralNetwork([64, 32, 10], ["sigmoid", "softmax"], loss="cross_entropy", seed=args.seed)
        # The test set doubles as validation here, for watching only: nothing is tuned on it.
        history = net.train(X_train, Y_train, batch_size=10, epochs=args.epochs, lr=0.5,
                            validation=(X_test, Y_test), callback=report)
    except ValueError as error:
        parser.error(str(error))
    predicted = net.predict_classes(X_test)
    truth = [labels[i] for i in test]
    print(f"\ntest accuracy: {net.accuracy(X_test, Y_test):.1%}")

    wrong = [k for k in range(len(test)) if predicted[k] != truth[k]][:4]
    if wrong:
        print("\nSome digits it got wrong:")
        pictures = [draw([v / args.pixel_max for v in X_test[k]]) for k in wrong]
        print("   ".join(f"true {truth[k]} said {predicted[k]}".ljust(16) for k in wrong))
        for line in zip(*pictures):
            print("   ".join(part.ljust(16) for part in line))
    if args.svg:
        # svg.py, beside this script, draws with the standard library only. It is run as a file,
        # so this example imports nothing by name but the standard library and tinynn.
        svg = SimpleNamespace(**runpy.run_path(os.path.join(HERE, "svg.py")))
        print("wrote", svg.write_curve("digits_curve.svg", {"training": history["accuracy"],
                                                             "validation": history["val_accuracy"]},
                                       title="Digits: accuracy per epoch", y_label="accuracy"))


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
