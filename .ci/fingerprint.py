"""Train a small network and print a hash of its weights: every interpreter must print the same.

Run by .ci/run on each Python; equal hashes mean training is bit-for-bit the same everywhere.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import tinynn  # noqa: E402

rng = tinynn.random.Random(1)
X = [[rng.uniform(-1, 1) for _ in range(4)] for _ in range(30)]
labels = [int(x[0] * x[1] > 0) + int(x[2] > 0.5) for x in X]
net = tinynn.NeuralNetwork([4, 6, 5, 3], ["tanh", "relu", "softmax"], loss="cross_entropy", seed=42)
net.train(X, tinynn.one_hot(labels, 3), batch_size=7, epochs=20, lr=0.3, momentum=0.5, l2=0.01)
net2 = tinynn.NeuralNetwork([4, 5, 1], ["sigmoid", "linear"], seed=7)
net2.train(X, [[x[0] - 2 * x[3]] for x in X], batch_size=4, epochs=20, lr=0.05)
print(tinynn.fingerprint(net) + tinynn.fingerprint(net2))
