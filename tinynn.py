"""tinynn: a fully connected neural network in plain Python, small enough to read in one sitting.

Every arithmetic step is an ordinary loop or comprehension over Python lists, so you can step
through it with pdb and print any intermediate value. There is no NumPy and nothing outside the
standard library: copy this one file and it runs on CPython 3.7+, PyPy 3 and in the browser
(Pyodide, JupyterLite). The same seed trains the same weights to the bit on interpreters that share
a C math library; across C libraries math.exp and math.tanh may differ in their last bit.

Start here: a whole run. Inputs go in one row per sample, scaled to about 0..1 (or -1..1); targets
are one row per sample too, and tinynn.one_hot turns class labels into such rows. Lists, tuples and
NumPy arrays all work as data.

    import tinynn

    # Four 2x2 grey images (pixels 0..255), labelled 1 when the top row is the brighter one
    pixels = [[200, 180, 20, 40], [30, 10, 220, 250], [255, 230, 90, 60], [70, 50, 160, 240]]
    labels = [1, 0, 1, 0]
    X = [[p / 255 for p in image] for image in pixels]  # inputs scaled to 0..1
    Y = tinynn.one_hot(labels, 2)                        # [0, 1] stands for class 1
    net = tinynn.NeuralNetwork([4, 6, 2], ["sigmoid", "softmax"], loss="cross_entropy", seed=0)
    history = net.train(X, Y, batch_size=2, epochs=300, lr=0.5)  # lr 0.1-1 suits this; 0.01 is slow
    print(net.predict_classes(X), round(history["loss"][-1], 4))  # [1, 0, 1, 0] 0.0031

Notation: Nielsen's, mapped once onto the code's lists
------------------------------------------------------
The book numbers the layers 1 .. L, input first, so layers=[2, 10, 1] has L = 3 and a¹ = x is the
input. Weights and biases belong to the layer they lead into, l = 2 .. L. Python's lists start at
0 and hold only what exists, so every list is the book's index shifted by one or two:

    book                   code (l is the book's layer number)      shape, m samples in the batch
    a¹ = x                 a_s[0]                                    (layers[0], m)
    aˡ, l = 1..L           a_s[l - 1]; aˡ = σ(zˡ) from l = 2         (layers[l - 1], m)
    wˡ, l = 2..L           net.weights[l - 2]                        (layers[l - 1], layers[l - 2])
    bˡ                     net.biases[l - 2]                         (layers[l - 1], 1)
    zˡ = wˡaˡ⁻¹ + bˡ       z_s[l - 2]                                (layers[l - 1], m)
    δˡ = ∂C/∂zˡ            deltas[l - 2]                             like zˡ
    ∂C/∂wˡ, ∂C/∂bˡ         dw[l - 2], db[l - 2]                      like wˡ, bˡ
    σ of layer l           net.activations[l - 2]
    the output layer L     a_s[-1], z_s[-1], deltas[-1], weights[-1]  (aᴸ, zᴸ, δᴸ, wᴸ)

Inside the code a variable named l is always the book's layer number, so `p l` in pdb shows the
number the book uses. The other symbols: C the cost (of one sample; a batch's C is the mean over
its samples), η the learning rate (lr), ⊙ the element-wise product (Matrix * Matrix), x one sample
and y its target. δ has the book's sign: δᴸ = aᴸ - y for cross-entropy, never y - aᴸ; the step
subtracts η times the gradient.

Data layout: inside the network one COLUMN is one sample, so a batch of m samples with n features
is a Matrix of shape (n, m), as in the tutorial this file follows. Datasets come as one ROW per
sample; `train`, `predict`, `loss` and `accuracy` take that layout and turn it around for you.

The four equations of backpropagation (search for "BP1" .. "BP4" to find their lines)
    BP1  δᴸ = ∇ₐC ⊙ σ'(zᴸ)                 error at the output layer
    BP2  δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ)       error moved back one layer
    BP3  ∂C/∂bˡⱼ = δˡⱼ                      gradient of a bias
    BP4  ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ               gradient of a weight

How to read this file
---------------------
It is in call order. First the pieces (Matrix, activations, costs), then NeuralNetwork:
`__init__`, `feedforward`, `backpropagation`, `update_mini_batch` (one training step, numbered 1-4)
and `train` (the epochs around it): the plain network, the first 654 lines. Then "Better
training": dropout, L2 and L1 regularisation and the optimisers (SGD with momentum, Adam, RMSProp,
AdaGrad), each at its equations; the plain step reaches them through a call or two. Then
gradient_check, backpropagation checked against numerical derivatives. Everything after the
banner "SUPPORT CODE" (input checks, data helpers, progress lines, Ctrl-C, early stopping,
persistence, pictures) can be skipped on a first reading; in pdb, `next` steps over it.

To stop at a step in pdb, from wherever you are (before your script has imported tinynn, after
`from tinynn import NeuralNetwork`, inside tinynn.py, in pdb.run, breakpoint() or a notebook's
%debug), type the same two commands; the second names any function or method of tinynn:

    (Pdb) import tinynn
    (Pdb) break tinynn.NeuralNetwork.backpropagation
    (Pdb) continue

For example, to watch one training step:

    import tinynn, pdb
    net = tinynn.NeuralNetwork([2, 10, 1], ["sigmoid", "sigmoid"], seed=0)
    pdb.run("net.train([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]], 4, 2000, 2.0)")
    (Pdb) import tinynn
    (Pdb) break tinynn.NeuralNetwork.update_mini_batch
    (Pdb) continue
"""

import errno
import functools
import hashlib
import codecs
import decimal
import inspect
import json
import math
import numbers
import os
import random
import re
import signal
import stat
import sys
import time
import warnings
from collections.abc import Mapping, Set
from itertools import chain, repeat
from operator import attrgetter
from xml.sax.saxutils import escape  # &, < and > as SVG text needs them

__all__ = [
    "Matrix", "activation", "register_activation", "ACTIVATIONS", "LOSS_OUTPUTS", "LOSSES",
    "NeuralNetwork", "SGD", "Adam", "RMSProp", "AdaGrad", "OPTIMIZERS", "TrainingWarning",
    "one_hot", "numerical_gradient", "gradient_check", "fingerprint", "draw", "History",
    "console_fallback",
]
__version__ = "0.2.0"


# ================================================================================================
# Matrix: a list of row lists, with the few operations a network needs
# ================================================================================================

class Matrix:
    """A 2-D matrix of floats stored as a list of rows: Matrix([[1, 2], [3, 4]]).

    Operations return new matrices and never change their operands. Read an element as m[i, j].
    `m.rows` is the underlying list of row lists, there for reading and for pdb.
    """

    __slots__ = ("rows",)

    def __init__(self, rows):
        """Copy and check rows: a non-empty list of equally long rows of finite numbers."""
        self.rows = _checked_matrix_rows(rows.rows if isinstance(rows, Matrix) else rows)

    @classmethod
    def _wrap(cls, rows):
        """Make a Matrix from rows this module built itself: no checks, no copy (the fast path)."""
        m = cls.__new__(cls)
        m.rows = rows
        return m

    @classmethod
    def zeros(cls, n_rows, n_cols):
        """An (n_rows, n_cols) matrix of 0.0."""
        n_rows = _checked_count(n_rows, "Matrix.zeros: n_rows", 1)
        n_cols = _checked_count(n_cols, "Matrix.zeros: n_cols", 1)
        return cls._wrap([[0.0] * n_cols for _ in range(n_rows)])

    @property
    def shape(self):
        """(number of rows, number of columns)."""
        return (len(self.rows), len(self.rows[0]))

    @property
    def T(self):
        """The transpose: row i of m.T is column i of m."""
        return Matrix._wrap([list(column) for column in zip(*self.rows)])

    def map(self, f):
        """A new matrix with f applied to every element (how an activation acts on z)."""
        return Matrix._wrap([[f(v) for v in row] for row in self.rows])

    def row_sums(self):
        """An (n_rows, 1) column holding the sum of each row (adds up a batch, sample by sample)."""
        return Matrix._wrap([[_total(row)] for row in self.rows])

    def __matmul__(self, other):
        """(n, k) @ (k, m) -> (n, m): entry [i][j] = row i of self · column j of other."""
        if not isinstance(other, Matrix):
            return NotImplemented
        if len(self.rows[0]) != len(other.rows):
            raise ValueError(f"matrix product: shapes {self.shape} and {other.shape} do not fit: "
                             f"the first has {self.shape[1]} columns, "
                             f"the second {other.shape[0]} rows")
        columns = list(zip(*other.rows))  # read the columns once, not once per row
        product = []
        for row in self.rows:
            product_row = []
            for column in columns:
                dot = 0.0
                for a, b in zip(row, column):
                    dot += a * b
                product_row.append(dot)
            product.append(product_row)
        return Matrix._wrap(product)

    def _rows_like_self(self, other, symbol):
        """other's rows, for an element-wise operation with self: other has self's shape, or it is a
        column (n_rows, 1) whose one value per row is repeated across every column of self. That is
        how one bias vector b is added to a whole batch in z = w a + b. A number is repeated in
        every element (m + 1, m * 2).
        """
        n, m = len(self.rows), len(self.rows[0])
        if not isinstance(other, Matrix):
            return [[_checked_scalar(other, symbol)] * m] * n
        if len(other.rows) == n and len(other.rows[0]) == m:
            return other.rows
        if len(other.rows) == n and len(other.rows[0]) == 1:
            return [row * m for row in other.rows]  # [v] * m = [v, v, ..., v]
        raise ValueError(f"matrix {symbol}: shapes {self.shape} and {other.shape} do not match "
                         f"(expected {self.shape} or a column {(n, 1)})")

    def __add__(self, other):
        """m + n element by element; n may be a column, added to every column of m (see above)."""
        other_rows = self._rows_like_self(other, "+")
        return Matrix._wrap([[a + b for a, b in zip(row, other_row)]
                             for row, other_row in zip(self.rows, other_rows)])

    def __sub__(self, other):
        """m - n element by element; n may be a column, taken from every column of m."""
        other_rows = self._rows_like_self(other, "-")
        return Matrix._wrap([[a - b for a, b in zip(row, other_row)]
                             for row, other_row in zip(self.rows, other_rows)])

    def __mul__(self, other):
        """m * n is the element-wise (Hadamard) product ⊙; m * 2.0 scales every element."""
        if type(other) is float and math.isfinite(other):  # the usual scalar, as in η·g
            return Matrix._wrap([[other * v for v in row] for row in self.rows])
        other_rows = self._rows_like_self(other, "*")
        return Matrix._wrap([[a * b for a, b in zip(row, other_row)]
                             for row, other_row in zip(self.rows, other_rows)])

    __rmul__ = __mul__  # 2.0 * m
    __radd__ = __add__  # 1.0 + m

    def __rsub__(self, number):
        """1.0 - m: the number minus every element."""
        number = _checked_scalar(number, "-")
        return Matrix._wrap([[number - v for v in row] for row in self.rows])

    def __truediv__(self, number):
        """m / 2.0 divides every element by a number (a Matrix / Matrix is not defined)."""
        number = _checked_scalar(number, "/", "a finite number")
        return Matrix._wrap([[v / number for v in row] for row in self.rows])

    def __neg__(self):
        """-m: every element's sign flipped."""
        return Matrix._wrap([[-v for v in row] for row in self.rows])

    def __getitem__(self, index):
        if not (isinstance(index, tuple) and len(index) == 2):
            raise TypeError(f"Matrix: read an element as m[i, j], got m[{index!r}]")
        i, j = index
        return self.rows[i][j]

    def tolist(self):
        """A copy of the rows as plain lists."""
        return [list(row) for row in self.rows]

    def __eq__(self, other):
        return isinstance(other, Matrix) and self.rows == other.rows

    __hash__ = None  # equal matrices may differ later if someone edits .rows: not hashable

    def __repr__(self):
        """Shape first, then the values (a large matrix shows its corners): p deltas[-1] in pdb."""
        def shorten(items, show):
            return items if len(items) <= 2 * show else items[:show] + ["..."] + items[-show:]

        def fmt(row):
            return "[" + ", ".join(v if v == "..." else f"{v:.6g}" for v in shorten(row, 4)) + "]"

        lines = [fmt(row) if row != "..." else "..." for row in shorten(self.rows, 4)]
        body = ",\n  ".join(lines)
        return f"Matrix(shape={self.shape}, rows=[\n  {body}])"


def _total(values):
    """Add up floats left to right. sum() changed its rounding in CPython 3.12; this never does."""
    total = 0.0
    for value in values:
        total += value
    return total


# ================================================================================================
# Activations: each name gives a function σ(z) and its derivative σ'(z), both on one float
# ================================================================================================

