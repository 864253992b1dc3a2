# %% [markdown]
# # Lesson 2: how backpropagation works
#
# Nielsen, *Neural Networks and Deep Learning*, chapter 2, "How the backpropagation algorithm works". One
# sample goes through a small network and back, every number printed: the four equations of
# backpropagation with the numbers put in, each gradient checked against the definition of a derivative,
# one step of gradient descent. Then the same step in the debugger, stopping on each equation's line of
# `tinynn.py`, and Matt Mazur's worked example, figure by figure. Last, ten exercises: write the pieces
# yourself and let them be graded.
#
# This lesson runs tinynn's own examples `walkthrough.py` and `mazur.py` (in `examples/`, one folder up;
# copied out, put them beside the lesson). Run it as a notebook or as a script:
# `python3 examples/course/ch2_backprop.py`. It takes about a second whatever `SIZE` says: 0.3 s of CPU
# on CPython 3.11.7, 0.4 s on PyPy 7.3.11, 3.4 s in Pyodide 314.0.8 under Node 20 with Pyodide's own
# start (`/usr/bin/time`, a 2-core AMD EPYC virtual machine, Debian 12, 2026-12-06).

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
# ## Warm up: a fast matrix-based approach to computing the output from a neural network
#
# A layer's weights are a matrix wˡ, one row per neuron of layer l and one column per neuron of the layer
# before, so a whole layer is computed at once: zˡ = wˡaˡ⁻¹ + bˡ and aˡ = σ(zˡ), starting from a¹ = x, the
# input. The book counts layers from 1 (the input is layer 1); Python counts from 0, so z² is `z_s[0]`
# and a² is `a_s[1]` (the README's "Nielsen's notation, mapped once" has the whole table). The
# walkthrough's network has 2 inputs, 2 hidden neurons and 1 output, with weights chosen to be easy to
# read. Its feedforward, number by number:

# %%
import runpy  # noqa: E402
import types  # noqa: E402


def example(name):
    """One of tinynn's examples as a module, without running its main(): from beside the lesson, or
    from examples/ in tinynn's repository."""
    for folder in (HERE, os.path.join(HERE, "..")):
        if os.path.exists(os.path.join(folder, name)):
            return types.SimpleNamespace(**runpy.run_path(os.path.join(folder, name)))
    raise FileNotFoundError(f"{name}: put it beside this lesson (it is in tinynn's examples/)")


walkthrough = example("walkthrough.py")
net = walkthrough.build()
z_s, a_s = walkthrough.forward(net)

# %% [markdown]
# The same network drawn by `tinynn.draw`: each neuron with its activation a (and its bias b above it, its
# error δ below it), each line a weight. Hover over a neuron or a line to see its name in the book's
# notation and in the code's.

# %%
show(tinynn.draw(net, walkthrough.X, walkthrough.Y), "ch2_network.svg")

# %% [markdown]
# ## The four fundamental equations behind backpropagation
#
# The error of neuron j in layer l is δˡⱼ = ∂C/∂zˡⱼ: how much the cost C changes when zˡⱼ does. The
# four equations find every δ, starting at the output, and from them every gradient:
#
# | | equation | what it says |
# |---|---|---|
# | BP1 | δᴸ = ∇ₐC ⊙ σ'(zᴸ) | the output layer's error: how wrong the output is, times how fast it moves |
# | BP2 | δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ) | each layer's error from the next one's, carried back by the weights |
# | BP3 | ∂C/∂bˡⱼ = δˡⱼ | a bias's gradient is its neuron's error |
# | BP4 | ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ | a weight's gradient is its input's activation times its neuron's error |
#
# ⊙ multiplies element by element (the book's "Hadamard product"). With the quadratic cost
# C = ½(a − y)², ∇ₐC = a − y. For our one sample, with the numbers put in:

# %%
dw, db = walkthrough.backward(net, z_s, a_s)

# %% [markdown]
# ## The backpropagation algorithm, and one step of gradient descent
#
# Backpropagation gives the gradient; gradient descent uses it: every weight and bias moves a little
# against its gradient, w → w − η ∂C/∂w with the learning rate η. tinynn's `update_mini_batch` does the
# whole of it (feedforward, the cost, BP1-BP4, the step); the cost falls:

