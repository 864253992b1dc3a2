"""XOR with the tutorial's own network: layers [2, 10, 1], sigmoid hidden and output, mse.

XOR is the smallest problem a single layer cannot solve: no straight line separates (0,1) and
(1,0) from (0,0) and (1,1). Ten hidden sigmoids bend the boundary. With the tutorial's lr = 0.01
and 100 epochs nothing is learnt; lr = 2.0 on the full batch of 4 learns it in about 1000 epochs.

    python3 examples/xor.py [--epochs N] [--seed S] [--quick] [--svg]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # where tinynn.py is
__package__ = "examples"  # run as a script, still part of examples/ (PEP 366): see `from . import` below
import tinynn  # noqa: E402
from . import common  # noqa: E402

X = [[0, 0], [0, 1], [1, 0], [1, 1]]
Y = [[0], [1], [1], [0]]


def surface(net, width=41, height=15):
    """The network's output over the unit square as text: one character per grid point."""
    lines = []
    for r in range(height):
        x2 = 1.0 - r / (height - 1)  # top row is x2 = 1
        points = [[c / (width - 1), x2] for c in range(width)]
        lines.append("|" + "".join(common.shade(out[0]) for out in net.predict(points)) + "|")
    return "\n".join(lines)


def main():
    args = common.arguments(__doc__, epochs=2000, quick_epochs=1000)
    net = tinynn.NeuralNetwork(layers=[2, 10, 1], activations=["sigmoid", "sigmoid"], seed=args.seed)
    history = net.train(X, Y, batch_size=4, epochs=args.epochs, lr=2.0,
                        callback=common.print_every(max(1, args.epochs // 10)))
    print()
    for x, y, out in zip(X, Y, net.predict(X)):
        verdict = "right" if (out[0] > 0.5) == (y[0] == 1) else "WRONG"
        print(f"x = {x}  target {y[0]}  output {out[0]:.4f}  {verdict}")
    print(f"accuracy: {net.accuracy(X, Y):.0%}")
    print("\nOutput over the unit square (x1 left to right, x2 bottom to top; darker = closer to 1):")
    print(surface(net))
    if args.svg:
        from . import svg
        print("wrote", svg.write_curve("xor_loss.svg", {"loss": history["loss"]}, title="XOR: training loss",
                                       y_label="mse"))
        print("wrote", svg.write_decision_map("xor_map.svg", net.predict_classes, X, [y[0] for y in Y],
                                              (-0.25, 1.25, -0.25, 1.25), title="XOR: decision regions"))


if __name__ == "__main__":
    main()