def sigmoid(z):
    """σ(z) = 1 / (1 + e⁻ᶻ), written so exp only ever sees z <= 0 and cannot overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)  # z < 0, so 0 < e < 1
    return e / (1.0 + e)


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_prime(z):
    t = math.tanh(z)
    return 1.0 - t * t


def relu(z):
    return z if z > 0.0 else 0.0


def relu_prime(z):
    return 1.0 if z > 0.0 else 0.0  # the kink at 0 gets slope 0, by convention


LEAKY_SLOPE = 0.01  # slope of leaky_relu for z < 0


def leaky_relu(z):
    return z if z > 0.0 else LEAKY_SLOPE * z


def leaky_relu_prime(z):
    return 1.0 if z > 0.0 else LEAKY_SLOPE


def linear(z):
    return z


def linear_prime(z):
    return 1.0


def softmax(column):
    """softmax of one sample's z (a list): e^zⱼ / Σₖ e^zₖ. Not element-wise, so output layer only.

    Subtracting the largest z first changes nothing mathematically but keeps exp from overflowing.
    """
    biggest = max(column)
    exps = [math.exp(z - biggest) for z in column]
    total = _total(exps)
    return [e / total for e in exps]


def softmax_prime(z):
    raise NotImplementedError(
        "softmax has no element-wise derivative (its derivative is a Jacobian). tinynn uses "
        "softmax only with loss='cross_entropy', where BP1 simplifies to δᴸ = aᴸ - y and σ' is "
        "never needed.")


# name -> (σ, σ'). To add your own: register_activation("softplus", f, df); nothing else changes.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (math.tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "leaky_relu": (leaky_relu, leaky_relu_prime),
    "linear": (linear, linear_prime),
    "softmax": (softmax, softmax_prime),
}
BUILT_IN_ACTIVATIONS = frozenset(ACTIVATIONS)  # register_activation may replace only the others


def activation(name):
    """(f, df): the activation called `name` and its derivative, e.g. f, df = activation("tanh")."""
    if not isinstance(name, str):
        raise TypeError("activation: expected a name (a string), got " + _describe(name))
    if name not in ACTIVATIONS:
        known = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"activation: unknown name {_shortened(repr(name))}; known: {known}")
    return ACTIVATIONS[name]


def register_activation(name, f, df):
    """Make a new activation usable by name: f(z) and its derivative df(z), both on one float.

    Check the derivative afterwards with gradient_check (see examples/custom_activation.py).
    Registering a name again (a notebook cell run twice) replaces its functions; a network looks
    its activations up by name at every use, so networks built before use the new ones from then
    on. The built-in names (sigmoid, tanh, ...) cannot be replaced.
    """
    if not isinstance(name, str) or not name:
        raise TypeError("register_activation: name must be a non-empty string, got "
                        + _describe(name))
    if name in BUILT_IN_ACTIVATIONS:
        raise ValueError(f"register_activation: {_shortened(repr(name))} is built in and cannot be "
                         "replaced: choose another name")
    for arg, fn in (("f", f), ("df", df)):
        if not callable(fn):
            raise TypeError(f"register_activation: {arg} must be callable, got {_describe(fn)}")
    ACTIVATIONS[name] = (_real_valued(f, name, "f"), _real_valued(df, name, "df"))


# ================================================================================================
# Costs: C of ONE sample, from its output column a and target column y (lists); a batch's C is
# their mean. The public API calls the choice `loss=`, as the tutorial does.
# ================================================================================================

EPSILON = 1e-12  # outputs are clipped to [ε, 1-ε] inside log, so cross-entropy never takes log(0)


def mse(a, y):
    """C = ½ Σⱼ (aⱼ - yⱼ)²; its gradient ∇ₐC = a - y is what BP1 uses."""
    total = 0.0
    for aj, yj in zip(a, y):
        total += (aj - yj) * (aj - yj)
    return 0.5 * total


def _clip(p):
    return min(max(p, EPSILON), 1.0 - EPSILON)


def binary_cross_entropy(a, y):
    """C = -Σⱼ [yⱼ ln aⱼ + (1 - yⱼ) ln(1 - aⱼ)], for sigmoid outputs (each unit a yes/no)."""
    total = 0.0
    for aj, yj in zip(a, y):
        aj = _clip(aj)
        total -= yj * math.log(aj) + (1.0 - yj) * math.log(1.0 - aj)
    return total


def categorical_cross_entropy(a, y):
    """C = -Σⱼ yⱼ ln aⱼ, for softmax outputs (one class out of many)."""
    total = 0.0
    for aj, yj in zip(a, y):
        total -= yj * math.log(_clip(aj))
    return total


# loss name -> the output activations it allows (None: any but softmax). cross_entropy needs
# outputs in (0, 1).
LOSS_OUTPUTS = {
    "mse": None,
    "cross_entropy": ("sigmoid", "softmax"),
}
LOSSES = LOSS_OUTPUTS  # the name this table had in tinynn 0.1


def cost_function(loss, output_activation):
    """The per-sample cost C(a, y) for this loss and output layer."""
    if loss == "mse":
        return mse
    return categorical_cross_entropy if output_activation == "softmax" else binary_cross_entropy


def mean_cost(cost, a, y):
    """C of a batch: the mean of cost(a, y) over its samples (columns of outputs a, targets y)."""
    costs = [cost(a_col, y_col) for a_col, y_col in zip(a.T.rows, y.T.rows)]  # one per sample
    return _total(costs) / len(costs)


# ================================================================================================
# NeuralNetwork: the weights, feedforward, the four equations, one training step, the epochs
# ================================================================================================

class NeuralNetwork:
    """A fully connected network, e.g.
    NeuralNetwork(layers=[2, 10, 1], activations=["sigmoid", "sigmoid"]).

    layers       sizes from input to output; layers[0] is the number of features
    activations  one name per layer after the input (len(layers) - 1): layer l's σ is
                 activations[l - 2]; see ACTIVATIONS
    loss         the cost C: "mse" or "cross_entropy" (sigmoid or softmax output)
    seed         everything random (initial weights, shuffling) comes from random.Random(seed)
    init         "scaled": weights ~ N(0, 1/n_in), biases 0, which keeps a neuron's z of order 1
                 so sigmoid/tanh start out of saturation; "standard_normal": the tutorial's
                 N(0, 1) for weights and biases (slower to train in wide layers)
    """

    def __init__(self, layers=(2, 10, 1), activations=("sigmoid", "sigmoid"), loss="mse", seed=None,
                 init="scaled"):
        layers, activations, seed = _checked_architecture(layers, activations, loss, seed, init)
        self.layers = layers
        self.activations = activations
        self.cost_name = loss
        self.cost = cost_function(loss, activations[-1])  # C(a, y) of one sample
        self.seed = seed
        self.rng = random.Random(seed)
        self.weights = []
        self.biases = []
        for n_in, n_out in zip(layers[:-1], layers[1:]):  # wˡ is (n_out, n_in), for l = 2 .. L
            scale = 1.0 / math.sqrt(n_in) if init == "scaled" else 1.0
            self.weights.append(Matrix._wrap(
                [[self.rng.gauss(0.0, scale) for _ in range(n_in)] for _ in range(n_out)]))
            self.biases.append(Matrix._wrap(
                [[0.0 if init == "scaled" else self.rng.gauss(0.0, 1.0)] for _ in range(n_out)]))

    # -- forward ---------------------------------------------------------------------------------

    def feedforward(self, x, masks=None):
        """Run a batch through the network. x: Matrix (layers[0], m), one column per sample.

        Returns (z_s, a_s): z_s[l - 2] = zˡ = wˡ aˡ⁻¹ + bˡ for l = 2 .. L, and a_s[l - 1] = aˡ for
        l = 1 .. L, so a_s[0] = a¹ = x and a_s[-1] = aᴸ is the output. masks, while training with
        dropout only: what each hidden layer's aˡ is multiplied by (see dropout_masks).
        """
        _check_batch(x, "x", self.layers[0], "layers[0]")
        _check_parameter_shapes(self)  # weights and biases typed in by hand fit layers
        z_s = []   # z_s[l - 2] = zˡ, one column per sample
        a_s = [x]  # a_s[l - 1] = aˡ, and a¹ = x: the input is layer 1
        for l, (w, b) in enumerate(zip(self.weights, self.biases), start=2):  # l = 2 .. L
            z = w @ a_s[-1] + b               # zˡ = wˡ aˡ⁻¹ + bˡ  (bˡ is added to every column)
            z_s.append(z)
            a = self._activate(l, z)          # aˡ = σ(zˡ)
            if masks is not None and masks[l - 2] is not None:
                a = a * masks[l - 2]          # dropout, in "Better training" below
            a_s.append(a)
        return z_s, a_s

    def _activate(self, l, z):
        """aˡ = σ(zˡ) with layer l's σ: element by element, or softmax sample by sample (column)."""
        name = self.activations[l - 2]
        f, _ = ACTIVATIONS[name]
        if name == "softmax":
            return Matrix._wrap([f(column) for column in z.T.rows]).T
        return z.map(f)

    # -- backward --------------------------------------------------------------------------------

    def backpropagation(self, y, z_s, a_s, masks=None):
        """Gradients of the batch's mean cost: (dw, db) with dw[l - 2] = ∂C/∂wˡ, db[l - 2] = ∂C/∂bˡ.

        y: Matrix (layers[-1], m), one column per sample; z_s, a_s: what feedforward returned (and
        masks, the dropout masks it was given). These are the true gradients (not their negatives),
        shaped like weights and biases.
        """
        _check_targets(y, a_s[-1], self.layers[-1])
        L = len(self.layers)       # the book's L: the output is layer L, the input layer 1
        deltas = [None] * (L - 1)  # deltas[l - 2] = δˡ = ∂C/∂zˡ for l = 2 .. L, a column per sample

        # BP1: δᴸ = ∇ₐC ⊙ σ'(zᴸ), the error of the output layer; ∇ₐC depends on the cost.
        if self.cost_name == "cross_entropy":
            # Cross-entropy: the product cancels to aᴸ - y. Sigmoid output:
            # ∇ₐC = (a - y) / (a(1 - a)) and σ'(z) = a(1 - a). Softmax output: the same result,
            # given targets that sum to 1.
            deltas[-1] = a_s[-1] - y                      # BP1, cross-entropy: δᴸ = aᴸ - y
        else:
            _, df = ACTIVATIONS[self.activations[-1]]     # σ' of layer L
            deltas[-1] = (a_s[-1] - y) * z_s[-1].map(df)  # BP1, mse: ∇ₐC = aᴸ - y
        # BP2: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ) for l = L-1 down to 2, with wˡ⁺¹ = weights[l - 1]
        for l in range(L - 1, 1, -1):
            _, df = ACTIVATIONS[self.activations[l - 2]]  # σ' of layer l
            deltas[l - 2] = (self.weights[l - 1].T @ deltas[l - 1]) * z_s[l - 2].map(df)  # BP2
            if masks is not None:
                deltas[l - 2] = deltas[l - 2] * masks[l - 2]  # dropout: a dropped unit has δ = 0

        # BP3 and BP4 are the gradients for one sample x. A batch's are their mean over its m
        # samples (columns): with δˡ divided by m first, a row sum adds up BP3 over the samples,
        # and the product (δˡ/m)(aˡ⁻¹)ᵀ adds up BP4's outer products δˡₓ(aˡ⁻¹ₓ)ᵀ, one per sample.
        m = y.shape[1]  # samples in the batch (the last batch of an epoch may be shorter)
        deltas_over_m = [delta * (1.0 / m) for delta in deltas]    # δˡ/m for l = 2 .. L
        db = [delta.row_sums() for delta in deltas_over_m]         # BP3: ∂C/∂bˡⱼ = δˡⱼ
        dw = [delta @ a.T for delta, a in zip(deltas_over_m, a_s)]  # BP4: ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ
        return dw, db  # zip paired δˡ (deltas[l - 2]) with aˡ⁻¹ (a_s[l - 2])

    # -- one training step -------------------------------------------------------------------------

    def update_mini_batch(self, x, y, lr, l2=0.0, n=None, optimizer=None, l1=0.0, dropout=0.0):
        """One step of gradient descent on one mini-batch. Returns (C, aᴸ): the batch's cost before
        the step, and the outputs it was computed from.

        x, y       Matrices with one column per sample, as feedforward and backpropagation take them
        lr         the learning rate η
        optimizer  what turns gradients into a step: SGD() by default, or Adam(), RMSProp(),
                   AdaGrad(). Give the same optimizer to every step of a training run, so that
                   its state (momentum, moving averages) carries over.
        l2, l1, n  λ of L2 and λ₁ of L1 regularisation, and the size of the whole training set
                   (default: m, the size of this batch); see "Better training"
        dropout    the probability p of silencing each hidden unit in this step (0: none)
        """
        # every argument checked before anything changes (support code), the defaults filled in
        lr, l2, n, optimizer, l1, dropout = _checked(self, x, y, lr, l2, n, optimizer, l1, dropout)
        masks = self.dropout_masks(x.shape[1], dropout) if dropout else None  # None: no dropout
        # 1. Forward: zˡ and aˡ of every layer, for the whole batch.
        z_s, a_s = self.feedforward(x, masks)
        # 2. The batch's cost C, the mean of its samples' (plus L2's and L1's terms, if asked for).
        #    Only reported: the step needs its gradient.
        cost = mean_cost(self.cost, a_s[-1], y) + regularisation_cost(self.weights, l2, l1, n)
        # 3. Backpropagation, BP1-BP4: ∂C/∂wˡ and ∂C/∂bˡ of every layer (with L2's and L1's terms).
        dw, db = self.backpropagation(y, z_s, a_s, masks)
        dw = regularisation_gradient(dw, self.weights, l2, l1, n)
        # 4. The step against the gradient, w ← w - η·∂C/∂w for plain SGD: every layer's new wˡ
        #    and bˡ, swapped in at once.
        parameters = optimizer.step(self.weights + self.biases, dw + db, lr)
        _check_new_parameters(parameters, self, optimizer)  # your own optimiser's too
        self.weights, self.biases = parameters[:len(dw)], parameters[len(dw):]
        return cost, a_s[-1]

    # -- training: epochs of mini-batches --------------------------------------------------------

    def train(self, X, Y, batch_size=10, epochs=100, lr=0.01, shuffle=True, validation=None, l2=0.0,
              momentum=0.0, patience=None, verbose=False, callback=None, optimizer="sgd",
              lr_decay=0.0, l1=0.0, dropout=0.0):
        """Mini-batch SGD on samples X with targets Y (one row per sample). Returns the history.

        batch_size  samples per gradient step; a last, shorter batch is averaged over its own size
        epochs      passes over the data
        lr          learning rate η: each step is w ← w - η·∂C/∂w
        shuffle     visit the samples in a new random order (from seed) every epoch
        validation  (X_val, Y_val): measured after each epoch as history "val_loss" (plain cost,
                    without the l2 term) and, for a classifier, "val_accuracy"
        l2          λ of L2 regularisation, C = C₀ + λ/(2n) Σ w² (n = len(X), biases exempt), so
                    a step is w ← (1 - η·λ/n)·w - η·∂C₀/∂w
        momentum    μ of classical momentum: v ← μv - η·∂C/∂w, then w ← w + v (0 = plain SGD);
                    the same as optimizer=SGD(momentum=μ)
        patience    stop when val_loss has not improved for this many epochs (needs validation);
                    the best epoch's weights (and optimiser state) come back when training ends
        verbose     print one line per epoch (loss, validation, elapsed time, ETA)
        callback    callback(epoch, history) after each epoch (counted from 1); a true value
                    returned (True, 1, NumPy's True) stops training
        optimizer   "sgd" (default), "adam", "rmsprop", "adagrad", or an object such as
                    tinynn.Adam(beta1=0.9): how each step turns gradients into new weights
        lr_decay    step t (0, 1, 2, ... in this call) uses the learning rate lr / (1 + lr_decay·t)
        l1          λ₁ of L1 regularisation, C = C₀ + (λ₁/n) Σ |w| (biases exempt)
        dropout     the probability p of dropping each hidden unit in each training step (inverted
                    dropout: kept units are scaled by 1/(1-p)); predict, loss, accuracy and
                    validation never drop

        history["loss"][e] is the mean of epoch e's mini-batch costs (with the l2 term); a
        classifier also gets history["accuracy"], the fraction of samples classified right, each
        batch before its step. Ctrl-C stops at the end of the current mini-batch (during validation
        or the callback: at the end of that epoch) and returns the history of the finished epochs,
        keeping the weights of that last complete step (no best-epoch restore). If the cost or a
        weight becomes nan/inf, or a number overflows, the weights and the optimiser's state go back
        to the start of that epoch (the random generator to where train() found it) and
        FloatingPointError is raised.

        The defaults lr=0.01 and epochs=100 are the tutorial's, kept so that its code runs as it
        is. They suit cross-entropy on scaled inputs with small batches, but are too small for mse
        on a small sigmoid network: XOR on its full batch needs lr near 2.0 and about 1000 epochs.
        Typical lr: 0.01 to 0.5 for cross-entropy with mini-batches, 0.1 to 2.0 for mse with sigmoid
        outputs, smaller with momentum. A TrainingWarning says when a run did not seem to learn
        (inputs far from unit scale, a loss that barely moved or grew, one class for everything).
        """
        samples, targets = _checked_data(self, X, Y)
        _check_parameters(self)  # weights typed in by hand included
        batch_size, epochs, lr, lr_decay, l2, patience, validation = _checked_training_options(
            self, len(samples), batch_size, epochs, lr, lr_decay, l2, patience, validation,
            callback, shuffle, verbose)
        optimizer, l1, dropout = _checked_optimizer_options(self, optimizer, momentum, l1, dropout)
        n = len(samples)
        order = list(range(n))  # the order the samples are visited in
        step = 0  # steps taken so far in this call, for lr_decay
        log = _TrainingLog(self, samples, epochs, lr, validation, patience, callback, verbose,
                           optimizer, batch_size)
        with _CtrlC() as ctrl_c, log:  # a first Ctrl-C lets the running mini-batch finish
            for epoch in range(1, epochs + 1):
                log.start_epoch(epoch)  # remembers the weights a diverging epoch goes back to
                if shuffle:
                    self.rng.shuffle(order)
                for first in range(0, n, batch_size):
                    batch = order[first:first + batch_size]  # the last batch may be shorter
                    x = _columns(samples, batch)  # the batch's samples, one column each
                    y = _columns(targets, batch)
                    lr_now = lr / (1.0 + lr_decay * step)  # = lr unless lr_decay > 0
                    cost, a = self.update_mini_batch(x, y, lr_now, l2, n, optimizer, l1, dropout)
                    step += 1
                    log.batch_done(cost, a, y)  # stops on nan or inf; the progress line
                    ctrl_c.stop_if_pressed()
                if log.epoch_done():  # history, validation, early stopping, callback
                    break
                ctrl_c.stop_if_pressed()  # a Ctrl-C during validation or the callback
        return log.finish(ctrl_c)  # with patience, back to the best epoch's weights

    # -- using a trained network -----------------------------------------------------------------

    def predict(self, X):
        """Outputs for the samples in X (one row per sample): a list of output rows."""
        return self._outputs(X, "predict").T.rows

    def predict_classes(self, X):
        """The predicted class of each sample: the argmax of its outputs (one output: >= 0.5)."""
        return _classes(self._outputs(X, "predict_classes"))

    def _outputs(self, X, call):
        """aᴸ for the samples in X, one column per sample, after the checks `call` makes."""
        samples = _checked_rows(X, "X", self.layers[0], "layers[0]", call=call)
        _check_parameters(self)
        _, a_s = self.feedforward(_columns(samples))
        return a_s[-1]

    def accuracy(self, X, Y):
        """Fraction of samples whose predicted class is the target's (Y one-hot, or 0/1 rows)."""
        samples, targets = _checked_data(self, X, Y, call="accuracy")
        _check_parameters(self)
        _, a_s = self.feedforward(_columns(samples))
        return _count_correct(a_s[-1], _columns(targets)) / len(samples)

    def loss(self, X, Y, l2=0.0, l1=0.0):
        """Mean cost C over the samples, plus λ/(2n) Σ w² when l2 = λ > 0 and (λ₁/n) Σ |w| when
        l1 = λ₁ > 0 (n = len(X), biases exempt)."""
        samples, targets = _checked_data(self, X, Y)
        l2, l1 = _checked_non_negative(l2, "l2"), _checked_non_negative(l1, "l1")
        _check_parameters(self)
        return self._cost(_columns(samples), _columns(targets), l2, l1)

    def _cost(self, x, y, l2, l1=0.0):
        """loss() for data already checked and laid out as columns."""
        _, a_s = self.feedforward(x)
        n = x.shape[1]
        return mean_cost(self.cost, a_s[-1], y) + regularisation_cost(self.weights, l2, l1, n)

    @property
    def is_classifier(self):
        """True when outputs read as class scores: a sigmoid or softmax output layer."""
        return self.activations[-1] in ("sigmoid", "softmax")

    def save(self, path):
        """Write the network to `path` as JSON. A crash mid-save leaves no half file."""
        _save_model(self, path)

    @classmethod
    def load(cls, path):
        """Read a network written by save(). Only JSON is parsed: nothing in the file is run."""
        return _load_model(cls, path)

    def __repr__(self):
        return (f"NeuralNetwork(layers={_shortened(str(self.layers))}, "
                f"activations={_shortened(str(self.activations))}, loss={self.cost_name!r})")

    def _repr_svg_(self):
        """How a notebook (IPython's rich display) shows a network: draw(self), if not too long."""
        if len(self.layers) > 12:
            return None  # too long to draw: the notebook shows repr(net)
        try:
            return draw(self)
        except (TypeError, ValueError):  # weights typed in that do not fit: repr(net) instead
            return None

    def __eq__(self, other):
        return (isinstance(other, NeuralNetwork) and self.layers == other.layers
                and self.activations == other.activations and self.cost_name == other.cost_name
                and self.weights == other.weights and self.biases == other.biases)

    __hash__ = None

    # -- dropout: see "Better training" just below ---------------------------------------------

    def dropout_masks(self, m, p):
        """Inverted dropout for a batch of m samples: for each hidden layer a Matrix of 0.0 (the
        unit is dropped, with probability p) or 1/(1-p) (kept), one column per sample, drawn from
        the network's random generator. Scaling the kept units by 1/(1-p) keeps each unit's
        expected output as it was, so nothing changes when dropout is off (predict, loss).
        masks[l - 2] is layer l's mask for the hidden layers l = 2 .. L-1; the output's is None."""
        keep = 1.0 / (1.0 - p)
        masks = []
        for n_units in self.layers[1:-1]:
            masks.append(Matrix._wrap([[0.0 if self.rng.random() < p else keep for _ in range(m)]
                                       for _ in range(n_units)]))
        return masks + [None]  # the output layer is never dropped


