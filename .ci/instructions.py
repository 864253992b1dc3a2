"""Instructions per training step, for cachegrind: run it twice and divide the difference.

    PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no python .ci/instructions.py W1 100
    PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no python .ci/instructions.py W1 300
    (the same with W2 10 and W2 210)

W1 trains the tutorial's [2, 10, 1] network on XOR (seed 0, lr 2.0, batch 4) for that many epochs,
one step each; W2 a [64, 32, 10] network (seed 0, batch 10, lr 0.5) for one epoch on that many
random samples. (I refs of the second run - the first) / 200 is the cost of one W1 step or one W2
sample, with start-up and the per-call checks cancelled out. An optional third argument is the
folder holding the tinynn.py to measure (default: the checkout's).
"""
import os
import random
import sys
import warnings

sys.path.insert(0, sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import tinynn  # noqa: E402

warnings.simplefilter("ignore")
kind, size = sys.argv[1], int(sys.argv[2])
if kind == "W1":
    net = tinynn.NeuralNetwork([2, 10, 1], ["sigmoid", "sigmoid"], seed=0)
    net.train([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]], batch_size=4, epochs=size, lr=2.0)
else:
    rng = random.Random(1)
    X = [[rng.random() for _ in range(64)] for _ in range(size)]
    Y = tinynn.one_hot([rng.randrange(10) for _ in range(size)], 10)
    net = tinynn.NeuralNetwork([64, 32, 10], ["sigmoid", "softmax"], loss="cross_entropy", seed=0)
    net.train(X, Y, batch_size=10, epochs=1, lr=0.5)
