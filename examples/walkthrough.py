"""One sample through a [2, 2, 1] network, every number printed: feedforward, BP1-BP4, one SGD
step, the loss before and after, and a numerical check of each gradient.

Every line shows the arithmetic with the numbers put in, so you can redo it with a calculator.
The weights are fixed, so there is nothing to choose; --svg also draws the network with its
numbers (tinynn.draw): walkthrough_network.svg with a, b, δ and w, walkthrough_gradients.svg with
∂C/∂w on the lines.

    python3 examples/walkthrough.py [--svg]

Each number is shown twice: in the book's notation (Nielsen's: layers and units counted from 1, so
z²₁ is unit 1 of layer 2) and as the expression that holds it in tinynn.py (counted from 0, so
z_s[0][0, 0]: layer 2's z, row 0, sample 0). Typed into pdb inside tinynn, each expression shows
the number printed beside it. To stop where backpropagation is done:

    python3 -m pdb examples/walkthrough.py
    (Pdb) break main
    (Pdb) continue
    (Pdb) import tinynn
    (Pdb) break tinynn.NeuralNetwork.backpropagation
    (Pdb) continue
    (Pdb) return
    (Pdb) p deltas[1][0, 0], dw[1][0, 0], db[0][1, 0]

`return` runs to the end of backpropagation: deltas, dw and db are then all there, as printed
under 2. The README's "Stepping through it with pdb" stops on each of BP1-BP4 instead.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.path.exists(os.path.join(HERE, "tinynn.py")):
    sys.path.insert(0, os.path.dirname(HERE))  # in tinynn's repository, tinynn.py is one folder up
import tinynn  # noqa: E402
from tinynn import Matrix  # noqa: E402

X = [0.5, 1.0]  # one sample, two features: x₁, x₂ in the book
Y = [1.0]       # its target
LR = 0.5
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def book(symbol, l, *units):
    """The book's name of a value: book("z", 2, 1) is z²₁, unit 1 of layer 2 (both from 1)."""
    return symbol + str(l).translate(SUP) + "".join(str(u) for u in units).translate(SUB)


def build():
    """Sigmoid hidden layer and sigmoid output, mse; weights picked to be easy to read."""
    net = tinynn.NeuralNetwork([2, 2, 1], ["sigmoid", "sigmoid"], loss="mse")
    net.weights = [Matrix([[0.1, -0.2], [0.4, 0.3]]),  # w², shape (2, 2): row j feeds unit j + 1
                   Matrix([[0.6, -0.5]])]              # w³, shape (1, 2)
    net.biases = [Matrix([[0.1], [-0.3]]), Matrix([[0.2]])]  # b², b³: one column each
    return net


def f(v):
    return f"{v:.6f}" if v >= 0 else f"({v:.6f})"


def forward(net):
    print("1. Feedforward: zˡ = wˡaˡ⁻¹ + bˡ, then aˡ = σ(zˡ) with σ(z) = 1 / (1 + e^-z); a¹ = x")
    z_s, a_s = net.feedforward(Matrix([[v] for v in X]))
    for l in (2, 3):
        w, b = net.weights[l - 2], net.biases[l - 2]
        for j in range(w.shape[0]):
            terms = " + ".join(f"{f(w[j, k])}·{f(a_s[l - 2][k, 0])}" for k in range(w.shape[1]))
            print(f"   {book('z', l, j + 1)} = z_s[{l - 2}][{j}, 0] = {terms} + {f(b[j, 0])} "
                  f"= {f(z_s[l - 2][j, 0])}")
            print(f"   {book('a', l, j + 1)} = a_s[{l - 1}][{j}, 0] = σ({z_s[l - 2][j, 0]:.6f}) "
                  f"= {f(a_s[l - 1][j, 0])}")
    return z_s, a_s


