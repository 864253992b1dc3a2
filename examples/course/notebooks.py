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

It also keeps the teacher's page (README.md here) in step with tinynn.py: its table "Where the
answers are" gives the line of tinynn.py that answers each exercise, as examples/exercises.py finds
it, so run this after editing tinynn.py too.
"""

import argparse
import glob
import json
import os
import re
import runpy
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


# a row of the answers' table: | `bp2` | 2 | `NeuralNetwork.backpropagation`, line 532 |
ANSWER_ROW = r"^\| `(\w+)` \| \d \| `[\w.]+`, line \d+ \|$"
LESSON_OF_CHAPTER = {1: 1, 2: 2, 3: 3, 5: 4}  # the course's lesson 4 is the book's chapter 5


def with_answer_lines(page, exercises_path):
    """The teacher's page with each answer's line in tinynn.py as the grader finds it now."""
    grader = runpy.run_path(exercises_path)  # its functions only: not run as __main__

    def row(match):
        name = match.group(1)
        exercise = grader["EXERCISES"][name]
        where = grader["where_in_tinynn"](*exercise.answer)  # 'SGD.step, tinynn.py line 826'
        function, line = re.fullmatch(r"(.*), tinynn\.py line (\d+)", where).groups()
        return f"| `{name}` | {LESSON_OF_CHAPTER[exercise.chapter]} | `{function}`, line {line} |"
    return re.sub(ANSWER_ROW, row, page, flags=re.M)


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
    page, grader = os.path.join(HERE, "README.md"), os.path.join(HERE, "..", "exercises.py")
    if os.path.exists(page) and os.path.exists(grader):
        with open(page, encoding="utf-8", newline="") as f:
            current = f.read()
        wanted = with_answer_lines(current, grader)
        if wanted != current and args.check:
            stale.append("README.md: the lines of 'Where the answers are' differ from tinynn.py's")
        elif wanted != current:
            with open(page, "w", encoding="utf-8", newline="\n") as f:
                f.write(wanted)
            print("wrote", page)
    for path in sorted(glob.glob(os.path.join(HERE, "ch*.ipynb"))):
        if not os.path.exists(path[:-6] + ".py"):
            stale.append(f"{os.path.basename(path)} has no script {os.path.basename(path)[:-6]}.py")
    if stale:
        print("\n".join(stale))
        print(f"run: python3 {os.path.relpath(os.path.abspath(__file__))}")
        sys.exit(1)


if __name__ == "__main__":
    main()
