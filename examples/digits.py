"""Handwritten digits, 8x8 pixels: 1797 samples, ten classes, one hidden layer.

The UCI optical digits (scikit-learn's bundled copy; see examples/data/README.md). A fixed
stratified 80/20 split, pixels scaled from 0..16 to 0..1, and a [64, 32, 10] network: sigmoid
hidden units (like scikit-learn's MLPClassifier with logistic units) and a softmax output trained
with cross-entropy and plain mini-batch SGD. Prints validation accuracy each epoch, then the test
accuracy, a confusion matrix and some digits it got wrong, drawn as text.

    python3 examples/digits.py [--epochs N] [--seed S] [--quick] [--svg]
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # where tinynn.py is
__package__ = "examples"  # run as a script, still part of examples/ (PEP 366): see `from . import` below
import tinynn  # noqa: E402
from . import common  # noqa: E402


def draw(pixels):
    """An 8x8 digit as 8 lines of text, darker characters for more ink."""
    return ["".join(common.shade(pixels[8 * r + c]) * 2 for c in range(8)) for r in range(8)]


def main():
    args = common.arguments(__doc__, epochs=30, quick_epochs=3)
    header, rows = common.read_csv("digits.csv")
    pixels = [[int(v) / 16.0 for v in row[:64]] for row in rows]
    labels = [int(row[64]) for row in rows]
    train, test = common.stratified_split(labels, 0.2, random.Random(args.seed))
    X_train, X_test = [pixels[i] for i in train], [pixels[i] for i in test]
    Y_train = tinynn.one_hot([labels[i] for i in train], 10)
    Y_test = tinynn.one_hot([labels[i] for i in test], 10)
    print(f"{len(train)} training and {len(test)} test samples")

    net = tinynn.NeuralNetwork([64, 32, 10], ["sigmoid", "softmax"], loss="cross_entropy", seed=args.seed)

    def report(epoch, history):
        print("epoch {:3d}/{}  loss {:.4f}  validation accuracy {:.1%}".format(
            epoch, args.epochs, history["loss"][-1], history["val_accuracy"][-1]), flush=True)

    # The test set doubles as validation here, for watching only: nothing is tuned on it.
    history = net.train(X_train, Y_train, batch_size=10, epochs=args.epochs, lr=0.5,
                        validation=(X_test, Y_test), callback=report)
    predicted = net.predict_classes(X_test)
    truth = [labels[i] for i in test]
    print(f"\ntest accuracy: {net.accuracy(X_test, Y_test):.1%}")
    print(common.confusion_matrix(truth, predicted, [str(d) for d in range(10)]))

    wrong = [k for k in range(len(test)) if predicted[k] != truth[k]][:4]
    if wrong:
        print("\nSome digits it got wrong:")
        pictures = [draw(X_test[k]) for k in wrong]
        print("   ".join(f"true {truth[k]} said {predicted[k]}".ljust(16) for k in wrong))
        for line in zip(*pictures):
            print("   ".join(part.ljust(16) for part in line))
    if args.svg:
        from . import svg
        print("wrote", svg.write_curve("digits_curve.svg", {"training": history["accuracy"],
                                                             "validation": history["val_accuracy"]},
                                       title="Digits: accuracy per epoch", y_label="accuracy"))


if __name__ == "__main__":
    main()
