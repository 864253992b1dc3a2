"""Exercises that grade themselves: write the pieces of tinynn yourself, in the order tinynn.py
teaches them, and let this file check each against tinynn and against the definition of a
derivative.

    python3 examples/exercises.py               grade them in order, up to the first one not yet right
    python3 examples/exercises.py --only bp2    grade one exercise alone

Write each function in "Your part" below, in order: each replaces `raise NotImplementedError`.
The grader tries it on random shapes and seeds, prints a line for each one that passes, and at
the first that does not, what it expected and what came back, the equation, a hint when the
answer looks like a usual mistake, and where in tinynn.py the answer is (look only when stuck).

Notation as in tinynn.py (Nielsen's): layers are counted from 1, the input being layer 1, and
the lists start at 0, so for layer l: wˡ is weights[l - 2], bˡ is biases[l - 2], zˡ is z_s[l - 2],
δˡ is deltas[l - 2] and aˡ is a_s[l - 1]. Matrices are tinynn.Matrix (m[i, j], m.T, m @ n, m * n
element by element, m.map(f), m.row_sums(), m.shape), one column per sample; in matmul they are
plain lists of rows. You may return a Matrix or a list of rows wherever a matrix is asked for.
"""

import argparse
import inspect
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if not os.path.exists(os.path.join(HERE, "tinynn.py")):
    sys.path.insert(0, os.path.dirname(HERE))  # in tinynn's repository, tinynn.py is one folder up
import tinynn  # noqa: E402
from tinynn import Matrix  # noqa: E402


# ================================================================================================
# Your part
# ================================================================================================

def matmul(a, b):
    """The matrix product of a, shape (n, k), and b, shape (k, m), both lists of rows: a list of
    n rows of m numbers, entry [i][j] = Σₖ a[i][k]·b[k][j]."""
    raise NotImplementedError


def sigmoid_prime(z):
    """σ'(z) for one float z, where σ(z) = 1 / (1 + e⁻ᶻ) (tinynn.sigmoid computes σ)."""
    raise NotImplementedError


def layer(w, a_prev, b):
    """One sigmoid layer for a batch: (zˡ, aˡ) with zˡ = wˡ aˡ⁻¹ + bˡ and aˡ = σ(zˡ). w: (n_out, n_in),
    a_prev: (n_in, m), b: (n_out, 1), added to every column."""
    raise NotImplementedError


def bp1_mse(a, y, z):
    """BP1 for the cost C = ½ Σⱼ (aⱼ - yⱼ)² with a sigmoid output layer: δᴸ = ∇ₐC ⊙ σ'(zᴸ), for a
    batch (one column per sample). a = aᴸ, y the targets, z = zᴸ."""
    raise NotImplementedError


def bp1_softmax_cross_entropy(a, y):
    """BP1 for a softmax output layer with the cost C = -Σⱼ yⱼ ln aⱼ (targets one-hot): δᴸ."""
    raise NotImplementedError


def bp2(l, weights, deltas, z_s):
    """BP2 for layer l of a sigmoid network: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ). The lists are indexed as
    in tinynn (see the notation above); deltas already holds δ of the layers after l."""
    raise NotImplementedError


def bp3_bp4(l, deltas, a_s):
    """BP3 and BP4 for layer l, averaged over the batch's m samples (columns): (∂C/∂bˡ, ∂C/∂wˡ),
    shaped like bˡ (n, 1) and wˡ. For one sample ∂C/∂bˡⱼ = δˡⱼ and ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ."""
    raise NotImplementedError


def sgd_update(w, dw, lr):
    """One step of gradient descent on one parameter: w ← w - η·∂C/∂w. Returns the new w."""
    raise NotImplementedError


def momentum_step(w, v, dw, lr, mu):
    """One step of classical momentum: v ← μv - η·∂C/∂w, then w ← w + v. Returns (new w, new v)."""
    raise NotImplementedError


