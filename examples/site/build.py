"""Build a JupyterLite site that runs tinynn and its notebooks in the browser, with nothing fetched
from any other host once it is served.

    python3 examples/site/build.py                  the site in build/site/ (tools in build/site-tools/)
    python3 examples/site/build.py --out DIR        the site in DIR (an empty or earlier-built folder)
    python3 -m http.server -d build/site 8000       then open http://127.0.0.1:8000/lab/index.html

Needs Python 3.10+ with venv (JupyterLite's need), npm, and PyPI and npm's registry once; the tools
are kept in build/site-tools/ for the next build. What it does, in order:
 1. a virtual environment with the pinned JupyterLite packages (PINNED below);
 2. Pyodide from npm (PYODIDE), and the wheels its kernel loads at start (micropip, jedi and IPython
    with what they need) downloaded from PyPI in the versions pyodide-lock.json names; PyPI's files
    are not byte for byte Pyodide's, so their sha256 (which the browser checks) is rewritten in the
    lock; `comm`, which the kernel needs and the lock lacks, goes where the kernel's pip finds it;
 3. the site's files, in the repository's layout, so that relative paths work as in a checkout:
    tinynn.py, README.md, LICENSE and examples/ (every notebook, script and data file; no caches),
    each notebook's kernel set to JupyterLite's Pyodide kernel (named "python"; the repository's
    copies keep Jupyter's "python3");
 4. `jupyter lite build` from a fresh folder (its cache, kept beside its sources, once dropped a
    setting silently when an output was rebuilt), with settings that load Pyodide from the site
    itself and never ask PyPI;
 5. the site's list of files corrected where it gives a binary file a text type (mnist_5k.csv.gz
    as text/csv), which would reach the kernel with its bytes spoilt.
Standard library only, like every file under examples/.
"""

import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))  # the repository: examples/site/ -> two folders up

PINNED = ["jupyterlite-core==0.8.6", "jupyterlite-pyodide-kernel==0.8.6", "jupyter_server==2.21.1"]
PYODIDE = "314.0.8"  # Python 3.14; the version the test suite runs under in Node (.ci/run)
COMM = "comm==0.2.3"  # the kernel imports it; not in Pyodide's lock
KERNEL_LOADS = ["micropip", "jedi", "ipython"]  # what the kernel loads from the lock, with their depends
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
SKIP = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", "out", "build"}  # folders not copied
# The build's own list of contents to leave out holds the output folder's name (and lib/, build/...),
# which would drop examples/site/ from a site built into a folder called site: copy_files chose already.
BUILD_CONFIG = {"LiteBuildConfig": {"ignore_contents": [r"\.pyc$"]}}
SETTINGS = {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {
        "appName": "tinynn",
        "exposeAppInBrowser": True,  # window.jupyterapp, for the browser test in .ci/
        "litePluginSettings": {
            "@jupyterlite/pyodide-kernel-extension:kernel": {
                "pyodideUrl": "./static/pyodide/pyodide.mjs",
                "disablePyPIFallback": True,
            },
        },
    },
}


def run(command, **options):
    """Run a command; on failure show its output and stop with its exit status."""
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **options)
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-4000:])
        sys.exit("build.py: %s failed (exit %d)" % (" ".join(command[:4]), done.returncode))
    return done.stdout


def tools(folder):
    """The venv with JupyterLite and the npm copy of Pyodide in folder, made once; returns
    (the venv's python, the pyodide package folder)."""
    venv = os.path.join(folder, "venv")
    python = os.path.join(venv, "Scripts" if os.name == "nt" else "bin", "python")
    if not os.path.exists(python):
        run([sys.executable, "-m", "venv", venv])
    run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check"] + PINNED)
    package = os.path.join(folder, "node_modules", "pyodide")
    if not os.path.exists(os.path.join(package, "package.json")) \
            or json.load(open(os.path.join(package, "package.json")))["version"] != PYODIDE:
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("build.py: npm not found (it fetches Pyodide from the npm registry): install Node.js")
        run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", folder, "pyodide@" + PYODIDE])
    return python, package