# ================================================================================================
# Better training: dropout, L2 and L1 regularisation, the optimisers. The plain step above
# reaches each through a call; each stands here at its equations.
# ================================================================================================

# Dropout (NeuralNetwork.dropout_masks, just above, makes the masks): while training, each hidden
# unit is silenced with probability p, so the network cannot lean on any one unit:
#     aˡ = σ(zˡ) ⊙ maskˡ                  in feedforward
#     δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ) ⊙ maskˡ  in BP2, as ∂aˡ/∂zˡ = σ'(zˡ) ⊙ maskˡ

# L2 and L1 regularisation add a term to the cost that grows with the weights, so that training
# prefers small ones; n is the size of the training set and the biases are exempt:
#     L2: C = C₀ + λ/(2n) Σ w²,  ∂C/∂w = ∂C₀/∂w + (λ/n)·w
#     L1: C = C₀ + (λ₁/n) Σ |w|, ∂C/∂w = ∂C₀/∂w + (λ₁/n)·sign(w)

def regularisation_cost(weights, l2, l1, n):
    """What regularisation adds to C: λ/(2n) Σ w² (L2) + (λ₁/n) Σ |w| (L1), biases exempt."""
    return l2_cost(weights, l2, n) + l1_cost(weights, l1, n)


def sign(w):
    """The slope of |w|: 1 for w > 0, -1 for w < 0, and 0 at the kink w = 0 (as PyTorch's sign)."""
    return 1.0 if w > 0.0 else -1.0 if w < 0.0 else 0.0


def l1_cost(weights, l1, n):
    """L1's part of the cost, (λ₁/n) Σ |w| over every weight (biases exempt); 0.0 when λ₁ = 0."""
    if l1 == 0.0:
        return 0.0
    magnitudes = [abs(v) for w in weights for row in w.rows for v in row]
    return l1 / n * _total(magnitudes)


def l2_cost(weights, l2, n):
    """L2's part of the cost, λ/(2n) Σ w² over every weight (biases exempt); 0.0 when λ = 0."""
    if l2 == 0.0:
        return 0.0
    squares = [v * v for w in weights for row in w.rows for v in row]
    return l2 / (2.0 * n) * _total(squares)


def regularisation_gradient(dw, weights, l2, l1, n):
    """∂C/∂w from backpropagation's ∂C₀/∂w: plus the gradient of regularisation_cost, biases
    exempt. Nothing is added when λ = λ₁ = 0."""
    if l2:
        # L2: ∂C/∂w = ∂C₀/∂w + (λ/n)·w
        dw = [dw_l + (l2 / n) * w for dw_l, w in zip(dw, weights)]
    if l1:
        # L1: ∂C/∂w = ∂C₀/∂w + (λ₁/n)·sign(w), with sign(0) = 0
        dw = [dw_l + (l1 / n) * w.map(sign) for dw_l, w in zip(dw, weights)]
    return dw


# -- the optimisers: how one step turns gradients into new weights --------------------------------

class _Optimizer:
    """What tinynn's optimisers share: state_dict() and load_state_dict(), as PyTorch's optimisers
    have them, so that train() can take an optimiser back to an earlier step (after a divergence,
    to the best epoch, after Ctrl-C). A step assigns new lists and matrices and never edits them,
    so a copy of the dict of attributes keeps a state whole."""

    def state_dict(self):
        return dict(vars(self))

    def load_state_dict(self, state):
        self.__dict__ = dict(state)  # one assignment: the whole state changes at once


class SGD(_Optimizer):
    """Stochastic gradient descent: w ← w - η·∂C/∂w for every weight and bias.

    With momentum μ > 0 it is classical momentum: a velocity v per parameter remembers past steps,
    v ← μv - η·∂C/∂w, then w ← w + v, so steps grow along a slope that keeps its direction. While
    η stays the same this is torch.optim.SGD(momentum=μ) (which keeps b = -v/η instead of v).
    """

    def __init__(self, momentum=0.0):
        self.momentum = _checked_fraction(momentum, "momentum")
        self.velocities = None  # v for every parameter matrix, made at the first step

    def step(self, parameters, gradients, lr):
        """New matrices: each parameter moved one step against its gradient (the old ones are kept
        unchanged, so a step interrupted half-way changes nothing)."""
        if not self.momentum:
            return [p - lr * g for p, g in zip(parameters, gradients)]  # w ← w - η·∂C/∂w
        if self.velocities is None:
            self.velocities = [Matrix.zeros(*p.shape) for p in parameters]
        # v ← μv - η·∂C/∂w
        self.velocities = [self.momentum * v - lr * g for v, g in zip(self.velocities, gradients)]
        return [p + v for p, v in zip(parameters, self.velocities)]  # w ← w + v

    def __repr__(self):
        return f"SGD(momentum={self.momentum})"


class Adam(_Optimizer):
    """Adam (Kingma and Ba, 2015), as torch.optim.Adam. For every weight and bias:

        m ← β₁m + (1 - β₁)g               a moving average of the gradient g = ∂C/∂w
        v ← β₂v + (1 - β₂)g²              a moving average of its square
        t ← t + 1                         the step count
        m̂ = m / (1 - β₁ᵗ), v̂ = v / (1 - β₂ᵗ)   corrected for m and v starting at 0
        w ← w - η m̂ / (√v̂ + ε)

    so every parameter gets a step of about η in the direction its gradient keeps pointing.
    """

    def __init__(self, beta1=0.9, beta2=0.999, eps=1e-8):
        self.beta1 = _checked_fraction(beta1, "beta1")
        self.beta2 = _checked_fraction(beta2, "beta2")
        self.eps = _checked_positive(eps, "eps")
        self.t = 0
        self.m = None  # m and v for every parameter matrix, made at the first step
        self.v = None

    def step(self, parameters, gradients, lr):
        """New matrices: each parameter moved one Adam step (the old ones are kept unchanged)."""
        if self.m is None:
            self.m = [Matrix.zeros(*p.shape) for p in parameters]
            self.v = [Matrix.zeros(*p.shape) for p in parameters]
        b1, b2 = self.beta1, self.beta2
        # m ← β₁m + (1 - β₁)g
        self.m = [b1 * m + (1.0 - b1) * g for m, g in zip(self.m, gradients)]
        # v ← β₂v + (1 - β₂)g²
        self.v = [b2 * v + (1.0 - b2) * (g * g) for v, g in zip(self.v, gradients)]
        self.t += 1
        # m̂ = m / (1 - β₁ᵗ) and v̂ = v / (1 - β₂ᵗ)
        m_hats = [m * (1.0 / (1.0 - b1 ** self.t)) for m in self.m]
        v_hats = [v * (1.0 / (1.0 - b2 ** self.t)) for v in self.v]
        # w ← w - η m̂ / (√v̂ + ε)
        return [_scaled_step(p, m_hat, v_hat, lr, self.eps)
                for p, m_hat, v_hat in zip(parameters, m_hats, v_hats)]

    def __repr__(self):
        return f"Adam(beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"


class RMSProp(_Optimizer):
    """RMSProp (Hinton's lecture notes, 2012), as torch.optim.RMSprop(alpha=rho). For every weight:

        s ← ρs + (1 - ρ)g²                a moving average of the squared gradient
        w ← w - η g / (√s + ε)

    so a parameter whose gradient has been large takes smaller steps, and a small one larger.
    """

    def __init__(self, rho=0.99, eps=1e-8):
        self.rho = _checked_fraction(rho, "rho")
        self.eps = _checked_positive(eps, "eps")
        self.squares = None  # s for every parameter matrix, made at the first step

    def step(self, parameters, gradients, lr):
        """New matrices: each parameter moved one RMSProp step (the old ones are kept unchanged)."""
        if self.squares is None:
            self.squares = [Matrix.zeros(*p.shape) for p in parameters]
        rho = self.rho
        # s ← ρs + (1 - ρ)g²
        self.squares = [rho * s + (1.0 - rho) * (g * g) for s, g in zip(self.squares, gradients)]
        # w ← w - η g / (√s + ε)
        return [_scaled_step(p, g, s, lr, self.eps)
                for p, g, s in zip(parameters, gradients, self.squares)]

    def __repr__(self):
        return f"RMSProp(rho={self.rho}, eps={self.eps})"


class AdaGrad(_Optimizer):
    """AdaGrad (Duchi, Hazan and Singer, 2011), as torch.optim.Adagrad. For every weight:

        G ← G + g²                        the sum of all its squared gradients so far
        w ← w - η g / (√G + ε)

    so steps shrink as a parameter's gradients add up: fast at first, careful later.
    """

    def __init__(self, eps=1e-10):
        self.eps = _checked_positive(eps, "eps")
        self.sums = None  # G for every parameter matrix, made at the first step

    def step(self, parameters, gradients, lr):
        """New matrices: each parameter moved one AdaGrad step (the old ones are kept unchanged)."""
        if self.sums is None:
            self.sums = [Matrix.zeros(*p.shape) for p in parameters]
        # G ← G + g²
        self.sums = [total + g * g for total, g in zip(self.sums, gradients)]
        # w ← w - η g / (√G + ε)
        return [_scaled_step(p, g, total, lr, self.eps)
                for p, g, total in zip(parameters, gradients, self.sums)]

    def __repr__(self):
        return f"AdaGrad(eps={self.eps})"


def _scaled_step(parameter, direction, squares, lr, eps):
    """w - η·d / (√s + ε), element by element: what Adam, RMSProp and AdaGrad share. Each weight
    gets its own step size η / (√s + ε) from its own running sum of squares s."""
    rows = []
    for w_row, d_row, s_row in zip(parameter.rows, direction.rows, squares.rows):
        rows.append([w - lr * d / (math.sqrt(s) + eps) for w, d, s in zip(w_row, d_row, s_row)])
    return Matrix._wrap(rows)


# name -> optimiser, for train(optimizer="adam"); each made with its default hyperparameters
OPTIMIZERS = {"sgd": SGD, "adam": Adam, "rmsprop": RMSProp, "adagrad": AdaGrad}


# ================================================================================================
# Checking backpropagation: the gradient from numerical derivatives (its checks are below)
# ================================================================================================