def adam_step(w, m, v, t, g, lr, beta1, beta2, eps):
    """One Adam step, t the number of this step (1 for the first): m ← β₁m + (1 - β₁)g,
    v ← β₂v + (1 - β₂)g², m̂ = m / (1 - β₁ᵗ), v̂ = v / (1 - β₂ᵗ), w ← w - η m̂ / (√v̂ + ε), element
    by element. Returns (new w, new m, new v)."""
    raise NotImplementedError


# ================================================================================================
# The grader: nothing to write below this line
# ================================================================================================

SEEDS = range(5)


def random_matrix(rng, rows, columns):
    return Matrix([[rng.uniform(-1.0, 1.0) for _ in range(columns)] for _ in range(rows)])


def as_rows(value):
    """A Matrix, or any sequence of rows of numbers (lists, tuples, a NumPy array), as a list of
    lists; None when it is none of these."""
    if isinstance(value, Matrix):
        return value.rows
    if hasattr(value, "tolist"):  # NumPy
        value = value.tolist()
    try:
        rows = [list(row) for row in value]
    except TypeError:
        return None
    if rows and all(isinstance(v, (int, float)) and not isinstance(v, bool) for row in rows for v in row):
        return rows
    return None


def is_pair(value, n=2):
    """A tuple or list of n items: what an exercise returning (z, a) or (db, dw) gives back."""
    return isinstance(value, (tuple, list)) and len(value) == n and as_rows(value) is None


def same(got, expected, tolerance=1e-7):
    """got is a Matrix or list of rows (or a float) equal to expected within tolerance."""
    if isinstance(expected, float):
        return (isinstance(got, (int, float)) and not isinstance(got, bool)
                and abs(got - expected) <= tolerance * max(1.0, abs(expected)))
    rows, wanted = as_rows(got), as_rows(expected)
    if rows is None or len(rows) != len(wanted) or any(len(r) != len(w) for r, w in zip(rows, wanted)):
        return False
    return all(abs(a - b) <= tolerance * max(1.0, abs(b)) for r, w in zip(rows, wanted) for a, b in zip(r, w))


def shape_of(value):
    rows = as_rows(value)
    if rows is None:
        return type(value).__name__
    return (len(rows), len(rows[0]))


class Wrong(Exception):
    """An answer that is not right: what was expected, what came back, and a hint."""

    def __init__(self, case, expected, got, hint):
        super().__init__(case)
        self.case, self.expected, self.got, self.hint = case, expected, got, hint


def compare(case, got, expected, mistakes=()):
    """Raise Wrong unless got equals expected; mistakes: (hint, what that mistake would give)."""
    if same(got, expected):
        return
    hint = None
    if not isinstance(expected, float) and shape_of(got) != shape_of(expected):
        hint = f"the shape is {shape_of(got)}, expected {shape_of(expected)}"
    if got is None:
        hint = "nothing came back: the function needs a return statement"
    mistakes = list(mistakes) + [("the sign is flipped", negated(expected))]
    for text, wrong in mistakes:
        if wrong is not None and same(got, wrong, 1e-7):
            hint = text
            break
    raise Wrong(case, expected, got, hint)


def attempt(case, expected, hints, solution, *args):
    """solution(*args); an exception it raises becomes Wrong, with the hint whose key is in its
    message (hints: (key, hint) pairs)."""
    try:
        return solution(*args)
    except NotImplementedError:
        raise
    except Exception as error:  # the learner's code failed: say how, and what usually causes it
        message = f"{type(error).__name__}: {error}"
        hint = next((text for key, text in hints if key in message), None)
        raise Wrong(case, expected, message, hint) from None


def negated(m):
    return m * -1.0 if isinstance(m, Matrix) else -m


def central_difference(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2.0 * eps)