def depends(lock, names):
    """The names and every package they depend on, by pyodide-lock.json's "depends"."""
    keys = {normal(key): key for key in lock["packages"]}  # keys say prompt-toolkit, depends prompt_toolkit
    found, todo = [], list(names)
    while todo:
        name = keys[normal(todo.pop(0))]
        if name not in found:
            found.append(name)
            todo += lock["packages"][name]["depends"]
    return found


def normal(name):
    """A package's name as PyPI compares names: prompt_toolkit, Prompt-Toolkit -> prompt-toolkit."""
    return name.lower().replace("_", "-").replace(".", "-")


def download(python, requirements, folder):
    """Pure-Python wheels for Python 3.14 from PyPI (kept in folder between builds)."""
    os.makedirs(folder, exist_ok=True)
    run([python, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
         "--only-binary", ":all:", "--python-version", "3.14", "-d", folder] + requirements)


def wheel_for(folder, name, version):
    """The file in folder holding the wheel of name==version."""
    for path in glob.glob(os.path.join(folder, "*.whl")):
        wheel_name, wheel_version = os.path.basename(path).split("-")[:2]
        if normal(wheel_name) == normal(name) and wheel_version == version:
            return path
    sys.exit("build.py: no wheel of %s %s in %s" % (name, version, folder))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def pyodide(python, package, static, wheels):
    """static/pyodide/: Pyodide, the kernel's wheels and a lock whose sha256 match them."""
    os.makedirs(static)
    for name in PYODIDE_FILES:
        shutil.copy(os.path.join(package, name), static)
    with open(os.path.join(package, "pyodide-lock.json"), encoding="utf-8") as f:
        lock = json.load(f)
    names = depends(lock, KERNEL_LOADS)
    download(python, ["%s==%s" % (n, lock["packages"][n]["version"]) for n in names], wheels)
    for name in names:
        entry = lock["packages"][name]
        path = wheel_for(wheels, name, entry["version"])
        shutil.copy(path, static)
        entry["file_name"] = os.path.basename(path)
        entry["sha256"] = sha256(path)
    with open(os.path.join(static, "pyodide-lock.json"), "w", encoding="utf-8") as f:
        json.dump(lock, f)
    return names


def copy_files(files):
    """The repository's files the site serves, in its layout; notebooks get the Pyodide kernel."""
    notebooks = []
    for name in ["tinynn.py", "README.md", "LICENSE"]:
        shutil.copy(os.path.join(ROOT, name), files)
    for top, folders, names in os.walk(os.path.join(ROOT, "examples")):
        folders[:] = sorted(f for f in folders if f not in SKIP and not f.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or name.endswith((".pyc", ".pyo")):
                continue
            source = os.path.join(top, name)
            target = os.path.join(files, os.path.relpath(source, ROOT))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if name.endswith(".ipynb"):
                with open(source, encoding="utf-8") as f:
                    notebook = json.load(f)
                notebook.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)
                with open(target, "w", encoding="utf-8") as f:
                    json.dump(notebook, f, indent=1, ensure_ascii=False)
                notebooks.append(os.path.relpath(source, ROOT).replace(os.sep, "/"))
            else:
                shutil.copy(source, target)
    return notebooks