# %%
walkthrough.sgd_step(net, dw)

# %% [markdown]
# Are the gradients right? The definition of a derivative says how to check: nudge one weight by a tiny
# ε up and down and see how the cost moves, (C(w + ε) − C(w − ε)) / 2ε. That needs two feedforward passes
# per weight; backpropagation gets all the gradients from one pass forward and one backward, which is the
# book's answer to "In what sense is backpropagation a fast algorithm?".

# %%
walkthrough.checks(dw, db)

# %% [markdown]
# How much faster, on lesson 1's network of 23,860 weights and biases? One pass forward and one back
# (`feedforward`, then `backpropagation`, for one image) against the two feedforward passes per parameter
# that nudging needs. The book reckons a backward pass costs about as much as a forward one.

# %%
import time  # noqa: E402

big = tinynn.NeuralNetwork([784, 30, 10], ["sigmoid", "sigmoid"], seed=0)
image, target = tinynn.Matrix([[0.5]] * 784), tinynn.Matrix([[1.0]] + [[0.0]] * 9)
started = time.perf_counter()
for _ in range(20):
    big_z_s, big_a_s = big.feedforward(image)
forward = (time.perf_counter() - started) / 20
started = time.perf_counter()
for _ in range(20):
    big.backpropagation(target, *big.feedforward(image))
both = (time.perf_counter() - started) / 20
parameters = sum(r * c for m in big.weights + big.biases for r, c in [m.shape])
print(f"one feedforward: {forward * 1000:.2f} ms; feedforward and backpropagation: {both * 1000:.2f} ms "
      f"({both / forward:.1f} feedforwards)")
nudging = 2 * parameters * forward
print(f"the {parameters} gradients by nudging: 2 × {parameters} feedforwards, about {nudging:.0f} s: "
      f"{nudging / both:.0f} times longer")

# %% [markdown]
# ## The code for backpropagation, step by step in the debugger
#
# Every value above can be seen where `tinynn.py` computes it. The README's "Stepping through it with pdb"
# has a table of 21 commands that stop on BP1, BP2, BP3, BP4 and the line that swaps the new weights in.
# Here pdb runs them on the walkthrough's step (from its third command: the first two only bring a
# script's pdb into its `main`), as if they were typed. To type them yourself:
# `python3 -m pdb examples/walkthrough.py` in a terminal, or `%debug net.update_mini_batch(x, y, 0.5)` in
# a notebook. (In pdb, `p l` rather than `l`: `l` alone is pdb's command "list".)

# %%
import io  # noqa: E402
import pdb  # noqa: E402
import re  # noqa: E402


class Typed(io.StringIO):
    """pdb's input: the commands, each printed after the prompt as if typed."""

    def readline(self, *args):
        line = super().readline(*args)
        print(line, end="")
        return line


readme = os.path.join(HERE, "..", "..", "README.md")
if os.path.exists(readme):
    with open(readme, encoding="utf-8") as f:
        walk = f.read().split("### A walk through one training step")[1].split("\n#")[0]
    commands = [command for number, command in re.findall(r"^\| (\d+) \| `([^`]+)` \|", walk, re.M)
                if int(number) > 2]
    debugger = pdb.Pdb(stdin=Typed("\n".join(commands + ["continue"]) + "\n"), stdout=sys.stdout,
                       nosigint=True, readrc=False)
    debugger.use_rawinput = False  # read the commands from stdin above, not from the keyboard
    x, y = tinynn.Matrix([[v] for v in walkthrough.X]), tinynn.Matrix([walkthrough.Y])
    debugger.runcall(walkthrough.build().update_mini_batch, x, y, walkthrough.LR)
    debugger.clear_all_breaks()
else:
    print("README.md is not here: the 21 commands are in tinynn's README, \"Stepping through it with pdb\".")

# %% [markdown]
# ## Mazur's worked example
#
# Matt Mazur's "A Step by Step Backpropagation Example" (2015) is the most cited numeric walk through
# backpropagation: a 2-2-2 network, one sample, every intermediate value printed. tinynn's `mazur.py`
# types his network in and prints his 15 figures beside tinynn's: the forward pass, the error, two
# gradients, the eight new weights. He keeps the biases fixed; tinynn moves them too, and it shows what
# that changes.

