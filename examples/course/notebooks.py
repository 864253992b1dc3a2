"""Turn the course's lesson scripts into notebooks: examples/course/ch*.py -> ch*.ipynb.

    python3 examples/course/notebooks.py            write every lesson's notebook
    python3 examples/course/notebooks.py --check    write nothing; exit 1, naming each notebook that
                                                    differs from its script, is missing, or has no script

The script is the source of truth; the notebook is made from it, the same bytes every time, so a
test can keep the two equal. A script is in the "percent" format that jupytext also reads: a line
that is exactly `# %%` starts a code cell, a line that is exactly `# %% [markdown]` a markdown cell.
A markdown cell's lines are comments: `# text` becomes `text` and a lone `#` an empty line. Blank
lines around a cell are dropped; nothing may stand before the first marker.

The notebook is nbformat 4.5 JSON without outputs or execution counts. Each cell's id is the
lesson's name and the cell's number (ch1_digits-0, ch1_digits-1, ...), so ids never change while
the cells stay in place. Standard library only.
"""

import argparse
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CODE, MARKDOWN = "# %%", "# %% [markdown]"
METADATA = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"}}


def cells(text, name="script"):
    """The cells of a percent-format script: a list of (kind, lines), kind "code" or "markdown"."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if line in (CODE, MARKDOWN):
            found.append(("code" if line == CODE else "markdown", []))
        elif not found:
            if line.strip():
                raise ValueError(f"{name}, line {number}: expected the first cell's marker ({MARKDOWN!r} "
                                 f"or {CODE!r}) before any other line, got {line!r}")
        elif found[-1][0] == "markdown":
            if line == "#" or line.startswith("# "):
                found[-1][1].append(line[2:])
            elif line.strip():
                raise ValueError(f"{name}, line {number}: a markdown cell holds comment lines ('# text' "
                                 f"or a lone '#'), got {line!r}")
            else:
                found[-1][1].append("")
        else:
            found[-1][1].append(line)
    return [(kind, trimmed(lines)) for kind, lines in found]


def trimmed(lines):
    """lines without the empty lines at their start and end."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def notebook(text, name):
    """The notebook of the lesson `name` (its file name without .py) as JSON text."""
    made = []
    for number, (kind, lines) in enumerate(cells(text, name)):
        cell = {"cell_type": kind, "id": f"{name}-{number}", "metadata": {},
                "source": [line + "\n" for line in lines[:-1]] + lines[-1:]}  # nbformat's lines
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        made.append(cell)
    document = {"cells": made, "metadata": METADATA, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def lessons(folder=HERE):
    """The lesson scripts in `folder`: ch*.py, sorted."""
    return sorted(glob.glob(os.path.join(folder, "ch*.py")))


def main():
    parser = argparse.ArgumentParser(add_help=False, description="Make the notebook of each lesson "
                                     "(ch*.py -> ch*.ipynb) in this folder.")
    parser.add_argument("-h", "--help", action="help", help="Show this help and exit.")
    parser.add_argument("--check", action="store_true",
                        help="Write nothing; exit 1 if a notebook differs from its script or is missing.")
    args = parser.parse_args()
    stale = []
    for script in lessons():
        with open(script, encoding="utf-8") as f:
            wanted = notebook(f.read(), os.path.basename(script)[:-3])
        path = script[:-3] + ".ipynb"
        try:
            with open(path, encoding="utf-8", newline="") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current == wanted:
            continue
        if args.check:
            what = "is missing" if current is None else "differs from its script"
            stale.append(f"{os.path.basename(path)} {what}")
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(wanted)
            print("wrote", path)
    for path in sorted(glob.glob(os.path.join(HERE, "ch*.ipynb"))):
        if not os.path.exists(path[:-6] + ".py"):
            stale.append(f"{os.path.basename(path)} has no script {os.path.basename(path)[:-6]}.py")
    if stale:
        print("\n".join(stale))
        print(f"run: python3 {os.path.relpath(os.path.abspath(__file__))}")
        sys.exit(1)


if __name__ == "__main__":
    main()