def binary_types(out):
    """The site's list of files (api/contents/**/all.json) gives a file's type as Python guesses it from
    its name: mnist_5k.csv.gz is text/csv there, and the browser then reads it as text and spoils its
    bytes. Each file whose last extension is a binary type of the site's (.gz, .png, ...) gets that type."""
    with open(os.path.join(out, "jupyter-lite.json"), encoding="utf-8") as f:
        kinds = json.load(f)["jupyter-config-data"]["fileTypes"].values()
    binary = {extension: kind["mimeTypes"][0] for kind in kinds if kind.get("fileFormat") == "base64"
              for extension in kind["extensions"]}
    fixed = []
    for top, _, names in os.walk(os.path.join(out, "api", "contents")):
        if "all.json" not in names:
            continue
        with open(os.path.join(top, "all.json"), encoding="utf-8") as f:
            listing = json.load(f)
        changed = False
        for item in listing["content"]:
            mimetype = binary.get(os.path.splitext(item["name"])[1].lower())
            if item["type"] == "file" and mimetype and item["mimetype"] != mimetype:
                item["mimetype"], changed = mimetype, True
                fixed.append(item["path"])
        if changed:
            with open(os.path.join(top, "all.json"), "w", encoding="utf-8") as f:
                json.dump(listing, f)
    return fixed


def size_of(folder):
    return sum(os.path.getsize(os.path.join(top, n)) for top, _, names in os.walk(folder) for n in names)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "site"),
                        help="the folder the site goes to (default: build/site in the repository)")
    parser.add_argument("--tools", default=os.path.join(ROOT, "build", "site-tools"),
                        help="where the venv, Pyodide and the wheels are kept between builds")
    args = parser.parse_args()
    if sys.version_info < (3, 10):
        sys.exit("build.py: JupyterLite %s needs Python 3.10 or newer to build, this is %s (tinynn itself "
                 "runs on 3.7+)" % (PINNED[0].split("==")[1], sys.version.split()[0]))
    out = os.path.abspath(args.out)
    if os.path.exists(out) and os.listdir(out) and not os.path.exists(os.path.join(out, "jupyter-lite.json")):
        sys.exit("build.py: %s is neither empty nor a site built before: not replacing it" % out)
    start = time.time()
    os.makedirs(args.tools, exist_ok=True)
    python, package = tools(os.path.abspath(args.tools))
    source = tempfile.mkdtemp(prefix="tinynn-site-")
    try:
        wheels = os.path.join(os.path.abspath(args.tools), "wheels")
        loaded = pyodide(python, package, os.path.join(source, "static", "pyodide"), wheels)
        download(python, [COMM], wheels)
        os.makedirs(os.path.join(source, "pypi"))
        shutil.copy(wheel_for(wheels, "comm", COMM.split("==")[1]), os.path.join(source, "pypi"))
        os.makedirs(os.path.join(source, "files"))
        notebooks = copy_files(os.path.join(source, "files"))
        with open(os.path.join(source, "jupyter-lite.json"), "w", encoding="utf-8") as f:
            json.dump(SETTINGS, f, indent=2)
        with open(os.path.join(source, "jupyter_lite_config.json"), "w", encoding="utf-8") as f:
            json.dump(BUILD_CONFIG, f, indent=2)
        if os.path.exists(out):
            shutil.rmtree(out)
        bin_folder = os.path.dirname(python)
        run([os.path.join(bin_folder, "jupyter"), "lite", "build", "--no-sourcemaps", "--lite-dir", source,
             "--contents", os.path.join(source, "files"), "--output-dir", out], cwd=source)
    finally:
        shutil.rmtree(source, ignore_errors=True)
    binary = binary_types(out)
    print("Pyodide %s with %d wheels from PyPI for its kernel (%s), and %s" % (
        PYODIDE, len(loaded), ", ".join(loaded), COMM))
    print("%d notebooks: %s" % (len(notebooks), ", ".join(notebooks)))
    print("binary files the site's list had as text, now read as bytes: %s" % (", ".join(binary) or "none"))
    print("site: %s (%.1f MB) built in %.0f s" % (out, size_of(out) / 1e6, time.time() - start))
    shown = os.path.relpath(out) if not os.path.relpath(out).startswith("..") else out
    print("serve it: python3 -m http.server -d %s 8000, then open http://127.0.0.1:8000/lab/index.html"
          % shown)


if __name__ == "__main__":
    main()
