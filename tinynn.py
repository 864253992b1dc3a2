"""tinynn: a fully connected neural network in plain Python, small enough to read in one sitting.

Every arithmetic step is an ordinary loop or comprehension over Python lists, so you can step
through it with pdb and print any intermediate value. There is no NumPy and nothing outside the
standard library: copy this one file and it runs on CPython 3.8+ and PyPy 3.

Notation (Nielsen's, used in every comment and name below)
----------------------------------------------------------
    L          the number of weight layers; l = 0 .. L-1 indexes them in the code
    wˡ         weights of layer l, a Matrix of shape (n_out, n_in) = (layers[l+1], layers[l])
    bˡ         biases of layer l, shape (n_out, 1)
    zˡ         weighted input  zˡ = wˡ aˡ⁻¹ + bˡ          (z_s[l] in the code)
    aˡ         activation      aˡ = σ(zˡ)                 (a_s[l+1]; a_s[0] is the input x)
    δˡ         error           δˡ = ∂C/∂zˡ                (deltas[l])
    C          cost of one sample; the network minimises its mean over a batch
    ⊙          element-wise product (Matrix * Matrix)

Data layout: inside the network one COLUMN is one sample, so a batch of m samples with n features
is a Matrix of shape (n, m), as in the tutorial this file follows. Datasets come as one ROW per
sample; `train`, `predict`, `loss` and `accuracy` take that layout and turn it around for you.

The four equations of backpropagation (where to find them: search for "BP1" .. "BP4")
    BP1  δᴸ = ∇ₐC ⊙ σ'(zᴸ)                 error at the output layer
    BP2  δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ)       error moved back one layer
    BP3  ∂C/∂bˡⱼ = δˡⱼ                      gradient of a bias
    BP4  ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ               gradient of a weight

Sections, each under a banner comment: Matrix; Activations; Losses; Network (feedforward and
backpropagation, then Training and Persistence inside the class); Input checks; Training helpers;
Persistence helpers; Diagnostics (numerical gradients, gradient_check, fingerprint).
"""

import hashlib
import json
import math
import os
import random
import signal
import sys
import tempfile
import threading
import time
from itertools import repeat

__all__ = [
    "Matrix", "activation", "register_activation", "ACTIVATIONS", "LOSSES",
    "NeuralNetwork", "one_hot", "numerical_gradient", "gradient_check", "fingerprint",
]
__version__ = "0.1.0"


# ================================================================================================
# Matrix: a list of row lists, with the few operations a network needs
# ================================================================================================

