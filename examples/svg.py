"""Pictures without a plotting library: line charts and 2-D decision maps, written as SVG text.

SVG is XML that every browser draws. Each function writes a file and returns its absolute path:

    write_curve("loss.svg", {"loss": [...], "val_loss": [...]}, title=..., y_label=...)
    write_scatter("fit.svg", {"network": [(x, y), ...]}, points, title=...)
    write_decision_map("map.svg", classify, points, labels, bounds, title=...)

No two labels touch. The layout gives every text a box: len(text) × 0.6 × font size wide, from 0.8 ×
font size above its baseline to 0.2 × below, placed by its text-anchor (a rotated label turns its box
with it). Boxes stay at least 2 px apart and inside the picture: the left margin grows with the tick
labels, an x tick label is left out when its neighbours would touch it, the legend takes as many rows
as it needs below the axis title, and a name too long for its place is cut short with "…".
"""

import math
import os
import re
from xml.sax.saxutils import escape

WIDTH, PLOT_HEIGHT, TOP, RIGHT = 640, 325, 40, 20  # the plotting area is 325 px high, 40 px from the top
FONT = 13  # px, every label
GAP = 2  # px, the least room between two labels
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf"]
DASHES = ["none", "8 4", "2 3"]  # after ten series the colours come round again, dashed
LARGEST = 1e300  # larger numbers would overflow the arithmetic of the axes
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # XML 1.0 forbids these


def width_of(text, size=FONT):
    """The width the layout gives a label: 0.6 × font size a character."""
    return len(text) * 0.6 * size


def shortened(text, room):
    """text, cut with "…" so that it is at most `room` px wide."""
    text = str(text)
    if width_of(text) <= room:
        return text
    return text[:max(int(room / (0.6 * FONT)) - 1, 0)] + "…"


def element(tag, text=None, **attributes):
    """One SVG element: element("circle", cx=3.0, r=2) -> '<circle cx="3.00" r="2"/>'.

    An underscore in an attribute name stands for a hyphen (stroke_width -> stroke-width). Characters
    XML cannot hold (control characters, lone surrogates) become U+FFFD.
    """
    def value(v):
        return f"{v:.2f}" if isinstance(v, float) else escape(NOT_XML.sub("\ufffd", str(v)), {'"': "&quot;"})
    attrs = " ".join(f'{name.replace("_", "-")}="{value(v)}"' for name, v in attributes.items())
    if text is None:
        return f"<{tag} {attrs}/>"
    return f"<{tag} {attrs}>{value(text)}</{tag}>"


def checked(name, values):
    """values as floats, or a ValueError naming the first one that cannot be drawn."""
    numbers = []
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not abs(v) <= LARGEST:
            raise ValueError(f"{name}: value {i} is {v!r}; only numbers of size at most {LARGEST:g} can be "
                             "drawn (not nan or inf)")
        numbers.append(float(v))
    return numbers


def checked_points(name, points):
    """points, a list of (x, y), as float pairs, or a ValueError naming the first that cannot be drawn."""
    points = list(points)
    xs, ys = checked("x of " + name, [x for x, _ in points]), checked("y of " + name, [y for _, y in points])
    return list(zip(xs, ys))


def nice_ticks(low, high, count=5):
    """About `count` round tick values (steps of 1, 2 or 5 times a power of ten) covering [low, high]."""
    if high <= low:  # one value: the axis runs from it up by its size, or by 1 from 0
        high = low + (abs(low) or 1.0)
    least = max(abs(low) * 1e-9, abs(high) * 1e-9, 1e-290)  # closer ticks would be lost in a float's rounding
    if high - low < least:
        low, high = (low + high - least) / 2, (low + high + least) / 2
    raw_step = (high - low) / count
    power = 10.0 ** math.floor(math.log10(raw_step))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw_step)
    first = math.floor(low / step)
    return [i * step for i in range(first, first + count + 3) if (i - 1) * step < high - step * 1e-9]


def tick_labels(ticks):
    """The shortest labels that show every tick to within a millionth of a step: 0.25 or 2000, or with an
    exponent (1e+300) where that is shorter."""
    step = ticks[1] - ticks[0]
    candidates = []
    for form in ("f", "g"):  # fixed point first: it wins a tie
        for digits in range(0 if form == "f" else 1, 18):
            labels = [format(t, f".{digits}{form}") for t in ticks]
            if all(abs(float(label) - t) <= step * 1e-6 for label, t in zip(labels, ticks)):
                if form == "f" and digits:  # 0.50 -> 0.5, 1.00 -> 1, as %g writes them
                    labels = [label.rstrip("0").rstrip(".") for label in labels]
                candidates.append(labels)
                break
    return min(candidates, key=lambda labels: max(map(len, labels)))


