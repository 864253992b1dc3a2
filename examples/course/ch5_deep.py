# %% [markdown]
# # Lesson 4: why deep networks are hard to train
#
# Nielsen's chapter 5, "Why are deep neural networks hard to train?" (the course's fourth lesson):
# the vanishing gradient problem, what causes it (unstable gradients in deep networks), and what
# helps. The question: *if more hidden layers can compute more, why does adding them to the book's
# MNIST network barely help?* The book's answer starts with a measurement, the speed at which each
# hidden layer learns, and this lesson repeats it with tinynn.
#
# Everything printed is computed when the lesson runs. The book uses 1,000 MNIST training images;
# this lesson uses the 5,000 MNIST digits in `examples/data/mnist_5k.csv.gz` and says how many beside
# each figure. `SIZE` below chooses how much:
#
# | SIZE | what runs | CPython 3.11 | PyPy 7.3 | Pyodide |
# |---|---|---|---|---|
# | `"quick"` | every section, tiny (the tests run it) | 2 s | 1 s | about 4 s |
# | `"default"` | the book's 1,000 images at the start; 30 epochs on 100 | 45-51 s | 6-8 s | about 2 min |
# | `"full"` | the book's sizes: 1,000 images, 500 epochs | about 1.25 h | about 9 min | hours |
#
# CPU seconds of `TINYNN_LESSON=default python3 ch5_deep.py`, two runs on a 2-core AMD EPYC virtual
# machine shared with other jobs (2026-12-06; the clock said 2-3 times more). "full" is estimated
# from a PyPy run of most of it; Pyodide's column is CPython's times 2.5, an estimate until it is
# measured in the browser.
#
# In a notebook, edit the `SIZE` line below; a script takes it from the environment:
# `TINYNN_LESSON=full python3 examples/course/ch5_deep.py`.

# %%
import os
import sys
import tempfile

SIZE = os.environ.get("TINYNN_LESSON", "default")  # "quick", "default" or "full": edit it in a notebook
if SIZE not in ("quick", "default", "full"):
    raise ValueError(f"TINYNN_LESSON: expected 'quick', 'default' or 'full', got {SIZE!r}")
IN_A_NOTEBOOK = "__file__" not in globals()  # a notebook has no __file__ and runs in its own folder
HERE = os.getcwd() if IN_A_NOTEBOOK else os.path.dirname(os.path.abspath(__file__))
for folder in (HERE, os.path.join(HERE, "..", "..")):  # tinynn.py beside the lesson, or at the top
    if os.path.exists(os.path.join(folder, "tinynn.py")):  # of tinynn's repository (examples/course/)
        sys.path.insert(0, os.path.abspath(folder))
        break
import tinynn  # noqa: E402


def data_file(name):
    """Where the data file `name` is: beside the lesson, or in the repository's examples/data/."""
    for folder in (HERE, os.path.join(HERE, "..", "data")):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise FileNotFoundError(f"{name}: put it beside this lesson (it is in tinynn's examples/data/)")


class Picture:
    """SVG text that a notebook shows as a picture (IPython calls _repr_svg_)."""

    def __init__(self, svg):
        self.svg = svg

    def _repr_svg_(self):
        return self.svg


def show(svg, name):
    """A picture: in a notebook, shown below the cell (make it the cell's last line); in a script,
    written to the file `name` in a folder tinynn-course of the temporary folder, and said where."""
    if IN_A_NOTEBOOK:
        return Picture(svg)
    folder = os.path.join(tempfile.gettempdir(), "tinynn-course")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
        f.write(svg)
    print("picture:", os.path.join(folder, name))


tinynn.console_fallback()  # δ, σ, η as plain text on a console that cannot show them
print(f"tinynn from {tinynn.__file__}, lesson size {SIZE!r}")

# %% [markdown]
# One more helper: `chart` draws lines of numbers per epoch as SVG text, which `show` displays in a
# notebook or writes to a file from a script.

# %%
import csv  # noqa: E402
import gzip  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

START = time.time()
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd")