def _is_number(value):
    """True for int and float; False for bool (True + True == 2 is not data), str, None."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _describe(value):
    """How a rejected value is shown in an error message: its repr and its type."""
    return f"{value!r} ({type(value).__name__})"


def _total(values):
    """Add up floats left to right. sum() changed its rounding in CPython 3.12; this never does."""
    total = 0.0
    for value in values:
        total += value
    return total


class Matrix:
    """A 2-D matrix of floats stored as a list of rows: Matrix([[1, 2], [3, 4]]).

    Operations return new matrices and never change their operands. Read an element as m[i, j].
    `m.rows` is the underlying list of row lists, there for reading and for pdb.
    """

    __slots__ = ("rows",)

    def __init__(self, rows):
        if isinstance(rows, Matrix):
            rows = rows.rows
        if not isinstance(rows, (list, tuple)) or not rows:
            raise TypeError("Matrix: expected a non-empty list of rows, got " + _describe(rows))
        width = None
        copied = []
        for i, row in enumerate(rows):
            if not isinstance(row, (list, tuple)):
                raise TypeError(f"Matrix: row {i} should be a list of numbers, got {_describe(row)}")
            if width is None:
                width = len(row)
                if width == 0:
                    raise ValueError("Matrix: rows must not be empty (row 0 has no values)")
            elif len(row) != width:
                raise ValueError(f"Matrix: row {i} has {len(row)} values, expected {width} like row 0 "
                                 "(rows must all have the same length)")
            copied.append(_finite_floats(row, "Matrix", i))
        self.rows = copied

    @classmethod
    def _wrap(cls, rows):
        """Make a Matrix from rows this module built itself: no checks, no copy (the hot path)."""
        m = cls.__new__(cls)
        m.rows = rows
        return m

    @classmethod
    def zeros(cls, n_rows, n_cols):
        """An (n_rows, n_cols) matrix of 0.0."""
        for name, size in (("n_rows", n_rows), ("n_cols", n_cols)):
            _check_count(size, "Matrix.zeros: " + name, 1)
        return cls._wrap([[0.0] * n_cols for _ in range(n_rows)])

    @property
    def shape(self):
        """(number of rows, number of columns)."""
        return (len(self.rows), len(self.rows[0]))

    @property
    def T(self):
        """The transpose: row i of m.T is column i of m."""
        return Matrix._wrap([list(column) for column in zip(*self.rows)])

    def __getitem__(self, index):
        if not (isinstance(index, tuple) and len(index) == 2):
            raise TypeError(f"Matrix: read an element as m[i, j], got m[{index!r}]")
        i, j = index
        return self.rows[i][j]

    def tolist(self):
        """A copy of the rows as plain lists."""
        return [list(row) for row in self.rows]

    def map(self, f):
        """A new matrix with f applied to every element (how an activation acts on z)."""
        return Matrix._wrap([[f(v) for v in row] for row in self.rows])

    def row_sums(self):
        """An (n_rows, 1) column holding the sum of each row (adds up a batch, sample by sample)."""
        return Matrix._wrap([[_total(row)] for row in self.rows])

    def __matmul__(self, other):
        """Matrix product: (n, k) @ (k, m) -> (n, m); entry [i][j] = row i of self · column j of other."""
        if not isinstance(other, Matrix):
            return NotImplemented
        if len(self.rows[0]) != len(other.rows):
            raise ValueError(f"matrix product: shapes {self.shape} and {other.shape} do not fit: "
                             f"the first has {self.shape[1]} columns, the second {other.shape[0]} rows")
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

    def _paired_rows(self, other, symbol):
        """Rows of self next to the matching rows of other, for an element-wise operation.

        other has the same shape, or is an (n_rows, 1) column that is repeated across every
        column of self: that is how one bias vector is added to a whole batch.
        """
        n, m = len(self.rows), len(self.rows[0])
        if len(other.rows) == n:
            if len(other.rows[0]) == m:
                return zip(self.rows, other.rows)
            if len(other.rows[0]) == 1:  # a column: its value in each row serves every column
                return zip(self.rows, (repeat(v, m) for (v,) in other.rows))
        raise ValueError(f"matrix {symbol}: shapes {self.shape} and {other.shape} do not match "
                         f"(expected {self.shape} or a column {(n, 1)})")

    def __add__(self, other):
        if not isinstance(other, Matrix):
            return NotImplemented
        return Matrix._wrap([[a + b for a, b in zip(row, other_row)]
                             for row, other_row in self._paired_rows(other, "+")])

    def __sub__(self, other):
        if not isinstance(other, Matrix):
            return NotImplemented
        return Matrix._wrap([[a - b for a, b in zip(row, other_row)]
                             for row, other_row in self._paired_rows(other, "-")])

    def __mul__(self, other):
        """m * n is the element-wise (Hadamard) product ⊙; m * 2.0 scales every element."""
        if _is_number(other):
            return Matrix._wrap([[other * v for v in row] for row in self.rows])
        if not isinstance(other, Matrix):
            return NotImplemented
        return Matrix._wrap([[a * b for a, b in zip(row, other_row)]
                             for row, other_row in self._paired_rows(other, "*")])

    __rmul__ = __mul__  # 2.0 * m

    def __eq__(self, other):
        return isinstance(other, Matrix) and self.rows == other.rows

    __hash__ = None  # equal matrices may differ later if someone edits .rows: not hashable

    def __repr__(self):
        """Shape first, then the values (large matrices show their corners), e.g. in pdb: p deltas[-1]."""
        def shorten(items, show):
            return items if len(items) <= 2 * show else items[:show] + ["..."] + items[-show:]

        def fmt(row):
            return "[" + ", ".join(v if v == "..." else f"{v:.6g}" for v in shorten(row, 4)) + "]"

        lines = [fmt(row) if row != "..." else "..." for row in shorten(self.rows, 4)]
        body = ",\n  ".join(lines)
        return f"Matrix(shape={self.shape}, rows=[\n  {body}])"


def _finite_floats(values, name, index):
    """values as a list of floats; a clear error for a bool, non-number, nan or inf."""
    out = []
    for j, v in enumerate(values):
        if not _is_number(v):
            raise TypeError(f"{name}: value at [{index}][{j}] is {_describe(v)}, expected a number")
        v = float(v)
        if not math.isfinite(v):
            raise ValueError(f"{name}: value at [{index}][{j}] is {v}, expected a finite number")
        out.append(v)
    return out


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
        "softmax has no element-wise derivative (its derivative is a Jacobian). tinynn uses softmax "
        "only with loss='cross_entropy', where BP1 simplifies to δᴸ = aᴸ - y and σ' is never needed.")


# name -> (σ, σ'). To add your own: register_activation("softplus", f, df); nothing else changes.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (math.tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "leaky_relu": (leaky_relu, leaky_relu_prime),
    "linear": (linear, linear_prime),
    "softmax": (softmax, softmax_prime),
}


def activation(name):
    """(f, df): the activation called `name` and its derivative, e.g. f, df = activation("tanh")."""
    if name not in ACTIVATIONS:
        known = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"activation: unknown name {name!r}; known: {known}")
    return ACTIVATIONS[name]


def register_activation(name, f, df):
    """Make a new activation usable by name: f(z) and its derivative df(z), both on one float.

    Check the derivative afterwards with gradient_check (see examples/custom_activation.py).
    """
    if not isinstance(name, str) or not name:
        raise TypeError("register_activation: name must be a non-empty string, got " + _describe(name))
    if name in ACTIVATIONS:
        raise ValueError(f"register_activation: {name!r} is already an activation")
    for arg, fn in (("f", f), ("df", df)):
        if not callable(fn):
            raise TypeError(f"register_activation: {arg} must be callable, got {_describe(fn)}")
    ACTIVATIONS[name] = (f, df)


# ================================================================================================
# Losses: the cost C of ONE sample, given its output column a and target column y (lists)
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


# loss name -> output activations it allows. cross_entropy needs outputs in (0, 1).
LOSSES = {
    "mse": None,  # any output activation except softmax
    "cross_entropy": ("sigmoid", "softmax"),
}


def _cost_function(loss, output_activation):
    """The per-sample cost for this loss and output layer."""
    if loss == "mse":
        return mse
    return categorical_cross_entropy if output_activation == "softmax" else binary_cross_entropy


# ================================================================================================
# Network: weights, biases, feedforward and the four equations of backpropagation
# ================================================================================================

class NeuralNetwork:
    """A fully connected network: NeuralNetwork(layers=[2, 10, 1], activations=["sigmoid", "sigmoid"]).

    layers       sizes from input to output; layers[0] is the number of features
    activations  one name per weight layer (len(layers) - 1); see ACTIVATIONS
    loss         "mse" or "cross_entropy" (sigmoid or softmax output)
    seed         everything random (initial weights, shuffling) comes from random.Random(seed)
    init         "scaled": weights ~ N(0, 1/n_in), biases 0, which keeps a neuron's z of order 1
                 so sigmoid/tanh start out of saturation; "standard_normal": the tutorial's
                 N(0, 1) for weights and biases (slower to train in wide layers)
    """

    def __init__(self, layers=(2, 10, 1), activations=("sigmoid", "sigmoid"), loss="mse", seed=None,
                 init="scaled"):
        layers, activations = _check_architecture(layers, activations, loss)
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise TypeError("seed: expected an integer or None, got " + _describe(seed))
        if init not in ("scaled", "standard_normal"):
            raise ValueError(f"init: expected 'scaled' or 'standard_normal', got {init!r}")
        self.layers = layers
        self.activations = activations
        self.loss_name = loss
        self.seed = seed
        self.rng = random.Random(seed)
        self.weights = []
        self.biases = []
        for n_in, n_out in zip(layers[:-1], layers[1:]):
            scale = 1.0 / math.sqrt(n_in) if init == "scaled" else 1.0
            self.weights.append(Matrix._wrap(
                [[self.rng.gauss(0.0, scale) for _ in range(n_in)] for _ in range(n_out)]))
            self.biases.append(Matrix._wrap(
                [[0.0 if init == "scaled" else self.rng.gauss(0.0, 1.0)] for _ in range(n_out)]))

    def __repr__(self):
        return f"NeuralNetwork(layers={self.layers}, activations={self.activations}, loss={self.loss_name!r})"

    def __eq__(self, other):
        return (isinstance(other, NeuralNetwork) and self.layers == other.layers
                and self.activations == other.activations and self.loss_name == other.loss_name
                and self.weights == other.weights and self.biases == other.biases)

    __hash__ = None

    # -- forward ---------------------------------------------------------------------------------

    def feedforward(self, x):
        """Run a batch through the network. x: Matrix (layers[0], m), one column per sample.

        Returns (z_s, a_s): z_s[l] = wˡ aˡ⁻¹ + bˡ for each layer, a_s[0] = x and a_s[l+1] = σ(z_s[l]).
        """
        _check_batch(x, "x", self.layers[0], "layers[0]")
        z_s = []   # z_s[l]: weighted inputs of layer l, one column per sample
        a_s = [x]  # a_s[0] is the input itself, so a_s[l] is layer l's input aˡ⁻¹
        for l, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = w @ a_s[-1] + b               # zˡ = wˡ aˡ⁻¹ + bˡ  (b is added to every column)
            z_s.append(z)
            a_s.append(self._activate(l, z))  # aˡ = σ(zˡ)
        return z_s, a_s

    def _activate(self, l, z):
        f, _ = ACTIVATIONS[self.activations[l]]
        if self.activations[l] == "softmax":  # acts on a whole sample (column), not one element
            return Matrix._wrap([f(column) for column in zip(*z.rows)]).T
        return z.map(f)

    # -- backward --------------------------------------------------------------------------------

    def backpropagation(self, y, z_s, a_s):
        """Gradients of the batch's mean cost: returns (dw, db) with dw[l] = ∂C/∂wˡ, db[l] = ∂C/∂bˡ.

        y: Matrix (layers[-1], m), one column per sample; z_s, a_s: what feedforward returned.
        These are the true gradients (not their negatives), shaped like weights and biases.
        """
        _check_batch(y, "y", self.layers[-1], "layers[-1]")
        if y.shape != a_s[-1].shape:
            raise ValueError(f"y: expected shape {a_s[-1].shape} like the network's output, got {y.shape}")
        L = len(self.weights)
        deltas = [None] * L  # deltas[l] = δˡ = ∂C/∂zˡ, one column per sample

        # BP1: δᴸ = ∇ₐC ⊙ σ'(zᴸ), the error of the output layer.
        if self.loss_name == "cross_entropy":
            # For cross-entropy the product cancels to aᴸ - y. Sigmoid output: ∇ₐC = (a - y) / (a(1 - a))
            # and σ'(z) = a(1 - a). Softmax output: the same result, given targets that sum to 1.
            deltas[-1] = a_s[-1] - y                      # BP1, cross-entropy: δᴸ = aᴸ - y
        else:
            _, df = ACTIVATIONS[self.activations[-1]]
            deltas[-1] = (a_s[-1] - y) * z_s[-1].map(df)  # BP1, mse (∇ₐC = aᴸ - y): δᴸ = (aᴸ - y) ⊙ σ'(zᴸ)

        # BP2: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ), from the last hidden layer back to the first.
        for l in range(L - 2, -1, -1):
            _, df = ACTIVATIONS[self.activations[l]]
            deltas[l] = (self.weights[l + 1].T @ deltas[l + 1]) * z_s[l].map(df)  # BP2

        # BP3 and BP4 give one sample's gradient; the batch's is their mean over its m samples.
        m = y.shape[1]  # samples in the batch (the last batch of an epoch may be shorter)
        dw, db = [], []
        for l in range(L):
            mean_delta = deltas[l] * (1.0 / m)  # each sample's share of the mean
            db.append(mean_delta.row_sums())    # BP3: ∂C/∂bˡⱼ = δˡⱼ, summed over the samples
            dw.append(mean_delta @ a_s[l].T)    # BP4: ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ (a_s[l] is aˡ⁻¹), summed too
        return dw, db

    # -- using a trained network -----------------------------------------------------------------

    def predict(self, X):
        """Outputs for the samples in X (one row per sample): a list of output rows."""
        samples = _samples(X, "X", self.layers[0], "layers[0]")
        _, a_s = self.feedforward(_columns(samples))
        return a_s[-1].T.rows

    def loss(self, X, Y, l2=0.0):
        """Mean cost over the samples, plus λ/(2n) Σ w² when l2=λ > 0 (n = len(X), biases exempt)."""
        samples, targets = self._data(X, Y)
        l2 = _check_non_negative(l2, "l2")
        return self._cost(_columns(samples), _columns(targets), l2)

    def _cost(self, x, y, l2):
        """loss() for data already checked and laid out as columns."""
        _, a_s = self.feedforward(x)
        return self._mean_cost(a_s[-1], y) + self._l2_penalty(l2, x.shape[1])

    def _mean_cost(self, a, y):
        cost = _cost_function(self.loss_name, self.activations[-1])
        return _total(cost(a_col, y_col) for a_col, y_col in zip(zip(*a.rows), zip(*y.rows))) / a.shape[1]

    def _l2_penalty(self, l2, n):
        if l2 == 0.0:
            return 0.0
        squares = _total(v * v for w in self.weights for row in w.rows for v in row)
        return l2 / (2.0 * n) * squares

    @property
    def is_classifier(self):
        """True when outputs read as class scores: a sigmoid or softmax output layer."""
        return self.activations[-1] in ("sigmoid", "softmax")

    def predict_classes(self, X):
        """The predicted class of each sample: argmax of the outputs (one output: 1 if >= 0.5 else 0)."""
        return [_class_of(row) for row in self.predict(X)]

    def accuracy(self, X, Y):
        """Fraction of samples whose predicted class is the target's (Y one-hot, or 0/1 for one output)."""
        samples, targets = self._data(X, Y)
        _, a_s = self.feedforward(_columns(samples))
        return _count_correct(a_s[-1], _columns(targets)) / len(samples)

    def _data(self, X, Y):
        """Check X and Y against the network and each other; return them as lists of float rows."""
        samples = _samples(X, "X", self.layers[0], "layers[0]")
        targets = _samples(Y, "Y", self.layers[-1], "layers[-1]")
        if len(samples) != len(targets):
            raise ValueError(f"X and Y: X has {len(samples)} samples but Y has {len(targets)}")
        if self.loss_name == "cross_entropy":
            _check_probabilities(targets, softmax=self.activations[-1] == "softmax")
        return samples, targets

    # -- training: see the Training section below for train() itself ------------------------------

    def _parameters(self):
        """A snapshot of (weights, biases); matrices are never changed in place, so lists suffice."""
        return list(self.weights), list(self.biases)

    def _restore(self, parameters):
        self.weights, self.biases = list(parameters[0]), list(parameters[1])

    def _parameters_finite(self):
        return all(math.isfinite(v) for m in self.weights + self.biases for row in m.rows for v in row)

    # ============================================================================================
    # Training: mini-batch stochastic gradient descent
    # ============================================================================================

    def train(self, X, Y, batch_size=10, epochs=100, lr=0.01, shuffle=True, validation=None, l2=0.0,
              momentum=0.0, patience=None, verbose=False, callback=None):
        """Mini-batch SGD on samples X with targets Y (one row per sample). Returns the history.

        batch_size  samples per gradient step; the last, shorter batch is averaged over its real size
        epochs      passes over the data
        lr          learning rate: each step is w ← w - lr·∂C/∂w
        shuffle     visit the samples in a new random order (from seed) every epoch
        validation  (X_val, Y_val): measured after each epoch as history "val_loss" (plain cost,
                    without the l2 term) and, for a classifier, "val_accuracy"
        l2          λ of L2 regularisation, C = C₀ + λ/(2n) Σ w² (n = len(X), biases exempt), so a step
                    is w ← (1 - lr·λ/n)·w - lr·∂C₀/∂w
        momentum    μ of classical momentum: v ← μv - lr·∂C/∂w, then w ← w + v (0 = plain SGD)
        patience    stop when val_loss has not improved for this many epochs (needs validation);
                    the weights of the best epoch are restored when training ends
        verbose     print one line per epoch (loss, validation, elapsed time, ETA)
        callback    callback(epoch, history) after each epoch (counted from 1); True stops training

        history["loss"][e] is the mean of epoch e's mini-batch losses (with the l2 term); a classifier
        also gets history["accuracy"], the fraction of samples classified right during the epoch.
        Ctrl-C stops at the end of the current mini-batch and returns the history so far, keeping the
        weights of that last complete step (no best-epoch restore). If the loss or a weight becomes
        nan/inf, the weights go back to the start of that epoch and FloatingPointError is raised.
        """
        samples, targets = self._data(X, Y)
        _check_training_options(batch_size, epochs, lr, l2, momentum, validation, patience, callback)
        if validation is not None:
            validation = self._data(*validation)
        history = {"loss": []}
        if self.is_classifier:
            history["accuracy"] = []
        if validation is not None:
            history["val_loss"] = []
            if self.is_classifier:
                history["val_accuracy"] = []
        run = _Run(self, samples, targets, batch_size, lr, float(l2), momentum, shuffle)
        progress = _Progress(epochs, verbose)
        best = None  # (val_loss, epoch, parameters) of the best epoch so far, with patience
        with _CtrlC() as ctrl_c:
            try:
                for epoch in range(1, epochs + 1):
                    epoch_loss, epoch_accuracy = run.epoch(epoch, ctrl_c, progress)
                    self._record(history, epoch_loss, epoch_accuracy, validation)
                    if validation is not None and not math.isfinite(history["val_loss"][-1]):
                        run.diverged(epoch, "the validation loss")
                    progress.epoch_done(epoch, history)
                    if patience is not None:
                        if best is None or history["val_loss"][-1] < best[0]:
                            best = (history["val_loss"][-1], epoch, self._parameters())
                        elif epoch - best[1] >= patience:
                            progress.say(f"early stop after epoch {epoch}: "
                                         f"val_loss has not improved since epoch {best[1]}")
                            break
                    if callback is not None and callback(epoch, history) is True:
                        break
            except KeyboardInterrupt:
                finished = len(history["loss"])
                progress.say("training interrupted: stopped after a complete mini-batch; "
                             f"returning the history of {finished} finished epochs", always=True)
                return history
        if best is not None:
            self._restore(best[2])
        return history

    def _record(self, history, epoch_loss, epoch_accuracy, validation):
        history["loss"].append(epoch_loss)
        if "accuracy" in history:
            history["accuracy"].append(epoch_accuracy)
        if validation is not None:
            _, a_s = self.feedforward(_columns(validation[0]))
            y = _columns(validation[1])
            history["val_loss"].append(self._mean_cost(a_s[-1], y))
            if "val_accuracy" in history:
                history["val_accuracy"].append(_count_correct(a_s[-1], y) / len(validation[0]))

    def _sgd_step(self, dw, db, lr, decay, momentum, velocities):
        """Move every weight and bias against its gradient; decay = λ/n of L2, momentum = μ.

        The tutorial computed δᴸ from (y - a), i.e. the negative gradient, and added lr times it;
        here the gradients are the true ∂C/∂w, so the step subtracts: the same move, clearer signs.
        The new parameters are built first and swapped in together, so an interrupted step leaves
        the network exactly as it was before the step.
        """
        new_weights, new_biases = [], []
        for l, (w, b) in enumerate(zip(self.weights, self.biases)):
            grad_w = dw[l] + decay * w if decay else dw[l]  # L2: ∂C/∂w = ∂C₀/∂w + (λ/n)·w
            if momentum:
                velocities[0][l] = momentum * velocities[0][l] - lr * grad_w  # v ← μv - lr·∂C/∂w
                velocities[1][l] = momentum * velocities[1][l] - lr * db[l]
                new_weights.append(w + velocities[0][l])                       # w ← w + v
                new_biases.append(b + velocities[1][l])
            else:
                new_weights.append(w - lr * grad_w)  # w ← w - lr·∂C/∂w
                new_biases.append(b - lr * db[l])    # b ← b - lr·∂C/∂b
        self.weights, self.biases = new_weights, new_biases

    # ============================================================================================
    # Persistence: JSON that loads without running anything
    # ============================================================================================

    def save(self, path):
        """Write the network to `path` as JSON. Atomic: a crash mid-save never leaves half a file."""
        model = {
            "format": "tinynn", "version": MODEL_VERSION,
            "layers": self.layers, "activations": self.activations, "loss": self.loss_name,
            "weights": [w.tolist() for w in self.weights],
            "biases": [[v for (v,) in b.rows] for b in self.biases],
        }
        text = json.dumps(model, allow_nan=False)  # repr of a float reads back to the same bits
        folder = os.path.dirname(os.path.abspath(path))
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tinynn-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, path)  # the old file stays whole until this single rename
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise

    @classmethod
    def load(cls, path):
        """Read a network written by save(). Only JSON is parsed: nothing in the file is executed."""
        size = os.path.getsize(path)  # FileNotFoundError for a missing file
        if size > MAX_MODEL_BYTES:
            raise ValueError(f"{path}: {size} bytes is larger than a model file may be "
                             f"({MAX_MODEL_BYTES} bytes)")
        with open(path, "rb") as f:
            raw = f.read(MAX_MODEL_BYTES + 1)
        try:
            model = json.loads(raw.decode("utf-8"), parse_constant=_reject_json_constant)
            return cls._from_model(model)
        except (TypeError, ValueError) as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise ValueError(f"{path}: not a tinynn model: {error}") from None

    @classmethod
    def _from_model(cls, model):
        if not isinstance(model, dict):
            raise ValueError("expected a JSON object, got " + type(model).__name__)
        missing = [key for key in MODEL_KEYS if key not in model]
        if missing:
            raise ValueError("missing " + ", ".join(missing))
        if model["format"] != "tinynn":
            raise ValueError(f"format is {model['format']!r}, expected 'tinynn'")
        if type(model["version"]) is not int or model["version"] != MODEL_VERSION:
            raise ValueError(f"version is {model['version']!r}, this tinynn reads version {MODEL_VERSION}")
        if not all(isinstance(name, str) for name in list(model["activations"]) + [model["loss"]]):
            raise ValueError("activations and loss must be names (strings)")
        net = cls(model["layers"], model["activations"], model["loss"])
        shapes = list(zip(net.layers[1:], net.layers[:-1]))  # (n_out, n_in) of each layer
        for key in ("weights", "biases"):
            if not isinstance(model[key], list) or len(model[key]) != len(shapes):
                raise ValueError(f"{key}: expected a list of {len(shapes)} layers, as layers implies")
            if key == "biases" and not all(isinstance(layer, list) for layer in model[key]):
                raise ValueError("biases: expected one list of numbers per layer")
        net.weights = [_model_matrix(rows, f"weights[{l}]", shape)
                       for l, (rows, shape) in enumerate(zip(model["weights"], shapes))]
        net.biases = [_model_matrix([[v] for v in values], f"biases[{l}]", (shape[0], 1))
                      for l, (values, shape) in enumerate(zip(model["biases"], shapes))]
        return net