def numerical_gradient(net, X, Y, eps=1e-5, l2=0.0, l1=0.0):
    """(dw, db) estimated from the definition of a derivative, without backpropagation.

    For every weight and bias p, the central difference (C(p + ε) - C(p - ε)) / 2ε of net.loss
    approximates ∂C/∂p with an error of order ε². Slow (two passes over the data per parameter)
    but independent of BP1-BP4, which is what makes it a check.
    """
    x, y, eps, l2, l1 = _checked_diagnostics(net, X, Y, eps, l2, l1)
    return _central_differences(net, x, y, eps, l2, l1)


def gradient_check(net, X, Y, eps=1e-5, l2=0.0, l1=0.0):
    """The worst relative error between backpropagation's gradient and numerical_gradient's.

    Correct gradients agree to well below 1e-6 (the tests see at most about 3e-7); a wrong
    derivative anywhere shows up as 1e-3 or worse. With l2 = λ, both sides include the L2 term:
    ∂C/∂w = ∂C₀/∂w + (λ/n)·w; with l1 = λ₁ the L1 term (λ₁/n)·sign(w) (keep the weights away from 0,
    where |w| has a kink that no derivative describes). Dropout is never used here.
    """
    x, y, eps, l2, l1 = _checked_diagnostics(net, X, Y, eps, l2, l1)
    numeric_dw, numeric_db = _central_differences(net, x, y, eps, l2, l1)
    z_s, a_s = net.feedforward(x)
    dw, db = net.backpropagation(y, z_s, a_s)
    dw = regularisation_gradient(dw, net.weights, l2, l1, x.shape[1])
    pairs = zip(dw + db, numeric_dw + numeric_db)
    return max(_relative_error(a, b) for analytic, numeric in pairs
               for row_a, row_b in zip(analytic.rows, numeric.rows) for a, b in zip(row_a, row_b))


def _central_differences(net, x, y, eps, l2, l1):
    """numerical_gradient on checked columns x, y: a matrix of estimates per parameter matrix."""
    def estimate(params):
        grads = []
        for p in params:
            grad_rows = []
            for row in p.rows:
                grad_row = []
                for j, original in enumerate(row):
                    try:  # nudge one parameter in place, then put it back exactly
                        row[j] = original + eps
                        plus = net._cost(x, y, l2, l1)
                        row[j] = original - eps
                        minus = net._cost(x, y, l2, l1)
                    finally:
                        row[j] = original
                    grad_row.append((plus - minus) / (2.0 * eps))
                grad_rows.append(grad_row)
            grads.append(Matrix._wrap(grad_rows))
        return grads

    return estimate(net.weights), estimate(net.biases)


def _relative_error(a, b):
    """|a - b| relative to the larger of the two.

    Rounding leaves about 1e-12 of noise in a central difference, so a gradient smaller than 1e-4
    is measured against 1e-4: otherwise a near-zero gradient would look wrong when it is not.
    """
    return abs(a - b) / max(abs(a), abs(b), 1e-4)


# ################################################################################################
#
#   SUPPORT CODE: skip it on a first reading.
#
#   Everything below keeps the story above honest and pleasant to use, but none of it is part of
#   the maths: input checks, data helpers, training bookkeeping (history, divergence, early
#   stopping, progress lines), Ctrl-C, persistence, fingerprints, pictures and consoles. In pdb,
#   `next` over it.
#
# ################################################################################################


# ================================================================================================
# Input checks: every public entry point validates here, before anything is changed
# ================================================================================================

def _is_number(value):
    """True for a real number: int, float or any type registered as numbers.Real, as NumPy's
    float32 and int64 and Fraction are, and Decimal (each is taken as the nearest float). False
    for bool (True + True == 2 is not data), str, complex, None."""
    return isinstance(value, (numbers.Real, decimal.Decimal)) and not isinstance(value, bool)