def pale(colour, amount=0.75):
    """colour mixed with `amount` of white: a background shade of it."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


class _Canvas:
    """Maps data coordinates into the plotting area, collects SVG elements, and lays out the labels.

    legend: (name, colour, kind) for each entry, kind "line" (with entry i's dash), "dot" or "area".
    """

    def __init__(self, x_range, y_range, title, x_label, y_label, legend):
        self.x_ticks, self.y_ticks = nice_ticks(*x_range), nice_ticks(*y_range)
        self.x0, self.x1 = self.x_ticks[0], self.x_ticks[-1]
        self.y0, self.y1 = self.y_ticks[0], self.y_ticks[-1]
        self.x_labels, self.y_labels = tick_labels(self.x_ticks), tick_labels(self.y_ticks)
        # left: the rotated y title (x 7.6 to 20.6), a gap, the widest y tick label, 6 px to the frame
        self.left = max(70, math.ceil(20.6 + GAP + max(map(width_of, self.y_labels)) + 6),
                        math.ceil(width_of(self.x_labels[0]) / 2 + GAP))
        self.right = WIDTH - max(RIGHT, math.ceil(width_of(self.x_labels[-1]) / 2 + GAP))
        self.bottom = TOP + PLOT_HEIGHT
        self.title, self.x_label, self.y_label = title, x_label, y_label
        self.legend_rows = self.arrange(legend)
        self.height = self.bottom + 50 + 20 * len(self.legend_rows)
        self.elements = []

    def arrange(self, legend):
        """The legend's entries in rows under the x axis title: [[(x, name, colour, kind, i), ...], ...]."""
        rows, x = [[]], self.left
        for i, (name, colour, kind) in enumerate(legend):
            name = shortened(name, WIDTH - self.left - 35)
            end = x + 25 + width_of(name)
            if end > WIDTH - 10 and rows[-1]:
                rows.append([])
                x, end = self.left, self.left + 25 + width_of(name)
            rows[-1].append((x, name, colour, kind, i))
            x = end + 18
        return rows if rows[0] else []

    def px(self, x):
        return self.left + (x - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def py(self, y):
        return self.bottom - (y - self.y0) / (self.y1 - self.y0) * PLOT_HEIGHT

    def add(self, tag, text=None, **attributes):
        self.elements.append(element(tag, text, **attributes))

    def label(self, x, y, words, anchor="middle", **attributes):
        self.add("text", words, x=float(x), y=float(y), text_anchor=anchor, font_family="sans-serif",
                 font_size=FONT, **attributes)

    def axes(self):
        """Grid lines, ticks with their labels, the frame, both axis titles and the chart title."""
        every = 1  # label every tick, or every second, ... while neighbouring x labels would touch
        while any(self.px(b) - self.px(a) < (width_of(p) + width_of(q)) / 2 + GAP
                  for a, b, p, q in zip(self.x_ticks[::every], self.x_ticks[every::every],
                                        self.x_labels[::every], self.x_labels[every::every])):
            every += 1
        for i, (x, text) in enumerate(zip(self.x_ticks, self.x_labels)):
            self.add("line", x1=self.px(x), y1=TOP, x2=self.px(x), y2=self.bottom, stroke="#ddd")
            if i % every == 0:
                self.label(self.px(x), self.bottom + 20, text)
        for y, text in zip(self.y_ticks, self.y_labels):
            self.add("line", x1=self.left, y1=self.py(y), x2=self.right, y2=self.py(y), stroke="#ddd")
            self.label(self.left - 6, self.py(y) + 4, text, anchor="end")
        self.add("rect", x=self.left, y=TOP, width=self.right - self.left, height=PLOT_HEIGHT, fill="none",
                 stroke="#333")
        centre = (self.left + self.right) / 2
        self.label(centre, self.bottom + 40, shortened(self.x_label, 2 * (min(centre, WIDTH - centre) - 5)))
        middle = (TOP + self.bottom) / 2
        self.label(18, middle, shortened(self.y_label, PLOT_HEIGHT), transform=f"rotate(-90 18 {middle:.1f})")
        self.label(WIDTH / 2, 24, shortened(self.title, WIDTH - 20), font_weight="bold")
        for row, entries in enumerate(self.legend_rows):
            y = self.bottom + 62 + 20 * row
            for x, name, colour, kind, i in entries:
                if kind == "line":
                    self.add("line", x1=x, y1=y - 4, x2=x + 20, y2=y - 4, stroke=colour, stroke_width=3,
                             stroke_dasharray=DASHES[i // len(COLOURS)])
                elif kind == "area":
                    self.add("rect", x=x + 3, y=y - 11, width=14, height=14, fill=pale(colour), stroke="#999")
                if kind in ("dot", "area"):
                    self.add("circle", cx=x + 10, cy=y - 4, r=3.5, fill=colour)
                self.label(x + 25, y, name, anchor="start")

    def line(self, points, i):
        coordinates = " ".join(f"{self.px(x):.1f},{self.py(y):.1f}" for x, y in points)
        self.add("polyline", points=coordinates, fill="none", stroke=COLOURS[i % len(COLOURS)],
                 stroke_width=2, stroke_dasharray=DASHES[i // len(COLOURS)])

    def save(self, path):
        body = "\n".join(self.elements)
        header = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{self.height}" '
                  f'viewBox="0 0 {WIDTH} {self.height}">')
        clip = (f'<clipPath id="plot"><rect x="{self.left}" y="{TOP}" width="{self.right - self.left}" '
                f'height="{PLOT_HEIGHT}"/></clipPath>')
        with open(path, "w", encoding="utf-8") as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n{header}\n{clip}\n'
                    f'<rect width="100%" height="100%" fill="white"/>\n{body}\n</svg>\n')
        return os.path.abspath(path)


def styles(names):
    """A legend entry (name, colour, "line") per series; an error when there are too many to tell apart."""
    names = list(names)
    if len(names) > len(COLOURS) * len(DASHES):
        raise ValueError(f"{len(names)} series: at most {len(COLOURS) * len(DASHES)} can be told apart")
    return [(name, COLOURS[i % len(COLOURS)], "line") for i, name in enumerate(names)]


def write_curve(path, series, title, x_label="epoch", y_label=""):
    """Line chart of named series (lists of numbers) against epochs 1, 2, ...; the y axis includes 0."""
    series = {name: checked(f"series {name!r}", values) for name, values in series.items()}
    length = max([len(values) for values in series.values()] + [1])
    all_y = [v for values in series.values() for v in values]
    canvas = _Canvas((1, length), (min(all_y + [0.0]), max(all_y + [0.0])), title, x_label, y_label,
                     styles(series))
    canvas.axes()
    for i, values in enumerate(series.values()):
        canvas.line(zip(range(1, length + 1), values), i)
    return canvas.save(path)


def write_scatter(path, curves, points, title, x_label="x", y_label="y", points_name="data"):
    """Lines (name -> list of (x, y)) drawn over grey dots (list of (x, y)): a fit against its data."""
    points = checked_points("points", points)
    curves = {name: checked_points(f"curve {name!r}", line) for name, line in curves.items()}
    xs = [x for x, _ in points] + [x for line in curves.values() for x, _ in line] or [0.0]
    ys = [y for _, y in points] + [y for line in curves.values() for _, y in line] or [0.0]
    legend = styles(curves) + ([(points_name, "#999", "dot")] if points else [])
    canvas = _Canvas((min(xs), max(xs)), (min(ys), max(ys)), title, x_label, y_label, legend)
    canvas.axes()
    for x, y in points:
        canvas.add("circle", cx=canvas.px(x), cy=canvas.py(y), r=2.5, fill="#999")
    for i, line in enumerate(curves.values()):
        canvas.line(line, i)
    return canvas.save(path)


def write_decision_map(path, classify, points, labels, bounds, title, resolution=60, class_names=None):
    """Colour the plane by the class `classify` gives each cell, then draw the labelled points.

    classify: takes a list of [x, y] and returns one class number each (e.g. net.predict_classes).
    bounds: (x_min, x_max, y_min, y_max). class_names: a name for each class number (default "class k"),
    shown in the legend. Points outside the plotting area are not drawn.
    """
    x_min, x_max, y_min, y_max = checked("bounds", bounds)
    if not (x_min < x_max and y_min < y_max):
        raise ValueError(f"bounds: expected (x_min, x_max, y_min, y_max) with min < max, got {tuple(bounds)}")
    points = checked_points("points", points)
    x_ticks, y_ticks = nice_ticks(x_min, x_max), nice_ticks(y_min, y_max)  # the axes run from tick to tick
    dx, dy = (x_ticks[-1] - x_ticks[0]) / resolution, (y_ticks[-1] - y_ticks[0]) / resolution
    corners = [(x_ticks[0] + i * dx, y_ticks[0] + (j + 1) * dy)  # the top-left corner of each cell
               for j in range(resolution) for i in range(resolution)]
    classes, labels = list(classify([[x + dx / 2, y - dy / 2] for x, y in corners])), list(labels)
    seen = set(classes + labels)
    if any(type(k) is not int or k < 0 for k in seen) or len(seen) > len(COLOURS):
        raise ValueError(f"classes: expected at most {len(COLOURS)} class numbers 0, 1, 2, ... from classify "
                         f"and labels, got {sorted(map(repr, seen))[:12]}")
    names = list(class_names or [])
    legend = [(names[k] if k < len(names) else f"class {k}", COLOURS[k], "area") for k in sorted(seen)]
    canvas = _Canvas((x_min, x_max), (y_min, y_max), title, "x₁", "x₂", legend)
    cell_width = canvas.px(canvas.x0 + dx) - canvas.px(canvas.x0) + 0.5  # half a pixel of overlap: no seams
    cell_height = canvas.py(canvas.y0) - canvas.py(canvas.y0 + dy) + 0.5
    for (x, y), cls in zip(corners, classes):
        canvas.add("rect", x=canvas.px(x), y=canvas.py(y), width=cell_width, height=cell_height,
                   fill=pale(COLOURS[cls]))
    canvas.axes()
    for (x, y), label in zip(points, labels):
        canvas.add("circle", cx=canvas.px(x), cy=canvas.py(y), r=3.5, fill=COLOURS[label], stroke="#222",
                   stroke_width=0.7, clip_path="url(#plot)")
    return canvas.save(path)
