"""Five optimisers on one problem: the same network, the same data, the same initial weights.

Three interleaved spirals (made in code, as in spiral.py), a [2, 16, 16, 3] tanh network with a
softmax output, mini-batches of 10. Only the optimiser (and a learning rate that suits it) changes:

    SGD        w ← w - η·g
    momentum   v ← μv - η·g, w ← w + v                    (SGD with μ = 0.9)
    RMSProp    s ← ρs + (1 - ρ)g², w ← w - η·g/(√s + ε)
    AdaGrad    G ← G + g², w ← w - η·g/(√G + ε)
    Adam       m, v: moving averages of g and g², w ← w - η·m̂/(√v̂ + ε)

The learning rates were chosen per optimiser from 0.001, 0.003, 0.01, ..., 1 as the best on seed 0
after 60 epochs. Prints the training loss of each, side by side, every few epochs.

    python3 examples/optimizers.py [--epochs N] [--seed S] [--quick] [--svg]
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

# name: (optimizer for train(), its learning rate)
CONTENDERS = {
    "SGD": ("sgd", 0.3),
    "momentum": (None, 0.03),  # made per run: tinynn.SGD(momentum=0.9)
    "RMSProp": ("rmsprop", 0.01),
    "AdaGrad": ("adagrad", 0.3),
    "Adam": ("adam", 0.01),
}


def arguments():
    parser = argparse.ArgumentParser(add_help=False, description="SGD, momentum, RMSProp, AdaGrad "
                                     "and Adam train the same network on the same spirals.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--epochs", type=int, default=None,
                        help="Training epochs for each optimiser (default: 60, or 10 with --quick).")
    parser.add_argument("--seed", type=int, default=0,
                        help="Seed of the points and the initial weights (default: 0).")
    parser.add_argument("--quick", action="store_true", help="Train for fewer epochs.")
    parser.add_argument("--svg", action="store_true",
                        help="Also draw the five loss curves as an SVG file in the current folder "
                             "(needs svg.py next to this script).")
    args = parser.parse_args()
    if args.svg and not os.path.exists(os.path.join(HERE, "svg.py")):  # before training, not after
        parser.error("--svg draws with svg.py, which is not next to this script: copy it from examples/")
    if args.epochs is None:
        args.epochs = 10 if args.quick else 60
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


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    parser, args = arguments()
    X, labels = spirals(100, 3, random.Random(args.seed))
    Y = tinynn.one_hot(labels, 3)
    losses, accuracy = {}, {}
    for name, (optimizer, lr) in CONTENDERS.items():
        try:  # tinynn checks --seed and --epochs: a bad one ends with its message, as argparse's errors do
            net = tinynn.NeuralNetwork([2, 16, 16, 3], ["tanh", "tanh", "softmax"], loss="cross_entropy",
                                       seed=args.seed)  # the same initial weights for every optimiser
            history = net.train(X, Y, batch_size=10, epochs=args.epochs, lr=lr,
                                optimizer=optimizer or tinynn.SGD(momentum=0.9))
        except ValueError as error:
            parser.error(str(error))
        losses[name], accuracy[name] = history["loss"], net.accuracy(X, Y)
        if len(history["loss"]) < args.epochs:  # Ctrl-C stopped it: compare what has trained so far
            break
    epochs = min(len(values) for values in losses.values())  # every optimiser trained this many

    print("training loss (cross-entropy) per epoch; learning rates: "
          + ", ".join(f"{name} {lr}" for name, (_, lr) in CONTENDERS.items()))
    print("epoch " + "".join(f"{name:>10}" for name in losses))
    every = max(1, epochs // 10)
    for epoch in range(1, epochs + 1):
        if epoch == 1 or epoch % every == 0:
            print(f"{epoch:5d} " + "".join(f"{values[epoch - 1]:10.4f}" for values in losses.values()))
    print("accuracy" + "".join(f"{accuracy[name]:10.1%}" for name in losses)[2:])
    if epochs:  # --epochs 0 trains nothing: there is no loss to compare
        fastest = min(losses, key=lambda name: losses[name][epochs - 1])
        print(f"lowest loss after {epochs} epoch{'s' if epochs > 1 else ''}: {fastest}")
    for name, values in losses.items():
        below = next((epoch for epoch, loss in enumerate(values, start=1) if loss < 0.2), None)
        print(f"{name:>10}: loss below 0.2 " + (f"from epoch {below}" if below else "not reached"))
    if args.svg:
        # svg.py, beside this script, draws with the standard library only. It is run as a file,
        # so this example imports nothing by name but the standard library and tinynn.
        svg = SimpleNamespace(**runpy.run_path(os.path.join(HERE, "svg.py")))
        print("wrote", svg.write_curve("optimizers_loss.svg", losses,
                                       title="Spirals: training loss with five optimisers",
                                       y_label="cross-entropy"))


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