# ================================================================================================
# Input checks: every public entry point validates here, before anything is changed
# ================================================================================================

def _check_architecture(layers, activations, loss):
    if not isinstance(layers, (list, tuple)) or len(layers) < 2:
        raise ValueError(f"layers: expected a list of at least 2 layer sizes (input and output), "
                         f"got {layers!r}")
    for i, size in enumerate(layers):
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise ValueError(f"layers[{i}]: expected a positive integer, got {_describe(size)}")
    if not isinstance(activations, (list, tuple)) or len(activations) != len(layers) - 1:
        raise ValueError(f"activations: expected {len(layers) - 1} names (one per layer after the input, "
                         f"len(layers) - 1), got {activations!r}")
    for name in activations:
        activation(name)  # raises for an unknown name
    if "softmax" in activations[:-1]:
        raise ValueError(f"activations: softmax is only allowed on the output layer, "
                         f"got {list(activations)!r}")
    if loss not in LOSSES:
        known = ", ".join(sorted(LOSSES))
        raise ValueError(f"loss: unknown name {loss!r}; known: {known}")
    allowed = LOSSES[loss]
    if allowed is not None and activations[-1] not in allowed:
        raise ValueError(f"loss={loss!r} needs outputs in (0, 1): the output activation must be one of "
                         f"{', '.join(allowed)}, got {activations[-1]!r}")
    if activations[-1] == "softmax" and loss != "cross_entropy":
        raise ValueError(f"a softmax output needs loss='cross_entropy', got loss={loss!r}")
    return list(layers), list(activations)


