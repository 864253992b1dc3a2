"""Three interleaved spirals: a 2-D problem no straight line can split, and a picture of the answer.

The points are made in code (no data file). A [2, 24, 24, 3] tanh network with a softmax output
learns to wrap its decision regions around the arms; --svg draws the regions and the points.

    python3 examples/spiral.py [--epochs N] [--seed S] [--quick] [--svg]
"""

import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # where tinynn.py is
__package__ = "examples"  # run as a script, still part of examples/ (PEP 366): see `from . import` below
import tinynn  # noqa: E402
from . import common  # noqa: E402


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


def main():
    args = common.arguments(__doc__, epochs=150, quick_epochs=30)
    rng = random.Random(args.seed)
    X, labels = spirals(100, 3, rng)
    Y = tinynn.one_hot(labels, 3)
    net = tinynn.NeuralNetwork([2, 24, 24, 3], ["tanh", "tanh", "softmax"], loss="cross_entropy",
                               seed=args.seed)
    history = net.train(X, Y, batch_size=10, epochs=args.epochs, lr=0.03, momentum=0.9,
                        callback=common.print_every(max(1, args.epochs // 10)))
    print(f"training accuracy: {net.accuracy(X, Y):.1%}")
    if args.svg:
        from . import svg
        print("wrote", svg.write_decision_map("spiral_map.svg", net.predict_classes, X, labels,
                                              (-1.1, 1.1, -1.1, 1.1), title="Spirals: decision regions"))
        print("wrote", svg.write_curve("spiral_curve.svg", {"loss": history["loss"]},
                                       title="Spirals: training loss", y_label="cross-entropy"))


if __name__ == "__main__":
    main()
