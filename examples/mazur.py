"""Matt Mazur's "A Step by Step Backpropagation Example" (2015), reproduced with tinynn.

His 2-2-2 sigmoid network, typed in by hand with his names, learns one sample once. His figures
for the forward pass, the two gradients he works out and the eight new weights are printed beside
tinynn's, so you can check tinynn against the most cited numeric walk through backpropagation,
and check your own code against both.

    python3 examples/mazur.py

His names and tinynn's (Nielsen's notation: layers 1 .. 3, units counted from 1; the code from 0):

    i1, i2                inputs               x = a¹ = a_s[0]
    h1, h2  (out_h)       hidden units         a² = a_s[1]
    o1, o2  (out_o)       outputs              a³ = a_s[2]
    w1, w2 into h1        w²₁₁, w²₁₂           net.weights[0][0, 0], net.weights[0][0, 1]
    w3, w4 into h2        w²₂₁, w²₂₂           net.weights[0][1, 0], net.weights[0][1, 1]
    w5, w6 into o1        w³₁₁, w³₁₂           net.weights[1][0, 0], net.weights[1][0, 1]
    w7, w8 into o2        w³₂₁, w³₂₂           net.weights[1][1, 0], net.weights[1][1, 1]
    b1 (both hidden)      b²                   net.biases[0]
    b2 (both outputs)     b³                   net.biases[1]
    E_total = Σ ½(target - out)²               tinynn's mse of one sample
    ∂E/∂w5, ∂E/∂w1        ∂C/∂w³₁₁, ∂C/∂w²₁₁   dw[1][0, 0], dw[0][0, 0]
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.path.exists(os.path.join(HERE, "tinynn.py")):
    sys.path.insert(0, os.path.dirname(HERE))  # in tinynn's repository, tinynn.py is one folder up
import tinynn  # noqa: E402
from tinynn import Matrix  # noqa: E402

INPUTS = [0.05, 0.10]    # i1, i2
TARGETS = [0.01, 0.99]   # for o1, o2
LR = 0.5                 # his η

# What he published, as he printed it: (his name, the figure, where tinynn holds it)
FORWARD = [("out_h1", "0.593269992", "a_s[1][0, 0]"), ("out_h2", "0.596884378", "a_s[1][1, 0]"),
           ("out_o1", "0.75136507", "a_s[2][0, 0]"), ("out_o2", "0.772928465", "a_s[2][1, 0]")]
E_TOTAL = "0.298371109"
GRADIENTS = [("∂E/∂w5", "0.082167041", "dw[1][0, 0]"), ("∂E/∂w1", "0.000438568", "dw[0][0, 0]")]
UPDATED = [("w5", "0.35891648", (1, 0, 0)), ("w6", "0.408666186", (1, 0, 1)),
           ("w7", "0.511301270", (1, 1, 0)), ("w8", "0.561370121", (1, 1, 1)),
           ("w1", "0.149780716", (0, 0, 0)), ("w2", "0.19956143", (0, 0, 1)),
           ("w3", "0.24975114", (0, 1, 0)), ("w4", "0.29950229", (0, 1, 1))]
E_AFTER = "0.291027924"  # his error after the step, the biases kept as they were


def build():
    """His network, weights typed in by hand: rows are the units a layer's weights lead into."""
    net = tinynn.NeuralNetwork([2, 2, 2], ["sigmoid", "sigmoid"], loss="mse")
    net.weights = [Matrix([[0.15, 0.20],    # w1, w2 into h1
                           [0.25, 0.30]]),  # w3, w4 into h2
                   Matrix([[0.40, 0.45],    # w5, w6 into o1
                           [0.50, 0.55]])]  # w7, w8 into o2
    net.biases = [Matrix([[0.35], [0.35]]),   # b1, the same for h1 and h2
                  Matrix([[0.60], [0.60]])]   # b2, the same for o1 and o2
    return net


