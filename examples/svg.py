"""Pictures without a plotting library: a line chart and a 2-D decision map, written as SVG text.

SVG is XML that every browser draws. Both functions write a file and return its path:

    write_curve("loss.svg", {"loss": [...], "val_loss": [...]}, title=..., x_label=..., y_label=...)
    write_decision_map("map.svg", classify, points, labels, n_classes, bounds, title=...)
"""

import math
import os
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 420
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 40, 55  # margins around the plotting area
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf"]
FONT = 'font-family="sans-serif" font-size="13"'


def nice_ticks(low, high, count=5):
    """About `count` round tick values (steps of 1, 2 or 5 times a power of ten) covering [low, high]."""
    if high <= low:
        high = low + 1.0
    raw_step = (high - low) / count
    power = 10 ** math.floor(math.log10(raw_step))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw_step)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 12))
    return ticks


def pale(colour, amount=0.75):
    """colour mixed with `amount` of white: a background shade of it."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join("{:02x}".format(round(c + (255 - c) * amount)) for c in rgb)


def tick_label(value):
    return "{:g}".format(value)


class _Canvas:
    """Maps data coordinates into the plotting area and collects SVG elements."""

    def __init__(self, x_range, y_range, title, x_label, y_label):
        self.x_ticks, self.y_ticks = nice_ticks(*x_range), nice_ticks(*y_range)
        self.x0, self.x1 = self.x_ticks[0], self.x_ticks[-1]
        self.y0, self.y1 = self.y_ticks[0], self.y_ticks[-1]
        self.elements = []
        self.title, self.x_label, self.y_label = title, x_label, y_label

    def px(self, x):
        return LEFT + (x - self.x0) / (self.x1 - self.x0) * (WIDTH - LEFT - RIGHT)

    def py(self, y):
        return HEIGHT - BOTTOM - (y - self.y0) / (self.y1 - self.y0) * (HEIGHT - TOP - BOTTOM)

    def text(self, x, y, words, anchor="middle", extra=""):
        self.elements.append('<text x="{:.1f}" y="{:.1f}" text-anchor="{}" {} {}>{}</text>'.format(
            x, y, anchor, FONT, extra, escape(str(words))))

    def axes(self):
        """Frame, ticks with labels, axis titles and the chart title."""
        bottom, left = HEIGHT - BOTTOM, LEFT
        for x in self.x_ticks:
            self.elements.append('<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#ddd"/>'.format(
                self.px(x), TOP, bottom))
            self.text(self.px(x), bottom + 18, tick_label(x))
        for y in self.y_ticks:
            self.elements.append('<line x1="{1}" y1="{0:.1f}" x2="{2}" y2="{0:.1f}" stroke="#ddd"/>'.format(
                self.py(y), left, WIDTH - RIGHT))
            self.text(left - 6, self.py(y) + 4, tick_label(y), anchor="end")
        self.elements.append('<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#333"/>'.format(
            left, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM))
        self.text((left + WIDTH - RIGHT) / 2, HEIGHT - 12, self.x_label)
        self.text(18, (TOP + bottom) / 2, self.y_label, extra='transform="rotate(-90 18 {:.1f})"'.format(
            (TOP + bottom) / 2))
        self.text(WIDTH / 2, 24, self.title, extra='font-weight="bold"')

    def legend(self, i, name, colour):
        """Entry i of the legend, in the bottom margin from the left, clear of the data."""
        x, y = 10 + 110 * i, HEIGHT - 12
        self.elements.append('<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}" stroke-width="3"/>'.format(
            x, y - 4, x + 20, colour))
        self.text(x + 25, y, name, anchor="start")

    def save(self, path):
        body = "\n".join(self.elements)
        svg = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}">\n'
               '<rect width="100%" height="100%" fill="white"/>\n{2}\n</svg>\n').format(WIDTH, HEIGHT, body)
        with open(path, "w", encoding="utf-8") as f:
            f.write(svg)
        return os.path.abspath(path)


def write_curve(path, series, title, x_label="epoch", y_label="", x_values=None):
    """Line chart of one or more named series (lists of numbers) against epochs 1, 2, ...

    x_values, if given, are the shared x coordinates instead of the epochs.
    """
    length = max(len(values) for values in series.values())
    xs = x_values or list(range(1, length + 1))
    all_y = [v for values in series.values() for v in values]
    canvas = _Canvas((min(xs), max(xs)), (min(all_y + [0.0]), max(all_y)), title, x_label, y_label)
    canvas.axes()
    for i, (name, values) in enumerate(series.items()):
        colour = COLOURS[i % len(COLOURS)]
        points = " ".join("{:.1f},{:.1f}".format(canvas.px(x), canvas.py(y)) for x, y in zip(xs, values))
        canvas.elements.append('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>'.format(
            points, colour))
        canvas.legend(i, name, colour)
    return canvas.save(path)


def write_scatter(path, curves, points, title, x_label="x", y_label="y"):
    """Lines (name -> list of (x, y)) drawn over dots (list of (x, y)): a fit against its data."""
    xs = [x for x, _ in points] + [x for line in curves.values() for x, _ in line]
    ys = [y for _, y in points] + [y for line in curves.values() for _, y in line]
    canvas = _Canvas((min(xs), max(xs)), (min(ys), max(ys)), title, x_label, y_label)
    canvas.axes()
    for x, y in points:
        canvas.elements.append('<circle cx="{:.1f}" cy="{:.1f}" r="2.5" fill="#999"/>'.format(canvas.px(x), canvas.py(y)))
    for i, (name, line) in enumerate(curves.items()):
        colour = COLOURS[i % len(COLOURS)]
        coords = " ".join("{:.1f},{:.1f}".format(canvas.px(x), canvas.py(y)) for x, y in line)
        canvas.elements.append('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>'.format(coords, colour))
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
    centres = [[canvas.x0 + (i + 0.5) * dx, canvas.y0 + (j + 0.5) * dy]
               for j in range(resolution) for i in range(resolution)]
    width, height = canvas.px(canvas.x0 + dx) - canvas.px(canvas.x0), canvas.py(canvas.y0) - canvas.py(canvas.y0 + dy)
    for (cx, cy), cls in zip(centres, classify(centres)):
        canvas.elements.append(  # cells overlap by half a pixel so no seams show between them
            '<rect x="{:.2f}" y="{:.2f}" width="{:.2f}" height="{:.2f}" fill="{}"/>'.format(
                canvas.px(cx - dx / 2), canvas.py(cy + dy / 2), width + 0.5, height + 0.5,
                pale(COLOURS[cls % len(COLOURS)])))
    canvas.axes()
    for (x, y), label in zip(points, labels):
        canvas.elements.append('<circle cx="{:.1f}" cy="{:.1f}" r="3.5" fill="{}" stroke="#222" '
                               'stroke-width="0.7"/>'.format(canvas.px(x), canvas.py(y), COLOURS[label % len(COLOURS)]))
    return canvas.save(path)