def _check_batch(m, name, rows, where):
    if not isinstance(m, Matrix):
        raise TypeError(f"{name}: expected a Matrix with one column per sample, got {type(m).__name__}")
    if m.shape[0] != rows:
        raise ValueError(f"{name}: expected {rows} rows ({where}), one column per sample; "
                         f"got shape {m.shape}")


def _samples(X, name, width, where):
    """X (one row per sample) as a list of lists of floats, checked: non-empty, rectangular, finite."""
    if isinstance(X, Matrix):
        X = X.rows
    if isinstance(X, (str, bytes)) or not hasattr(X, "__len__") or not hasattr(X, "__getitem__"):
        raise TypeError(f"{name}: expected a list of samples (one row of numbers each), "
                        f"got {type(X).__name__}")
    if len(X) == 0:
        raise ValueError(f"{name}: expected at least one sample, got none")
    rows = []
    for i, row in enumerate(X):
        if not isinstance(row, (list, tuple)):
            raise TypeError(f"{name}: sample {i} should be a list of {width} numbers, got {_describe(row)}")
        if len(row) != width:
            raise ValueError(f"{name}: sample {i} has {len(row)} values, expected {width} ({where})")
        rows.append(_finite_floats(row, name, i))
    return rows


def _check_probabilities(targets, softmax):
    for i, row in enumerate(targets):
        for j, v in enumerate(row):
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"Y: value at [{i}][{j}] is {v}; cross_entropy targets must lie in [0, 1]")
        if softmax and abs(_total(row) - 1.0) > 1e-6:
            raise ValueError(f"Y: sample {i} sums to {_total(row)}; softmax targets must sum to 1 "
                             "(use one_hot)")


