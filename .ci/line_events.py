"""How far the maths is from the call: line events in tinynn.py on the way to feedforward.

    python3 .ci/line_events.py [FOLDER]

Runs the README's XOR quick start (batch 4) under sys.settrace and counts the line events in
tinynn.py from the call of train() to the first line of feedforward (what `step` in pdb would pass
through), with the functions they fall in; then the lines of update_mini_batch that `next` stops on
before feedforward's first line. FOLDER holds the tinynn.py to measure (default: the checkout's).
"""
import collections
import os
import sys

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import tinynn  # noqa: E402

FILE = os.path.abspath(tinynn.__file__)
FEEDFORWARD = tinynn.NeuralNetwork.feedforward.__code__
STEP = tinynn.NeuralNetwork.update_mini_batch.__code__


def count(call):
    """Line events in tinynn.py (per function) until feedforward's first line; the lines of
    update_mini_batch's own frame before that."""
    events, step_lines, done = collections.Counter(), [], []

    def tracer(frame, event, arg):
        if done or os.path.abspath(frame.f_code.co_filename) != FILE:
            return None
        if frame.f_code is FEEDFORWARD:
            done.append(True)
            return None
        if event == "line":
            events[frame.f_code.co_name] += 1
            if frame.f_code is STEP:
                step_lines.append(frame.f_lineno)
        return tracer

    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(None)
    return events, step_lines


net = tinynn.NeuralNetwork([2, 10, 1], ["sigmoid", "sigmoid"], seed=0)
X, Y = [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]
events, step_lines = count(lambda: net.train(X, Y, batch_size=4, epochs=1, lr=2.0))
print(f"line events in tinynn.py from train() to feedforward: {sum(events.values())}")
for name, n in events.most_common():
    print(f"  {n:4d}  {name}")
print(f"lines of update_mini_batch before feedforward ('next' stops): {len(step_lines)} {step_lines}")