# %%
mazur = example("mazur.py")
arguments, sys.argv = sys.argv, ["mazur.py"]  # its main() reads its command line: give it none
try:
    mazur.main()
finally:
    sys.argv = arguments

# %% [markdown]
# ## Exercises
#
# Write each function below in place of `raise NotImplementedError`, run its cell, and `check` grades it
# on random shapes and hyper-parameters: it prints what passed and, at the first case that does not, what
# was expected, what came back and a hint. tinynn's `examples/exercises.py` is the grader;
# `python3 examples/exercises.py --chapter 2` grades these ten there too. The notation is the lesson's:
# wˡ is `weights[l - 2]`, bˡ `biases[l - 2]`, zˡ `z_s[l - 2]`, δˡ `deltas[l - 2]`, aˡ `a_s[l - 1]`;
# matrices are `tinynn.Matrix` (`m[i, j]`, `m.T`, `m @ n`, `m * n` element by element, `m * 2.0`,
# `m.map(f)`, `m.row_sums()`, `m.shape`), one column per sample.

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
def matmul(a, b):
    """The matrix product of a, shape (n, k), and b, shape (k, m), both lists of rows: a list of
    n rows of m numbers, entry [i][j] = Σₖ a[i][k]·b[k][j]."""
    raise NotImplementedError


check("matmul", matmul)


# %%
def sigmoid_prime(z):
    """σ'(z) for one float z, where σ(z) = 1 / (1 + e⁻ᶻ) (tinynn.sigmoid computes σ)."""
    raise NotImplementedError


check("sigmoid_prime", sigmoid_prime)


# %%
def layer(w, a_prev, b):
    """One sigmoid layer for a batch: (zˡ, aˡ) with zˡ = wˡ aˡ⁻¹ + bˡ and aˡ = σ(zˡ). w: (n_out, n_in),
    a_prev: (n_in, m), b: (n_out, 1), added to every column."""
    raise NotImplementedError


check("layer", layer)


# %%
def bp1_mse(a, y, z):
    """BP1 for the cost C = ½ Σⱼ (aⱼ - yⱼ)² with a sigmoid output layer: δᴸ = ∇ₐC ⊙ σ'(zᴸ), for a
    batch (one column per sample). a = aᴸ, y the targets, z = zᴸ."""
    raise NotImplementedError


check("bp1_mse", bp1_mse)


# %%
def bp1_softmax_cross_entropy(a, y):
    """BP1 for a softmax output layer with the cost C = -Σⱼ yⱼ ln aⱼ (targets one-hot): δᴸ."""
    raise NotImplementedError


check("bp1_softmax_cross_entropy", bp1_softmax_cross_entropy)


# %%
def bp2(l, weights, deltas, z_s):
    """BP2 for layer l of a sigmoid network: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ). The lists are indexed as
    in tinynn (see the notation above); deltas already holds δ of the layers after l."""
    raise NotImplementedError


check("bp2", bp2)


# %%
def bp3_bp4(l, deltas, a_s):
    """BP3 and BP4 for layer l, averaged over the batch's m samples (columns): (∂C/∂bˡ, ∂C/∂wˡ),
    shaped like bˡ (n, 1) and wˡ. For one sample ∂C/∂bˡⱼ = δˡⱼ and ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ."""
    raise NotImplementedError


check("bp3_bp4", bp3_bp4)


# %%
def sgd_update(w, dw, lr):
    """One step of gradient descent on one parameter: w ← w - η·∂C/∂w. Returns the new w."""
    raise NotImplementedError


check("sgd_update", sgd_update)


# %%
def momentum_step(w, v, dw, lr, mu):
    """One step of classical momentum: v ← μv - η·∂C/∂w, then w ← w + v. Returns (new w, new v)."""
    raise NotImplementedError


check("momentum_step", momentum_step)


# %%
def adam_step(w, m, v, t, g, lr, beta1, beta2, eps):
    """One Adam step, t the number of this step (1 for the first): m ← β₁m + (1 - β₁)g,
    v ← β₂v + (1 - β₂)g², m̂ = m / (1 - β₁ᵗ), v̂ = v / (1 - β₂ᵗ), w ← w - η m̂ / (√v̂ + ε), element
    by element. Returns (new w, new m, new v)."""
    raise NotImplementedError


check("adam_step", adam_step)