def _columns(samples):
    """Samples given as rows -> a Matrix with one column per sample (the network's layout)."""
    return Matrix._wrap([list(column) for column in zip(*samples)])


def _class_of(outputs):
    """The class an output (or target) row stands for: its argmax, or a threshold at 0.5 for one unit."""
    if len(outputs) == 1:
        return 1 if outputs[0] >= 0.5 else 0
    return max(range(len(outputs)), key=outputs.__getitem__)


def _count_correct(a, y):
    return sum(_class_of(a_col) == _class_of(y_col) for a_col, y_col in zip(zip(*a.rows), zip(*y.rows)))


def one_hot(labels, n_classes):
    """[2, 0] with 3 classes -> [[0, 0, 1], [1, 0, 0]]: the target rows a softmax output learns."""
    if not isinstance(n_classes, int) or isinstance(n_classes, bool) or n_classes < 2:
        raise ValueError("one_hot: n_classes must be an integer >= 2, got " + _describe(n_classes))
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__iter__"):
        raise TypeError("one_hot: labels must be a list of integers, got " + _describe(labels))
    rows = []
    for i, label in enumerate(labels):
        if not isinstance(label, int) or isinstance(label, bool) or not 0 <= label < n_classes:
            raise ValueError(f"one_hot: labels[{i}] is {_describe(label)}, "
                             f"expected an integer in 0..{n_classes - 1}")
        row = [0.0] * n_classes
        row[label] = 1.0
        rows.append(row)
    if not rows:
        raise ValueError("one_hot: labels is empty")
    return rows


