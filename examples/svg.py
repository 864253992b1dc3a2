"""Pictures without a plotting library: line charts and 2-D decision maps, written as SVG text.

SVG is XML that every browser draws. Each function writes a file and returns its absolute path:

    write_curve("loss.svg", {"loss": [...], "val_loss": [...]}, title=..., y_label=...)
    write_scatter("fit.svg", {"network": [(x, y), ...]}, points, title=...)
    write_decision_map("map.svg", classify, points, labels, bounds, title=...)
"""

import math
import os
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 420
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 40, 55  # margins around the plotting area
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf"]


def element(tag, text=None, **attributes):
    """One SVG element: element("circle", cx=3.0, r=2) -> '<circle cx="3.00" r="2"/>'.

    An underscore in an attribute name stands for a hyphen (stroke_width -> stroke-width).
    """
    def value(v):
        return f"{v:.2f}" if isinstance(v, float) else escape(str(v), {'"': "&quot;"})
    attrs = " ".join(f'{name.replace("_", "-")}="{value(v)}"' for name, v in attributes.items())
    if text is None:
        return f"<{tag} {attrs}/>"
    return f"<{tag} {attrs}>{escape(str(text))}</{tag}>"


def nice_ticks(low, high, count=5):
    """About `count` round tick values (steps of 1, 2 or 5 times a power of ten) covering [low, high]."""
    if high <= low:
        high = low + 1.0
    raw_step = (high - low) / count
    power = 10 ** math.floor(math.log10(raw_step))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw_step)
    ticks = [math.floor(low / step) * step]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(ticks[-1] + step)
    return [round(t, 12) for t in ticks]


