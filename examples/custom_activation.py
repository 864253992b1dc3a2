"""Add an activation of your own, prove its derivative right, and watch a wrong one get caught.

An activation is two functions on one float, σ(z) and σ'(z). tinynn.register_activation(name, f, df)
is the one step that makes it usable by name in any layer. tinynn.gradient_check then compares
backpropagation (which uses your σ') with numerical derivatives of the loss (which use only σ):
if your σ' is wrong, the two disagree.

    python3 examples/custom_activation.py [--seed S] [--epochs N] [--quick]
"""

import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # where tinynn.py is
__package__ = "examples"  # run as a script, still part of examples/ (PEP 366): see `from . import` below
import tinynn  # noqa: E402
from . import common  # noqa: E402


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


def main():
    args = common.arguments(__doc__, epochs=300, quick_epochs=100)
    tinynn.register_activation("softplus", softplus, softplus_prime)
    tinynn.register_activation("softplus_wrong", softplus, softplus_prime_wrong)

    rng = random.Random(args.seed)
    X = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(40)]
    Y = [[math.sin(x[0]) * x[1] / 2] for x in X]

    for name in ("softplus", "softplus_wrong"):
        net = tinynn.NeuralNetwork([2, 8, 1], [name, "linear"], loss="mse", seed=args.seed)
        error = tinynn.gradient_check(net, X[:5], Y[:5])
        verdict = "passes" if error < 1e-6 else "FAILS: the derivative does not match the function"
        print(f"{name:15s} gradient check: worst relative error {error:.1e}  -> {verdict}")

    net = tinynn.NeuralNetwork([2, 8, 1], ["softplus", "linear"], loss="mse", seed=args.seed)
    history = net.train(X, Y, batch_size=8, epochs=args.epochs, lr=0.05, momentum=0.9)
    print("training with softplus: loss {:.5f} after epoch 1, {:.5f} after epoch {}".format(
        history["loss"][0], history["loss"][-1], args.epochs))


if __name__ == "__main__":
    main()
