"""Add an activation of your own, prove its derivative right, and watch a wrong one get caught.

An activation is two functions on one float, σ(z) and σ'(z). tinynn.register_activation(name, f, df)
is the one step that makes it usable by name in any layer. tinynn.gradient_check then compares
backpropagation (which uses your σ') with numerical derivatives of the loss (which use only σ):
if your σ' is wrong, the two disagree.

    python3 examples/custom_activation.py [--seed S] [--epochs N] [--quick]
"""

import argparse
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.path.exists(os.path.join(HERE, "tinynn.py")):
    sys.path.insert(0, os.path.dirname(HERE))  # in tinynn's repository, tinynn.py is one folder up
import tinynn  # noqa: E402


def softplus(z):
    """ln(1 + e^z), a smooth ReLU; written as max(z, 0) + ln(1 + e^-|z|) so exp never overflows."""
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def softplus_prime(z):
    """d/dz ln(1 + e^z) = e^z / (1 + e^z) = σ(z), the sigmoid."""
    sigmoid, _ = tinynn.activation("sigmoid")
    return sigmoid(z)


def softplus_prime_wrong(z):
    """A plausible-looking mistake: the derivative of ln(1 + z) instead of ln(1 + e^z)."""
    return 1.0 / (1.0 + abs(z))


def arguments():
    parser = argparse.ArgumentParser(add_help=False, description="Register softplus as an "
                                     "activation, check its "
                                     "derivative, and train with it.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--seed", type=int, default=0,
                        help="Seed of the made-up data and the initial weights (default: 0).")
    parser.add_argument("--epochs", type=int, default=None,
                        help="Training epochs with softplus (default: 300, or 100 with --quick).")
    parser.add_argument("--quick", action="store_true", help="Train for fewer epochs.")
    args = parser.parse_args()
    if args.epochs is None:
        args.epochs = 100 if args.quick else 300
    return parser, args


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    parser, args = arguments()
    tinynn.register_activation("softplus", softplus, softplus_prime)
    tinynn.register_activation("softplus_wrong", softplus, softplus_prime_wrong)

    rng = random.Random(args.seed)
    X = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(40)]
    Y = [[math.sin(x[0]) * x[1] / 2] for x in X]

    try:  # tinynn checks --seed and --epochs: a bad one ends with its message, as argparse's errors do
        for name in ("softplus", "softplus_wrong"):
            net = tinynn.NeuralNetwork([2, 8, 1], [name, "linear"], loss="mse", seed=args.seed)
            worst = tinynn.gradient_check(net, X[:5], Y[:5])
            verdict = "passes" if worst < 1e-6 else "FAILS: the derivative does not match the function"
            print(f"{name:15s} gradient check: worst relative error {worst:.1e}  -> {verdict}")

        net = tinynn.NeuralNetwork([2, 8, 1], ["softplus", "linear"], loss="mse", seed=args.seed)
        before = net.loss(X, Y)
        net.train(X, Y, batch_size=8, epochs=args.epochs, lr=0.05, momentum=0.9)
    except ValueError as error:
        parser.error(str(error))
    after = net.loss(X, Y)
    print(f"training with softplus: loss {before:.5f} before, {after:.5f} after {args.epochs} epochs")


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