def pale(colour, amount=0.75):
    """colour mixed with `amount` of white: a background shade of it."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


class _Canvas:
    """Maps data coordinates into the plotting area and collects SVG elements."""

    def __init__(self, x_range, y_range, title, x_label, y_label):
        self.x_ticks, self.y_ticks = nice_ticks(*x_range), nice_ticks(*y_range)
        self.x0, self.x1 = self.x_ticks[0], self.x_ticks[-1]
        self.y0, self.y1 = self.y_ticks[0], self.y_ticks[-1]
        self.title, self.x_label, self.y_label = title, x_label, y_label
        self.elements = []

    def px(self, x):
        return LEFT + (x - self.x0) / (self.x1 - self.x0) * (WIDTH - LEFT - RIGHT)

    def py(self, y):
        return HEIGHT - BOTTOM - (y - self.y0) / (self.y1 - self.y0) * (HEIGHT - TOP - BOTTOM)

    def add(self, tag, text=None, **attributes):
        self.elements.append(element(tag, text, **attributes))

    def label(self, x, y, words, anchor="middle", **attributes):
        self.add("text", words, x=float(x), y=float(y), text_anchor=anchor, font_family="sans-serif",
                 font_size=13, **attributes)

    def axes(self):
        """Grid lines, ticks with their labels, the frame, both axis titles and the chart title."""
        bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
        for x in self.x_ticks:
            self.add("line", x1=self.px(x), y1=TOP, x2=self.px(x), y2=bottom, stroke="#ddd")
            self.label(self.px(x), bottom + 18, f"{x:g}")
        for y in self.y_ticks:
            self.add("line", x1=LEFT, y1=self.py(y), x2=right, y2=self.py(y), stroke="#ddd")
            self.label(LEFT - 6, self.py(y) + 4, f"{y:g}", anchor="end")
        self.add("rect", x=LEFT, y=TOP, width=right - LEFT, height=bottom - TOP, fill="none", stroke="#333")
        self.label((LEFT + right) / 2, HEIGHT - 12, self.x_label)
        middle = (TOP + bottom) / 2
        self.label(18, middle, self.y_label, transform=f"rotate(-90 18 {middle:.1f})")
        self.label(WIDTH / 2, 24, self.title, font_weight="bold")

    def line(self, points, colour):
        coordinates = " ".join(f"{self.px(x):.1f},{self.py(y):.1f}" for x, y in points)
        self.add("polyline", points=coordinates, fill="none", stroke=colour, stroke_width=2)

    def legend(self, i, name, colour):
        """Entry i of the legend, in the bottom margin from the left, clear of the data."""
        x, y = 10 + 110 * i, HEIGHT - 12
        self.add("line", x1=x, y1=y - 4, x2=x + 20, y2=y - 4, stroke=colour, stroke_width=3)
        self.label(x + 25, y, name, anchor="start")

    def save(self, path):
        body = "\n".join(self.elements)
        header = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
                  f'viewBox="0 0 {WIDTH} {HEIGHT}">')
        with open(path, "w", encoding="utf-8") as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n{header}\n'
                    f'<rect width="100%" height="100%" fill="white"/>\n{body}\n</svg>\n')
        return os.path.abspath(path)


def write_curve(path, series, title, x_label="epoch", y_label=""):
    """Line chart of named series (lists of numbers) against epochs 1, 2, ...; the y axis includes 0."""
    length = max(len(values) for values in series.values())
    all_y = [v for values in series.values() for v in values]
    canvas = _Canvas((1, length), (min(all_y + [0.0]), max(all_y)), title, x_label, y_label)
    canvas.axes()
    for i, (name, values) in enumerate(series.items()):
        colour = COLOURS[i % len(COLOURS)]
        canvas.line(zip(range(1, length + 1), values), colour)
        canvas.legend(i, name, colour)
    return canvas.save(path)


def write_scatter(path, curves, points, title, x_label="x", y_label="y"):
    """Lines (name -> list of (x, y)) drawn over grey dots (list of (x, y)): a fit against its data."""
    xs = [x for x, _ in points] + [x for line in curves.values() for x, _ in line]
    ys = [y for _, y in points] + [y for line in curves.values() for _, y in line]
    canvas = _Canvas((min(xs), max(xs)), (min(ys), max(ys)), title, x_label, y_label)
    canvas.axes()
    for x, y in points:
        canvas.add("circle", cx=canvas.px(x), cy=canvas.py(y), r=2.5, fill="#999")
    for i, (name, line) in enumerate(curves.items()):
        colour = COLOURS[i % len(COLOURS)]
        canvas.line(line, colour)
        canvas.legend(i, name, colour)
    return canvas.save(path)


def write_decision_map(path, classify, points, labels, bounds, title, resolution=60):
    """Colour the plane by the class `classify` gives each cell, then draw the labelled points.

    classify: takes a list of [x, y] and returns one class number each (e.g. net.predict_classes).
    bounds: (x_min, x_max, y_min, y_max).
    """
    x_min, x_max, y_min, y_max = bounds
    canvas = _Canvas((x_min, x_max), (y_min, y_max), title, "x₁", "x₂")
    dx = (canvas.x1 - canvas.x0) / resolution
    dy = (canvas.y1 - canvas.y0) / resolution
    corners = [(canvas.x0 + i * dx, canvas.y0 + (j + 1) * dy)  # the top-left corner of each cell
               for j in range(resolution) for i in range(resolution)]
    centres = [[x + dx / 2, y - dy / 2] for x, y in corners]
    cell_width = canvas.px(canvas.x0 + dx) - canvas.px(canvas.x0) + 0.5  # half a pixel of overlap: no seams
    cell_height = canvas.py(canvas.y0) - canvas.py(canvas.y0 + dy) + 0.5
    for (x, y), cls in zip(corners, classify(centres)):
        canvas.add("rect", x=canvas.px(x), y=canvas.py(y), width=cell_width, height=cell_height,
                   fill=pale(COLOURS[cls % len(COLOURS)]))
    canvas.axes()
    for (x, y), label in zip(points, labels):
        canvas.add("circle", cx=canvas.px(x), cy=canvas.py(y), r=3.5, fill=COLOURS[label % len(COLOURS)],
                   stroke="#222", stroke_width=0.7)
    return canvas.save(path)