def backward(net, z_s, a_s):
    """BP1-BP4 by hand for the one sample, as Matrices shaped like tinynn's deltas, dw and db."""
    _, sigmoid_prime = tinynn.activation("sigmoid")
    print("\n2. Backpropagation (one sample, so the batch's mean is that sample's value)")
    a, y, z = a_s[2][0, 0], Y[0], z_s[1][0, 0]
    print(f"   cost C = ½(a³₁ - y)² = ½({f(a)} - {f(y)})² = {f(0.5 * (a - y) ** 2)}")
    delta_out = (a - y) * sigmoid_prime(z)
    print(f"   BP1  δ³₁ = deltas[1][0, 0] = (a³₁ - y)·σ'(z³₁) = {f(a - y)}·{f(sigmoid_prime(z))} "
          f"= {f(delta_out)}      with σ'(z) = σ(z)(1 - σ(z))")
    hidden = []
    for j in range(2):
        w, zj = net.weights[1][0, j], z_s[0][j, 0]
        hidden.append(w * delta_out * sigmoid_prime(zj))
        print(f"   BP2  {book('δ', 2, j + 1)} = deltas[0][{j}, 0] = "
              f"{book('w', 3, 1, j + 1)}·δ³₁·σ'({book('z', 2, j + 1)}) "
              f"= {f(w)}·{f(delta_out)}·{f(sigmoid_prime(zj))} = {f(hidden[j])}")
    deltas = [Matrix([[d] for d in hidden]), Matrix([[delta_out]])]
    db = deltas  # BP3, for one sample
    for l, j in ((2, 0), (2, 1), (3, 0)):
        print(f"   BP3  ∂C/∂{book('b', l, j + 1)} = db[{l - 2}][{j}, 0] = {book('δ', l, j + 1)} "
              f"= {f(db[l - 2][j, 0])}")
    dw = [Matrix([[hidden[j] * a_s[0][k, 0] for k in range(2)] for j in range(2)]),
          Matrix([[delta_out * a_s[1][k, 0] for k in range(2)]])]
    for l, rows in ((2, 2), (3, 1)):
        for j in range(rows):
            for k in range(2):
                print(f"   BP4  ∂C/∂{book('w', l, j + 1, k + 1)} = dw[{l - 2}][{j}, {k}] "
                      f"= {book('a', l - 1, k + 1)}·{book('δ', l, j + 1)} "
                      f"= {f(a_s[l - 2][k, 0])}·{f(deltas[l - 2][j, 0])} = {f(dw[l - 2][j, k])}")
    return dw, db


def sgd_step(net, dw):
    print(f"\n3. One SGD step, net.update_mini_batch: w ← w - η·∂C/∂w and b ← b - η·∂C/∂b, "
          f"η = lr = {LR}")
    w_old = net.weights[1][0, 0]
    before, _ = net.update_mini_batch(Matrix([[v] for v in X]), Matrix([Y]), lr=LR)
    print(f"   w³₁₁ = net.weights[1][0, 0] ← {f(w_old)} - {LR}·{f(dw[1][0, 0])} "
          f"= {f(net.weights[1][0, 0])}")
    after = net.loss([X], [Y])
    print(f"   loss before the step: {f(before)}   after: {f(after)}   (it fell by {f(before - after)})")


def checks(dw, db):
    """tinynn's own backpropagation, and the definition of a derivative, on the weights before the
    step (a network built afresh)."""
    net = build()
    z_s, a_s = net.feedforward(Matrix([[v] for v in X]))
    tiny_dw, tiny_db = net.backpropagation(Matrix([Y]), z_s, a_s)
    for computed, printed in zip(tiny_dw + tiny_db, dw + db):
        pairs = zip(computed.rows, printed.rows)
        assert all(abs(a - b) < 1e-15 for row, rows in pairs for a, b in zip(row, rows))
    print("\n4. Checks, on the weights before the step: net.backpropagation returns the dw and db "
          "above, and\n   so does the definition of a derivative, (C(p + ε) - C(p - ε)) / 2ε with "
          "ε = 1e-5:")
    numeric_dw, numeric_db = tinynn.numerical_gradient(net, [X], [Y], eps=1e-5)
    for name, grads, numeric in (("dw", dw, numeric_dw), ("db", db, numeric_db)):
        for index, matrix in enumerate(numeric):  # index = l - 2 for layer l
            for i, row in enumerate(matrix.rows):
                for j, value in enumerate(row):
                    print(f"   {name}[{index}][{i}, {j}]: backprop {grads[index][i, j]:+.10f}   "
                          f"numerical {value:+.10f}")
    worst = tinynn.gradient_check(net, [X], [Y])
    print(f"   worst relative difference over all parameters (tinynn.gradient_check): {worst:.1e}")


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    parser = argparse.ArgumentParser(add_help=False, description="Every number of one forward and "
                                     "backward pass through a [2, 2, 1] network, and one SGD step.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--svg", action="store_true", help="Also draw the network before the step with "
                        "its numbers, as SVG files in the current folder.")
    args = parser.parse_args()
    if args.svg:
        for name, gradients in (("walkthrough_network.svg", False), ("walkthrough_gradients.svg", True)):
            with open(name, "w", encoding="utf-8") as f:
                f.write(tinynn.draw(build(), X, Y, gradients=gradients))
            print("wrote", os.path.abspath(name))
    print("A [2, 2, 1] network: L = 3 layers, the input x = a¹ = (0.5, 1.0), target y = 1.0, mse.\n"
          "The book counts layers and units from 1, the code from 0: z²₁ is z_s[0][0, 0].\n")
    net = build()
    z_s, a_s = forward(net)
    dw, db = backward(net, z_s, a_s)
    sgd_step(net, dw)
    checks(dw, db)


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
