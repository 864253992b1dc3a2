"""Fisher's iris flowers: three species from four measurements, with softmax and cross-entropy.

150 samples (UCI, via scikit-learn's bundled copy; see examples/data/README.md). A shuffled,
stratified 70/30 split with a fixed seed; features standardised with the training set's mean and
spread; a [4, 8, 3] network with a tanh hidden layer and a softmax output.

    python3 examples/iris.py [--epochs N] [--seed S] [--quick] [--svg]
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # where tinynn.py is
__package__ = "examples"  # run as a script, still part of examples/ (PEP 366): see `from . import` below
import tinynn  # noqa: E402
from . import common  # noqa: E402


def main():
    args = common.arguments(__doc__, epochs=200, quick_epochs=60)
    header, rows = common.read_csv("iris.csv")
    species = sorted(set(row[4] for row in rows))
    features = [[float(v) for v in row[:4]] for row in rows]
    labels = [species.index(row[4]) for row in rows]

    train, test = common.stratified_split(labels, 0.3, random.Random(args.seed))
    X_train, X_test = common.standardize([features[i] for i in train], [features[i] for i in test])
    Y_train = tinynn.one_hot([labels[i] for i in train], 3)
    Y_test = tinynn.one_hot([labels[i] for i in test], 3)
    print("{} training and {} test samples; classes: {}".format(len(train), len(test), ", ".join(species)))

    net = tinynn.NeuralNetwork([4, 8, 3], ["tanh", "softmax"], loss="cross_entropy", seed=args.seed)
    history = net.train(X_train, Y_train, batch_size=8, epochs=args.epochs, lr=0.05,
                        validation=(X_test, Y_test), callback=common.print_every(max(1, args.epochs // 10)))
    print(f"\ntest accuracy: {net.accuracy(X_test, Y_test):.1%}")
    print(common.confusion_matrix([labels[i] for i in test], net.predict_classes(X_test), species))
    if args.svg:
        from . import svg
        curves = {"loss": history["loss"], "val_loss": history["val_loss"]}
        print("wrote", svg.write_curve("iris_curve.svg", curves, title="Iris: loss per epoch",
                                       y_label="cross-entropy"))


if __name__ == "__main__":
    main()
