"""Exercises that grade themselves: write the pieces of tinynn yourself, chapter by chapter of
Nielsen's book, and let this file check each against tinynn and against the definitions.

    python3 examples/exercises.py               grade them in order, up to the first one not yet right
    python3 examples/exercises.py --chapter 3   grade one chapter's exercises (1, 2, 3 or 5)
    python3 examples/exercises.py --only bp2    grade one exercise alone

In a notebook, write one function in a cell and grade it there:

    import exercises
    exercises.check("softmax", softmax)         # True once it is right

Write each function in "Your part" below, in order: each replaces `raise NotImplementedError`.
The grader tries it on random shapes, seeds and hyper-parameters, prints a line for each one that
passes, and at the first that does not, what it expected and what came back, the equation, a
hint when the answer looks like a usual mistake, where in your code, and where in tinynn.py the
answer is (look only when stuck). A function must not change the values it is given: the grader
gives it copies and says so when one came back changed.

Notation as in tinynn.py (Nielsen's): layers are counted from 1, the input being layer 1, and
the lists start at 0, so for layer l: wˡ is weights[l - 2], bˡ is biases[l - 2], zˡ is z_s[l - 2],
δˡ is deltas[l - 2] and aˡ is a_s[l - 1]. Matrices are tinynn.Matrix (m[i, j], m.T, m @ n, m * n
element by element, m * 2.0, m.map(f), m.row_sums(), m.shape), one column per sample; in matmul
they are plain lists of rows. You may return a Matrix or a list of rows wherever a matrix is asked
for.
"""

import argparse
import collections
import copy
import inspect
import linecache
import math
import numbers
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

# ------------------------------------------------------------------------------------------------
# Chapter 1, "Using neural nets to recognize handwritten digits": accuracy, one_hot, feedforward_batch
# ------------------------------------------------------------------------------------------------

def accuracy(a, y):
    """The fraction of samples classified right, from 0.0 to 1.0. a holds the network's outputs aᴸ
    and y the one-hot targets, both Matrices of shape (n_classes, m), one column per sample; a
    sample's class is the row of the largest value in its column (the argmax), in a as in y."""
    raise NotImplementedError


def one_hot(labels, n_classes):
    """Class labels (integers 0 .. n_classes - 1) as target rows: one row of n_classes numbers per
    label, 1.0 at the label's place and 0.0 elsewhere, so one_hot([2, 0], 3) is
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]] (what tinynn.one_hot gives: write your own)."""
    raise NotImplementedError


def feedforward_batch(weights, biases, x):
    """The output aᴸ of a sigmoid network for a batch x, a Matrix (layers[0], m) with one column per
    sample: a¹ = x, then aˡ = σ(wˡ aˡ⁻¹ + bˡ) for l = 2 .. L in turn, with wˡ = weights[l - 2] and
    bˡ = biases[l - 2] as in tinynn (net.weights, net.biases); tinynn.sigmoid is σ of one float."""
    raise NotImplementedError


# ------------------------------------------------------------------------------------------------
# Chapter 2, "How the backpropagation algorithm works": the product, σ', a layer, BP1-BP4, the steps
# ------------------------------------------------------------------------------------------------

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


# ------------------------------------------------------------------------------------------------
# Chapter 3, "Improving the way neural networks learn": costs, softmax, L2, L1, dropout, init, stopping
# ------------------------------------------------------------------------------------------------

def neuron_gradient_quadratic(w, b, x, y):
    """The book's single sigmoid neuron: input x, target y, output a = σ(wx + b), all floats. With
    the quadratic cost C = (y - a)²/2, return (∂C/∂w, ∂C/∂b), two floats."""
    raise NotImplementedError


def neuron_gradient_cross_entropy(w, b, x, y):
    """The same neuron with the cross-entropy cost C = -[y ln a + (1 - y) ln(1 - a)]: return
    (∂C/∂w, ∂C/∂b), two floats."""
    raise NotImplementedError


def softmax(z):
    """softmax of one sample's z, a list of floats: the list of e^zⱼ / Σₖ e^zₖ. It must work for
    large z too, such as [1000.0, 999.0]."""
    raise NotImplementedError


def l2_step(w, dw, lr, l2, n):
    """One step of gradient descent with L2 regularisation (weight decay), C = C₀ + λ/(2n) Σ w²:
    w ← (1 - ηλ/n)·w - η·∂C₀/∂w, where dw = ∂C₀/∂w (a Matrix like w), lr = η, l2 = λ and n is the
    size of the whole training set. Returns the new w."""
    raise NotImplementedError


def l1_step(w, dw, lr, l1, n):
    """One step with L1 regularisation, C = C₀ + (λ/n) Σ |w|: w ← w - (ηλ/n)·sgn(w) - η·∂C₀/∂w, with
    l1 = λ and sgn(w) = 1, -1 or 0 for w > 0, w < 0 or w = 0. Returns the new w."""
    raise NotImplementedError


def dropout_mask(n_units, m, p, rng):
    """Inverted dropout's mask for a layer of n_units and a batch of m samples: a Matrix (n_units, m)
    whose every entry is 0.0 (that unit dropped for that sample, with probability p) or 1/(1 - p)
    (kept, and scaled so that the unit's expected output stays what it was). Draw from rng, the
    random.Random the grader gives (rng.random() is uniform in [0, 1))."""
    raise NotImplementedError


def init_weights(n_in, n_out, rng):
    """The first weights of a layer of n_out units with n_in inputs each: a Matrix (n_out, n_in) of
    Gaussian draws with mean 0 and standard deviation 1/√n_in (rng.gauss(mu, sigma), rng a
    random.Random), which keeps each unit's z of order 1, so it starts out of saturation."""
    raise NotImplementedError


def early_stopping(accuracies, patience):
    """The no-improvement-in-n-epochs rule: accuracies[e - 1] is the validation accuracy after epoch
    e (epochs count from 1). Training stops at the first epoch that comes `patience` epochs after
    the best accuracy so far, no epoch since having beaten it (an equal accuracy is not better).
    Return that epoch, or None when training runs to the end of the list."""
    raise NotImplementedError


# ------------------------------------------------------------------------------------------------
# Chapter 5, "Why are deep neural networks hard to train?" (the course's lesson 4): gradient_norms
# ------------------------------------------------------------------------------------------------

def gradient_norms(net, x, y):
    """The speed of learning of each hidden layer: ‖∂C/∂bˡ‖ = √Σⱼ (∂C/∂bˡⱼ)² for l = 2 .. L-1, a
    list of floats in that order, for the batch x with targets y (Matrices, a column per sample).
    net is a tinynn.NeuralNetwork: net.feedforward(x) gives (z_s, a_s), and
    net.backpropagation(y, z_s, a_s) gives (dw, db) with db[l - 2] = ∂C/∂bˡ."""
    raise NotImplementedError


# ================================================================================================
# The grader: nothing to write below this line
# ================================================================================================

SEEDS = range(5)


def random_matrix(rng, rows, columns):
    return Matrix([[rng.uniform(-1.0, 1.0) for _ in range(columns)] for _ in range(rows)])


GRADER_LINE = random_matrix.__code__.co_firstlineno  # this file's lines from here on are the grader's


class Text(str):
    """Words the grader shows as they are, where a value would be shown."""


def is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def as_rows(value):
    """A Matrix, or any sequence of rows of numbers (lists, tuples, a NumPy array), as a list of
    lists; None when it is none of these."""
    if isinstance(value, Matrix):
        value = value.rows
    if hasattr(value, "tolist"):  # NumPy
        value = value.tolist()
    if hasattr(value, "__next__"):  # a generator gives its rows once: not a matrix to read twice
        return None
    try:
        rows = [list(row) for row in value]
    except Exception:  # not a sequence of sequences
        return None
    if rows and all(is_number(v) for row in rows for v in row):
        return rows
    return None


