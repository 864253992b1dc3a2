"""What the examples share: finding tinynn, their command-line options, reading the bundled data.

Importing this module puts the folder above `examples/` on sys.path, so `import tinynn` finds the
single file there without installing anything.
"""

import argparse
import csv
import os
import sys

EXAMPLES = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(EXAMPLES))


def arguments(description, epochs, quick_epochs, seed=0):
    """Parse --seed, --epochs, --quick and --svg; --quick means a run of a few seconds."""
    parser = argparse.ArgumentParser(description=description.strip().splitlines()[0])
    parser.add_argument("--seed", type=int, default=seed, help="random seed (default %(default)s)")
    parser.add_argument("--epochs", type=int, default=None, help="training epochs (default {})".format(epochs))
    parser.add_argument("--quick", action="store_true",
                        help="a short run of a few seconds ({} epochs)".format(quick_epochs))
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
            extra = "".join("  {} {:.4f}".format(key, values[-1]) for key, values in history.items()
                            if key != "loss")
            print("epoch {:5d}  loss {:.6f}{}".format(epoch, history["loss"][-1], extra))
    return callback


def shade(value):
    """A character for a value in [0, 1], darker for higher: a pixel of a text picture."""
    ramp = " .:-=+*#%@"
    return ramp[min(int(value * len(ramp)), len(ramp) - 1)]