def _is_count(value):
    """True for an integer: int or a numbers.Integral type (NumPy's int64); not for a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


# Never rows of numbers or a list of labels, though each has a length and can be iterated
NOT_ROWS = (str, bytes, bytearray, memoryview, Mapping, Set)


def _as_list(values):
    """values as a plain list where it offers one: NumPy arrays (and array.array, pandas' Series)
    give theirs with .tolist(), which holds Python floats and ints with the same values. A table
    whose [i] is a column, not a row (pandas' DataFrame), gives its rows through .to_numpy().
    NOT_ROWS come back as they are, for the checks to refuse (a memoryview's .tolist() would
    give its bytes as numbers)."""
    if type(values) is list or isinstance(values, (Matrix,) + NOT_ROWS):
        return values
    if not hasattr(values, "tolist") and callable(getattr(values, "to_numpy", None)):
        values = values.to_numpy()
    tolist = getattr(values, "tolist", None)
    return tolist() if callable(tolist) else values


def _is_sequence(value):
    """True for what can be indexed and measured like a list (list, tuple, range, arrays); not for
    strings, bytes, dicts and sets (NOT_ROWS)."""
    return (hasattr(value, "__len__") and hasattr(value, "__getitem__")
            and not isinstance(value, NOT_ROWS))


def _shortened(text, limit=80):
    """text, cut in the middle if it is long, so an error message stays readable."""
    return text if len(text) <= limit else text[:limit // 2] + " ... " + text[-limit // 4:]


def _describe(value):
    """How a rejected value is shown in an error message: its (shortened) repr and its type."""
    return f"{_shown(value)} ({type(value).__name__})"


def _shown(value):
    """repr(value), shortened (from Python 3.11 repr refuses an integer of over 4300 digits)."""
    try:
        return _shortened(repr(value))
    except ValueError:  # over the limit that sys.set_int_max_str_digits sets
        what = "an integer" if _is_count(value) else f"a {type(value).__name__} holding an integer"
        return what + " too long to print"


def _as_float(value):
    """float(value), or inf for an int too large for a float (where float() raises), nan for a
    Decimal's signalling NaN."""
    try:
        return float(value)
    except OverflowError:
        return math.inf
    except ValueError:  # Decimal("sNaN")
        return math.nan


def _checked_floats(values, name, index):
    """One row as a list of floats, checked value by value so the error can say which is wrong."""
    out = []
    for j, value in enumerate(values):
        if not _is_number(value):
            raise TypeError(f"{name}: value at [{index}][{j}] is {_describe(value)}, "
                            "expected a number")
        number = _as_float(value)
        if not math.isfinite(number):
            raise ValueError(f"{name}: value at [{index}][{j}] is {_shown(value)}, "
                             "expected a finite number")
        out.append(number)
    return out


def _real_valued(function, name, which):
    """A user's activation (or its derivative) that says clearly when it returns something other
    than a real number: a complex number or a string would otherwise spread into every weight."""
    def checked(z):
        value = function(z)
        if type(value) is not float:
            if not _is_number(value):
                raise TypeError(f"activation {_shortened(repr(name))}: {which}({z!r}) returned "
                                f"{_describe(value)}, expected a real number")
            value = _as_float(value)
        return value
    checked.__name__ = getattr(function, "__name__", name)
    checked.__doc__ = getattr(function, "__doc__", None)
    return checked


def _checked_matrix_rows(rows):
    """Matrix(rows): a copy as float rows, checked: non-empty, rectangular, finite numbers."""
    rows = _as_list(rows)
    if not _is_sequence(rows) or len(rows) == 0:
        raise TypeError("Matrix: expected a non-empty list of rows, got " + _describe(rows))
    width = None
    copied = []
    for i, row in enumerate(rows):
        row = _as_list(row)
        if not _is_sequence(row):
            raise TypeError(f"Matrix: row {i} should be a list of numbers, got {_describe(row)}")
        if width is None:
            width = len(row)
            if width == 0:
                raise ValueError("Matrix: rows must not be empty (row 0 has no values)")
        elif len(row) != width:
            raise ValueError(f"Matrix: row {i} has {len(row)} values, expected {width} like row 0 "
                             "(rows must all have the same length)")
        copied.append(_checked_floats(row, "Matrix", i))
    return copied


def _checked_architecture(layers, activations, loss, seed, init):
    """NeuralNetwork's arguments, checked; layers and activations returned as new lists."""
    layers, activations = _as_list(layers), _as_list(activations)
    if not _is_sequence(layers) or len(layers) < 2:
        raise ValueError(f"layers: expected a list of at least 2 layer sizes (input and output), "
                         f"got {_describe(layers)}")
    for i, size in enumerate(layers):
        if not _is_count(size) or int(size) < 1:
            raise ValueError(f"layers[{i}]: expected a positive integer, got {_describe(size)}")
    if not _is_sequence(activations) or len(activations) != len(layers) - 1:
        raise ValueError(f"activations: expected {len(layers) - 1} names (one per layer after the "
                         f"input, len(layers) - 1), got {_shown(activations)}")
    for i, name in enumerate(activations):
        if not isinstance(name, str):
            raise TypeError(f"activations[{i}]: expected a name (a string), got {_describe(name)}")
        activation(name)  # raises for an unknown name
    if "softmax" in activations[:-1]:
        raise ValueError(f"activations: softmax is only allowed on the output layer, "
                         f"got {_shortened(repr(list(activations)))}")
    if not isinstance(loss, str):
        raise TypeError("loss: expected a name (a string), got " + _describe(loss))
    if loss not in LOSS_OUTPUTS:
        known = ", ".join(sorted(LOSS_OUTPUTS))
        raise ValueError(f"loss: unknown name {_shortened(repr(loss))}; known: {known}")
    allowed = LOSS_OUTPUTS[loss]
    if allowed is not None and activations[-1] not in allowed:
        raise ValueError(f"loss={loss!r} needs outputs in (0, 1): the output activation must be "
                         f"one of {', '.join(allowed)}, got {activations[-1]!r}")
    if activations[-1] == "softmax" and loss != "cross_entropy":
        raise ValueError(f"a softmax output needs loss='cross_entropy', got loss={loss!r}")
    if seed is not None and not _is_count(seed):
        raise TypeError("seed: expected an integer >= 0 or None, got " + _describe(seed))
    if seed is not None and int(seed) < 0:  # random.Random(-5) is random.Random(5)
        raise ValueError(f"seed: expected an integer >= 0 or None, got {_shown(seed)}; Python's "
                         "random uses abs(seed), so a negative seed would repeat a positive one")
    if not isinstance(init, str) or init not in ("scaled", "standard_normal"):
        raise ValueError(f"init: expected 'scaled' or 'standard_normal', got {_describe(init)}")
    return [int(size) for size in layers], list(activations), None if seed is None else int(seed)


def _check_batch(m, name, rows, where):
    """m is a Matrix with `rows` rows, one column per sample."""
    if not isinstance(m, Matrix):
        raise TypeError(f"{name}: expected a Matrix with one column per sample, "
                        f"got {type(m).__name__}; from a list of samples (one row each): "
                        "tinynn.Matrix(samples).T")
    if type(m.rows) is not list or len(m.rows) != rows or type(m.rows[0]) is not list:
        found = _shape_found(m.rows)
        found = "shape " + found if found.startswith("(") else found
        raise ValueError(f"{name}: expected {rows} row{'s' if rows != 1 else ''} ({where}), one "
                         f"column per sample; got {found}")


def _check_targets(y, output, n_out):
    """backpropagation's y: a Matrix shaped like the network's output aᴸ."""
    _check_batch(y, "y", n_out, "layers[-1]")
    if y.shape != output.shape:
        raise ValueError(f"y: expected shape {output.shape} like the network's output, "
                         f"got {y.shape}")


def _check_parameter_shapes(net):
    """Every step: one weight and one bias Matrix per layer, of the shapes layers implies (rows and
    the length of row 0; _check_parameters looks at every row and value, and says what is wrong)."""
    layers, weights, biases = net.layers, net.weights, net.biases
    try:
        if len(weights) == len(biases) == len(layers) - 1 and all(
                [type(w.rows) is list and len(w.rows) == n_out and len(w.rows[0]) == n_in
                 and type(b.rows) is list and len(b.rows) == n_out and len(b.rows[0]) == 1
                 for w, b, n_in, n_out in zip(weights, biases, layers, layers[1:])]):
            return
    except (TypeError, AttributeError):  # no length, no rows: not what a network holds
        pass
    _check_parameters(net)


def _check_parameters(net):
    """net.weights and net.biases as layers implies, every row and value looked at: how weights
    typed in by hand are checked before they are used or saved. weights[l - 2] = wˡ has shape
    (layers[l - 1], layers[l - 2]) and biases[l - 2] = bˡ has (layers[l - 1], 1), l = 2 .. L."""
    layers, count = net.layers, len(net.layers) - 1
    try:  # The usual case in a few steps, by built-ins: lists of Matrices whose rows are lists, as
        # many as layers[l - 1], as long as layers[l - 2] (weights) or 1 (biases), of finite floats
        matrices = net.weights + net.biases
        row_lists = list(map(attrgetter("rows"), matrices))
        rows = list(chain.from_iterable(row_lists))
        values = list(chain.from_iterable(rows))
        widths = list(chain.from_iterable(map(repeat, layers[:-1] + [1] * count, layers[1:] * 2)))
        usual = [type(net.weights), type(net.biases), len(matrices)] == [list, list, 2 * count]
        usual = usual and set(map(type, matrices)) == {Matrix} and list(map(len, rows)) == widths
        usual = usual and list(map(len, row_lists)) == layers[1:] * 2
        usual = usual and set(map(type, row_lists)) == set(map(type, rows)) == {list}
        if usual and set(map(type, values)) == {float} and all(map(math.isfinite, values)):
            return
    except (TypeError, AttributeError):  # no rows, no lengths: the checks below say what is wrong
        pass
    for name, matrices in (("weights", net.weights), ("biases", net.biases)):
        if not isinstance(matrices, list) or len(matrices) != count:
            found = (f"{len(matrices)}" if isinstance(matrices, list) else _describe(matrices))
            raise ValueError(f"{name}: expected a list of {count} Matrices, one per layer after "
                             f"the input (len(layers) - 1), got {found}")
    for i, (n_in, n_out) in enumerate(zip(net.layers, net.layers[1:])):
        _check_matrix(net.weights[i], f"weights[{i}]", (n_out, n_in),
                      f"(layers[{i + 1}], layers[{i}])")
        _check_matrix(net.biases[i], f"biases[{i}]", (n_out, 1), f"(layers[{i + 1}], 1)")


def _check_matrix(m, name, shape, implied):
    """One Matrix in full: the shape `implied` says, every row, finite floats (a Matrix made by
    tinynn.Matrix(rows) has float values; rows edited in place may not). Weights and biases,
    and the step's x and y."""
    if not isinstance(m, Matrix):
        raise TypeError(f"{name}: expected a Matrix of shape {shape} {implied}, got "
                        f"{_describe(m)}; make one with tinynn.Matrix(rows)")
    rows = m.rows
    if (type(rows) is not list or len(rows) != shape[0] or set(map(type, rows)) != {list}
            or set(map(len, rows)) != {shape[1]}):
        raise ValueError(f"{name}: expected shape {shape} {implied}, got {_shape_found(rows)}")
    values = list(chain.from_iterable(rows))
    if set(map(type, values)) <= {float} and all(map(math.isfinite, values)):
        return  # the usual case, in a few steps
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if not isinstance(v, float):
                raise TypeError(f"{name}: value at [{i}][{j}] is {_describe(v)}, expected a float "
                                "(tinynn.Matrix(rows) converts numbers to floats)")
            if not math.isfinite(v):
                raise ValueError(f"{name}: value at [{i}][{j}] is {v}, expected a finite number")


def _shape_found(rows):
    """What a matrix's rows hold, for a message: a shape, or how they are ragged."""
    if not isinstance(rows, list):
        return "rows " + _describe(rows)
    others = [row for row in rows if not isinstance(row, list)]
    if others:
        return f"{len(rows)} rows, one of them {_describe(others[0])}, not a list"
    lengths = [len(row) for row in rows]
    if lengths and len(set(lengths)) == 1:
        return str((len(rows), lengths[0]))
    return f"{len(rows)} rows of lengths {_shortened(str(lengths))}"


def _checked_rows(X, name, width, where, targets=False, call=None):
    """X, one row per sample, as a new list of lists of floats; checked: at least one sample, each
    a row of `width` finite numbers (`where` says what sets the width, e.g. "layers[0]").

    Plain data (lists of ints and floats, or a NumPy array's .tolist()) is checked by built-ins in a
    few steps; anything else is gone through value by value, which also finds and names the first
    value that is wrong. targets: X holds targets; call: the method whose X it is, for the hints.
    """
    X = X.rows if isinstance(X, Matrix) else _as_list(X)
    try:
        if _plain_rows(X, width):
            rows = list(map(list, map(map, repeat(float), X)))  # each row as a list of floats
            if all(map(math.isfinite, chain.from_iterable(rows))):
                return rows
    except OverflowError:  # an int too large for a float: the checks below find it and say so
        pass
    if not _is_sequence(X):
        raise TypeError(f"{name}: expected a list of samples (one row of numbers each), "
                        f"got {type(X).__name__}")
    if len(X) == 0:
        raise ValueError(f"{name}: expected at least one sample, got none")
    lengths = {len(row) for row in map(_as_list, X) if _is_sequence(row)}
    n_rows = len(X) if len(lengths) <= 1 else None  # ragged rows are no table to transpose
    return [_checked_row(row, name, i, width, where, n_rows, targets, call)
            for i, row in enumerate(X)]


def _plain_rows(X, width):
    """True for a non-empty list (or tuple) of rows that are lists (or tuples) of `width` ints and
    floats each (bools are not numbers here)."""
    if type(X) not in (list, tuple) or not X or not set(map(type, X)) <= {list, tuple}:
        return False
    return set(map(len, X)) == {width} and set(map(type, chain.from_iterable(X))) <= {int, float}


def _checked_row(row, name, i, width, where, n_rows, targets, call):
    """Sample i of `name`, checked value by value; the error hints at the usual mistakes."""
    row = _as_list(row)
    labels = f"; for class labels 0..{width - 1} use tinynn.one_hot(labels, {width})"
    if not _is_sequence(row):
        hint = ""
        if _is_number(row) and call and n_rows == width:
            given = "[x], [y]" if call == "accuracy" else "[x]"
            hint = f"; {name} looks like one sample: give a list of samples, {call}({given})"
        elif _is_number(row) and targets and width > 1:
            hint = labels
        elif _is_number(row):
            hint = "; a sample is a row even when it holds one value, e.g. [[0.5], [1.0], ...]"
        raise TypeError(f"{name}: sample {i} should be a list of {width} numbers, "
                        f"got {_describe(row)}{hint}")
    if len(row) != width:
        hint = ""
        if targets and len(row) == 1 and width > 1:
            hint = labels + ", with the labels as a flat list such as [3, 7, ...]"
        elif n_rows == width:
            hint = (f"; {name} has {n_rows} rows of {len(row)} values: if each column is a "
                    "sample, give its transpose (one row per sample)")
        values = f"{len(row)} value{'s' if len(row) != 1 else ''}"
        raise ValueError(f"{name}: sample {i} has {values}, expected {width} ({where}){hint}")
    return _checked_floats(row, name, i)


def _checked_data(net, X, Y, x_name="X", y_name="Y", call=None):
    """X and Y checked against the network and each other, as lists of float rows."""
    samples = _checked_rows(X, x_name, net.layers[0], "layers[0]", call=call)
    targets = _checked_rows(Y, y_name, net.layers[-1], "layers[-1]", targets=True)
    if len(samples) != len(targets):
        raise ValueError(f"{x_name} and {y_name}: {x_name} has {len(samples)} samples but {y_name} "
                         f"has {len(targets)}")
    if net.cost_name == "cross_entropy":
        _check_probabilities(targets, y_name, softmax=net.activations[-1] == "softmax")
    return samples, targets


def _checked_diagnostics(net, X, Y, eps, l2, l1):
    """The data as checked columns, eps, l2 and l1 as checked floats: done once, used many times."""
    _check_network(net, "net")
    samples, targets = _checked_data(net, X, Y)
    l2, l1 = _checked_non_negative(l2, "l2"), _checked_non_negative(l1, "l1")
    eps = _checked_fraction(eps, "eps", low_open=True)
    for name, matrices in (("weights", net.weights), ("biases", net.biases)):
        for i, m in enumerate(matrices):
            for p in chain.from_iterable(m.rows):
                if p + eps == p or p - eps == p:  # then C(p + ε) - C(p - ε) is 0 or one-sided
                    raise ValueError(f"eps: {eps!r} is too small to move {name}[{i}]'s value "
                                     f"{p!r} (p + eps == p in floats); use about 1e-5")
    return _columns(samples), _columns(targets), eps, l2, l1


def _check_network(net, name):
    """net is a NeuralNetwork whose weights and biases fit its layers."""
    if not isinstance(net, NeuralNetwork):
        raise TypeError(f"{name}: expected a NeuralNetwork, got {_describe(net)}")
    _check_parameters(net)


def _check_probabilities(targets, name, softmax, samples=None):
    """Cross-entropy targets lie in [0, 1]; for a softmax output each sample's sum to 1. targets:
    the rows as given (what [i][j] in a message counts); samples: a sample a row (default: the
    same rows)."""
    values = list(chain.from_iterable(targets))
    if min(values) < 0.0 or max(values) > 1.0:
        for i, row in enumerate(targets):
            for j, v in enumerate(row):
                if not 0.0 <= v <= 1.0:
                    raise ValueError(f"{name}: value at [{i}][{j}] is {v}; cross_entropy targets "
                                     "must lie in [0, 1]")
    if softmax:
        for i, row in enumerate(targets if samples is None else samples):
            if abs(math.fsum(row) - 1.0) > 1e-6:
                raise ValueError(f"{name}: sample {i} sums to {math.fsum(row)}; softmax targets "
                                 "must sum to 1 (use one_hot)")


def _checked_training_options(net, n, batch_size, epochs, lr, lr_decay, l2, patience, validation,
                              callback, shuffle, verbose):
    """train()'s arguments but the data and the optimiser's, checked before training changes
    anything: (batch_size, epochs, lr, lr_decay, l2, patience, validation), converted to int and
    float, validation checked like X and Y (or None). n: the number of samples."""
    batch_size = _checked_count(batch_size, "batch_size", 1)
    epochs = _checked_count(epochs, "epochs", 0)
    lr = _checked_positive(lr, "lr")
    lr_decay = _checked_non_negative(lr_decay, "lr_decay")
    if lr_decay:
        _check_lr_schedule(lr, lr_decay, epochs * -(-n // batch_size))  # steps: batches per epoch
    l2 = _checked_non_negative(l2, "l2")
    if validation is not None and (not _is_sequence(validation) or len(validation) != 2):
        raise TypeError("validation: expected a pair (X_val, Y_val), got " + _describe(validation))
    if patience is not None:
        patience = _checked_count(patience, "patience", 1)
        if validation is None:
            raise ValueError("patience: early stopping watches val_loss, "
                             "so it needs validation=(X_val, Y_val)")
    if callback is not None:
        _check_callback(callback)
    if type(shuffle) is not bool or type(verbose) is not bool:
        name, flag = ("shuffle", shuffle) if type(shuffle) is not bool else ("verbose", verbose)
        raise TypeError(f"{name}: expected True or False, got {_describe(flag)}")
    if validation is not None:
        validation = _checked_data(net, validation[0], validation[1], "validation X",
                                   "validation Y")
    return batch_size, epochs, lr, lr_decay, l2, patience, validation


def _check_lr_schedule(lr, lr_decay, steps):
    """Step t uses lr / (1 + lr_decay·t), which only shrinks: if the last step's is a finite
    number > 0, every step's is."""
    last = lr / (1.0 + lr_decay * _as_float(max(steps - 1, 0))) if lr_decay else lr
    if not 0.0 < last < math.inf:
        raise ValueError(f"lr_decay: with lr={lr!r} and lr_decay={lr_decay!r}, the learning rate "
                         f"of step {_shown(steps - 1)} (the last of {_shown(steps)}), "
                         f"lr / (1 + lr_decay·t), would be {last!r}; it must stay a finite number "
                         "> 0: give a smaller lr_decay")


def _check_callback(callback):
    """None, or a function that can be called as callback(epoch, history): found out now, not
    after a whole epoch of training."""
    if not callable(callback):
        raise TypeError("callback: expected a function callback(epoch, history), got "
                        + _describe(callback))
    try:
        parameters = inspect.signature(callback)
    except ValueError:  # a built-in whose parameters Python cannot tell: the call will show
        return
    try:
        parameters.bind(1, {})
    except TypeError as error:
        name = getattr(callback, "__name__", type(callback).__name__)
        raise TypeError(f"callback: expected a function callback(epoch, history), got "
                        f"{_shortened(name + str(parameters))}: {error}") from None


def _checked(net, x, y, lr, l2, n, optimizer, l1, dropout):
    """update_mini_batch's arguments checked before anything changes (x and y every value), and
    returned with their defaults: (lr, l2, n, optimizer, l1, dropout), n a float so that λ/n cannot
    overflow. Dropout draws its masks before feedforward checks the weights: then they are checked
    here, every value."""
    # The usual case in a few steps: Matrices with layers[0] and layers[-1] rows of m values each,
    # all finite numbers (a float sum is finite only if every term is, and takes no str or Decimal)
    try:
        rows, m, n_in, n_out = x.rows + y.rows, len(x.rows[0]), net.layers[0], net.layers[-1]
        usual = (type(x), type(y), len(x.rows), len(y.rows)) == (Matrix, Matrix, n_in, n_out)
        usual = usual and m > 0 and list(map(len, rows)).count(m) == len(rows)
        usual = usual and math.isfinite(sum(chain.from_iterable(rows), 0.0))
    except (AttributeError, TypeError, IndexError, OverflowError):
        usual = False
    if not usual:  # then say what is wrong
        _check_batch(x, "x", net.layers[0], "layers[0]")
        _check_batch(y, "y", net.layers[-1], "layers[-1]")
        m = max(1, len(x.rows[0]))  # samples: one column each
        _check_matrix(x, "x", (net.layers[0], m), "(layers[0], samples)")
        _check_matrix(y, "y", (net.layers[-1], m), "(layers[-1], samples as in x)")
    if net.cost_name == "cross_entropy":
        softmax = net.activations[-1] == "softmax"
        _check_probabilities(y.rows, "y", softmax, samples=y.T.rows if softmax else None)
    if dropout:
        _check_parameters(net)
    optimizer = SGD() if optimizer is None else _checked_optimizer_object(optimizer, step=True)
    _check_optimizer_fits(optimizer, net)
    n = m if n is None else _checked_count(n, "n", 1)  # default: the batch's size m
    return (_checked_positive(lr, "lr"), _checked_non_negative(l2, "l2"), _as_float(n),
            optimizer, _checked_non_negative(l1, "l1"), _checked_fraction(dropout, "dropout"))


def _checked_optimizer_options(net, optimizer, momentum, l1, dropout):
    """train()'s optimiser, made from a name or checked as an object, and l1, dropout."""
    momentum = _checked_fraction(momentum, "momentum")
    if isinstance(optimizer, str):
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer: unknown name {_shortened(repr(optimizer))}; known: "
                             + ", ".join(sorted(OPTIMIZERS)))
        if momentum and optimizer != "sgd":
            raise ValueError(f"momentum={momentum} belongs to SGD, not to optimizer={optimizer!r}: "
                             "give one of them")
        optimizer = SGD(momentum) if optimizer == "sgd" else OPTIMIZERS[optimizer]()
    else:
        optimizer = _checked_optimizer_object(optimizer)
        if momentum:
            raise ValueError(f"momentum={momentum} and optimizer={optimizer!r} given both: "
                             "momentum=μ means optimizer=tinynn.SGD(momentum=μ); give one of them")
        _check_optimizer_fits(optimizer, net)  # it may have taken steps before
    return optimizer, _checked_non_negative(l1, "l1"), _checked_fraction(dropout, "dropout")


def _checked_optimizer_object(optimizer, step=False):
    """An optimiser object: one of tinynn's, or your own with a method step(parameters, gradients,
    lr) that returns the new parameters. step: for update_mini_batch, which takes no names."""
    if type(optimizer) in OPTIMIZERS.values():  # the usual case, in one step
        return optimizer
    if step and isinstance(optimizer, str):
        raise TypeError(f"optimizer: names such as 'adam' are for train(), which makes one "
                        "optimiser for the whole run; a step takes the optimiser itself, made "
                        "once and given to every step: opt = tinynn.Adam(), then "
                        f"update_mini_batch(x, y, lr, optimizer=opt); got {_shown(optimizer)}")
    if isinstance(optimizer, type):
        name = _shortened(optimizer.__name__)
        raise TypeError(f"optimizer: got the class {name}, not an optimiser: make one, "
                        f"optimizer={name}()" + ("" if step else ", or give a name such as 'adam'"))
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer: expected {'an' if step else 'a name or an'} optimiser such as "
                        "tinynn.Adam(), got " + _describe(optimizer))
    return optimizer


def _check_new_parameters(new, net, optimizer):
    """What an optimiser's step returned must be a list of new Matrices shaped like the weights and
    biases it was given, none of them one it was given (train() keeps those to go back to)."""
    given = net.weights + net.biases
    if type(new) is list and len(new) == len(given) and all(
            [type(m) is Matrix and m.rows is not p.rows and len(m.rows) == len(p.rows)
             and len(m.rows[0]) == len(p.rows[0]) for m, p in zip(new, given)]):
        return  # the usual case, in a few steps
    name = _shortened(type(optimizer).__name__)
    if type(new) is list and len(new) == len(given) and any(
            isinstance(m, Matrix) and m.rows is p.rows for m, p in zip(new, given)):
        raise TypeError(f"optimizer: {name}.step returned a parameter it was given (or its rows): "
                        "return new Matrices and leave the given ones unchanged, as p - lr * g "
                        "does")
    if type(new) is list and len(new) == len(given) and all(
            isinstance(m, Matrix) and m.shape == p.shape for m, p in zip(new, given)):
        return  # a Matrix of a subclass
    raise TypeError(f"optimizer: {name}.step should return a list of {len(given)} Matrices shaped "
                    f"like the parameters it was given, {_shortened(str([m.shape for m in given]))}"
                    f"; got {_describe(new)}")


def _check_optimizer_fits(optimizer, net):
    """An optimiser that has taken steps keeps state per parameter, told apart from the rest of its
    attributes as a list or tuple of Matrices: it can only go on with a network whose weights and
    biases have the same shapes."""
    for name, state in getattr(optimizer, "__dict__", {}).items():
        if type(state) in (list, tuple) and state and all(isinstance(m, Matrix) for m in state):
            shapes = [p.shape for p in net.weights + net.biases]
            if [m.shape for m in state] != shapes:
                raise ValueError(f"optimizer: its {name} are for parameters of shapes "
                                 f"{_shortened(str([m.shape for m in state]))}, this network's "
                                 f"are {_shortened(str(shapes))}; give each network its own "
                                 "optimiser")


def _checked_positive(value, name):
    """value as a float: a finite number > 0 (lr, eps)."""
    if type(value) is float and 0.0 < value < math.inf:  # the usual case, in one step
        return value
    number = _checked_real(value, name, "a finite number > 0")
    if not 0.0 < number < math.inf:
        raise ValueError(f"{name}: expected a finite number > 0, got {_describe(value)}")
    return number


def _checked_non_negative(value, name):
    """value as a float: a finite number >= 0 (l2, l1, lr_decay)."""
    if type(value) is float and 0.0 <= value < math.inf:  # the usual case, in one step
        return value
    number = _checked_real(value, name, "a finite number >= 0")
    if not 0.0 <= number < math.inf:
        raise ValueError(f"{name}: expected a finite number >= 0, got {_describe(value)}")
    return number


def _checked_fraction(value, name, low_open=False):
    """value as a float in [0, 1) (momentum, dropout, betas, rho), or in (0, 1) with low_open
    (the step of gradient_check)."""
    if type(value) is float and 0.0 <= value < 1.0 and not (low_open and value == 0.0):
        return value  # the usual case, in one step
    interval = "(0, 1)" if low_open else "[0, 1)"
    number = _checked_real(value, name, f"a number in {interval}")
    if not (0.0 < number < 1.0 if low_open else 0.0 <= number < 1.0):
        raise ValueError(f"{name}: expected a number in {interval}, got {_describe(value)}")
    return number


def _checked_real(value, name, expected):
    """value as a float (inf for an int too large for one); TypeError if it is not a number."""
    if not _is_number(value):
        hint = ("; an optimiser goes by keyword: optimizer=..." if callable(
            getattr(value, "step", None)) else "")
        raise TypeError(f"{name}: expected {expected}, got {_describe(value)}{hint}")
    return _as_float(value)


def _checked_scalar(value, symbol, expected="a Matrix or a finite number"):
    """A number a Matrix operation applies to every element (m * 2, m + 1, m / 2), as a float."""
    number = _checked_real(value, f"matrix {symbol}", expected)
    if not math.isfinite(number):
        raise ValueError(f"matrix {symbol}: expected a finite number, got {_describe(value)}")
    return number


def _checked_count(value, name, minimum):
    """value as an int >= minimum: an int or numbers.Integral such as NumPy's int64 (not a bool)."""
    if type(value) is int and value >= minimum:  # the usual case, in one step
        return value
    if not _is_count(value):
        raise TypeError(f"{name}: expected an integer >= {minimum}, got {_describe(value)}")
    if int(value) < minimum:
        got = _shown(int(value))
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {got}")
    return int(value)


# ================================================================================================
# Data helpers: between one row per sample (datasets) and one column per sample (the network)
# ================================================================================================

def _columns(samples, batch=None):
    """Samples given as rows -> a Matrix with one column per sample (the network's layout); with
    a batch, a list of indices, only those samples, in that order."""
    if batch is not None:
        samples = map(samples.__getitem__, batch)
    return Matrix._wrap(list(map(list, zip(*samples))))  # zip(*rows) gives the columns


def _class_of(outputs):
    """The class an output (or target) row stands for: its argmax; one unit: 1 if >= 0.5 else 0."""
    if len(outputs) == 1:
        return 1 if outputs[0] >= 0.5 else 0
    return max(range(len(outputs)), key=outputs.__getitem__)


def _classes(m):
    """The class each column (sample) of outputs or targets m stands for."""
    return [_class_of(column) for column in m.T.rows]


def _count_correct(a, y):
    """How many samples (columns) of outputs a have the class of the same column of targets y."""
    return [p == w for p, w in zip(_classes(a), _classes(y))].count(True)


def one_hot(labels, n_classes):
    """[2, 0] with 3 classes -> [[0, 0, 1], [1, 0, 0]]: the target rows a softmax output learns.

    labels: integers 0..n_classes-1 in a list, a NumPy array or any other iterable."""
    if not _is_count(n_classes) or int(n_classes) < 2:
        raise ValueError("one_hot: n_classes must be an integer >= 2, got " + _describe(n_classes))
    n_classes = int(n_classes)
    if n_classes > sys.maxsize:
        raise ValueError(f"one_hot: n_classes is {_shown(n_classes)}, too many for a list")
    labels = _as_list(labels)
    if isinstance(labels, NOT_ROWS) or not hasattr(labels, "__iter__"):
        raise TypeError("one_hot: labels must be a list of integers, got " + _describe(labels))
    rows = []
    for i, label in enumerate(labels):
        if not _is_count(label) or not 0 <= int(label) < n_classes:
            raise ValueError(f"one_hot: labels[{i}] is {_describe(label)}, "
                             f"expected an integer in 0..{n_classes - 1}")
        row = [0.0] * n_classes
        row[int(label)] = 1.0
        rows.append(row)
    if not rows:
        raise ValueError("one_hot: labels is empty")
    return rows


def _all_finite(matrices):
    """True when no value in the matrices is nan or inf."""
    rows = [row for m in matrices for row in m.rows]
    return all(map(math.isfinite, chain.from_iterable(rows)))


# ================================================================================================
# Training bookkeeping: history, divergence, early stopping, progress lines
# ================================================================================================

class _TrainingLog:
    """What train() keeps besides the weights: the history, the weights a diverging epoch goes back
    to, the best epoch for early stopping, the progress lines and the user's callback."""

    epoch, best, diverging = 0, None, None  # until set: the epoch, the best epoch's (val_loss,
    predicted = wanted = frozenset()  # epoch, snapshot), see diverged; an epoch's classes

    def __init__(self, net, samples, epochs, lr, validation, patience, callback, verbose,
                 optimizer, batch_size):
        self.unscaled = _warn_if_unscaled(samples)  # then scaling is the advice, not lr
        self.net, self.lr, self.n, self.optimizer = net, lr, len(samples), optimizer
        self.full_batch, self.patience, self.callback = batch_size >= self.n, patience, callback
        self.validation = validation and (_columns(validation[0]), _columns(validation[1]))
        self.restorable = hasattr(optimizer, "state_dict") and hasattr(optimizer, "load_state_dict")
        keys = ("loss", "accuracy", "val_loss", "val_accuracy")[:2 if validation is None else 4]
        classifier = net.is_classifier  # then the accuracies too
        self.records = {key: [] for key in keys if classifier or "accuracy" not in key}  # tinynn's
        self.history = History(self.records)  # the same lists; other keys are the user's
        self.rng_start = net.rng.getstate()
        self.progress = _Progress(epochs, verbose)
        self.epoch_start = self.step_end = (net.weights, net.biases, None)  # no step taken yet

    def start_epoch(self, epoch):
        self.epoch = epoch
        self.epoch_start = self.step_end = self._snapshot()  # where a diverging epoch goes back to
        # the costs, the samples right and seen, the classes said and asked for in this epoch
        self.costs, self.correct, self.seen, self.predicted, self.wanted = [], 0, 0, set(), set()

    def batch_done(self, cost, a, y):
        """After a mini-batch's step: its cost C, its outputs a (before the step), targets y."""
        if not math.isfinite(cost):
            self.diverged("the loss became nan or inf")
        self.costs.append(cost)
        if "accuracy" in self.records:
            predicted, wanted = _classes(a), _classes(y)
            self.correct += [p == w for p, w in zip(predicted, wanted)].count(True)
            self.predicted.update(predicted)
            self.wanted.update(wanted)
        self.seen += y.shape[1]
        self.progress.batch(self.epoch, self.seen, self.n)
        self.step_end = self._snapshot()

    def epoch_done(self):
        """Record the epoch that ended; True to stop training (early stopping, the callback)."""
        if not _all_finite(self.net.weights + self.net.biases):
            self.diverged("a weight became nan or inf")
        self.records["loss"].append(_total(self.costs) / len(self.costs))
        if "accuracy" in self.records:
            self.records["accuracy"].append(self.correct / self.n)
        if self.validation is not None:
            self._validate()
        self.progress.epoch_done(self.epoch, self.records)
        if self.patience is not None and self._no_progress_for_patience():
            return True
        return self.callback is not None and bool(self.callback(self.epoch, self.history))

    def _validate(self):
        x, y = self.validation
        _, a_s = self.net.feedforward(x)
        val_loss = mean_cost(self.net.cost, a_s[-1], y)
        self.records["val_loss"].append(val_loss)
        if "val_accuracy" in self.records:
            self.records["val_accuracy"].append(_count_correct(a_s[-1], y) / y.shape[1])
        if not math.isfinite(val_loss):
            self.diverged("the validation loss became nan or inf")

    def _no_progress_for_patience(self):
        """Early stopping: remember the best epoch; True once val_loss has not improved for
        `patience` epochs."""
        val_loss = self.records["val_loss"][-1]
        if self.best is None or val_loss < self.best[0]:
            self.best = (val_loss, self.epoch, self._snapshot())
            return False
        if self.epoch - self.best[1] < self.patience:
            return False
        self.progress.say(f"early stop after epoch {self.epoch}: val_loss has not improved since "
                          f"epoch {self.best[1]}; the network is back at epoch {self.best[1]}'s "
                          "weights")
        return True

    def diverged(self, what):
        """Back to the start of the epoch (weights, optimiser), the random generator back to where
        train() found it (a snapshot per call, not per epoch: one costs as much as a small step),
        then say so. After a divergence in epoch 1 the network is as train() found it."""
        self.diverging = what  # finish() does it again if a second Ctrl-C cuts this short
        self._restore(self.epoch_start)
        self.net.rng.setstate(self.rng_start)
        raise FloatingPointError(
            f"training diverged in epoch {self.epoch}: {what}. The network is back at its weights "
            f"from the start of that epoch; try a smaller lr than {self.lr}")

    def _snapshot(self):
        """The weights, biases and optimiser state between two steps. A step replaces the lists
        and matrices, never edits them, so keeping the lists keeps them whole. The optimiser's
        state is its state_dict(), if it has one (tinynn's four have); any other optimiser is
        left as it is."""
        state = self.optimizer.state_dict() if self.restorable else None
        return self.net.weights, self.net.biases, state

    def _restore(self, snapshot):
        weights, biases, state = snapshot
        self.net.weights, self.net.biases = list(weights), list(biases)
        if state is not None:
            self.optimizer.load_state_dict(state)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        """A number too large for a float (math.exp in a user's activation, say) is divergence.
        Any other error (in your activation, callback or optimiser) leaves the network and the
        optimiser as the last complete step left them; Ctrl-C is finish()'s."""
        if exc_type is None or issubclass(exc_type, (KeyboardInterrupt, FloatingPointError)):
            return False
        if issubclass(exc_type, OverflowError) and self.epoch:
            self.diverged(f"a number overflowed ({exc})")
        self._restore(self.step_end)
        return False

    def finish(self, ctrl_c):
        """The history, the network at one step's weights and optimiser state: after Ctrl-C the
        last complete step's (or an epoch's start, if a second Ctrl-C cut its record short); with
        patience the best epoch's. Ctrl-C only counts meanwhile; its old handler comes back last."""
        try:
            if ctrl_c.interrupted:
                self._restore(self.step_end)  # a second Ctrl-C may have stopped a step half-way
                if self.diverging or not _all_finite(self.net.weights + self.net.biases):
                    self.diverged(self.diverging or "a weight became nan or inf")
                shortest = min(map(len, self.records.values()))
                if shortest < max(map(len, self.records.values())):  # an epoch's record cut
                    for values in self.records.values():  # short by a second Ctrl-C: undone
                        del values[shortest:]
                    self._restore(self.epoch_start)
                self.progress.say("training interrupted: stopped after a complete mini-batch; "
                                  f"returning the history of {shortest} finished epochs",
                                  always=True)
            else:
                if self.best is not None:
                    self._restore(self.best[2])  # the weights and the optimiser's state
                advice = _advice(len(self.records["loss"]), self.lr, self.full_batch, self.unscaled)
                _warn_if_not_learning(self.records["loss"], self.lr, advice)
                _warn_if_one_class(self.predicted, self.wanted, advice)
        finally:
            ctrl_c.put_back()
        return self.history


class TrainingWarning(UserWarning):
    """train() met what usually keeps a network from learning: inputs far from unit scale (said
    before training), a loss that barely moved or that grew, or a classifier that answers one class
    for everything (said after it), each with advice that follows from the run's own figures.
    Silence it with the warnings module: warnings.simplefilter("ignore", tinynn.TrainingWarning)."""


UNIT_SCALE = (0.01, 10.0)  # inputs whose largest |x| lies outside this range get a TrainingWarning


def _warn(message):
    """Each _warn_if_... is called by _TrainingLog, called by train(): the warning names the line
    that called train()."""
    warnings.warn(message, TrainingWarning, stacklevel=5)


def _warn_if_unscaled(samples):
    """Sigmoid and tanh saturate for |z| beyond a few units, and a gradient step on a weight is
    proportional to its input, so inputs far from 1 in size make learning stall or crawl. Returns
    "large" or "small" when it warned, else None."""
    largest = [max(map(abs, column)) for column in zip(*samples)]  # per feature
    biggest = max(largest)
    if 0.0 < biggest < UNIT_SCALE[0] or biggest > UNIT_SCALE[1]:
        _warn(f"inputs are far from unit scale: the largest |x| is {biggest:g} (feature "
              f"{largest.index(biggest)}). Scale them to about -1..1 before training: divide by "
              "the largest value (pixels 0..255: X / 255), or standardise each feature "
              "(subtract its mean, divide by its standard deviation, both from the training set).")
        return "large" if biggest > UNIT_SCALE[1] else "small"
    return None


FEW_EPOCHS = 100  # a run that did not learn in fewer epochs than this is told to train longer
TOP_LR = {True: 2.0, False: 0.5}  # the largest lr tinynn's examples use: full batch, mini-batches


def _advice(epochs, lr, full_batch, unscaled):
    """What a run that did not learn should try, from what the run itself shows."""
    if unscaled == "large":
        return ("Scale the inputs first (see the warning about their scale): units fed inputs "
                "this large saturate, and the lr that suits them changes once they are scaled.")
    if unscaled == "small":
        return ("Scale the inputs first (see the warning about their scale): with inputs this "
                "small every weight's step is tiny.")
    tries = []
    if epochs < FEW_EPOCHS:
        tries.append(f"{epochs} epochs are few: train for more (XOR with lr 2.0 on its full batch "
                     "needs about 1000)")
    top = TOP_LR[full_batch]
    if lr < top:
        tries.append(f"try a larger lr than {lr:g} (tinynn's examples use up to {top:g} "
                     + ("on a full batch" if full_batch else "with mini-batches") + ")")
    if not tries:
        return ("Train for more epochs, or look at the data: inputs scaled to about -1..1 and "
                "targets that the output layer can reach.")
    advice = "; ".join(tries) + "."
    return advice[0].upper() + advice[1:]


def _warn_if_not_learning(losses, lr, advice):
    """After training: a loss that grew, or one that barely moved (by less than 1%)."""
    if len(losses) < 2:
        return
    first, last = losses[0], losses[-1]
    if last > 1.1 * first:
        _warn(f"the loss grew from {first:.4g} to {last:.4g} over {len(losses)} epochs: "
              f"lr={lr:g} is probably too large. Try a smaller lr, a third or a tenth of it.")
    elif first - last < 0.01 * first and last > 1e-3:
        _warn(f"the loss barely moved, from {first:.4g} to {last:.4g} over {len(losses)} epochs. "
              + advice)


def _warn_if_one_class(predicted, wanted, advice):
    """After training a classifier: the classes it said and was asked for in the last epoch."""
    if len(predicted) == 1 and len(wanted) > 1:
        _warn(f"in its last epoch the network predicted class {min(predicted)} for every training "
              f"sample, while the targets hold {len(wanted)} classes: it has not learnt to tell "
              "them apart. " + advice)


class _Progress:
    """What verbose=True prints: a line per epoch and, on a terminal, a live line within one."""

    def __init__(self, epochs, enabled):
        self.epochs, self.enabled, out = epochs, enabled, sys.stdout
        self.live = enabled and callable(getattr(out, "isatty", None)) and out.isatty()
        self.started = self.drawn = time.monotonic()

    def batch(self, epoch, done, total):
        if self.live and time.monotonic() - self.drawn > 0.5:
            self.drawn = time.monotonic()
            sys.stdout.write(f"\repoch {epoch}/{self.epochs}  {done}/{total} samples")
            sys.stdout.flush()

    def epoch_done(self, epoch, history):
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        eta = elapsed / epoch * (self.epochs - epoch)
        metrics = "  ".join(f"{key} {values[-1]:.4f}" for key, values in history.items())
        width = len(str(self.epochs))
        self.say(f"epoch {epoch:>{width}}/{self.epochs}  {metrics}  "
                 f"elapsed {_duration(elapsed)}  ETA {_duration(eta)}")

    def say(self, text, always=False):
        if self.enabled or always:
            if self.live:
                sys.stdout.write("\r\033[K")  # wipe the live line before printing over it
            print(text)


def _duration(seconds):
    return f"{seconds:.1f}s" if seconds < 60 else f"{int(seconds // 60)}m{int(seconds % 60):02d}s"


# ================================================================================================
# Ctrl-C: finish the running mini-batch, then stop
# ================================================================================================

class _CtrlC:
    """Inside train(): the first Ctrl-C only counts, so the running mini-batch finishes; a second
    one interrupts at once. Either way the interrupt ends the `with` block quietly and `interrupted`
    says so. From then on (and when training ends) Ctrl-C only counts, so nothing cuts short the end
    of train(), whose last act is put_back(). Only the main thread gets signals."""

    def __enter__(self):
        self.presses, self.stopping, self.interrupted = 0, False, False
        self.with_line = (sys._getframe(1).f_code, sys._getframe(1).f_lineno)  # train's `with`
        self.previous = signal.getsignal(signal.SIGINT)  # known before a Ctrl-C can reach ours
        if self.previous is not signal.default_int_handler:  # somebody else's: leave it be
            self.previous = None
            return self
        try:
            signal.signal(signal.SIGINT, self._on_ctrl_c)
        except ValueError:  # not the main thread: only the main thread gets signals
            self.previous = None
        return self

    def _on_ctrl_c(self, signum, frame):
        self.presses += 1
        entering_or_leaving = frame is not None and (frame.f_code in _CTRL_C_EDGES or (
            (frame.f_code, frame.f_lineno) == self.with_line))  # between two __exit__s (3.10)
        if self.presses > 1 and not (self.stopping or entering_or_leaving):
            self.stopping = True
            raise KeyboardInterrupt

    def stop_if_pressed(self):
        if self.presses:
            self.stopping = True
            raise KeyboardInterrupt

    def __exit__(self, exc_type, exc, traceback):
        self.stopping = True
        self.interrupted = exc_type is not None and issubclass(exc_type, KeyboardInterrupt)
        if exc_type is not None and not self.interrupted:
            self.put_back()  # an error leaves train() here
        return self.interrupted  # True: the interrupt is dealt with, train() returns the history

    def put_back(self):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None


_CTRL_C_EDGES = (_CtrlC.__enter__.__code__, _CtrlC.__exit__.__code__)  # a raise there escapes


# ================================================================================================
# Persistence: JSON that loads without running anything; fingerprints of the weights
# ================================================================================================

MODEL_VERSION = 1
MODEL_KEYS = ("format", "version", "layers", "activations", "loss", "weights", "biases")
MAX_MODEL_BYTES = 64 * 1024 * 1024  # a larger model file is refused before it is read
MAX_MODEL_DEPTH = 4  # object > "weights" > a layer > a row > numbers: the format needs no more
MAX_MODEL_OBJECTS = 64  # JSON objects, and keys: a model file has one object of 7 keys


def _save_model(net, path):
    """NeuralNetwork.save: the model as JSON in a new file beside the target, which then replaces
    the target in one rename, so the target is always the old model or the new one, never half."""
    path = _checked_path(path)
    if path.endswith(os.sep) or (os.altsep and path.endswith(os.altsep)):
        raise ValueError(f"{_shortened(path)}: ends with a separator, so names a folder; save "
                         "writes a model file, give a file name such as model.json")
    _checked_architecture(net.layers, net.activations, net.cost_name, None, "scaled")
    _check_parameters(net)  # never a file that load refuses
    model = {
        "format": "tinynn", "version": MODEL_VERSION,
        "layers": net.layers, "activations": net.activations, "loss": net.cost_name,
        "weights": [w.tolist() for w in net.weights],
        "biases": [[v for (v,) in b.rows] for b in net.biases],
    }
    text = json.dumps(model, allow_nan=False)  # repr of a float reads back to the same bits
    if len(text) > MAX_MODEL_BYTES:  # ASCII: a character a byte
        raise ValueError(f"{_shortened(path)}: the model would be {len(text)} bytes, more than "
                         f"load reads ({MAX_MODEL_BYTES} bytes); nothing written")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(errno.ENOENT, "save: no such folder", folder)
    if os.path.exists(path) and not os.path.isfile(path):  # a folder, a pipe or a device
        raise ValueError(f"{_shortened(path)}: not a regular file; save writes a model file, "
                         "give a file name such as model.json")
    temporary = os.path.join(folder, f".tinynn-{os.urandom(8).hex()}.tmp")  # no other save's name
    try:
        with open(temporary, "x", encoding="utf-8") as f:  # a new file, made as open() makes any
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)  # the old file stays whole until this single rename
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _load_model(cls, path):
    """NeuralNetwork.load: read, parse and check a model file; every fault is a ValueError that
    names the field, found before anything the size of a layer is made."""
    path = _checked_path(path)
    info = os.stat(path)  # FileNotFoundError for a missing file
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block, a device would never end
        raise ValueError(f"{_shortened(path)}: not a regular file, so not a model file")
    with open(path, "rb") as f:
        info = os.fstat(f.fileno())  # the file opened: a save may have replaced the one checked
        if info.st_size > MAX_MODEL_BYTES:
            raise ValueError(f"{_shortened(path)}: {info.st_size} bytes is larger than a model "
                             f"file may be ({MAX_MODEL_BYTES} bytes)")
        raw = f.read(info.st_size + 1)  # not more: PyPy sets aside as many bytes as are asked for
    if len(raw) > info.st_size:  # it grew since the check, or is a /proc file (whose size says 0)
        raise ValueError(f"{_shortened(path)}: more bytes than its size, {info.st_size}, says: it "
                         "changed while it was read, or is not a file on disk")
    try:
        text = raw.decode("utf-8")
        _check_structure(text)  # before the parser, which recurses once per level
        model = json.loads(text)  # NaN and Infinity are refused where a number must be finite
        return _network_from_model(cls, model)
    except (TypeError, ValueError) as caught:  # JSONDecodeError, UnicodeDecodeError are ValueErrors
        error = str(caught)
    except MemoryError:  # lists of lists take many times their size in the file
        error = "its values need more memory than this machine has free"
    raise ValueError(f"{_shortened(path)}: not a tinynn model: {_shortened(error, 300)}")


def _checked_path(path):
    """A file name: a str or an os.PathLike (an int would be taken as an open file descriptor)."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError("path: expected a file name (str or os.PathLike), got " + _describe(path))
    path = os.fspath(path)
    if path in ("", b""):
        raise ValueError("path: expected a file name such as model.json, got an empty one")
    return path


# a string once its escaped backslashes and quotes are gone; one left open runs to the end of the
# text, so no character is scanned twice
_JSON_STRING = re.compile(r'"[^"]*(?:"|\Z)')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_JSON_NOT_BRACKETS = str.maketrans("", "", ' \t\n\r,:0123456789+-.eE"truefalsnNIiy')  # the rest


def _check_structure(text):
    """Refuse JSON nested deeper than a model file (the parser recurses once per level, and in
    Pyodide runs out of WebAssembly stack before Python's recursion limit says so), or with more
    objects or keys (each costs far more memory than its bytes). Strings are emptied; each pass
    removes the innermost pairs of brackets; what is left after MAX_MODEL_DEPTH passes is deeper."""
    bare = _JSON_STRING.sub('""', text.replace("\\\\", "").replace('\\"', ""))
    objects, keys = bare.count("{"), bare.count(":")
    if objects > MAX_MODEL_OBJECTS or keys > MAX_MODEL_OBJECTS:
        raise ValueError(f"{objects} JSON objects with {keys} keys; a model file is one object of "
                         f"{len(MODEL_KEYS)} keys")
    brackets = bare.translate(_JSON_NOT_BRACKETS)  # what JSON has besides brackets, in one pass
    if _NOT_A_BRACKET.search(brackets):  # anything else (not JSON, the parser will say)
        brackets = _NOT_A_BRACKET.sub("", brackets)
    brackets = brackets.replace("{", "[").replace("}", "]")
    unclosed = brackets.count("[") - brackets.count("]")  # a cut-off file's levels count too
    brackets = "[" * max(0, -unclosed) + brackets + "]" * max(0, unclosed)
    for _ in range(MAX_MODEL_DEPTH):
        brackets = brackets.replace("[]", "")
    if "[]" in brackets:
        raise ValueError(f"JSON nested deeper than a model file is ({MAX_MODEL_DEPTH} levels)")


def _network_from_model(cls, model):
    """The network a parsed model file describes. Every size is checked against the lists in
    the file before the network is made, so nothing larger than the file is ever allocated."""
    if not isinstance(model, dict):
        raise ValueError("expected a JSON object, got " + type(model).__name__)
    missing = [key for key in MODEL_KEYS if key not in model]
    if missing:
        raise ValueError("missing " + ", ".join(missing))
    unknown = sorted(set(model) - set(MODEL_KEYS))
    if unknown:
        raise ValueError("unknown key " + _shortened(", ".join(map(repr, unknown))))
    if model["format"] != "tinynn":
        raise ValueError(f"format is {_shown(model['format'])}, expected 'tinynn'")
    if type(model["version"]) is not int or model["version"] != MODEL_VERSION:
        raise ValueError(f"version is {_shown(model['version'])}, this tinynn reads "
                         f"version {MODEL_VERSION}")
    layers, activations, _ = _checked_architecture(model["layers"], model["activations"],
                                                   model["loss"], None, "scaled")  # no allocation
    shapes = list(zip(layers[1:], layers[:-1]))  # (n_out, n_in) of each layer
    for key in ("weights", "biases"):
        if not isinstance(model[key], list) or len(model[key]) != len(shapes):
            raise ValueError(f"{key}: expected a list of {len(shapes)} layers, as layers implies")
    if not all(isinstance(layer, list) for layer in model["biases"]):
        raise ValueError("biases: expected one list of numbers per layer")
    weights = [_checked_model_matrix(rows, f"weights[{i}]", shape)
               for i, (rows, shape) in enumerate(zip(model["weights"], shapes))]
    for i, (values, shape) in enumerate(zip(model["biases"], shapes)):
        if len(values) != shape[0]:  # before a list is made for each value
            raise ValueError(f"biases[{i}]: expected shape {(shape[0], 1)} from layers, got "
                             f"{(len(values), 1)}")
    biases = [_checked_model_matrix([[v] for v in values], f"biases[{i}]", (shape[0], 1))
              for i, (values, shape) in enumerate(zip(model["biases"], shapes))]
    net = cls([1] * len(layers), activations, model["loss"])  # initial weights of size 1: the
    net.layers, net.weights, net.biases = layers, weights, biases  # file's replace them
    return net


def _checked_model_matrix(rows, name, shape):
    """One weight or bias matrix from a model file, checked: the shape layers implies (before any
    copy is made), finite numbers. Matrix copies what the file holds, so it allocates no more than
    the file's size."""
    if isinstance(rows, list) and (len(rows) != shape[0] or any(
            isinstance(row, list) and len(row) != shape[1] for row in rows)):
        raise ValueError(f"{name}: expected shape {shape} from layers, got {_shape_found(rows)}")
    try:
        m = Matrix(rows)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name}: {error}") from None
    return m


def fingerprint(net):
    """A short hash of every weight and bias, bit for bit: equal only for identical trainings, which
    the same seed gives on interpreters sharing a C math library (see the module docstring)."""
    _check_network(net, "fingerprint: net")
    digest = hashlib.sha256()
    for m in net.weights + net.biases:
        for row in m.rows:
            digest.update(",".join(v.hex() for v in row).encode("ascii"))
            digest.update(b";")
    return digest.hexdigest()[:16]


# ================================================================================================
# Pictures: the network with its numbers, and the history of a training run, as SVG text
# ================================================================================================

DRAWN_UNITS = 12  # a wider layer shows its first 6 and last 5 units, and says how many it hides
GAP = 72  # pixels from one unit's centre to the next
BLUE, RED = "#2166ac", "#b2182b"  # positive and negative values
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def draw(net, x=None, y=None, gradients=False):
    """The network as an SVG picture (a string): a circle per unit, a line per weight (blue for
    w > 0, red for w < 0, grey for 0, the wider the larger |w|) and each unit's bias b. Given one
    sample x (a list of layers[0] numbers), each unit shows its activation a for it: its value,
    and a shade, blue for a > 0 and red for a < 0, the darker the larger |a| (up to 1, or to the
    layer's largest |a| where that is larger). Given its target y too, each unit shows its δ from a
    backward pass, and gradients=True puts ∂C/∂w on the lines instead of w. A layer wider than 12
    units shows its first 6 and last 5. Hovering over a unit or line shows its name in the book's
    notation and the code's, and its value in full. In a notebook a NeuralNetwork displays as
    draw(net)."""
    _check_network(net, "draw: net")
    if not isinstance(gradients, bool):
        raise TypeError("draw: gradients: expected True or False, got " + _describe(gradients))
    if y is not None and x is None:
        raise ValueError("draw: y is the target of a sample x: give x too")
    a_s = deltas = dw = None
    if x is not None:
        sample = _checked_sample(x, "x", net.layers[0], "layers[0]")
        z_s, a_s = net.feedforward(_columns([sample]))
        if y is not None:
            _, (target,) = _checked_data(net, [sample], [_checked_sample(y, "y", net.layers[-1],
                                                                          "layers[-1]")])
            dw, deltas = net.backpropagation(_columns([target]), z_s, a_s)  # one sample: db = δ
    if gradients and dw is None:
        raise ValueError("draw: gradients=True needs a sample x and its target y")
    picture = _Picture(net.layers)
    symbol, matrices = ("∂C/∂w", dw) if gradients else ("w", net.weights)
    biggest = max([abs(v) for m in matrices for row in m.rows for v in row if math.isfinite(v)]
                  + [0.0]) or 1.0  # the widest line; nan and inf are drawn as wide
    for l in range(2, len(net.layers) + 1):  # the lines first, under the circles
        picture.weights(l, matrices[l - 2], symbol, biggest)
    for l in range(1, len(net.layers) + 1):
        picture.units(l, "input" if l == 1 else net.activations[l - 2], a_s and a_s[l - 1],
                      l > 1 and net.biases[l - 2], l > 1 and deltas and deltas[l - 2])
    shown = [f"{v:.3g}" for v in sample] if a_s else []
    if len(shown) > 6:
        shown = shown[:3] + ["..."] + shown[-2:]
    given = f", sample x = [{', '.join(shown)}]" if a_s else ""
    return picture.svg([f"layers {net.layers}{given}",
                        f"lines: {symbol}, blue > 0, red < 0, width ∝ |{symbol}|; units: a, "
                        "blue > 0, red < 0, darker for larger |a|"])


def _checked_sample(values, name, width, where):
    """One sample for draw: a flat list of `width` finite numbers."""
    values = _as_list(values)
    if not _is_sequence(values) or any(_is_sequence(_as_list(v)) for v in values):
        raise TypeError(f"draw: {name}: expected one sample, a list of {width} numbers ({where}), "
                        f"got {_describe(values)}")
    if len(values) != width:
        raise ValueError(f"draw: {name}: expected {width} numbers ({where}), got {len(values)}")
    return _checked_floats(values, f"draw: {name}", 0)


def _book(symbol, l, *units):
    """A value's name in the book's notation: _book("a", 2, 1) is a²₁ (layers and units from 1)."""
    units = "".join(map(str, units))
    return symbol + str(l).translate(_SUPERSCRIPTS) + units.translate(_SUBSCRIPTS)


class _Picture:
    """Where each drawn unit sits, and the SVG elements drawn so far."""

    def __init__(self, layers):
        self.layers, self.parts, self.boxes, self.labels = layers, [], [], []
        self.shown = [list(range(n)) if n <= DRAWN_UNITS else list(range(6)) + list(range(n - 5, n))
                      for n in layers]
        self.rows = [len(units) + (len(units) < n) for units, n in zip(self.shown, layers)]
        self.height = 126 + GAP * max(self.rows)
        self.width = 180 + 210 * (len(layers) - 1)

    def at(self, l, j):
        """The centre of unit j (from 0) of layer l: layers left to right, units top to bottom,
        each layer centred; a row is left free for the units not drawn."""
        units, rows = self.shown[l - 1], self.rows[l - 1]
        row = units.index(j) + (j >= 6 and len(units) < self.layers[l - 1])
        top = 80 + GAP * (max(self.rows) - rows) / 2
        return 90 + 210 * (l - 1), top + GAP * row

    def add(self, tag, text=None, title=None, **attributes):
        """One SVG element; an underscore in an attribute's name stands for a hyphen."""
        attrs = " ".join(f'{k.replace("_", "-")}="{v:.1f}"' if isinstance(v, float) else
                         f'{k.replace("_", "-")}="{v}"' for k, v in attributes.items())
        inner = _xml(text or "") + (f"<title>{_xml(title)}</title>" if title else "")
        self.parts.append(f"<{tag} {attrs}>{inner}</{tag}>")

    def text(self, words, x, y, size=11, **attributes):
        """A text centred on x, its baseline at y; its box is kept for the weights' labels."""
        self.add("text", words, x=float(x), y=float(y), text_anchor="middle", font_size=size,
                 **attributes)
        self.boxes.append(_box(words, x, y, size))

    def weights(self, l, matrix, symbol, biggest):
        """A line per weight into layer l, coloured by sign, as wide as its share of the biggest."""
        pairs = [(j, k) for j in self.shown[l - 1] for k in self.shown[l - 2]]
        for j, k in pairs:
            value = matrix[j, k]
            (x1, y1), (x2, y2) = self.at(l - 1, k), self.at(l, j)
            code = f"{'dw' if symbol != 'w' else 'net.weights'}[{l - 2}][{j}, {k}]"
            share = min(1.0, abs(value) / biggest) if math.isfinite(value) else 1.0
            self.add("line", x1=x1 + 18, y1=y1, x2=x2 - 18, y2=y2,
                     stroke=BLUE if value > 0 else RED if value < 0 else "#999",
                     stroke_width=0.5 + 4.5 * share,
                     stroke_opacity=0.8 if len(pairs) <= 8 else 0.45,
                     title=f"{symbol}{_book('', l, j + 1, k + 1)} = {code} = {value!r}")
            if len(pairs) <= 8:  # few lines: each value on its line, staggered along the lines
                t = 0.15 + 0.6 * pairs.index((j, k)) / max(1, len(pairs) - 1)
                self.labels.append((f"{value:.3g}", x1 + 18, y1, x2 - 18, y2, t))  # see svg()

    def units(self, l, name, a, b, delta):
        """Layer l's circles: the shade and value of a, the bias above each, δ below it."""
        self.text(f"layer {l}: {name}", self.at(l, 0)[0], 38, size=13, font_weight="bold")
        scale = max([1.0] + [abs(a[j, 0]) for j in self.shown[l - 1]]) if a else 1.0
        for j in self.shown[l - 1]:
            cx, cy = self.at(l, j)
            fill = _shade(a[j, 0] / scale) if a else "white"
            title = f"unit {j + 1} of layer {l}"
            if a:
                title += f": {_book('a', l, j + 1)} = a_s[{l - 1}][{j}, 0] = {a[j, 0]!r}"
            self.add("circle", cx=cx, cy=cy, r=18.0, fill=fill, stroke="#333", title=title)
            self.boxes.append((cx - 18, cy - 18, cx + 18, cy + 18))
            if a:  # black on a white halo: readable on any shade, and where it spills over
                value = f"{a[j, 0]:.3g}"
                self.text(value, cx, cy + 4, stroke="white", stroke_width=3, fill="white")
                self.text(value, cx, cy + 4)
            if b:
                self.text(f"b {b[j, 0]:.3g}", cx, cy - 22, size=10, fill="#555",
                          title=f"{_book('b', l, j + 1)} = net.biases[{l - 2}][{j}, 0] = "
                                f"{b[j, 0]!r}")
            if delta:
                d = delta[j, 0]
                self.text(f"δ {d:.3g}", cx, cy + 32, size=10, fill=BLUE if d >= 0 else RED,
                          title=f"{_book('δ', l, j + 1)} = deltas[{l - 2}][{j}, 0] = {d!r}")
        n = self.layers[l - 1]
        if n > len(self.shown[l - 1]):
            x, gap_y = self.at(l, 5)[0], self.at(l, 5)[1] + GAP
            self.text(f"⋮ {n - 11} more", x, gap_y + 4,
                      title=f"units 7 to {n - 5} of layer {l} and their lines are not drawn")

    def svg(self, captions):
        """The picture; the weights' labels go where they keep clear of every other text and
        circle: at their place along the line if it is free, else at the nearest free one."""
        for words, x1, y1, x2, y2, t in self.labels:
            for n in range(41):  # at t, else ever further from it either way; at last at t
                u = min(0.95, max(0.05, t + (-1) ** n * 0.025 * ((n + 1) // 2))) if n < 40 else t
                at = (x2 - u * (x2 - x1), y2 - u * (y2 - y1) - 4)
                if n == 40 or _clear(_box(words, *at, 11), self.boxes):
                    break
            self.text(words, *at, stroke="white", stroke_width=3, fill="white")  # a halo
            self.text(words, *at)
        self.width = max(self.width, 20 + math.ceil(6.6 * max(map(len, captions))))  # 0.6 × 11 px
        for i, caption in enumerate(captions):
            self.add("text", caption, x=10.0, y=self.height - 28.0 + 16 * i, font_size=11,
                     fill="#555")
        size = f'width="{self.width}" height="{self.height}"'
        return (f'<svg xmlns="http://www.w3.org/2000/svg" {size} viewBox="0 0 {self.width} '
                f'{self.height}" font-family="sans-serif"><rect width="100%" height="100%" '
                f'fill="white"/>{"".join(self.parts)}</svg>')


def _box(words, x, y, size):
    """Where a text centred on x, its baseline at y, roughly lies: 0.6 × its font size wide per
    character, from 0.8 × size above the baseline to 0.2 × below."""
    half = 0.3 * size * len(words)
    return (x - half, y - 0.8 * size, x + half, y + 0.2 * size)


def _clear(box, boxes, gap=3.0):
    """True when box keeps at least gap pixels from each of boxes."""
    x0, y0, x1, y1 = box
    return not any(x0 < right + gap and left < x1 + gap and y0 < bottom + gap and top < y1 + gap
                   for left, top, right, bottom in boxes)


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text):
    """text as SVG can hold it: &, < and > escaped, and what XML cannot hold at all (control
    characters, lone surrogates, U+FFFE and U+FFFF) as the replacement character �."""
    return escape(_NOT_XML.sub("\ufffd", str(text)))


def _shade(share):
    """A unit's fill for an activation's share in [-1, 1]: white at 0, blue to 1, red to -1."""
    r, g, b = (0x21, 0x66, 0xac) if share >= 0 else (0xb2, 0x18, 0x2b)
    t = min(1.0, abs(share)) * 0.85
    return "rgb(%d,%d,%d)" % tuple(round(255 + (c - 255) * t) for c in (r, g, b))


class History(dict):
    """What train() returns: a dict of lists, one value per epoch: "loss", and "accuracy",
    "val_loss", "val_accuracy" where measured. A plain dict to everything else (json.dumps
    included); in a notebook it displays as its curves."""

    def _repr_svg_(self):
        series = [key for key in self if isinstance(key, str) and isinstance(self[key], list)
                  and all(map(_is_number, self[key]))]  # tinynn's lists, and yours of numbers
        charts = [[key for key in series if key.endswith(kind)] for kind in ("loss", "accuracy")]
        charts = [keys for keys in charts if keys and any(self[key] for key in keys)]
        if not charts:
            return None  # no epoch finished: the notebook shows the dict
        parts = [_chart(self, keys, 400 * i) for i, keys in enumerate(charts)]
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{400 * len(charts)}" height="260" '
                f'font-family="sans-serif">{"".join(parts)}</svg>')


def _chart(history, keys, left):
    """One chart, 400 by 260 pixels from x = left: the series history[key] against the epoch."""
    values = [v for key in keys for v in history[key] if math.isfinite(v)] or [0.0]  # no nan, inf
    low, high = min(values), max(values)
    if high - low < 1e-12 * max(1.0, abs(high)):  # one epoch, or a flat line: a band around it
        pad, biggest = 0.5 * max(abs(high), 1e-3), sys.float_info.max
        low, high = max(low - pad, -biggest), min(high + pad, biggest)

    def y_of(v):  # halves first, so that no difference overflows
        return 210 - 180 * ((v / 2 - low / 2) / (high / 2 - low / 2))
    epochs = max(len(history[key]) for key in keys)
    parts = [f'<rect x="{left}" width="400" height="260" fill="white"/>',
             f'<rect x="{left + 50}" y="30" width="330" height="180" fill="none" stroke="#333"/>',
             f'<text x="{left + 215}" y="20" text-anchor="middle" font-size="13" '
             f'font-weight="bold">{_xml(keys[0].replace("val_", ""))}</text>',
             f'<text x="{left + 215}" y="250" text-anchor="middle" font-size="12">epoch 1 to '
             f'{epochs}</text>']
    for value in (low, high):
        parts.append(f'<text x="{left + 45}" y="{y_of(value) + 4:.1f}" text-anchor="end" '
                     f'font-size="11">{value:.3g}</text>')
    for i, (key, colour) in enumerate(zip(keys, ("#1f77b4", "#d62728"))):
        points = " ".join(f"{left + 50 + 330 * e / max(1, epochs - 1):.1f},{y_of(v):.1f}"
                          for e, v in enumerate(history[key]) if math.isfinite(v))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">'
                     f"<title>{_xml(key)}</title></polyline>")
        if points and " " not in points:  # one point: a dot, as one point makes no line
            x, y = points.split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{colour}"/>')
        parts.append(f'<text x="{left + 60 + 150 * i}" y="232" font-size="12" fill="{colour}">'
                     f"{_xml(key)} {history[key][-1]:.4g}</text>" if history[key] else "")
    return "".join(parts)


# ================================================================================================
# Consoles that cannot show Greek letters: Windows' cp1252, ASCII
# ================================================================================================

_FALLBACKS = {  # what print() writes for a character the console cannot show
    "δ": "delta", "σ": "sigma", "η": "eta", "λ": "lambda", "μ": "mu", "β": "beta", "ρ": "rho",
    "ε": "eps", "Σ": "sum", "∂": "d", "∇": "grad", "⊙": "(.)", "·": "*", "←": "<-", "→": "->",
    "≤": "<=", "≥": ">=", "−": "-", "∝": "~", "√": "sqrt", "ᵀ": "^T", "ᴸ": "^L", "ˡ": "^l",
    "ᵗ": "^t", "⁻": "^-", "⁺": "^+", "ⱼ": "_j", "ₖ": "_k", "ₐ": "_a", "ₓ": "_x", "½": "1/2",
    "²": "^2", "³": "^3", "¹": "^1", "⋮": ":", "…": "...", "✓": "ok", "✗": "x", "─": "-", "│": "|",
}
_FALLBACKS.update({chr(0x2070 + d): "^" + str(d) for d in range(4, 10)})
_FALLBACKS.update({chr(0x2080 + d): "_" + str(d) for d in range(10)})


def _readable(error, previous="strict"):
    """codecs error handler: the characters an encoding cannot show, written as _FALLBACKS says; any
    other as the stream's own handler, `previous`, writes it (? where that one fails)."""
    out = b""
    for i in range(error.start, error.end):  # the whole span at once (PyPy needs it so)
        try:  # surrogateescape, say, gives a file name's bytes back
            piece = _FALLBACKS.get(error.object[i]) or codecs.lookup_error(previous)(
                UnicodeEncodeError(error.encoding, error.object, i, i + 1, error.reason))[0]
        except UnicodeEncodeError:
            piece = "?"
        out += piece.encode("ascii") if isinstance(piece, str) else piece
    return out, error.end


codecs.register_error("tinynn.readable", _readable)


def console_fallback():
    """Make print() write δ as "delta", σ as "sigma", z² as "z^2" (and so on) where the console
    cannot show them (Windows writes redirected output in cp1252), not fail with UnicodeEncodeError;
    the rest keeps the stream's own error handler. The examples call it first thing."""
    for stream in (sys.stdout, sys.stderr):
        previous = getattr(stream, "errors", None) or "strict"
        if callable(getattr(stream, "reconfigure", None)) and not previous.startswith("tinynn."):
            name = "tinynn.readable" + ("" if previous == "strict" else "+" + previous)
            codecs.register_error(name, functools.partial(_readable, previous=previous))
            stream.reconfigure(errors=name)