def network_and_batch(rng, seed, layers, activations, loss="mse"):
    net = tinynn.NeuralNetwork(layers, activations, loss=loss, seed=seed)
    m = rng.randint(1, 4)
    x = random_matrix(rng, layers[0], m)
    if activations[-1] == "softmax":
        y = Matrix(tinynn.one_hot([rng.randrange(layers[-1]) for _ in range(m)], layers[-1])).T
    else:
        y = Matrix([[rng.random() for _ in range(m)] for _ in range(layers[-1])])
    return net, x, y


def deltas_of(net, x, y):
    """δˡ of every layer for the batch, from tinynn: for one sample ∂C/∂bˡ = δˡ (BP3), so each
    column is tinynn's db of that sample alone."""
    columns = [[] for _ in net.weights]
    for i in range(x.shape[1]):
        xi, yi = Matrix([[row[i]] for row in x.rows]), Matrix([[row[i]] for row in y.rows])
        z_s, a_s = net.feedforward(xi)
        _, db = net.backpropagation(yi, z_s, a_s)
        for index, d in enumerate(db):  # index = l - 2 for layer l
            columns[index].append([row[0] for row in d.rows])
    return [Matrix(list(map(list, zip(*cols)))) for cols in columns]


def numerical(net, x, y):
    """(∂C/∂w, ∂C/∂b) of every layer from central differences, independent of BP1-BP4."""
    samples, targets = x.T.rows, y.T.rows
    return tinynn.numerical_gradient(net, samples, targets, eps=1e-6)


# -- the graders, one per exercise: each returns how many cases passed, or raises Wrong -----------

