"""What the examples share: their command-line options, reading the bundled data, small helpers."""

import argparse
import csv
import math
import os

EXAMPLES = os.path.dirname(os.path.abspath(__file__))


def arguments(description, epochs, quick_epochs, seed=0):
    """Parse --seed, --epochs, --quick and --svg; --quick means a run of a few seconds."""
    parser = argparse.ArgumentParser(description=description.strip().splitlines()[0])
    parser.add_argument("--seed", type=int, default=seed, help="random seed (default %(default)s)")
    parser.add_argument("--epochs", type=int, default=None, help=f"training epochs (default {epochs})")
    parser.add_argument("--quick", action="store_true",
                        help=f"a short run of a few seconds ({quick_epochs} epochs)")
    parser.add_argument("--svg", action="store_true", help="also draw the results as SVG files here")
    args = parser.parse_args()
    if args.epochs is None:
        args.epochs = quick_epochs if args.quick else epochs
    return args


def read_csv(name):
    """(header, rows) of examples/data/NAME, every row a list of strings."""
    with open(os.path.join(EXAMPLES, "data", name), newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def print_every(every):
    """A train() callback that prints the loss every `every` epochs."""
    def callback(epoch, history):
        if epoch == 1 or epoch % every == 0:
            extra = "".join(f"  {key} {values[-1]:.4f}" for key, values in history.items()
                            if key != "loss")
            print("epoch {:5d}  loss {:.6f}{}".format(epoch, history["loss"][-1], extra))
    return callback


def shade(value):
    """A character for a value in [0, 1], darker for higher: a pixel of a text picture."""
    ramp = " .:-=+*#%@"
    return ramp[min(int(value * len(ramp)), len(ramp) - 1)]


def standardize(train, *others):
    """Scale each feature to mean 0 and standard deviation 1, using the training set's statistics
    for every set (the test set must not leak into them). Returns the scaled sets in order.

    math.fsum rounds exactly, so every Python version gets the same bits (sum() changed in 3.12).
    """
    n = len(train)
    means = [math.fsum(column) / n for column in zip(*train)]
    stds = [math.sqrt(math.fsum((v - m) ** 2 for v in column) / n) or 1.0
            for column, m in zip(zip(*train), means)]
    return [[[(v - m) / s for v, m, s in zip(row, means, stds)] for row in rows]
            for rows in (train,) + others]


def stratified_split(labels, test_fraction, rng):
    """(train indices, test indices): each class split in the same proportion, shuffled by rng."""
    train, test = [], []
    for label in sorted(set(labels)):
        members = [i for i, l in enumerate(labels) if l == label]
        rng.shuffle(members)
        cut = round(len(members) * test_fraction)
        test += members[:cut]
        train += members[cut:]
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test


def confusion_matrix(true_labels, predicted, names):
    """A text table: row = true class, column = predicted class, entries = counts."""
    n = len(names)
    counts = [[0] * n for _ in range(n)]
    for t, p in zip(true_labels, predicted):
        counts[t][p] += 1
    width = max(6, max(len(name) for name in names) + 1)
    lines = ["true \\ predicted".ljust(width + 2) + "".join(name[:width - 1].rjust(width) for name in names)]
    for name, row in zip(names, counts):
        lines.append(name.ljust(width + 2) + "".join(str(c).rjust(width) for c in row))
    return "\n".join(lines)