def chart(title, lines, log=False, first=1):
    """SVG text of a line chart: lines maps a name to its values, one per epoch from `first` on;
    log=True puts the values on a log scale."""
    scale = math.log10 if log else float
    low = min(scale(v) for values in lines.values() for v in values)
    high = max(scale(v) for values in lines.values() for v in values)
    high = high if high > low else low + 1.0
    last = max(1, max(len(values) for values in lines.values()) - 1)
    parts = [f'<rect width="640" height="260" fill="white"/><rect x="60" y="40" width="420" height="180" '
             f'fill="none" stroke="#333"/><text x="270" y="24" text-anchor="middle" font-weight="bold">'
             f'{title}</text><text x="270" y="250" text-anchor="middle" font-size="12">'
             f'epoch {first} to {first + last}</text>']
    for value in (low, high):
        shown = 10 ** value if log else value
        parts.append(f'<text x="55" y="{224 - 180 * (value - low) / (high - low):.1f}" text-anchor="end" '
                     f'font-size="11">{shown:.3g}</text>')
    for k, (name, values) in enumerate(lines.items()):
        colour = COLOURS[k % len(COLOURS)]
        points = " ".join(f"{60 + 420 * i / last:.1f},{220 - 180 * (scale(v) - low) / (high - low):.1f}"
                          for i, v in enumerate(values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
                     f'<text x="490" y="{60 + 20 * k}" font-size="12" fill="{colour}">{name}</text>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="260" font-family="sans-serif">'
            + "".join(parts) + "</svg>")


# %% [markdown]
# ## The vanishing gradient problem
#
# *How fast does each hidden layer learn?* The book measures it by the gradient of the cost with
# respect to the layer's biases: ∂C/∂bˡⱼ = δˡⱼ says how fast neuron j's bias moves in gradient
# descent, and the length ‖∂C/∂bˡ‖ of the whole layer's vector is the layer's speed of learning. It
# averages the gradient over 1,000 training images, for freshly initialized networks with two, three
# and four hidden layers of 30 sigmoid neurons (the section "The vanishing gradient problem"):
#
# | network | the book's speeds, hidden layer 1, 2, ... |
# |---|---|
# | `[784, 30, 30, 10]` | 0.07, 0.31 |
# | `[784, 30, 30, 30, 10]` | 0.012, 0.060, 0.283 |
# | `[784, 30, 30, 30, 30, 10]` | 0.003, 0.017, 0.070, 0.285 |
#
# The book's network2 draws weights from N(0, 1/n_in) (tinynn's default), biases from N(0, 1)
# (tinynn starts them at 0, so the lesson draws them), and uses the cross-entropy cost with sigmoid
# outputs. `backpropagation` on a batch returns the gradient averaged over its images, which is
# exactly what the book averages.

# %%
SIZES = {  # images and seeds for the speeds at the start; images and epochs for the training runs
    "quick": {"start_images": 50, "seeds": 1, "train_images": 20, "epochs": 3},
    "default": {"start_images": 1000, "seeds": 3, "train_images": 100, "epochs": 30},
    "full": {"start_images": 1000, "seeds": 5, "train_images": 1000, "epochs": 500},
}[SIZE]


def load_mnist(path):
    """The 5,000 digits: 784 pixels per image scaled to 0..1, and labels; shuffled once, the same way."""
    with gzip.open(path, "rt") as f:
        rows = [[int(v) for v in line] for line in csv.reader(f)]
    random.Random(0).shuffle(rows)  # the file is sorted by digit
    return [[v / 255 for v in row[:-1]] for row in rows], [row[-1] for row in rows]


def book_network(hidden, seed, activation="sigmoid"):
    """[784, 30, ..., 30, 10] as the book's network2 starts it: weights N(0, 1/n_in), biases N(0, 1)."""
    layers = [784] + [30] * hidden + [10]
    net = tinynn.NeuralNetwork(layers, [activation] * hidden + ["sigmoid"], loss="cross_entropy", seed=seed)
    rng = random.Random(seed)
    net.biases = [tinynn.Matrix([[rng.gauss(0.0, 1.0)] for _ in range(n)]) for n in layers[1:]]
    return net


def speeds(net, x, y):
    """‖∂C/∂bˡ‖ of each hidden layer, the gradient averaged over the images in x (one per column)."""
    z_s, a_s = net.feedforward(x)
    _, db = net.backpropagation(y, z_s, a_s)
    return [math.sqrt(sum(row[0] ** 2 for row in g.rows)) for g in db[:-1]]  # db[-1]: the output layer


images, labels = load_mnist(data_file("mnist_5k.csv.gz"))
targets = tinynn.one_hot(labels, 10)
n = SIZES["start_images"]
x, y = tinynn.Matrix(images[:n]).T, tinynn.Matrix(targets[:n]).T  # one column per image
BOOK = {2: [0.07, 0.31], 3: [0.012, 0.060, 0.283], 4: [0.003, 0.017, 0.070, 0.285]}
print(f"speed of learning ‖∂C/∂bˡ‖ of each hidden layer at the start, over {n} images (the book: 1,000)")
at_start = {}
for hidden in (2, 3, 4):
    at_start[hidden] = [speeds(book_network(hidden, seed), x, y) for seed in range(SIZES["seeds"])]
    print(f"{hidden} hidden layers   the book: {', '.join(f'{v:.3f}' for v in BOOK[hidden])}")
    for seed, measured in enumerate(at_start[hidden]):
        ratios = [measured[l] / measured[l + 1] for l in range(hidden - 1)]
        print(f"    seed {seed}:  {', '.join(f'{v:.3f}' for v in measured)}   "
              f"(each layer over the next: {', '.join(f'{r:.2f}' for r in ratios)})")

# %% [markdown]
# Every seed shows what the book shows: each hidden layer learns about four to six times more
# slowly than the one after it, so in the four-layer network the first hidden layer learns about a
# hundred times more slowly than the last. **In a deep sigmoid network the early layers barely
# learn: the gradient vanishes on its way back.**
#
# *Does it last?* The book trains each network for 500 epochs of gradient descent on its 1,000
# images at once (η = 0.1, L2 with λ = 5; its program `fig/generate_gradient.py`) and records the
# speeds after every epoch. Here the same with fewer images and epochs (SIZE), λ scaled with the
# number of images so that the weight decay per step, ηλ/n, is the book's. Each step is written out:
# backpropagation, then the rule w ← (1 − ηλ/n)·w − η·∂C/∂w, b ← b − η·∂C/∂b.

# %%
n_train, epochs = SIZES["train_images"], SIZES["epochs"]
x_train, y_train = tinynn.Matrix(images[:n_train]).T, tinynn.Matrix(targets[:n_train]).T
lr, lmbda = 0.1, 5.0 * n_train / 1000
during = {}
for hidden in (2, 3, 4):
    net = book_network(hidden, seed=0)
    history = []
    for _ in range(epochs):
        z_s, a_s = net.feedforward(x_train)
        dw, db = net.backpropagation(y_train, z_s, a_s)
        history.append([math.sqrt(sum(row[0] ** 2 for row in g.rows)) for g in db[:-1]])
        net.weights = [(1 - lr * lmbda / n_train) * w - lr * g for w, g in zip(net.weights, dw)]
        net.biases = [b - lr * g for b, g in zip(net.biases, db)]
    during[hidden] = history
    first, last = [", ".join(f"{v:.2g}" for v in speeds_then) for speeds_then in (history[0], history[-1])]
    print(f"{hidden} hidden layers, {n_train} images: epoch 1 speeds {first};  epoch {epochs}: {last};  "
          f"the last layer over the first: {history[-1][-1] / history[-1][0]:.0f}")
    in_order = sum(all(s[l] < s[l + 1] for l in range(hidden - 1)) for s in history)
    print(f"    epochs in which every hidden layer learned more slowly than the next: {in_order} of {epochs}")
print("the book, four hidden layers, 1,000 images: epoch 1 speeds 0.003, 0.017, 0.070, 0.285; after 50\n"
      "epochs about 2.1e-05, 4.9e-05, 0.00025, 0.0011 (its data: fig/norms_during_training_4_layers.json)")
lines = {f"hidden layer {l + 1}": [speeds_then[l] for speeds_then in during[4]] for l in range(4)}
show(chart(f"speed of learning of each hidden layer, {n_train} images", lines, log=True), "ch5_speeds.svg")

# %% [markdown]
# All the speeds fall as the network learns, and the earlier hidden layer stays the slower one (the
# lines above count the epochs in which the order held). In the book the gap between the first and
# the last hidden layer narrows to about 50 times after 50 epochs.
#
# ## What's causing the vanishing gradient problem? Unstable gradients in deep neural nets
#
# *Why the earlier layers?* The book takes the simplest deep network, one neuron per layer. By BP2,
# each step back multiplies δ by the next layer's weight and by σ'(z) of its own layer:
# ∂C/∂b₁ = σ'(z₁)·w₂·σ'(z₂)·w₃·σ'(z₃)·w₄·σ'(z₄)·∂C/∂a₄. And σ' is never more than 1/4:

# %%
print("largest σ'(z) for z in -10..10:", max(tinynn.sigmoid_prime(k / 100) for k in range(-1000, 1001)))
chain = tinynn.NeuralNetwork([1, 1, 1, 1, 1], ["sigmoid"] * 4, loss="mse", seed=3, init="standard_normal")
z_s, a_s = chain.feedforward(tinynn.Matrix([[1.0]]))
_, db = chain.backpropagation(tinynn.Matrix([[0.0]]), z_s, a_s)
for l in range(3):  # db[l] is ∂C/∂b of the neuron in layer l + 2 (the book's layer numbers)
    term = chain.weights[l + 1][0, 0] * tinynn.sigmoid_prime(z_s[l][0, 0])
    print(f"∂C/∂b of neuron {l + 1}: {db[l][0, 0]: .6f} = ∂C/∂b of neuron {l + 2} ({db[l + 1][0, 0]: .6f})"
          f" × w{l + 2}·σ'(z{l + 1}) ({term: .4f})")

# %% [markdown]
# With weights drawn from N(0, 1), |w| is usually below 1, so each term |w·σ'(z)| is usually below
# 1/4 and every layer further back multiplies the gradient by another such term. **The earlier the
# layer, the more small factors its gradient is a product of.** The same product can explode: with
# large weights, and biases that keep z near 0 so that σ'(z) stays near 1/4, each term is far above
# 1 (the book's example: w = 100, each term 25):

# %%
chain.weights = [tinynn.Matrix([[100.0]]) for _ in range(4)]
chain.biases = [tinynn.Matrix([[-100.0]])] + [tinynn.Matrix([[-50.0]]) for _ in range(3)]  # every z = 0
z_s, a_s = chain.feedforward(tinynn.Matrix([[1.0]]))
_, db = chain.backpropagation(tinynn.Matrix([[0.0]]), z_s, a_s)
print("z of each neuron:", [round(z[0, 0], 3) for z in z_s])
print("∂C/∂b of neurons 1 to 4:", [f"{g[0, 0]:.4g}" for g in db])
print(f"the first over the last: {db[0][0, 0] / db[-1][0, 0]:.0f} = 25³")

# %% [markdown]
# Now the first neuron learns thousands of times faster than the last: the exploding gradient
# problem. Either way **the gradient in early layers is a product of terms from all the later
# layers, so it is unstable**: it only balances if those terms happen to, which a sigmoid network
# does not arrange by itself.
#
# ## What helps: neurons whose σ' is not small
#
# *Can a different activation keep the terms near 1?* The rectified linear unit, relu(z) = max(0, z),
# has σ' = 1 wherever z > 0 (tinynn: `"relu"`), so each step back multiplies δ by weights alone. The
# book meets it in chapter 6; here the same three networks with relu hidden layers, measured as
# before:

# %%
for hidden in (2, 3, 4):
    measured = [speeds(book_network(hidden, seed, activation="relu"), x, y) for seed in range(SIZES["seeds"])]
    for seed, values in enumerate(measured):
        ratios = [values[l] / values[l + 1] for l in range(hidden - 1)]
        print(f"relu, {hidden} hidden layers, seed {seed}: {', '.join(f'{v:.3f}' for v in values)}   "
              f"(each layer over the next: {', '.join(f'{r:.2f}' for r in ratios)})")

# %% [markdown]
# The speeds still fall towards the input, but by a much smaller factor per layer than with sigmoid.
# **A σ' that is not small keeps the product of terms from vanishing: that, with weights scaled to
# their layer, is part of what made deep networks trainable (the book's chapter 6 goes on from
# here).**

# %%
print(f"SIZE = {SIZE!r}: this run took {time.time() - START:.0f} s on {sys.implementation.name} "
      f"{sys.version.split()[0]}")

# %% [markdown]
# ## Exercises
#
# Write the function below in place of `raise NotImplementedError`, run its cell, and `check` grades
# it (it prints what passed and, at the first case that does not, what was expected and what came
# back). It is this lesson's `speeds`: write it without looking back. The grader is tinynn's
# `examples/exercises.py`: `python3 examples/exercises.py --chapter 5` grades it from there too.

# %%
import runpy  # noqa: E402


def check(name, function):
    """Stands in for the grader while exercises.py is not found (a lesson copied alone)."""
    print(f"{name}: not graded: exercises.py is not here (it is in tinynn's examples/; put it beside "
          "this lesson)")
    return False


for folder in (HERE, os.path.join(HERE, "..")):  # exercises.py beside the lesson, or in examples/
    if os.path.exists(os.path.join(folder, "exercises.py")):
        check = runpy.run_path(os.path.join(folder, "exercises.py"))["check"]  # the grader's check
        break


# %%
def gradient_norms(net, x, y):
    """The speed of learning of each hidden layer: ‖∂C/∂bˡ‖ = √Σⱼ (∂C/∂bˡⱼ)² for l = 2 .. L-1, a
    list of floats in that order, for the batch x with targets y (Matrices, a column per sample).
    net is a tinynn.NeuralNetwork: net.feedforward(x) gives (z_s, a_s), and
    net.backpropagation(y, z_s, a_s) gives (dw, db) with db[l - 2] = ∂C/∂bˡ."""
    raise NotImplementedError


check("gradient_norms", gradient_norms)