def error_with_new_output_weights():
    """The error after a step whose hidden δ = ((w³)ᵀ δ³) ⊙ σ'(z²) takes the already updated w³."""
    net = build()
    x, y = Matrix([[v] for v in INPUTS]), Matrix([[v] for v in TARGETS])
    z_s, a_s = net.feedforward(x)
    dw, db = net.backpropagation(y, z_s, a_s)
    w3 = net.weights[1] - LR * dw[1]
    delta2 = (w3.T @ db[1]) * z_s[0].map(tinynn.sigmoid_prime)  # BP2 with the new w³ (db[1] = δ³)
    net.weights = [net.weights[0] - LR * (delta2 @ x.T), w3]
    return net.loss([INPUTS], [TARGETS])


def line(name, his, ours, where):
    """His figure and tinynn's, rounded to the decimals he printed, and whether they agree."""
    rounded = f"{ours:.{len(his.split('.')[1])}f}"
    verdict = "same" if rounded == his else "DIFFERENT"
    print(f"   {name:8} Mazur {his:<12} tinynn {rounded:<12} {verdict:9} ({where} = {ours!r})")
    return verdict == "same"


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    parser = argparse.ArgumentParser(add_help=False, description="Matt Mazur's worked example of "
                                     "backpropagation, figure by figure, reproduced with tinynn.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.parse_args()
    net = build()
    x, y = Matrix([[v] for v in INPUTS]), Matrix([[v] for v in TARGETS])
    all_same = True  # and all 15 figures below agree

    print("The forward pass (his out_h and out_o are tinynn's aˡ = σ(zˡ)):")
    z_s, a_s = net.feedforward(x)
    for name, his, where in FORWARD:
        all_same &= line(name, his, eval(where, {"a_s": a_s}), where)
    e_total = tinynn.mse(a_s[-1].T.rows[0], TARGETS)
    all_same &= line("E_total", E_TOTAL, e_total, "tinynn.mse(output, target)")

    print("\nThe backward pass, BP1-BP4 (his ∂E/∂w are tinynn's dw):")
    dw, db = net.backpropagation(y, z_s, a_s)
    for name, his, where in GRADIENTS:
        all_same &= line(name, his, eval(where, {"dw": dw}), where)

    print(f"\nOne step of gradient descent, η = {LR}: every weight w ← w - η·∂E/∂w")
    net.update_mini_batch(x, y, lr=LR)
    for name, his, (layer, j, k) in UPDATED:
        all_same &= line(name, his, net.weights[layer][j, k], f"net.weights[{layer}][{j}, {k}]")

    print("\nThe biases: Mazur keeps them fixed; tinynn's step moves them too (b ← b - η·∂E/∂b):")
    units = ("h1", "h2", "o1", "o2")
    moved = [b[j, 0] for b in net.biases for j in range(2)]
    print("   his b1 and b2 become one bias per unit: "
          + ", ".join(f"{unit} {value:.9f}" for unit, value in zip(units, moved)))
    fixed = build()
    fixed.weights = net.weights  # his step: the new weights, the old biases
    after_his, after_ours = fixed.loss([INPUTS], [TARGETS]), net.loss([INPUTS], [TARGETS])
    print(f"   the error after his step (biases kept): Mazur {E_AFTER}, tinynn {after_his:.9f}.")
    print(f"   His figure comes out when the hidden layer's δ use the new w5..w8: "
          f"{error_with_new_output_weights():.9f}.\n"
          "   His text says to use the old ones, and his w1..w4 above are the old ones' (as in\n"
          "   tinynn and Nielsen: every gradient of a step comes from the weights before it).")
    print(f"   With tinynn's step, which moves the biases as well, the error is {after_ours:.9f}:\n"
          f"   {after_his - after_ours:.9f} lower, as the biases' gradients pointed downhill too.")
    print("\nHis 15 figures of the forward pass, the gradients and the new weights:",
          "all reproduced." if all_same else "NOT all reproduced.")
    return 0 if all_same else 1


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