def _check_training_options(batch_size, epochs, lr, l2, momentum, validation, patience, callback):
    """Every train() argument but the data, checked before training changes anything."""
    _check_count(batch_size, "batch_size", 1)
    _check_count(epochs, "epochs", 0)
    if not _is_number(lr) or not math.isfinite(lr) or lr <= 0:
        raise ValueError("lr: expected a finite number > 0, got " + _describe(lr))
    _check_non_negative(l2, "l2")
    if not _is_number(momentum) or not 0.0 <= momentum < 1.0:
        raise ValueError("momentum: expected a number in [0, 1), got " + _describe(momentum))
    if validation is not None and (not isinstance(validation, (list, tuple)) or len(validation) != 2):
        raise TypeError("validation: expected a pair (X_val, Y_val), got " + _describe(validation))
    if patience is not None:
        _check_count(patience, "patience", 1)
        if validation is None:
            raise ValueError("patience: early stopping watches val_loss, "
                             "so it needs validation=(X_val, Y_val)")
    if callback is not None and not callable(callback):
        raise TypeError("callback: expected a function callback(epoch, history), got " + _describe(callback))


def _check_non_negative(value, name):
    if not _is_number(value) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{name}: expected a finite number >= 0, got {_describe(value)}")
    return float(value)


def _check_count(value, name, minimum):
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name}: expected an integer >= {minimum}, got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {value}")
    return value


