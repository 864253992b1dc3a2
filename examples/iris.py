"""Fisher's iris flowers: three species from four measurements, with softmax and cross-entropy.

150 samples (UCI, via scikit-learn's bundled copy; see examples/data/README.md). A shuffled,
stratified 70/30 split with a fixed seed; features standardised with the training set's mean and
spread; a [4, 8, 3] network with a tanh hidden layer and a softmax output.

    python3 examples/iris.py [--epochs N] [--seed S] [--quick] [--svg]
"""

import argparse
import csv
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
    parser = argparse.ArgumentParser(add_help=False, description="A [4, 8, 3] softmax network "
                                     "learns Fisher's iris flowers.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--epochs", type=int, default=None,
                        help="Training epochs (default: 200, or 60 with --quick).")
    parser.add_argument("--seed", type=int, default=0,
                        help="Seed of the train/test split and the initial weights (default: 0).")
    parser.add_argument("--quick", action="store_true", help="Train for fewer epochs.")
    parser.add_argument("--svg", action="store_true",
                        help="Also draw the loss curves as an SVG file in the current folder "
                             "(needs svg.py next to this script).")
    args = parser.parse_args()
    if args.svg and not os.path.exists(os.path.join(HERE, "svg.py")):  # before training, not after
        parser.error("--svg draws with svg.py, which is not next to this script: copy it from examples/")
    if args.epochs is None:
        args.epochs = 60 if args.quick else 200
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


def stratified_split(labels, test_fraction, rng):
    """(train indices, test indices): each class split in the same proportion, shuffled by rng."""
    train, test = [], []
    for label in sorted(set(labels)):
        members = [i for i, other in enumerate(labels) if other == label]
        rng.shuffle(members)
        cut = round(len(members) * test_fraction)
        test += members[:cut]
        train += members[cut:]
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test


def standardize(train, test):
    """Scale each feature to mean 0 and standard deviation 1 with the training set's statistics,
    for both sets (the test set must not leak into them). math.fsum rounds exactly, so every Python
    gets the same bits."""
    n = len(train)
    means = [math.fsum(column) / n for column in zip(*train)]
    stds = [math.sqrt(math.fsum((v - m) ** 2 for v in column) / n) or 1.0
            for column, m in zip(zip(*train), means)]
    return [[[(v - m) / s for v, m, s in zip(row, means, stds)] for row in rows] for rows in (train, test)]


def confusion_matrix(true_labels, predicted, names):
    """A text table: row = true class, column = predicted class, entries = counts."""
    counts = [[0] * len(names) for _ in names]
    for t, p in zip(true_labels, predicted):
        counts[t][p] += 1
    width = max(len(name) for name in names) + 1
    lines = ["true \\ predicted".ljust(width + 2) + "".join(name.rjust(width) for name in names)]
    for name, row in zip(names, counts):
        lines.append(name.ljust(width + 2) + "".join(str(c).rjust(width) for c in row))
    return "\n".join(lines)


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    parser, args = arguments()
    header, rows = read_csv("iris.csv")
    species = sorted(set(row[4] for row in rows))
    features = [[float(v) for v in row[:4]] for row in rows]
    labels = [species.index(row[4]) for row in rows]

    train, test = stratified_split(labels, 0.3, random.Random(args.seed))
    X_train, X_test = standardize([features[i] for i in train], [features[i] for i in test])
    Y_train = tinynn.one_hot([labels[i] for i in train], 3)
    Y_test = tinynn.one_hot([labels[i] for i in test], 3)
    print("{} training and {} test samples; classes: {}".format(len(train), len(test), ", ".join(species)))

    every = max(1, args.epochs // 10)

    def report(epoch, history):
        if epoch == 1 or epoch % every == 0:
            print(f"epoch {epoch:4d}  loss {history['loss'][-1]:.4f}  "
                  f"test loss {history['val_loss'][-1]:.4f}  test accuracy {history['val_accuracy'][-1]:.1%}")

    try:  # tinynn checks --seed and --epochs: a bad one ends with its message, as argparse's errors do
        net = tinynn.NeuralNetwork([4, 8, 3], ["tanh", "softmax"], loss="cross_entropy", seed=args.seed)
        # The test set is watched after each epoch (validation=), never trained on or tuned against.
        history = net.train(X_train, Y_train, batch_size=8, epochs=args.epochs, lr=0.05,
                            validation=(X_test, Y_test), callback=report)
    except ValueError as error:
        parser.error(str(error))
    print(f"\ntest accuracy: {net.accuracy(X_test, Y_test):.1%}")
    print(confusion_matrix([labels[i] for i in test], net.predict_classes(X_test), species))
    if args.svg:
        # svg.py, beside this script, draws with the standard library only. It is run as a file,
        # so this example imports nothing by name but the standard library and tinynn.
        svg = SimpleNamespace(**runpy.run_path(os.path.join(HERE, "svg.py")))
        curves = {"loss": history["loss"], "val_loss": history["val_loss"]}
        print("wrote", svg.write_curve("iris_curve.svg", curves, title="Iris: loss per epoch",
                                       y_label="cross-entropy"))


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
