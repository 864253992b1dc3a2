"""One sample through a [2, 2, 1] network, every number printed: feedforward, BP1-BP4, a numerical
check of each gradient, one SGD step, and the loss before and after.

Every line shows the arithmetic with the numbers put in, so you can redo it with a calculator.
The weights are fixed, so there is nothing to choose: the script takes no options.

    python3 examples/walkthrough.py

Names are the ones in tinynn.py (z_s, a_s, deltas, dw, db), so you can watch the same numbers
appear inside tinynn with pdb (the README's "Stepping through it with pdb" goes further):

    python3 -m pdb examples/walkthrough.py
    (Pdb) break main
    (Pdb) continue
    (Pdb) break tinynn.NeuralNetwork.backpropagation
    (Pdb) continue
    (Pdb) return
    (Pdb) p deltas
    (Pdb) retval

`return` runs BP1-BP4 and stops as backpropagation returns: deltas holds δ of both layers and
retval is (dw, db), the numbers printed under 2.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.path.exists(os.path.join(HERE, "tinynn.py")):
    sys.path.insert(0, os.path.dirname(HERE))  # in tinynn's repository, tinynn.py is one folder up
import tinynn  # noqa: E402
from tinynn import Matrix  # noqa: E402

X = [0.5, 1.0]  # one sample, two features
Y = [1.0]       # its target
LR = 0.5


def build():
    """Sigmoid hidden layer and sigmoid output, mse; weights picked to be easy to read."""
    net = tinynn.NeuralNetwork([2, 2, 1], ["sigmoid", "sigmoid"], loss="mse")
    net.weights = [Matrix([[0.1, -0.2], [0.4, 0.3]]), Matrix([[0.6, -0.5]])]
    net.biases = [Matrix([[0.1], [-0.3]]), Matrix([[0.2]])]
    return net


def f(v):
    return f"{v:.6f}" if v >= 0 else f"({v:.6f})"


def forward(net):
    print("1. Feedforward: z = w·a + b, then a = σ(z) with σ(z) = 1 / (1 + e^-z)")
    z_s, a_s = net.feedforward(Matrix([[v] for v in X]))
    for l, (w, b) in enumerate(zip(net.weights, net.biases)):
        inputs = [row[0] for row in a_s[l].rows]
        for j in range(w.shape[0]):
            terms = " + ".join(f"{f(w[j, k])}·{f(inputs[k])}" for k in range(w.shape[1]))
            print(f"   z_s[{l}][{j}] = {terms} + {f(b[j, 0])} = {f(z_s[l][j, 0])}")
            print(f"   a_s[{l + 1}][{j}] = σ({z_s[l][j, 0]:.6f}) = {f(a_s[l + 1][j, 0])}")
    return z_s, a_s


def backward(net, z_s, a_s):
    sigmoid, sigmoid_prime = tinynn.activation("sigmoid")
    print("\n2. Backpropagation (one sample, so the batch mean is that sample's value)")
    a, y, z = a_s[2][0, 0], Y[0], z_s[1][0, 0]
    cost = 0.5 * (a - y) ** 2
    print(f"   cost C = ½(a - y)² = ½({f(a)} - {f(y)})² = {f(cost)}")
    delta_out = (a - y) * sigmoid_prime(z)
    print(f"   BP1  δᴸ = (a - y)·σ'(z) = {f(a - y)}·{f(sigmoid_prime(z))} = {f(delta_out)}"
          "      with σ'(z) = σ(z)(1 - σ(z))")
    deltas_hidden = []
    for j in range(2):
        w, zj = net.weights[1][0, j], z_s[0][j, 0]
        d = w * delta_out * sigmoid_prime(zj)
        deltas_hidden.append(d)
        numbers = f"{f(w)}·{f(delta_out)}·{f(sigmoid_prime(zj))}"
        print(f"   BP2  deltas[0][{j}] = w[1][0][{j}]·δᴸ·σ'(z_s[0][{j}]) = {numbers} = {f(d)}")
    hidden = ", ".join(f(d) for d in deltas_hidden)
    print(f"   BP3  db[1] = δᴸ = {f(delta_out)};  db[0] = deltas[0] = [{hidden}]")
    dw = [[[deltas_hidden[j] * X[k] for k in range(2)] for j in range(2)],
          [[delta_out * a_s[1][k, 0] for k in range(2)]]]
    for k in range(2):
        print(f"   BP4  dw[1][0][{k}] = a_s[1][{k}]·δᴸ = {f(a_s[1][k, 0])}·{f(delta_out)} = {f(dw[1][0][k])}")
    for j in range(2):
        for k in range(2):
            numbers = f"{f(X[k])}·{f(deltas_hidden[j])}"
            print(f"   BP4  dw[0][{j}][{k}] = x[{k}]·deltas[0][{j}] = {numbers} = {f(dw[0][j][k])}")
    db = [[[d] for d in deltas_hidden], [[delta_out]]]
    return dw, db


def numerical_check(net, dw, db):
    print("\n3. The same gradients from the definition of a derivative: (C(p + ε) - C(p - ε)) / 2ε, ε = 1e-5")
    numeric_dw, numeric_db = tinynn.numerical_gradient(net, [X], [Y], eps=1e-5)
    for name, grads, numeric in (("dw", dw, numeric_dw), ("db", db, numeric_db)):
        for l, m in enumerate(numeric):
            for i, row in enumerate(m.rows):
                for j, value in enumerate(row):
                    backprop = grads[l][i][j]
                    print(f"   {name}[{l}][{i}][{j}]: backprop {backprop:+.10f}   numerical {value:+.10f}")
    worst = tinynn.gradient_check(net, [X], [Y])
    print(f"   worst relative difference over all parameters (tinynn.gradient_check): {worst:.1e}")


def main():
    parser = argparse.ArgumentParser(add_help=False, description="Every number of one forward and "
                                     "backward pass through a [2, 2, 1] network, and one SGD step.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.parse_args()
    net = build()
    z_s, a_s = forward(net)
    dw, db = backward(net, z_s, a_s)

    # What tinynn itself computes must be what was printed above.
    tiny_dw, tiny_db = net.backpropagation(Matrix([Y]), z_s, a_s)
    for computed, printed in zip(tiny_dw + tiny_db, dw + db):
        assert all(abs(a - b) < 1e-15 for row, rows in zip(computed.rows, printed) for a, b in zip(row, rows))
    print("   (net.backpropagation returns the same dw and db)")

    numerical_check(net, dw, db)

    print(f"\n4. One SGD step, net.update_mini_batch: w ← w - lr·dw, b ← b - lr·db, with lr = {LR}")
    w_old = net.weights[1][0, 0]
    before, _ = net.update_mini_batch(Matrix([[v] for v in X]), Matrix([Y]), lr=LR)
    print(f"   for example w[1][0][0] ← {f(w_old)} - {LR}·{f(dw[1][0][0])} = {f(net.weights[1][0, 0])}")
    after = net.loss([X], [Y])
    print(f"   loss before the step: {f(before)}   after: {f(after)}   (it fell by {f(before - after)})")


if __name__ == "__main__":
    main()