def as_vector(value):
    """A sequence of numbers (a list, a tuple, a NumPy vector) as a list; None otherwise."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if not isinstance(value, (list, tuple)) or not all(is_number(v) for v in value):
        return None
    return list(value)


def is_pair(value, n=2):
    """A tuple or list of n items: what an exercise returning (z, a) or (db, dw) gives back."""
    return isinstance(value, (tuple, list)) and len(value) == n and as_rows(value) is None


def close(a, b, tolerance):
    return abs(a - b) <= tolerance * max(1.0, abs(b))


def same(got, expected, tolerance=1e-7):
    """got equals expected within tolerance: a number, a list of numbers or a matrix (a Matrix or
    a list of rows); None and whole numbers (an epoch) exactly."""
    if expected is None:
        return got is None
    if isinstance(expected, int):
        return is_number(got) and got == expected
    if isinstance(expected, float):
        return is_number(got) and close(got, expected, tolerance)
    if as_vector(expected) is not None:
        vector, wanted = as_vector(got), as_vector(expected)
        return (vector is not None and len(vector) == len(wanted)
                and all(close(a, b, tolerance) for a, b in zip(vector, wanted)))
    rows, wanted = as_rows(got), as_rows(expected)
    if rows is None or len(rows) != len(wanted) or any(len(r) != len(w) for r, w in zip(rows, wanted)):
        return False
    return all(close(a, b, tolerance) for r, w in zip(rows, wanted) for a, b in zip(r, w))


def not_a_number(value):
    """repr of the first value in a Matrix or a list (of lists) that is not a number; None if all are."""
    items = value.rows if isinstance(value, Matrix) else value
    if not isinstance(items, (list, tuple)):
        return None
    for item in items:
        for v in (item if isinstance(item, (list, tuple)) else [item]):
            if not is_number(v):
                return repr(v)[:60]
    return None


def shape_of(value):
    rows = as_rows(value)
    if rows is None:
        return type(value).__name__
    return (len(rows), len(rows[0]))


def negated(value):
    if isinstance(value, Matrix):
        return value * -1.0
    if isinstance(value, float):
        return -value
    return None


class Wrong(Exception):
    """An answer that is not right: what was expected, what came back, a hint, and where in the
    learner's code (None: their function's first line)."""

    def __init__(self, case, expected, got, hint, where=None):
        super().__init__(case)
        self.case, self.expected, self.got, self.hint, self.where = case, expected, got, hint, where


class Unwritten(Exception):
    """A `raise NotImplementedError` in the learner's code: in the function `name`, at `where`."""

    def __init__(self, name, where):
        super().__init__(name)
        self.name, self.where = name, where


NOTHING = Text("None")  # what a mistake gives when it is None, where None may be the right answer


def compare(case, got, expected, mistakes=()):
    """Raise Wrong unless got equals expected; mistakes: (hint, what that mistake would give), None
    where there is nothing to compare (and NOTHING where the mistake gives None)."""
    if same(got, expected):
        return
    hint = None
    if as_rows(expected) is not None and as_rows(got) is None and not isinstance(got, (list, tuple, Matrix)):
        hint = f"a matrix of shape {shape_of(expected)} was expected, {type(got).__name__} came back"
    elif as_rows(expected) is not None and shape_of(got) != shape_of(expected):
        hint = f"the shape is {shape_of(got)}, expected {shape_of(expected)}"
    elif as_vector(expected) is not None and as_vector(got) is not None:
        hint = f"{len(as_vector(got))} numbers came back, expected {len(as_vector(expected))}"
    if got is None and not any(wrong is NOTHING for _, wrong in mistakes):
        hint = "nothing came back: the function needs a return statement"
    elif not_a_number(got) is not None:
        hint = f"not every value is a number: found {not_a_number(got)}"
    elif hasattr(got, "__next__"):
        hint = f"a {type(got).__name__} came back, which gives its values only once: return a list, list(...)"
    for text, wrong in list(mistakes) + [("the sign is flipped", negated(expected))]:
        if wrong is NOTHING:
            wrong = None
        elif wrong is None:
            continue
        if not same(wrong, expected) and same(got, wrong):
            hint = text
            break
    raise Wrong(case, expected, got, hint)


# -- calling the learner's code: copies of the inputs, and whatever it raises becomes a failure ------

def learners(entry):
    """True when a traceback entry is in the learner's code: not tinynn.py, not this grader, not
    the standard library or an installed package."""
    filename = entry.tb_frame.f_code.co_filename
    path = os.path.normcase(os.path.abspath(filename)) if not filename.startswith("<") else filename
    if path == TINYNN_FILE or "site-packages" in path or "dist-packages" in path:
        return False
    if path == GRADER_FILE:
        return entry.tb_lineno < GRADER_LINE  # "Your part" is the learner's
    return not path.startswith(STDLIB)


TINYNN_FILE = os.path.normcase(os.path.abspath(tinynn.__file__))
GRADER_FILE = os.path.normcase(os.path.abspath(__file__))
STDLIB = os.path.normcase(os.path.dirname(os.path.abspath(os.__file__))) + os.sep


def place(filename, line):
    """'line 12 of exercises.py:  return a - y', as a learner finds it."""
    if "ipykernel" in filename or filename.startswith("<ipython-input"):
        name = "your notebook cell"
    else:
        name = os.path.basename(filename)
    shown = linecache.getline(filename, line).strip()
    return f"line {line} of {name}" + (f":  {shown}" if shown else "")


def raised_where(error):
    """The place of the learner's last line the error went through, and whether it was raised
    there (rather than in tinynn, the standard library or a package the line called)."""
    entries, entry = [], error.__traceback__
    while entry is not None:
        entries.append(entry)
        entry = entry.tb_next
    own = [e for e in entries if learners(e)]
    if not own:
        return None, False
    last = own[-1]
    return place(last.tb_frame.f_code.co_filename, last.tb_lineno), last is entries[-1]


ESCAPES = {  # what a learner's code raised that would stop a program, and what it means here
    SystemExit: "exit() or sys.exit() ends the whole program: a solution returns its answer instead",
    KeyboardInterrupt: "Ctrl-C (KeyboardInterrupt) stopped your code in this case, so it is not right "
                       "yet: run the grader again",
}


def parameter_names(solution, count):
    try:
        names = [p.name for p in inspect.signature(solution).parameters.values()]
    except (TypeError, ValueError):
        names = []
    return names[:count] if len(names) >= count else [f"argument {i + 1}" for i in range(count)]


def what_changed(before, after, name):
    """'deltas[0]' for a list whose item 0 changed; name itself for anything else that did."""
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for i, (b, a) in enumerate(zip(before, after)):
            if not b == a:
                return f"{name}[{i}]"
    return name


def call(case, expected, solution, *args, hints=()):
    """solution(*args) on copies of args. What it raises becomes Wrong, with the hint whose key is
    in its message (hints: (key, hint) pairs); a `raise NotImplementedError` in the learner's own
    code becomes Unwritten; an input it changed in place is named."""
    given = copy.deepcopy(args)
    try:
        got = solution(*given)
    except Exception as error:
        where, raised_here = raised_where(error)
        if isinstance(error, NotImplementedError) and raised_here:
            last = error.__traceback__
            while last.tb_next is not None:
                last = last.tb_next
            raise Unwritten(last.tb_frame.f_code.co_name,
                            place(last.tb_frame.f_code.co_filename, last.tb_lineno)) from None
        message = f"{type(error).__name__}: {error}"
        hint = next((text for key, text in hints if key in message), None)
        raise Wrong(case, expected, Text(message), hint, where) from None
    except BaseException as error:  # exit(), Ctrl-C, ...: this exercise is not right, and the run goes on
        where, _ = raised_where(error)
        hint = next((text for kind, text in ESCAPES.items() if isinstance(error, kind)),
                    f"{type(error).__name__} stops a program: a solution returns its answer instead")
        raise Wrong(case, expected, Text(f"{type(error).__name__} {error}".strip()), hint, where) from None
    names = parameter_names(solution, len(args))
    for name, before, after in zip(names, args, given):
        if not isinstance(before, random.Random) and not before == after:
            changed = what_changed(before, after, name)
            raise Wrong(case, expected, Text(f"{changed} changed: it is not what it was given"),
                        f"the function changed its input {changed} in place: leave the inputs as they are "
                        "and make new matrices or lists: whoever called the function still uses them")
    return got


def pair_of(case, got, expected, names, swap_hint):
    """got as a pair (or triple), in the right order; Wrong if it is not one."""
    if not is_pair(got, len(expected)):
        raise Wrong(case, Text(f"a {('pair', 'triple')[len(expected) - 2]} ({', '.join(names)})"), got,
                    "return " + ("both" if len(expected) == 2 else f"all {len(expected)}") + ": "
                    + ", ".join(names))
    if (len(expected) == 2 and same(got[0], expected[1]) and same(got[1], expected[0])
            and not same(expected[0], expected[1])):
        raise Wrong(case, Text(f"({', '.join(names)})"), Text(f"({', '.join(reversed(names))})"), swap_hint)
    return got


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


def elementwise(f, *matrices):
    """A Matrix of f(a, b, ...) over the matching elements of the matrices."""
    return Matrix([[f(*values) for values in zip(*rows)] for rows in zip(*(m.rows for m in matrices))])


def argmax(values):
    return max(range(len(values)), key=values.__getitem__)