# ================================================================================================
# Training helpers: one epoch of mini-batches, progress lines, Ctrl-C
# ================================================================================================

class _Run:
    """What one call to train() works with: the data, its settings, the visiting order, momentum."""

    def __init__(self, net, samples, targets, batch_size, lr, l2, momentum, shuffle):
        self.net, self.samples, self.targets = net, samples, targets
        self.batch_size, self.lr, self.l2, self.momentum, self.shuffle = batch_size, lr, l2, momentum, shuffle
        self.decay = l2 / len(samples)  # λ/n
        self.order = list(range(len(samples)))
        self.velocities = None
        if momentum:
            self.velocities = ([Matrix.zeros(*w.shape) for w in net.weights],
                               [Matrix.zeros(*b.shape) for b in net.biases])
        self.epoch_start = None

    def epoch(self, epoch, ctrl_c, progress):
        """One pass over the data in mini-batches: (mean mini-batch loss, fraction classified right)."""
        net, n = self.net, len(self.order)
        self.epoch_start = net._parameters()  # where a diverging epoch goes back to
        if self.shuffle:
            net.rng.shuffle(self.order)
        losses, correct = [], 0
        for first in range(0, n, self.batch_size):
            batch = self.order[first:first + self.batch_size]  # the last batch may be shorter
            x = _columns([self.samples[i] for i in batch])
            y = _columns([self.targets[i] for i in batch])
            z_s, a_s = net.feedforward(x)                                   # 1. forward
            loss = net._mean_cost(a_s[-1], y) + net._l2_penalty(self.l2, n)  # 2. cost of this batch
            if not math.isfinite(loss):
                self.diverged(epoch, "the loss")
            losses.append(loss)
            if net.is_classifier:
                correct += _count_correct(a_s[-1], y)
            dw, db = net.backpropagation(y, z_s, a_s)                                   # 3. BP1-BP4
            net._sgd_step(dw, db, self.lr, self.decay, self.momentum, self.velocities)  # 4. w ← w - lr·dw
            if ctrl_c.pressed:
                raise KeyboardInterrupt
            progress.batch(epoch, first + len(batch), n)
        if not net._parameters_finite():
            self.diverged(epoch, "a weight")
        return _total(losses) / len(losses), correct / n

    def diverged(self, epoch, what):
        self.net._restore(self.epoch_start)
        raise FloatingPointError(
            f"training diverged in epoch {epoch}: {what} became nan or inf. The network is back at its "
            f"weights from the start of that epoch; try a smaller lr than {self.lr}")


