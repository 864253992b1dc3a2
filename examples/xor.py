"""XOR with the tutorial's own network: layers [2, 10, 1], sigmoid hidden and output, mse.

XOR is the smallest problem a single layer cannot solve: no straight line separates (0,1) and
(1,0) from (0,0) and (1,1). Ten hidden sigmoids bend the boundary. With the tutorial's lr = 0.01
and 100 epochs nothing is learnt; lr = 2.0 on the full batch of 4 learns it in about 1000 epochs.

    python3 examples/xor.py [--epochs N] [--seed S] [--quick] [--svg]

To watch one training step in pdb (the breakpoint works as typed once tinynn is imported, which
`main` has made sure of):

    python3 -m pdb examples/xor.py
    (Pdb) break main
    (Pdb) continue
    (Pdb) break tinynn.NeuralNetwork.update_mini_batch
    (Pdb) continue
    (Pdb) p x
"""

import argparse
import os
import runpy
import sys
from types import SimpleNamespace

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.path.exists(os.path.join(HERE, "tinynn.py")):
    sys.path.insert(0, os.path.dirname(HERE))  # in tinynn's repository, tinynn.py is one folder up
import tinynn  # noqa: E402

X = [[0, 0], [0, 1], [1, 0], [1, 1]]
Y = [[0], [1], [1], [0]]


def arguments():
    parser = argparse.ArgumentParser(add_help=False,
                                     description="The tutorial's [2, 10, 1] network learns XOR.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--epochs", type=int, default=None,
                        help="Number of full-batch epochs (default: 2000, or 1000 with --quick).")
    parser.add_argument("--seed", type=int, default=0,
                        help="Seed of the random initial weights (default: 0).")
    parser.add_argument("--quick", action="store_true", help="Train for fewer epochs.")
    parser.add_argument("--svg", action="store_true",
                        help="Also draw the loss curve, the decision regions and the trained network "
                             "as SVG files in the current folder (needs svg.py next to this script).")
    args = parser.parse_args()
    if args.svg and not os.path.exists(os.path.join(HERE, "svg.py")):  # before training, not after
        parser.error("--svg draws with svg.py, which is not next to this script: copy it from examples/")
    if args.epochs is None:
        args.epochs = 1000 if args.quick else 2000
    return parser, args


def shade(value):
    """A character for a value in [0, 1], darker for higher: a pixel of a text picture."""
    ramp = " .:-=+*#%@"
    return ramp[min(int(value * len(ramp)), len(ramp) - 1)]


def surface(net, width=41, height=15):
    """The network's output over the unit square as text: one character per grid point."""
    lines = []
    for r in range(height):
        x2 = 1.0 - r / (height - 1)  # top row is x2 = 1
        points = [[c / (width - 1), x2] for c in range(width)]
        lines.append("|" + "".join(shade(out[0]) for out in net.predict(points)) + "|")
    return "\n".join(lines)


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    parser, args = arguments()
    every = max(1, args.epochs // 10)

    def report(epoch, history):
        if epoch == 1 or epoch % every == 0:
            print(f"epoch {epoch:5d}  loss {history['loss'][-1]:.6f}")

    try:  # tinynn checks --seed and --epochs: a bad one ends with its message, as argparse's errors do
        net = tinynn.NeuralNetwork(layers=[2, 10, 1], activations=["sigmoid", "sigmoid"], seed=args.seed)
        history = net.train(X, Y, batch_size=4, epochs=args.epochs, lr=2.0, callback=report)
    except ValueError as error:
        parser.error(str(error))
    print()
    for x, y, out in zip(X, Y, net.predict(X)):
        verdict = "right" if (out[0] > 0.5) == (y[0] == 1) else "WRONG"
        print(f"x = {x}  target {y[0]}  output {out[0]:.4f}  {verdict}")
    print(f"accuracy: {net.accuracy(X, Y):.0%}")
    print("\nOutput over the unit square (x1 left to right, x2 bottom to top; darker = closer to 1):")
    print(surface(net))
    if args.svg:
        # svg.py, beside this script, draws with the standard library only. It is run as a file,
        # so this example imports nothing by name but the standard library and tinynn.
        svg = SimpleNamespace(**runpy.run_path(os.path.join(HERE, "svg.py")))
        print("wrote", svg.write_curve("xor_loss.svg", {"loss": history["loss"]},
                                       title="XOR: training loss", y_label="mse"))
        print("wrote", svg.write_decision_map("xor_map.svg", net.predict_classes, X, [y[0] for y in Y],
                                              (-0.25, 1.25, -0.25, 1.25), title="XOR: decision regions"))
        print("wrote", write_network("xor_network.svg", net, X[2], Y[2]))


def write_network(path, net, x, y):
    """The trained network drawn by tinynn.draw, with its numbers for the sample x, target y."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(tinynn.draw(net, x, y))
    return os.path.abspath(path)


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