def argmin(values):
    return min(range(len(values)), key=values.__getitem__)


# -- the graders, one per exercise: each yields the case it passed, or raises Wrong --------------

# Chapter 1

def grade_accuracy(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        n_classes, m = rng.randint(3, 4), rng.randint(6, 9)
        a = Matrix([[0.9 * rng.random() for _ in range(m)] for _ in range(n_classes)])  # outputs in (0, 0.9)
        columns = a.T.rows
        # about half the samples right, so that the fraction is neither 0 nor 1
        labels = [argmax(c) if rng.random() < 0.5 else rng.randrange(n_classes) for c in columns]
        y = Matrix(tinynn.one_hot(labels, n_classes)).T
        right = tinynn._count_correct(a, y)
        expected = right / m
        by_rows = [argmax(r) == argmax(t) for r, t in zip(a.rows, y.rows)].count(True)
        case = f"accuracy(a, y) for {m} samples of {n_classes} classes, {right} of them right"
        got = call(case, expected, solution, a, y)
        compare(case, got, expected, [
            ("a count where a fraction belongs: divide by m, the number of samples", float(right)),
            ("a percentage: give the fraction, from 0.0 to 1.0", 100.0 * expected),
            ("a sample is a column (one column per sample): compare the argmax of each column, "
             "e.g. of a.T.rows, not of each row", by_rows / m),
            ("a sample is a column (one column per sample): compare the argmax of each column, "
             "e.g. of a.T.rows, not of each row", by_rows / n_classes),
            ("the class is the largest output, the argmax, not the smallest",
             [argmin(c) == argmax(t) for c, t in zip(columns, y.T.rows)].count(True) / m),
            ("the class is the argmax: the largest output need not be near 1.0, so compare argmaxes, "
             "not rounded outputs", [[float(round(v)) for v in c] == t for c, t in zip(columns, y.T.rows)]
             .count(True) / m)])
        yield case


def grade_one_hot(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        n_classes = rng.randint(3, 5)
        labels = [rng.randrange(n_classes - 1) for _ in range(rng.randint(4, 6))]  # never the last class
        labels[0] = 0
        expected = tinynn.one_hot(labels, n_classes)
        case = f"one_hot({labels}, {n_classes})"
        shared = [[1.0 if k in labels else 0.0 for k in range(n_classes)]] * len(labels)
        got = call(case, expected, solution, labels, n_classes, hints=[
            ("IndexError", "labels count from 0: label 0 puts its 1.0 at row[0], label k at row[k]")])
        compare(case, got, expected, [
            ("one row per label, as tinynn.one_hot gives (its transpose, a column per sample, is what "
             "the network takes)", Matrix(expected).T),
            ("labels count from 0: label 0 puts its 1.0 at row[0], label k at row[k]",
             [[1.0 if k == label + 1 else 0.0 for k in range(n_classes)] for label in labels]),
            ("labels count from 0: label 0 puts its 1.0 at row[0], label k at row[k]",
             [[1.0 if k == label - 1 else 0.0 for k in range(n_classes)] for label in labels]),
            ("labels count from 0: label 0 puts its 1.0 at row[0], label k at row[k]",
             [row[1:] + row[:1] for row in expected]),
            ("all the rows are one list: [[0.0] * n] * m repeats the same row; make a new row for each "
             "label", shared),
            ("each row has n_classes numbers, also when the last classes are not among the labels",
             [row[:max(labels) + 1] for row in expected])])
        yield case


def forward(net, x, sigma_hidden, sigma_last, biases=True):
    """aᴸ as a mistake computes it: with σ in the hidden layers or not, in the last or not, with b or not."""
    a = x
    for l, (w, b) in enumerate(zip(net.weights, net.biases), start=2):
        z = w @ a + b if biases else w @ a
        a = z.map(tinynn.sigmoid) if (sigma_last if l == len(net.layers) else sigma_hidden) else z
    return a


def grade_feedforward_batch(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        layers = [rng.randint(2, 3), 4, 5, rng.randint(1, 2)]  # sizes that differ, so a layer too few shows
        net = tinynn.NeuralNetwork(layers, ["sigmoid"] * 3, seed=seed)
        net.biases = [random_matrix(rng, n, 1) for n in layers[1:]]
        x = random_matrix(rng, layers[0], rng.randint(2, 4))
        z_s, a_s = net.feedforward(x)
        case = f"feedforward_batch(weights, biases, x) for layers {layers}, a batch of {x.shape[1]}"
        got = call(case, a_s[-1], solution, list(net.weights), list(net.biases), x, hints=[
            ("matrix product", "the product's shapes do not fit: zˡ = wˡ aˡ⁻¹, weights first")])
        if isinstance(got, (list, tuple)) and got and same(got[-1], a_s[-1]):
            raise Wrong(case, a_s[-1], Text(f"a list of {len(got)} matrices, the last one right"),
                        "return aᴸ alone, the output of the last layer, not the list of every layer's")
        compare(case, got, a_s[-1], [
            ("aᴸ = σ(zᴸ): σ is missing at the last layer", z_s[-1]),
            ("every layer applies σ: aˡ = σ(zˡ) for the hidden layers too", forward(net, x, False, True)),
            ("σ is missing: aˡ = σ(zˡ) in every layer", forward(net, x, False, False)),
            ("the bias is missing: zˡ = wˡ aˡ⁻¹ + bˡ", forward(net, x, True, True, biases=False)),
            ("that is the output of the layer before the last: go through every layer, l = 2 .. L",
             a_s[-2])])
        yield case


# Chapter 2

def grade_matmul(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        n, k, m = rng.randint(1, 4), rng.randint(2, 4), rng.randint(1, 4)
        if n == m:
            m += 1  # never square, so that a swapped product shows in its shape
        a, b = random_matrix(rng, n, k), random_matrix(rng, k, m)
        case = f"matmul(a, b) with a of shape {a.shape} and b of shape {b.shape}"
        got = call(case, a @ b, solution, a.tolist(), b.tolist(), hints=[
            ("IndexError", "a has n rows of k numbers, b k rows of m: the result is n rows of m")])
        product = (a @ b).rows
        compare(case, got, a @ b, [
            ("that is the transpose: the result has a row for each row of a, a column for each column of b",
             (a @ b).T),
            ("element [i][j] must be row i of a times column j of b (zip(*b) gives b's columns)",
             [[sum(x * y for x, y in zip(ra, rb)) for rb in b.rows] for ra in a.rows]),
            ("all the rows are one list: [[0.0] * m] * n repeats the same row; make a new row for each",
             [[sum(column) for column in zip(*product)]] * n)])
        yield case


def grade_sigmoid_prime(solution):
    for z in (-3.0, -0.5, 0.0, 0.7, 2.5):
        expected = central_difference(tinynn.sigmoid, z)
        s = tinynn.sigmoid(z)
        case = f"sigmoid_prime({z})"
        got = call(case, tinynn.sigmoid_prime(z), solution, z)
        compare(case, got, tinynn.sigmoid_prime(z),
                [("that is σ(z) itself, not its derivative σ(z)(1 - σ(z))", s),
                 ("the sign is flipped: σ'(z) = σ(z)(1 - σ(z)) is positive", -tinynn.sigmoid_prime(z)),
                 ("σ'(z) = σ(z)(1 - σ(z)) takes σ(z), not z", z * (1.0 - z))])
        assert abs(tinynn.sigmoid_prime(z) - expected) < 1e-8  # tinynn agrees with the definition
        yield case


def grade_layer(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        n_in, n_out, m = rng.randint(2, 4), rng.randint(2, 4), rng.randint(1, 3)
        net = tinynn.NeuralNetwork([n_in, n_out], ["sigmoid"], seed=seed)
        net.biases = [random_matrix(rng, n_out, 1)]
        x = random_matrix(rng, n_in, m)
        z_s, a_s = net.feedforward(x)
        case = f"layer(w, a_prev, b), w of shape {net.weights[0].shape}, a_prev {x.shape}"
        got = call(case, (z_s[0], a_s[1]), solution, net.weights[0], x, net.biases[0], hints=[
            ("matrix product", "the product's shapes do not fit: z = w a_prev, w first")])
        z, a = pair_of(case, got, (z_s[0], a_s[1]), ("z", "a"), "the pair is the wrong way round: z first")
        compare(case + ": z", z, z_s[0], [("z = w a_prev + b: the bias b is missing", net.weights[0] @ x)])
        compare(case + ": a", a, a_s[1], [("a = σ(z): σ is missing", z_s[0])])
        yield case


def grade_bp1_mse(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        net, x, y = network_and_batch(rng, seed, [rng.randint(1, 3), rng.randint(1, 3)], ["sigmoid"])
        z_s, a_s = net.feedforward(x)
        expected = deltas_of(net, x, y)[-1]
        _, df = tinynn.activation("sigmoid")
        m = x.shape[1]
        case = f"bp1_mse(a, y, z) for a batch of shape {y.shape}"
        got = call(case, expected, solution, a_s[-1], y, z_s[-1])
        compare(case, got, expected,
                [("σ'(zᴸ) is missing: δᴸ = (aᴸ - y) ⊙ σ'(zᴸ)", a_s[-1] - y),
                 ("the sign is flipped: ∇ₐC = aᴸ - y, not y - aᴸ", negated(expected)),
                 ("σ' takes zᴸ, not aᴸ", (a_s[-1] - y) * a_s[-1].map(df)),
                 ("δᴸ has one column per sample, each that sample's own: no division by m here (BP3 and "
                  "BP4 take the mean over the batch)", expected * (1.0 / m) if m > 1 else None)])
        if m == 1:  # one sample: δᴸ = ∂C/∂bᴸ, which central differences measure too
            assert same(numerical(net, x, y)[1][-1], expected, 1e-6)
        yield case


def grade_bp1_softmax_cross_entropy(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        net, x, y = network_and_batch(rng, seed, [rng.randint(1, 3), rng.randint(2, 4)], ["softmax"],
                                      loss="cross_entropy")
        z_s, a_s = net.feedforward(x)
        expected = deltas_of(net, x, y)[-1]
        m = x.shape[1]
        case = f"bp1_softmax_cross_entropy(a, y) for a batch of shape {y.shape}"
        got = call(case, expected, solution, a_s[-1], y)
        compare(case, got, expected,
                [("the sign is flipped: δᴸ = aᴸ - y, not y - aᴸ", negated(expected)),
                 ("with softmax and cross-entropy nothing more multiplies aᴸ - y: σ' cancels",
                  (a_s[-1] - y) * a_s[-1].map(lambda a: a * (1.0 - a))),
                 ("δᴸ has one column per sample, each that sample's own: no division by m here (BP3 and "
                  "BP4 take the mean over the batch)", expected * (1.0 / m) if m > 1 else None)])
        if m == 1:
            assert same(numerical(net, x, y)[1][-1], expected, 1e-6)
        yield case


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
            got = call(case, expected[l - 2], solution, l, list(net.weights), given, list(z_s), hints=[
                ("matrix product", "the product's shapes do not fit: BP2 multiplies δˡ⁺¹ by the transpose "
                                   "of wˡ⁺¹, (wˡ⁺¹)ᵀ = weights[l - 1].T"),
                ("matrix *", "(wˡ⁺¹)ᵀ δˡ⁺¹ and σ'(z) differ in shape: off by one layer? zˡ is z_s[l - 2]"),
                ("NoneType", "off by one layer: δˡ⁺¹ is deltas[l - 1], wˡ⁺¹ is weights[l - 1]"),
                ("index", "off by one layer: wˡ⁺¹ is weights[l - 1], δˡ⁺¹ is deltas[l - 1], "
                          "zˡ is z_s[l - 2]")])
            back = net.weights[l - 1].T @ expected[l - 1]
            compare(case, got, expected[l - 2],
                    [("σ'(zˡ) is missing: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ)", back),
                     ("the sign is flipped", negated(expected[l - 2])),
                     ("off by one layer: σ' takes zˡ = z_s[l - 2]",
                      back * z_s[l - 1].map(df) if z_s[l - 1].shape == back.shape else None)])
            yield case
        if x.shape[1] == 1:
            assert same(numerical(net, x, y)[1][0], expected[0], 1e-6)


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
            got = call(case, (db[l - 2], dw[l - 2]), solution, l, list(deltas), list(a_s), hints=[
                ("matrix product", "the product's shapes do not fit: BP4 is δˡ (aˡ⁻¹)ᵀ, so a_s[l - 2].T"),
                ("index", "off by one layer: δˡ is deltas[l - 2], aˡ⁻¹ is a_s[l - 2]")])
            got_db, got_dw = pair_of(case, got, (db[l - 2], dw[l - 2]), ("∂C/∂b", "∂C/∂w"),
                                     "the pair is the wrong way round: (∂C/∂b, ∂C/∂w), db first")
            mean = "a sum where a mean belongs: divide by m, the batch's size"
            compare(case + ": ∂C/∂b", got_db, db[l - 2], [(mean, db[l - 2] * float(m) if m > 1 else None)])
            compare(case + ": ∂C/∂w", got_dw, dw[l - 2],
                    [(mean, dw[l - 2] * float(m) if m > 1 else None),
                     ("off by one layer: BP4 takes aˡ⁻¹ = a_s[l - 2], the input of layer l",
                      deltas[l - 2] @ a_s[l - 1].T * (1.0 / m)),
                     ("the transposes are swapped: ∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ has wˡ's shape", dw[l - 2].T)])
            yield case


def grade_sgd_update(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        w, dw, lr = random_matrix(rng, 2, 3), random_matrix(rng, 2, 3), rng.uniform(0.01, 1.0)
        (expected,) = tinynn.SGD().step([w], [dw], lr)
        case = f"sgd_update(w, dw, lr={lr:.3f})"
        got = call(case, expected, solution, w, dw, lr)
        compare(case, got, expected,
                [("the sign is flipped: the step goes against the gradient, w - η·∂C/∂w", w + lr * dw),
                 ("the learning rate η is missing", w - dw)])
        yield case


def grade_momentum_step(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        w, v, dw = random_matrix(rng, 2, 3), random_matrix(rng, 2, 3), random_matrix(rng, 2, 3)
        lr, mu = rng.uniform(0.01, 0.5), rng.choice([0.5, 0.6, 0.75, 0.8, 0.95])  # μ varies, never 0.9
        sgd = tinynn.SGD(momentum=mu)
        sgd.velocities = [v]
        (expected,) = sgd.step([w], [dw], lr)
        case = f"momentum_step(w, v, dw, lr={lr:.3f}, mu={mu})"
        got = call(case, (expected, sgd.velocities[0]), solution, w, v, dw, lr, mu)
        new_w, new_v = pair_of(case, got, (expected, sgd.velocities[0]), ("w", "v"),
                               "the pair is the wrong way round: w first")
        torch_v = mu * v + dw
        pytorch = ("that is PyTorch's form, v ← μv + ∂C/∂w and w ← w - ηv, which keeps -v/η: tinynn's (and "
                   "this exercise's) is v ← μv - η·∂C/∂w, then w ← w + v")
        hard_coded = f"μ is an argument: use the mu given (this case's is {mu}), not 0.9"
        compare(case + ": v", new_v, sgd.velocities[0],
                [(pytorch, torch_v), ("the sign is flipped: v ← μv - η·∂C/∂w", mu * v + lr * dw),
                 ("μ is missing", v - lr * dw), (hard_coded, 0.9 * v - lr * dw)])
        compare(case + ": w", new_w, expected,
                [("w ← w + v with the new v", w + v), (pytorch, w - lr * torch_v)])
        yield case


def adam_cases():
    """(w, m, v, t, g, lr, β₁, β₂, ε) for each case: hyper-parameters that vary, and a last case where
    g = m = v = 0 in some places, so v̂ = 0 there and only ε keeps the step finite."""
    for seed in SEEDS:
        rng = random.Random(seed)
        w, m, g = random_matrix(rng, 2, 2), random_matrix(rng, 2, 2), random_matrix(rng, 2, 2)
        v = random_matrix(rng, 2, 2).map(abs)
        t, lr = rng.randint(1, 5), rng.uniform(0.001, 0.1)
        beta1, beta2 = rng.choice([0.8, 0.85, 0.95]), rng.choice([0.99, 0.995, 0.9999])
        eps = rng.choice([1e-3, 1e-2, 0.1]) if seed else 1e-8  # ε large enough to matter, but for one case
        yield w, m, v, t, g, lr, beta1, beta2, eps
    rng = random.Random(len(SEEDS))
    w, m = random_matrix(rng, 2, 2), random_matrix(rng, 2, 2)
    zero = Matrix([[1.0, 0.0], [0.0, 1.0]])
    v, g = random_matrix(rng, 2, 2).map(abs) * zero, random_matrix(rng, 2, 2) * zero
    yield w, m, v, 3, g, 0.01, 0.9, 0.999, 1e-8


def adam(w, m, v, t, g, lr, beta1, beta2, eps):
    """tinynn's Adam step from this state: (new w, new m, new v)."""
    optimizer = tinynn.Adam(beta1, beta2, eps)
    optimizer.m, optimizer.v, optimizer.t = [m], [v], t - 1
    (new_w,) = optimizer.step([w], [g], lr)
    return new_w, optimizer.m[0], optimizer.v[0]


def adam_w(w, m_hat, v_hat, lr, eps, inside=False):
    """w - η m̂ / (√v̂ + ε), or with ε inside the root; None where it divides by 0."""
    try:
        return elementwise(lambda wi, mi, vi: wi - lr * mi / (math.sqrt(vi + eps) if inside
                                                             else math.sqrt(vi) + eps), w, m_hat, v_hat)
    except ZeroDivisionError:
        return None


def grade_adam_step(solution):
    for w, m, v, t, g, lr, beta1, beta2, eps in adam_cases():
        expected = adam(w, m, v, t, g, lr, beta1, beta2, eps)
        new_w, new_m, new_v = expected
        case = f"adam_step(w, m, v, t={t}, g, lr={lr:.4f}, beta1={beta1}, beta2={beta2}, eps={eps})"
        got = call(case, expected, solution, w, m, v, t, g, lr, beta1, beta2, eps, hints=[
            ("ZeroDivisionError", "a division by zero: t counts from 1, so the first step's correction "
                                  "is 1 - β₁¹, never 1 - β₁⁰; and √v̂ + ε is never 0 (ε is there for v̂ = 0)"),
            ("float division by zero", "a division by zero: √v̂ + ε is never 0 (ε is there for v̂ = 0)")])
        got = pair_of(case, got, expected, ("w", "m", "v"), None)
        corrected = {k: (new_m * (1.0 / (1.0 - beta1 ** k)), new_v * (1.0 / (1.0 - beta2 ** k)))
                     for k in (t - 1, t, t + 1) if k > 0}  # m̂, v̂ with the correction of step k
        m_hat, v_hat = corrected[t]
        defaults = adam(w, m, v, t, g, lr, 0.9, 0.999, 1e-8)
        hard_coded = (f"β₁, β₂ and ε are arguments: use the ones given (here {beta1}, {beta2}, {eps}), "
                      "not 0.9, 0.999, 1e-8")
        compare(case + ": m", got[1], new_m,
                [("return m itself, the moving average, not m̂ = m / (1 - β₁ᵗ): m̂ is only for this step",
                  m_hat), ("m ← β₁m + (1 - β₁)g: β₁ weighs the old m", beta1 * g + (1.0 - beta1) * m),
                 (hard_coded, defaults[1])])
        compare(case + ": v", got[2], new_v,
                [("v averages g², the square of the gradient", beta2 * v + (1.0 - beta2) * g),
                 ("return v itself, the moving average, not v̂ = v / (1 - β₂ᵗ): v̂ is only for this step",
                  v_hat), (hard_coded, defaults[2])])
        off_by_one = ("t is this step's number, counted from 1: m̂ = m / (1 - β₁ᵗ) and v̂ = v / (1 - β₂ᵗ) with "
                      "the t given, not t - 1 or t + 1")
        compare(case + ": w", got[0], new_w,
                [("the bias correction is missing: m̂ = m / (1 - β₁ᵗ), v̂ = v / (1 - β₂ᵗ)",
                  adam_w(w, new_m, new_v, lr, eps)),
                 (off_by_one, adam_w(w, *corrected[t - 1], lr, eps) if t > 1 else None),
                 (off_by_one, adam_w(w, *corrected[t + 1], lr, eps)),
                 ("ε is missing: w ← w - η m̂ / (√v̂ + ε)", adam_w(w, m_hat, v_hat, lr, 0.0)),
                 ("ε goes outside the root: √v̂ + ε, not √(v̂ + ε)", adam_w(w, m_hat, v_hat, lr, eps, True)),
                 (hard_coded, defaults[0])])
        yield case


# Chapter 3

def neuron_cases():
    """(w, b, x, y): the book's two starts (input 1, target 0), then random ones with x ≠ 1."""
    yield 0.6, 0.9, 1.0, 0.0
    yield 2.0, 2.0, 1.0, 0.0
    for seed in range(3):
        rng = random.Random(seed)
        yield (rng.uniform(-2.0, 2.0), rng.uniform(-2.0, 2.0), rng.choice([-1.5, -0.5, 0.4, 2.5]),
               rng.random())


def neuron_gradients(w, b, x, y, loss):
    """tinynn's (∂C/∂w, ∂C/∂b) for a network of one sigmoid neuron with this w, b, x, y."""
    net = tinynn.NeuralNetwork([1, 1], ["sigmoid"], loss=loss)
    net.weights, net.biases = [Matrix([[w]])], [Matrix([[b]])]
    z_s, a_s = net.feedforward(Matrix([[x]]))
    dw, db = net.backpropagation(Matrix([[y]]), z_s, a_s)
    return dw[0][0, 0], db[0][0, 0]


def grade_neuron_gradient(solution, name, loss):
    for w, b, x, y in neuron_cases():
        expected = neuron_gradients(w, b, x, y, loss)
        z = w * x + b
        a = tinynn.sigmoid(z)
        prime = tinynn.sigmoid_prime(z)
        case = f"{name}(w={w:.4g}, b={b:.4g}, x={x:.4g}, y={y:.4g})"
        got = call(case, expected, solution, w, b, x, y)
        dw, db = pair_of(case, got, expected, ("∂C/∂w", "∂C/∂b"),
                         "the pair is the wrong way round: (∂C/∂w, ∂C/∂b), the weight's first")
        if loss == "mse":
            mistakes = [("σ'(z) is missing: that is the cross-entropy's gradient; the quadratic cost's is "
                         "(a - y)σ'(z)·x", ((a - y) * x, a - y)),
                        ("σ' takes z = wx + b, not a", ((a - y) * tinynn.sigmoid_prime(a) * x,
                                                         (a - y) * tinynn.sigmoid_prime(a))),
                        ("∂C/∂w = (a - y)σ'(z)·x: the input x is missing", ((a - y) * prime, None))]
        else:
            mistakes = [("with the cross-entropy cost σ'(z) cancels: ∂C/∂w = x(a - y), ∂C/∂b = a - y",
                         ((a - y) * prime * x, (a - y) * prime)),
                        ("a = σ(wx + b): the gradient takes the output a, not z", ((z - y) * x, z - y)),
                        ("∂C/∂w = x(a - y): the input x is missing", (a - y, None))]
        compare(case + ": ∂C/∂w", dw, expected[0], [(hint, wrong[0]) for hint, wrong in mistakes])
        compare(case + ": ∂C/∂b", db, expected[1], [(hint, wrong[1]) for hint, wrong in mistakes])
        yield case


def grade_neuron_gradient_quadratic(solution):
    return grade_neuron_gradient(solution, "neuron_gradient_quadratic", "mse")


def grade_neuron_gradient_cross_entropy(solution):
    return grade_neuron_gradient(solution, "neuron_gradient_cross_entropy", "cross_entropy")


def grade_softmax(solution):
    cases = []
    for seed in range(3):
        rng = random.Random(seed)
        cases.append([rng.uniform(-3.0, 3.0) for _ in range(rng.randint(2, 5))])
    cases += [[1000.0, 999.0, 1001.5], [-1000.0, -1002.0, -999.0]]  # e^z overflows, or is 0 everywhere
    stable = ("e^z overflows, or is 0 for every z, when z is large: subtract the largest z first, which "
              "changes nothing, since e^(zⱼ - c) / Σₖ e^(zₖ - c) = e^zⱼ / Σₖ e^zₖ")
    for z in cases:
        expected = tinynn.softmax(z)
        case = f"softmax({[round(v, 4) for v in z]})"
        got = call(case, expected, solution, z, hints=[("OverflowError", stable),
                                                         ("ZeroDivisionError", stable)])
        exps = [math.exp(v - max(z)) for v in z] if max(z) < 700 else None
        compare(case, got, expected, [
            ("divide by the sum Σₖ e^zₖ, so that the outputs add up to 1",
             [math.exp(v) for v in z] if max(z) < 700 else None),
            ("divide by the sum Σₖ e^zₖ, so that the outputs add up to 1", exps),
            ("softmax takes e^z: e^zⱼ / Σₖ e^zₖ, not zⱼ / Σₖ zₖ",
             [v / sum(z) for v in z] if sum(z) else None),
            ("that is σ(zⱼ) of each z alone: softmax divides e^zⱼ by the sum over the whole sample",
             [tinynn.sigmoid(v) for v in z])])
        yield case


def step_cases():
    """(w, dw, lr, λ, n): hyper-parameters that vary; w has zeros, which L1 must leave unpushed."""
    for seed in SEEDS:
        rng = random.Random(seed)
        w, dw = random_matrix(rng, 2, 3), random_matrix(rng, 2, 3)
        w.rows[rng.randrange(2)][rng.randrange(3)] = 0.0
        lr, lmbda, n = rng.choice([0.05, 0.1, 0.5, 1.0]), rng.choice([0.5, 1.0, 5.0]), rng.choice([5, 10, 50])
        yield w, dw, lr, lmbda, n


def regularised_step(w, dw, lr, l2, l1, n):
    """tinynn's step: SGD with the gradient regularisation_gradient gives."""
    (new_w,) = tinynn.SGD().step([w], tinynn.regularisation_gradient([dw], [w], l2, l1, n), lr)
    return new_w


def grade_l2_step(solution):
    for w, dw, lr, l2, n in step_cases():
        expected = regularised_step(w, dw, lr, l2, 0.0, n)
        case = f"l2_step(w, dw, lr={lr}, l2={l2}, n={n})"
        got = call(case, expected, solution, w, dw, lr, l2, n)
        step = lr * dw
        compare(case, got, expected, [
            ("λ is divided by n, the size of the training set: w ← (1 - ηλ/n)·w - η·∂C₀/∂w",
             w * (1.0 - lr * l2) - step),
            ("η multiplies the decay too: w ← (1 - ηλ/n)·w - η·∂C₀/∂w", w * (1.0 - l2 / n) - step),
            ("only w is scaled by 1 - ηλ/n, the gradient's step -η·∂C₀/∂w is not",
             (w - step) * (1.0 - lr * l2 / n)),
            ("the 2 of λ/(2n) Σ w² cancels in its gradient (λ/n)·w: w ← (1 - ηλ/n)·w - η·∂C₀/∂w",
             w * (1.0 - lr * l2 / (2.0 * n)) - step),
            ("weight decay shrinks w: 1 - ηλ/n, not 1 + ηλ/n", w * (1.0 + lr * l2 / n) - step),
            ("the gradient's step -η·∂C₀/∂w is missing", w * (1.0 - lr * l2 / n))])
        yield case


def grade_l1_step(solution):
    for w, dw, lr, l1, n in step_cases():
        expected = regularised_step(w, dw, lr, 0.0, l1, n)
        case = f"l1_step(w, dw, lr={lr}, l1={l1}, n={n}), w with a 0.0"
        got = call(case, expected, solution, w, dw, lr, l1, n)
        rate, step = lr * l1 / n, w - lr * dw
        signs = w.map(tinynn.sign)
        compare(case, got, expected, [
            ("sgn(0) is 0: a weight at 0 gets no push (tinynn.sign)",
             step - w.map(lambda v: 1.0 if v >= 0 else -1.0) * rate),
            ("that is L2's (λ/n)·w: L1's term is (λ/n)·sgn(w)", step - w * rate),
            ("the derivative of |w| is sgn(w), not |w|", step - w.map(abs) * rate),
            ("λ is divided by n, the size of the training set: (ηλ/n)·sgn(w)", step - signs * (lr * l1)),
            ("η multiplies the L1 term too: (ηλ/n)·sgn(w)", step - signs * (l1 / n)),
            ("L1 pulls w towards 0: subtract (ηλ/n)·sgn(w)", step + signs * rate)])
        yield case


def entries(value):
    rows = as_rows(value)
    return [v for row in rows for v in row]


def grade_dropout_mask(solution):
    for seed, (n_units, m, p) in enumerate([(40, 50, 0.2), (50, 40, 0.7), (30, 60, 0.5), (3, 4, 0.0)]):
        keep = 1.0 / (1.0 - p)
        expected = Text(f"a ({n_units}, {m}) matrix of 0.0 (dropped) or {keep:.6g} = 1/(1 - p) (kept), "
                        f"a fraction 1 - p = {1 - p:.6g} of them kept (within ±0.05), new for each rng")
        case = f"dropout_mask(n_units={n_units}, m={m}, p={p}, rng=random.Random({seed}))"
        got = call(case, expected, solution, n_units, m, p, random.Random(seed))
        if shape_of(got) != (n_units, m):
            hint = "nothing came back: the function needs a return statement" if got is None else None
            if shape_of(got) == (m, n_units):
                hint = "a row per unit, a column per sample: the shape is (n_units, m)"
            raise Wrong(case, expected, Text(f"shape {shape_of(got)}") if hint else got, hint)
        values = entries(got)
        found = sorted(set(values))
        if any(min(abs(v), abs(v - keep)) > 1e-12 for v in values):
            hints = [("inverted dropout scales the kept units by 1/(1 - p), so that each unit's expected "
                      "output stays what it was", 1.0), ("scale by 1/(1 - p), over the keep probability, "
                                                         "not 1/p", 1.0 / p if p else None),
                     ("divide by the keep probability 1 - p, not multiply", 1.0 - p)]
            hint = next((text for text, wrong in hints
                         if wrong is not None and all(min(abs(v), abs(v - wrong)) < 1e-12 for v in values)),
                        None)
            raise Wrong(case, expected, Text(f"values {', '.join(f'{v:.6g}' for v in found[:6])}"), hint)
        rows = as_rows(got)
        if p and len(set(map(tuple, rows))) == 1:
            raise Wrong(case, expected, Text("every row the same"),
                        "the rows are one list repeated ([row] * n): draw each row anew")
        if p and all(len(set(row)) == 1 for row in rows):
            raise Wrong(case, expected, Text("each row the same value in every column"),
                        "every sample (column) gets its own mask: draw each entry, not one per unit")
        kept = sum(1 for v in values if v) / len(values)
        if abs(kept - (1.0 - p)) > 0.05:
            hint = ("p is the probability of dropping a unit: it is kept with probability 1 - p"
                    if abs(kept - p) <= 0.05 else None)
            raise Wrong(case, expected, Text(f"a fraction {kept:.3f} kept"), hint)
        again = call(case, expected, solution, n_units, m, p, random.Random(seed))
        other = call(case, expected, solution, n_units, m, p, random.Random(seed + 100))
        if p and not (same(again, got) and not same(other, got)):
            raise Wrong(case, expected, Text("the same mask from different rngs, or different masks from the "
                                             "same one"),
                        "draw from the rng given (rng.random()), not from the random module or an rng of "
                        "your own: the same rng must give the same mask, another rng another mask")
        yield case


def grade_init_weights(solution):
    for seed, (n_in, n_out) in enumerate([(400, 25), (49, 196), (25, 400)]):
        sigma = 1.0 / math.sqrt(n_in)
        expected = Text(f"a ({n_out}, {n_in}) matrix of Gaussian draws, mean 0 and standard deviation "
                        f"1/√n_in = {sigma:.4g} (measured within ±5%)")
        case = f"init_weights(n_in={n_in}, n_out={n_out}, rng=random.Random({seed}))"
        got = call(case, expected, solution, n_in, n_out, random.Random(seed))
        if shape_of(got) != (n_out, n_in):
            hint = "nothing came back: the function needs a return statement" if got is None else None
            if shape_of(got) == (n_in, n_out):
                hint = "wˡ has the shape (n_out, n_in): a row per unit of the layer, a column per input"
            raise Wrong(case, expected, Text(f"shape {shape_of(got)}") if hint else got, hint)
        values = entries(got)
        mean = sum(values) / len(values)
        std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        if abs(std / sigma - 1.0) > 0.05:
            hints = [("all the weights are the same: rng.gauss(mu, sigma) takes the mean first, 0, then the "
                      "standard deviation", 0.0),
                     ("that is N(0, 1), the first chapters' start: the standard deviation is 1/√n_in, so "
                      "that z = Σ w a stays of order 1", 1.0),
                     ("1/n_in is the variance: the standard deviation is its root, 1/√n_in", 1.0 / n_in),
                     ("n_in, the number of inputs each unit adds up, not n_out: 1/√n_in",
                      1.0 / math.sqrt(n_out)),
                     ("the weights are Gaussian, rng.gauss(0.0, 1/√n_in), not uniform", sigma / math.sqrt(3))]
            hint = next((text for text, wrong in hints
                         if (abs(std - wrong) <= 0.05 * wrong if wrong else std < 1e-9 * sigma)), None)
            raise Wrong(case, expected,
                        Text(f"standard deviation {std:.4g}, {std / sigma:.3g} times 1/√n_in"), hint)
        if abs(mean) > 0.05 * sigma:
            raise Wrong(case, expected, Text(f"mean {mean:.4g}"), "the mean is 0: rng.gauss(0.0, 1/√n_in)")
        within = sum(1 for v in values if abs(v - mean) < std) / len(values)
        if abs(within - 0.6827) > 0.03:
            raise Wrong(case, expected, Text(f"{within:.3f} of the weights within one standard deviation of "
                                             "the mean (a Gaussian has 0.683)"),
                        "the weights are Gaussian, rng.gauss(0.0, 1/√n_in), not uniform")
        if seed == 0:
            again = call(case, expected, solution, n_in, n_out, random.Random(seed))
            other = call(case, expected, solution, n_in, n_out, random.Random(seed + 100))
            if not (same(again, got, 0.0) and not same(other, got)):
                raise Wrong(case, expected, Text("the same weights from different rngs, or different "
                                                 "weights from the same one"),
                            "draw from the rng given (rng.gauss), not from the random module or an rng of "
                            "your own")
        yield case


def stopping_epoch(accuracies, patience):
    """tinynn's rule (on the validation loss, where lower is better), on accuracies, higher better."""
    best, best_epoch = None, 0
    for epoch, accuracy in enumerate(accuracies, start=1):
        if best is None or accuracy > best:
            best, best_epoch = accuracy, epoch
        elif epoch - best_epoch >= patience:
            return epoch
    return None


def late_by_one(accuracies, patience):
    return stopping_epoch(accuracies, patience + 1)


def equal_is_better(accuracies, patience):
    return stopping_epoch([a + i * 1e-12 for i, a in enumerate(accuracies)], patience)


def since_last_rise(accuracies, patience):
    flat = 0
    for epoch in range(2, len(accuracies) + 1):
        flat = 0 if accuracies[epoch - 1] > accuracies[epoch - 2] else flat + 1
        if flat >= patience:
            return epoch
    return None


def best_epoch(accuracies, patience):
    stop = stopping_epoch(accuracies, patience)
    return None if stop is None else stop - patience


def grade_early_stopping(solution):
    cases = [([0.50, 0.62, 0.70, 0.66, 0.70, 0.69, 0.71, 0.72, 0.60, 0.65, 0.64, 0.63], 3),
             ([0.80, 0.82, 0.85, 0.86, 0.90], 2)]  # never stops
    for seed in range(3):
        rng = random.Random(seed)
        accuracies = [round(min(0.99, 0.5 + 0.04 * e + rng.uniform(-0.05, 0.05)), 2) for e in range(20)]
        cases.append((accuracies[:8] + [max(accuracies[:8])] + accuracies[8:], rng.randint(2, 5)))
    for accuracies, patience in cases:
        expected = stopping_epoch(accuracies, patience)
        case = f"early_stopping({accuracies}, patience={patience})"
        got = call(case, expected, solution, accuracies, patience)
        mistakes = [("an accuracy equal to the best so far is no improvement: only a higher one counts",
                      equal_is_better(accuracies, patience)),
                     ("stop as soon as `patience` epochs have passed without improvement (epoch - best epoch "
                      "= patience), not one epoch later", late_by_one(accuracies, patience)),
                     ("count the epochs since the best accuracy so far, not since the last rise",
                      since_last_rise(accuracies, patience)),
                     ("that is the best epoch (the one tinynn goes back to): the rule asks at which epoch "
                      "training stops", best_epoch(accuracies, patience))]
        if expected is None:
            mistakes.append(("None when the rule never stops training (it ran to the end)", len(accuracies)))
        else:
            mistakes.append(("epochs count from 1, as in tinynn's history: the first accuracy is epoch 1",
                             expected - 1))
        compare(case, got, expected, [(text, NOTHING if w is None else w) for text, w in mistakes])
        yield case


# Chapter 5

def grade_gradient_norms(solution):
    for seed in SEEDS:
        rng = random.Random(seed)
        layers = [rng.randint(2, 4), 5, 4, 3, rng.randint(1, 2)]
        net, x, y = network_and_batch(rng, seed, layers, ["sigmoid"] * 4)
        z_s, a_s = net.feedforward(x)
        dw, db = net.backpropagation(y, z_s, a_s)

        def norms(matrices, f=lambda squares: math.sqrt(squares)):
            return [f(sum(v * v for row in m.rows for v in row)) for m in matrices]

        expected = norms(db[:-1])
        case = f"gradient_norms(net, x, y) for layers {layers}, a batch of {x.shape[1]}"
        got = call(case, expected, solution, net, x, y)
        compare(case, got, expected, [
            ("the hidden layers only, l = 2 .. L-1: leave out the output layer's", norms(db)),
            ("the norm is the square root of Σⱼ (∂C/∂bˡⱼ)²", norms(db[:-1], float)),
            ("the length √Σⱼ (∂C/∂bˡⱼ)², not Σⱼ |∂C/∂bˡⱼ|",
             [sum(abs(row[0]) for row in d.rows) for d in db[:-1]]),
            ("the speed of learning is ‖∂C/∂bˡ‖, the biases' gradient db, not the weights' dw",
             norms(dw[:-1])),
            ("in the order of the layers, layer 2 first", expected[::-1])])
        yield case


# -- the exercises, chapter by chapter ------------------------------------------------------------

Exercise = collections.namedtuple("Exercise", "chapter grader equation answer")
# answer: where it is in tinynn.py, a function and a text on its line

CHAPTERS = {1: "Using neural nets to recognize handwritten digits",
            2: "How the backpropagation algorithm works",
            3: "Improving the way neural networks learn",
            5: "Why are deep neural networks hard to train?"}

NN = tinynn.NeuralNetwork
EXERCISES = collections.OrderedDict((name, Exercise(*rest)) for name, *rest in [
    # chapter 1
    ("accuracy", 1, grade_accuracy, "the fraction of samples whose argmax of aᴸ is the argmax of y",
     (tinynn._class_of, "return max(range(len(outputs))")),
    ("one_hot", 1, grade_one_hot, "label k -> a row of n_classes numbers, 1.0 at place k, 0.0 elsewhere",
     (tinynn.one_hot, "row[int(label)] = 1.0")),
    ("feedforward_batch", 1, grade_feedforward_batch, "a¹ = x,  aˡ = σ(wˡ aˡ⁻¹ + bˡ) for l = 2 .. L",
     (NN.feedforward, "z = w @ a_s[-1] + b")),
    # chapter 2
    ("matmul", 2, grade_matmul, "product[i][j] = Σₖ a[i][k]·b[k][j]", (Matrix.__matmul__, "dot += a * b")),
    ("sigmoid_prime", 2, grade_sigmoid_prime, "σ'(z) = σ(z)(1 - σ(z))",
     (tinynn.sigmoid_prime, "return s * (1.0 - s)")),
    ("layer", 2, grade_layer, "zˡ = wˡ aˡ⁻¹ + bˡ,  aˡ = σ(zˡ)", (NN.feedforward, "z = w @ a_s[-1] + b")),
    ("bp1_mse", 2, grade_bp1_mse, "BP1  δᴸ = ∇ₐC ⊙ σ'(zᴸ), ∇ₐC = aᴸ - y", (NN.backpropagation, "# BP1, mse")),
    ("bp1_softmax_cross_entropy", 2, grade_bp1_softmax_cross_entropy, "BP1  δᴸ = aᴸ - y",
     (NN.backpropagation, "# BP1, cross-entropy")),
    ("bp2", 2, grade_bp2, "BP2  δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ)", (NN.backpropagation, "# BP2")),
    ("bp3_bp4", 2, grade_bp3_bp4,
     "BP3  ∂C/∂bˡⱼ = δˡⱼ,  BP4  ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ, each averaged over the batch",
     (NN.backpropagation, "# BP3")),
    ("sgd_update", 2, grade_sgd_update, "w ← w - η·∂C/∂w", (tinynn.SGD.step, "# w ← w - η·∂C/∂w")),
    ("momentum_step", 2, grade_momentum_step, "v ← μv - η·∂C/∂w,  w ← w + v",
     (tinynn.SGD.step, "self.velocities = [self.momentum * v - lr * g")),
    ("adam_step", 2, grade_adam_step, "m ← β₁m + (1 - β₁)g, v ← β₂v + (1 - β₂)g², w ← w - η m̂ / (√v̂ + ε)",
     (tinynn.Adam.step, "return [_scaled_step(p, m_hat, v_hat, lr, self.eps)")),
    # chapter 3
    ("neuron_gradient_quadratic", 3, grade_neuron_gradient_quadratic,
     "∂C/∂w = (a - y)σ'(z)·x,  ∂C/∂b = (a - y)σ'(z)", (NN.backpropagation, "# BP1, mse")),
    ("neuron_gradient_cross_entropy", 3, grade_neuron_gradient_cross_entropy,
     "∂C/∂w = x(a - y),  ∂C/∂b = a - y", (NN.backpropagation, "# BP1, cross-entropy")),
    ("softmax", 3, grade_softmax, "softmax(z)ⱼ = e^zⱼ / Σₖ e^zₖ", (tinynn.softmax, "biggest = max(column)")),
    ("l2_step", 3, grade_l2_step, "w ← (1 - ηλ/n)·w - η·∂C₀/∂w",
     (tinynn.regularisation_gradient, "dw = [dw_l + (l2 / n) * w")),
    ("l1_step", 3, grade_l1_step, "w ← w - (ηλ/n)·sgn(w) - η·∂C₀/∂w, sgn(0) = 0",
     (tinynn.regularisation_gradient, "dw = [dw_l + (l1 / n) * w.map(sign)")),
    ("dropout_mask", 3, grade_dropout_mask, "each entry 0.0 with probability p, else 1/(1 - p)",
     (NN.dropout_masks, "0.0 if self.rng.random() < p else keep")),
    ("init_weights", 3, grade_init_weights, "wˡⱼₖ ~ N(0, 1/n_in): mean 0, standard deviation 1/√n_in",
     (NN.__init__, "scale = 1.0 / math.sqrt(n_in)")),
    ("early_stopping", 3, grade_early_stopping, "stop at epoch e once e - (the best epoch so far) = patience",
     (tinynn._TrainingLog._no_progress_for_patience, "if self.epoch - self.best[1] < self.patience")),
    # chapter 5
    ("gradient_norms", 5, grade_gradient_norms, "the speed of learning of layer l: ‖∂C/∂bˡ‖ = √Σⱼ (δˡⱼ)²",
     (NN.backpropagation, "# BP3")),
])


# -- grading and what the learner reads -----------------------------------------------------------

def where_in_tinynn(function, text):
    """'NeuralNetwork.backpropagation, tinynn.py line 504': the line of function that holds text."""
    lines, first = inspect.getsourcelines(function)
    code = [i for i, line in enumerate(lines) if text in line and not line.lstrip().startswith("#")]
    return f"{function.__qualname__}, tinynn.py line {first + (code[0] if code else 0)}"


def defined_at(function):
    """'line 57 of exercises.py', where the learner's function starts."""
    try:
        return place(function.__code__.co_filename, function.__code__.co_firstlineno).split(":  ")[0]
    except AttributeError:
        return "your solution"


def pretty(value):
    """A value as the grader shows it: a matrix with its shape and 10 significant digits."""
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Matrix) and not_a_number(value) is not None:
        return f"a Matrix whose values are not all numbers: {repr(value.rows)[:200]}"
    rows = as_rows(value)
    if rows is not None and all(rows) and len(set(map(len, rows))) == 1:
        shown = ", ".join("[" + ", ".join(f"{v:.10g}" for v in row) + "]" for row in rows[:6])
        return f"shape {(len(rows), len(rows[0]))}: [{shown}{', ...' if len(rows) > 6 else ''}]"
    if isinstance(value, tuple) and rows is None:
        return "(" + ", ".join(pretty(v) for v in value) + ")"
    vector = as_vector(value)
    if vector is not None:
        return "[" + ", ".join(f"{v:.10g}" for v in vector) + "]"
    try:
        text = repr(value)
    except Exception:
        text = f"a {type(value).__name__}"
    return text if len(text) <= 300 else text[:300] + " ..."


def grade_one(name, solution, say=print, each_case=False):
    """Grade one exercise: True when right. Says one line per case passed when each_case, else one
    line in all; at the first case not right, what and where."""
    exercise = EXERCISES[name]
    passed = 0
    try:
        for case in exercise.grader(solution):
            passed += 1
            if each_case:
                say(f"ok {case}")
    except Unwritten as unwritten:
        if unwritten.name != name:
            where = unwritten.where.split(":  ")[0]
            say(f"-- {name} calls {unwritten.name}, which is not written yet ({where}): "
                f"write {unwritten.name} first, or call tinynn's instead")
        elif each_case:
            say(f"-- {name}: not written yet: replace its `raise NotImplementedError` with your code "
                f"({defined_at(solution)}), then grade it again.\n   {exercise.equation}")
        else:
            say(f"-- {name}: not written yet. Start here: write {name} ({defined_at(solution)}),"
                f"\n   {exercise.equation}")
        return False
    except Wrong as wrong:
        say(f"XX {name}: not right yet, in {wrong.case}\n   the equation:  {exercise.equation}")
        say(f"   expected:      {pretty(wrong.expected)}\n   came back:     {pretty(wrong.got)}")
        say(f"   where:         {wrong.where or 'your ' + name + ', ' + defined_at(solution)}")
        if wrong.hint:
            say(f"   hint:          {wrong.hint}")
        say(f"   the answer, if you are stuck: {where_in_tinynn(*exercise.answer)}")
        return False
    except KeyboardInterrupt:  # Ctrl-C while the grader itself ran
        say(f"-- {name}: stopped by Ctrl-C before it was graded")
        return False
    except BaseException as error:  # what came back broke the grader itself: say what, never a traceback
        say(f"XX {name}: not right yet: what came back could not be graded "
            f"({type(error).__name__}: {error})\n   the equation:  {exercise.equation}")
        return False
    say(f"ok {name}: right on {passed} cases")
    return True


def grade(solutions, only=None, say=print, chapter=None):
    """Grade the functions in `solutions` (a dict name -> function) in order, stopping at the first
    that is not right: every exercise, one chapter's or only one. Returns the names that passed."""
    chosen = [name for name, exercise in EXERCISES.items()
              if (only is None or name == only) and (chapter is None or exercise.chapter == chapter)]
    passed = []
    for name in chosen:
        if not grade_one(name, solutions[name], say):
            return passed
        passed.append(name)
    if only is None and chapter is None:
        say(f"All {len(passed)} exercises are right: you have written the heart of tinynn.")
    elif only is None:
        many = len(passed) > 1
        say(f"{f'All {len(passed)} exercises' if many else 'The exercise'} of chapter {chapter}, "
            f"\"{CHAPTERS[chapter]}\", {'are' if many else 'is'} right.")
    return passed


def check(name, function):
    """Grade one exercise in a notebook cell: check("softmax", softmax). Prints a line per case that
    passes and, at the first that does not, the case, the expected value, what came back, a hint and
    where; returns True when it is right. Never raises."""
    try:
        tinynn.console_fallback()  # δ, σ as plain text where the console cannot show them
    except Exception:  # a notebook's stream that cannot be reconfigured shows them anyway
        pass
    if not isinstance(name, str) or name not in EXERCISES:
        print(f"-- check: there is no exercise {name!r}; the exercises are: {', '.join(EXERCISES)}")
        return False
    if not callable(function):
        print(f"-- {name}: check(name, function) takes your function itself, as in check({name!r}, {name}); "
              f"got {pretty(function)}")
        return False
    try:
        return grade_one(name, function, print, each_case=True)
    except BaseException as error:  # printing failed, say: still no traceback in a lesson
        print(f"-- {name}: could not be graded ({type(error).__name__}: {error})")
        return False


def main():
    tinynn.console_fallback()  # Greek letters spelt out where the console cannot show them
    parser = argparse.ArgumentParser(add_help=False, description="Grade your own versions of tinynn's "
                                     "pieces, chapter by chapter of Nielsen's book.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--chapter", type=int, choices=sorted(CHAPTERS), default=None, metavar="N",
                        help="Grade the exercises of the book's chapter N alone, one of 1, 2, 3, 5 (the "
                             "course's lesson 4 is the book's chapter 5).")
    parser.add_argument("--only", choices=list(EXERCISES), default=None, metavar="NAME",
                        help="Grade this one exercise alone, one of " + ", ".join(EXERCISES)
                             + " (default: all, in order, up to the first not right).")
    args = parser.parse_args()
    if args.only and args.chapter and EXERCISES[args.only].chapter != args.chapter:
        parser.error(f"{args.only} is an exercise of chapter {EXERCISES[args.only].chapter}, "
                     f"not of chapter {args.chapter}")
    chosen = [name for name, exercise in EXERCISES.items()
              if (args.only in (None, name)) and (args.chapter in (None, exercise.chapter))]
    passed = grade({name: globals()[name] for name in EXERCISES}, args.only, chapter=args.chapter)
    return 0 if len(passed) == len(chosen) else 1  # 1: not all right yet


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()  # a reader that stopped early (| head) shows here, not in Python's exit
    except BrokenPipeError:  # then stop quietly, as other commands do; what is left goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
