"""Train a small network and print a hash of its weights: every interpreter must print the same.

Run by .ci/run on each Python; equal hashes mean training is bit-for-bit the same everywhere.
"""
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import tinynn  # noqa: E402

warnings.simplefilter("ignore", tinynn.TrainingWarning)  # short runs: only their bits matter here

rng = tinynn.random.Random(1)
X = [[rng.uniform(-1, 1) for _ in range(4)] for _ in range(30)]
labels = [int(x[0] * x[1] > 0) + int(x[2] > 0.5) for x in X]
net = tinynn.NeuralNetwork([4, 6, 5, 3], ["tanh", "relu", "softmax"], loss="cross_entropy", seed=42)
net.train(X, tinynn.one_hot(labels, 3), batch_size=7, epochs=20, lr=0.3, momentum=0.5, l2=0.01)
net2 = tinynn.NeuralNetwork([4, 5, 1], ["sigmoid", "linear"], seed=7)
net2.train(X, [[x[0] - 2 * x[3]] for x in X], batch_size=4, epochs=20, lr=0.05)
net3 = tinynn.NeuralNetwork([4, 6, 6, 3], ["tanh", "relu", "softmax"], loss="cross_entropy", seed=3)
net3.train(X, tinynn.one_hot(labels, 3), batch_size=5, epochs=15, lr=0.01, optimizer="adam", dropout=0.2,
           l1=0.01, lr_decay=0.05)
net4 = tinynn.NeuralNetwork([4, 5, 1], ["sigmoid", "sigmoid"], seed=9)
net4.train(X, [[float(x[0] > 0)] for x in X], batch_size=6, epochs=10, lr=0.05, optimizer=tinynn.RMSProp())
net4.train(X, [[float(x[0] > 0)] for x in X], batch_size=6, epochs=10, lr=0.1, optimizer="adagrad")
print(tinynn.fingerprint(net) + tinynn.fingerprint(net2) + tinynn.fingerprint(net3) + tinynn.fingerprint(net4))