class _Progress:
    """What verbose=True prints: a line per epoch and, on a terminal, a live line during an epoch."""

    def __init__(self, epochs, enabled):
        self.epochs, self.enabled = epochs, enabled
        isatty = getattr(sys.stdout, "isatty", None)
        self.live = enabled and isatty is not None and isatty()
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


class _CtrlC:
    """Inside train(): the first Ctrl-C only sets a flag, so the running mini-batch finishes and the
    weights stay consistent; a second Ctrl-C interrupts at once. Only the main thread gets signals."""

    def __enter__(self):
        self.pressed = False
        self.previous = None
        if (threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGINT) is signal.default_int_handler):
            self.previous = signal.signal(signal.SIGINT, self._on_ctrl_c)
        return self

    def _on_ctrl_c(self, signum, frame):
        if self.pressed:
            raise KeyboardInterrupt
        self.pressed = True

    def __exit__(self, *exc_info):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        return False


# ================================================================================================
# Persistence helpers: the model file format
# ================================================================================================

MODEL_VERSION = 1
MODEL_KEYS = ("format", "version", "layers", "activations", "loss", "weights", "biases")
MAX_MODEL_BYTES = 64 * 1024 * 1024


def _reject_json_constant(name):
    raise ValueError(f"{name} is not a finite number")


def _model_matrix(rows, name, shape):
    """One weight or bias matrix from a model file, checked: finite numbers, the shape layers implies."""
    try:
        m = Matrix(rows)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name}: {error}") from None
    if m.shape != shape:
        raise ValueError(f"{name}: expected shape {shape} from layers, got {m.shape}")
    return m


# ================================================================================================
# Diagnostics: check backpropagation against numerical derivatives
# ================================================================================================

def numerical_gradient(net, X, Y, eps=1e-5, l2=0.0):
    """(dw, db) estimated from the definition of a derivative, without backpropagation.

    For every weight and bias p, the central difference (C(p + ε) - C(p - ε)) / 2ε of net.loss
    approximates ∂C/∂p with an error of order ε². Slow (two passes over the data per parameter)
    but independent of BP1-BP4, which is what makes it a check.
    """
    x, y, eps, l2 = _check_diagnostics(net, X, Y, eps, l2)
    return _central_differences(net, x, y, eps, l2)


def gradient_check(net, X, Y, eps=1e-5, l2=0.0):
    """The worst relative error between backpropagation's gradient and numerical_gradient's.

    Correct gradients agree to well below 1e-6 (the tests see at most about 3e-7); a wrong
    derivative anywhere shows up as 1e-3 or worse. With l2 = λ, both sides include the L2 term:
    ∂C/∂w = ∂C₀/∂w + (λ/n)·w.
    """
    x, y, eps, l2 = _check_diagnostics(net, X, Y, eps, l2)
    numeric_dw, numeric_db = _central_differences(net, x, y, eps, l2)
    z_s, a_s = net.feedforward(x)
    dw, db = net.backpropagation(y, z_s, a_s)
    decay = l2 / x.shape[1]  # λ/n
    dw = [g + decay * w for g, w in zip(dw, net.weights)]
    pairs = zip(dw + db, numeric_dw + numeric_db)
    return max(_relative_error(a, b) for analytic, numeric in pairs
               for row_a, row_b in zip(analytic.rows, numeric.rows) for a, b in zip(row_a, row_b))


def _check_diagnostics(net, X, Y, eps, l2):
    """The data as checked columns, eps and l2 as checked floats: done once, used many times."""
    samples, targets = net._data(X, Y)
    l2 = _check_non_negative(l2, "l2")
    if not _is_number(eps) or not 0.0 < eps < 1.0:
        raise ValueError("eps: expected a number in (0, 1), got " + _describe(eps))
    return _columns(samples), _columns(targets), float(eps), l2


def _central_differences(net, x, y, eps, l2):
    """numerical_gradient on checked columns x, y: one matrix of estimates per weight and bias matrix."""
    def estimate(params):
        grads = []
        for p in params:
            grad_rows = []
            for row in p.rows:
                grad_row = []
                for j, original in enumerate(row):
                    try:  # nudge one parameter in place, then put it back exactly
                        row[j] = original + eps
                        plus = net._cost(x, y, l2)
                        row[j] = original - eps
                        minus = net._cost(x, y, l2)
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


def fingerprint(net):
    """A short hash of every weight and bias, bit for bit: equal only if two trainings were identical."""
    digest = hashlib.sha256()
    for m in net.weights + net.biases:
        for row in m.rows:
            digest.update(",".join(v.hex() for v in row).encode("ascii"))
            digest.update(b";")
    return digest.hexdigest()[:16]