def grade_matmul(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        n, k, m = rng.randint(1, 4), rng.randint(2, 4), rng.randint(1, 4)
        if n == m:
            m += 1  # never square, so that a swapped product shows in its shape
        a, b = random_matrix(rng, n, k), random_matrix(rng, k, m)
        got = solution(a.tolist(), b.tolist())
        compare(f"matmul(a, b) with a of shape {a.shape} and b of shape {b.shape}", got, a @ b,
                [("element [i][j] must be row i of a times column j of b", None)])
    return len(SEEDS)


def grade_sigmoid_prime(solution):
    for z in (-3.0, -0.5, 0.0, 0.7, 2.5):
        expected = central_difference(tinynn.sigmoid, z)
        s = tinynn.sigmoid(z)
        compare(f"sigmoid_prime({z})", solution(z), tinynn.sigmoid_prime(z),
                [("that is σ(z) itself, not its derivative σ(z)(1 - σ(z))", s),
                 ("the sign is flipped: σ'(z) = σ(z)(1 - σ(z)) is positive", -tinynn.sigmoid_prime(z)),
                 ("σ'(z) = σ(z)(1 - σ(z)) takes σ(z), not z", z * (1.0 - z))])
        assert abs(tinynn.sigmoid_prime(z) - expected) < 1e-8  # tinynn agrees with the definition
    return 5


def grade_layer(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        n_in, n_out, m = rng.randint(2, 4), rng.randint(2, 4), rng.randint(1, 3)
        net = tinynn.NeuralNetwork([n_in, n_out], ["sigmoid"], seed=seed)
        net.biases = [random_matrix(rng, n_out, 1)]
        x = random_matrix(rng, n_in, m)
        z_s, a_s = net.feedforward(x)
        got = solution(net.weights[0], x, net.biases[0])
        if not is_pair(got):
            raise Wrong("layer(w, a_prev, b)", "a pair (z, a)", got, "return both: z, a")
        if same(got[0], a_s[1]) and same(got[1], z_s[0]):
            raise Wrong("layer(w, a_prev, b)", "(z, a)", "(a, z)", "the pair is the wrong way round: z first")
        case = f"layer(w, a_prev, b), w of shape {net.weights[0].shape}, a_prev {x.shape}"
        compare(case + ": z", got[0], z_s[0],
                [("z = w a_prev + b: the bias b is missing", net.weights[0] @ x)])
        compare(case + ": a", got[1], a_s[1], [("a = σ(z): σ is missing", z_s[0])])
    return len(SEEDS)


def grade_bp1_mse(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        net, x, y = network_and_batch(rng, seed, [rng.randint(1, 3), rng.randint(1, 3)], ["sigmoid"])
        z_s, a_s = net.feedforward(x)
        expected = deltas_of(net, x, y)[-1]
        _, df = tinynn.activation("sigmoid")
        compare(f"bp1_mse(a, y, z) for a batch of shape {y.shape}", solution(a_s[-1], y, z_s[-1]), expected,
                [("σ'(zᴸ) is missing: δᴸ = (aᴸ - y) ⊙ σ'(zᴸ)", a_s[-1] - y),
                 ("the sign is flipped: ∇ₐC = aᴸ - y, not y - aᴸ", negated(expected)),
                 ("σ' takes zᴸ, not aᴸ", (a_s[-1] - y) * a_s[-1].map(df))])
        if x.shape[1] == 1:  # one sample: δᴸ = ∂C/∂bᴸ, which central differences measure too
            assert same(numerical(net, x, y)[1][-1], expected, 1e-6)
    return len(SEEDS)


def grade_bp1_softmax_cross_entropy(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        net, x, y = network_and_batch(rng, seed, [rng.randint(1, 3), rng.randint(2, 4)], ["softmax"],
                                      loss="cross_entropy")
        z_s, a_s = net.feedforward(x)
        expected = deltas_of(net, x, y)[-1]
        _, df = tinynn.activation("sigmoid")
        compare(f"bp1_softmax_cross_entropy(a, y) for a batch of shape {y.shape}", solution(a_s[-1], y),
                expected,
                [("the sign is flipped: δᴸ = aᴸ - y, not y - aᴸ", negated(expected)),
                 ("with softmax and cross-entropy nothing more multiplies aᴸ - y: σ' cancels",
                  (a_s[-1] - y) * a_s[-1].map(lambda a: a * (1.0 - a)))])
        if x.shape[1] == 1:
            assert same(numerical(net, x, y)[1][-1], expected, 1e-6)
    return len(SEEDS)


def grade_bp2(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        layers = [rng.randint(2, 3), 3, 4, 2]  # sizes that differ, so a wrong index shows
        net, x, y = network_and_batch(rng, seed, layers, ["sigmoid"] * 3)
        z_s, _ = net.feedforward(x)
        expected = deltas_of(net, x, y)
        _, df = tinynn.activation("sigmoid")
        for l in (3, 2):
            given = [None] * (l - 1) + expected[l - 1:]  # δ of the layers after l
            case = f"bp2(l={l}, weights, deltas, z_s) for layers {layers}"
            got = attempt(case, expected[l - 2], [
                ("matrix product", "the product's shapes do not fit: BP2 multiplies δˡ⁺¹ by the transpose "
                                   "of wˡ⁺¹, (wˡ⁺¹)ᵀ = weights[l - 1].T"),
                ("matrix *", "(wˡ⁺¹)ᵀ δˡ⁺¹ and σ'(z) differ in shape: off by one layer? zˡ is z_s[l - 2]"),
                ("NoneType", "off by one layer: δˡ⁺¹ is deltas[l - 1], wˡ⁺¹ is weights[l - 1]"),
                ("index", "off by one layer: wˡ⁺¹ is weights[l - 1], δˡ⁺¹ is deltas[l - 1], "
                          "zˡ is z_s[l - 2]")],
                solution, l, list(net.weights), given, list(z_s))
            back = net.weights[l - 1].T @ expected[l - 1]
            compare(case, got, expected[l - 2],
                    [("σ'(zˡ) is missing: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ)", back),
                     ("the sign is flipped", negated(expected[l - 2])),
                     ("off by one layer: σ' takes zˡ = z_s[l - 2]",
                      back * z_s[l - 1].map(df) if z_s[l - 1].shape == back.shape else None)])
        if x.shape[1] == 1:
            assert same(numerical(net, x, y)[1][0], expected[0], 1e-6)
    return len(SEEDS)


def grade_bp3_bp4(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        layers = [3, 5, 6]  # sizes a batch of 1 to 4 samples never has, so m is never a layer's size
        net, x, y = network_and_batch(rng, seed, layers, ["sigmoid", "sigmoid"])
        z_s, a_s = net.feedforward(x)
        deltas = deltas_of(net, x, y)
        dw, db = net.backpropagation(y, z_s, a_s)
        numeric_dw, numeric_db = numerical(net, x, y)
        m = x.shape[1]
        for l in (2, 3):  # tinynn's answer, checked against the definition of a derivative first
            assert same(numeric_dw[l - 2], dw[l - 2], 1e-6) and same(numeric_db[l - 2], db[l - 2], 1e-6)
            case = f"bp3_bp4(l={l}, deltas, a_s) for layers {layers}, a batch of {m}"
            got = attempt(case, (db[l - 2], dw[l - 2]), [
                ("matrix product", "the product's shapes do not fit: BP4 is δˡ (aˡ⁻¹)ᵀ, so a_s[l - 2].T"),
                ("index", "off by one layer: δˡ is deltas[l - 2], aˡ⁻¹ is a_s[l - 2]")],
                solution, l, list(deltas), list(a_s))
            if not is_pair(got):
                raise Wrong(f"bp3_bp4(l={l}, ...)", "a pair (∂C/∂b, ∂C/∂w)", got, "return both: db, dw")
            compare(case + ": ∂C/∂b", got[0], db[l - 2],
                    [("a sum where a mean belongs: divide by m, the batch's size", db[l - 2] * float(m))]
                    if m > 1 else [])
            compare(case + ": ∂C/∂w", got[1], dw[l - 2],
                    ([("a sum where a mean belongs: divide by m, the batch's size", dw[l - 2] * float(m))]
                     if m > 1 else [])
                    + [("off by one layer: BP4 takes aˡ⁻¹ = a_s[l - 2], the input of layer l",
                        deltas[l - 2] @ a_s[l - 1].T * (1.0 / m)),
                       ("the transposes are swapped: ∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ has wˡ's shape", dw[l - 2].T)])
    return len(SEEDS)


def grade_sgd_update(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        w, dw, lr = random_matrix(rng, 2, 3), random_matrix(rng, 2, 3), rng.uniform(0.01, 1.0)
        (expected,) = tinynn.SGD().step([w], [dw], lr)
        compare(f"sgd_update(w, dw, lr={lr:.3f})", solution(w, dw, lr), expected,
                [("the sign is flipped: the step goes against the gradient, w - η·∂C/∂w", w + lr * dw),
                 ("the learning rate η is missing", w - dw)])
    return len(SEEDS)


def grade_momentum_step(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        w, v, dw = random_matrix(rng, 2, 3), random_matrix(rng, 2, 3), random_matrix(rng, 2, 3)
        lr, mu = rng.uniform(0.01, 0.5), rng.uniform(0.5, 0.95)
        sgd = tinynn.SGD(momentum=mu)
        sgd.velocities = [v]
        (expected,) = sgd.step([w], [dw], lr)
        got = solution(w, v, dw, lr, mu)
        if not is_pair(got):
            raise Wrong("momentum_step(...)", "a pair (w, v)", got, "return both: the new w and the new v")
        if same(got[0], sgd.velocities[0]) and same(got[1], expected):
            raise Wrong("momentum_step(...)", "(w, v)", "(v, w)", "the pair is the wrong way round: w first")
        case = f"momentum_step(w, v, dw, lr={lr:.3f}, mu={mu:.3f})"
        compare(case + ": v", got[1], sgd.velocities[0],
                [("the sign is flipped: v ← μv - η·∂C/∂w", mu * v + lr * dw), ("μ is missing", v - lr * dw)])
        compare(case + ": w", got[0], expected, [("w ← w + v with the new v", w + v)])
    return len(SEEDS)


def grade_adam_step(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        w, m, g = random_matrix(rng, 2, 2), random_matrix(rng, 2, 2), random_matrix(rng, 2, 2)
        v = random_matrix(rng, 2, 2).map(abs)
        t, lr = rng.randint(1, 5), rng.uniform(0.001, 0.1)
        adam = tinynn.Adam()
        adam.m, adam.v, adam.t = [m], [v], t - 1
        (expected,) = adam.step([w], [g], lr)
        got = solution(w, m, v, t, g, lr, adam.beta1, adam.beta2, adam.eps)
        if not is_pair(got, 3):
            raise Wrong("adam_step(...)", "a triple (w, m, v)", got, "return all three: w, m, v")
        case = f"adam_step(w, m, v, t={t}, g, lr={lr:.4f}, 0.9, 0.999, 1e-8)"
        compare(case + ": m", got[1], adam.m[0])
        compare(case + ": v", got[2], adam.v[0],
                [("v averages g², the square of the gradient", 0.999 * v + 0.001 * g)])
        uncorrected = Matrix([[wi - lr * mi / (math.sqrt(vi) + adam.eps) for wi, mi, vi in zip(*rows)]
                              for rows in zip(w.rows, adam.m[0].rows, adam.v[0].rows)])
        compare(case + ": w", got[0], expected,
                [("the bias correction is missing: m̂ = m / (1 - β₁ᵗ), v̂ = v / (1 - β₂ᵗ)", uncorrected)])
    return len(SEEDS)


# name: (grader, the equation, where the answer is in tinynn.py: a function and a text on its line)
EXERCISES = {
    "matmul": (grade_matmul, "product[i][j] = Σₖ a[i][k]·b[k][j]",
               (tinynn.Matrix.__matmul__, "dot += a * b")),
    "sigmoid_prime": (grade_sigmoid_prime, "σ'(z) = σ(z)(1 - σ(z))",
                      (tinynn.sigmoid_prime, "return s * (1.0 - s)")),
    "layer": (grade_layer, "zˡ = wˡ aˡ⁻¹ + bˡ,  aˡ = σ(zˡ)",
              (tinynn.NeuralNetwork.feedforward, "z = w @ a_s[-1] + b")),
    "bp1_mse": (grade_bp1_mse, "BP1  δᴸ = ∇ₐC ⊙ σ'(zᴸ), ∇ₐC = aᴸ - y",
                (tinynn.NeuralNetwork.backpropagation, "# BP1, mse")),
    "bp1_softmax_cross_entropy": (grade_bp1_softmax_cross_entropy, "BP1  δᴸ = aᴸ - y",
                                  (tinynn.NeuralNetwork.backpropagation, "# BP1, cross-entropy")),
    "bp2": (grade_bp2, "BP2  δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ)", (tinynn.NeuralNetwork.backpropagation, "# BP2")),
    "bp3_bp4": (grade_bp3_bp4, "BP3  ∂C/∂bˡⱼ = δˡⱼ,  BP4  ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ, each averaged over the batch",
                (tinynn.NeuralNetwork.backpropagation, "# BP3")),
    "sgd_update": (grade_sgd_update, "w ← w - η·∂C/∂w", (tinynn.SGD.step, "# w ← w - η·∂C/∂w")),
    "momentum_step": (grade_momentum_step, "v ← μv - η·∂C/∂w,  w ← w + v",
                      (tinynn.SGD.step, "self.velocities = [self.momentum * v - lr * g")),
    "adam_step": (grade_adam_step, "m ← β₁m + (1 - β₁)g, v ← β₂v + (1 - β₂)g², w ← w - η m̂ / (√v̂ + ε)",
                  (tinynn.Adam.step, "return [_scaled_step(p, m_hat, v_hat, lr, self.eps)")),
}


def where_in_tinynn(function, text):
    """'NeuralNetwork.backpropagation, tinynn.py line 504': the line of function that holds text."""
    lines, first = inspect.getsourcelines(function)
    code = [i for i, line in enumerate(lines) if text in line and not line.lstrip().startswith("#")]
    number = first + code[0]
    return f"{function.__qualname__}, tinynn.py line {number}"


def where_to_write(name, solutions):
    function = solutions.get(name)
    try:
        line = inspect.getsourcelines(function)[1]
        return f"line {line} of {os.path.basename(inspect.getsourcefile(function))}"
    except (TypeError, OSError):
        return "your solution"


def grade(solutions, only=None, say=print):
    """Grade the functions in `solutions` (a dict name -> function) in order, stopping at the first
    that is not right. Returns the names that passed."""
    passed = []
    for name, (grader, equation, (function, text)) in EXERCISES.items():
        if only is not None and name != only:
            continue
        try:
            cases = grader(solutions[name])
        except NotImplementedError as error:
            missing = unwritten(error, name, solutions)
            if missing != name:
                say(f"-- {name} calls {missing}, which is not written yet: write {missing} first "
                    f"({where_to_write(missing, solutions)}), or call tinynn's instead")
                return passed
            say(f"-- {name}: not written yet. Start here: write {name} ({where_to_write(name, solutions)}),"
                f"\n   {equation}")
            return passed
        except Wrong as wrong:
            say(f"XX {name}: not right yet, in {wrong.case}\n   the equation:  {equation}")
            say(f"   expected:      {pretty(wrong.expected)}\n   came back:     {pretty(wrong.got)}")
            if wrong.hint:
                say(f"   hint:          {wrong.hint}")
            say(f"   the answer, if you are stuck: {where_in_tinynn(function, text)}")
            return passed
        except Exception as error:  # the learner's code raised: say where, shortly
            frame = error.__traceback__
            while frame.tb_next is not None:
                frame = frame.tb_next
            where = f"{os.path.basename(frame.tb_frame.f_code.co_filename)}, line {frame.tb_lineno}"
            say(f"XX {name}: raised {type(error).__name__}: {error} ({where})\n   the equation:  {equation}")
            say(f"   the answer, if you are stuck: {where_in_tinynn(function, text)}")
            return passed
        say(f"ok {name}: right on {cases} random cases")
        passed.append(name)
    if only is None:
        say(f"All {len(passed)} exercises are right: you have written the heart of tinynn.")
    return passed


def pretty(value):
    """A value as the grader shows it: a matrix with its shape and 10 significant digits."""
    if isinstance(value, float):
        return repr(value)
    rows = as_rows(value)
    if not rows or not all(rows) or len(set(map(len, rows))) != 1:
        return repr(value)
    shown = ", ".join("[" + ", ".join(f"{v:.10g}" for v in row) + "]" for row in rows[:6])
    return f"shape {(len(rows), len(rows[0]))}: [{shown}{', ...' if len(rows) > 6 else ''}]"


def unwritten(error, name, solutions):
    """The exercise whose `raise NotImplementedError` this is: name itself, or one it calls."""
    frame = error.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    raised_in = frame.tb_frame.f_code.co_name
    return raised_in if raised_in in solutions and raised_in != name else name


def main():
    tinynn.console_fallback()  # δ, σ, z² as plain text where the console cannot show them
    parser = argparse.ArgumentParser(add_help=False, description="Grade your own versions of tinynn's "
                                     "pieces, in the order tinynn.py teaches them.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--only", choices=list(EXERCISES), default=None, metavar="NAME",
                        help="Grade this one exercise alone, one of " + ", ".join(EXERCISES)
                             + " (default: all, in order, up to the first not right).")
    args = parser.parse_args()
    passed = grade({name: globals()[name] for name in EXERCISES}, args.only)
    return 0 if len(passed) == (1 if args.only else len(EXERCISES)) else 1  # 1: not all right yet


if __name__ == "__main__":
    sys.exit(main())
