"""Open every notebook of a built JupyterLite site in headless Chromium, run all its cells, and fail on
an error output, on a cell that does not finish within its limit, or on any request to a host other
than 127.0.0.1.

    python .ci/browser.py SITE [--screenshots DIR] [--cell-limit SECONDS] [--only NAME ...]

SITE is the folder examples/site/build.py wrote. Needs selenium 4 and Debian's chromium and
chromium-driver (.ci/run installs them). The site is served on 127.0.0.1 by this script; Chromium
resolves every other host name to nothing (--host-resolver-rules), and its network log (every
request the page, its service worker and the kernel's web worker made) is read afterwards for any
URL whose host is not 127.0.0.1. A screenshot of each notebook after its run goes to the
screenshots folder. In examples/site/browser_check.ipynb the script then types into the kernel
what a learner would: pdb at a breakpoint() and in %debug, and the interrupt button during a long
train(); what happened is printed (it is reported, and fails the run only where the README says it
works: pdb).

Last line: "notebooks: N passed, N failed".
"""

import argparse
import functools
import http.server
import json
import os
import re
import sys
import tempfile
import threading
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

KERNEL_LIMIT = 180  # seconds for the page to load and the kernel to be ready
CHECK_NOTEBOOK = "examples/site/browser_check.ipynb"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = dict(http.server.SimpleHTTPRequestHandler.extensions_map,
                          **{".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
                             ".json": "application/json", ".whl": "application/octet-stream"})
    isolated = False  # True: send the headers that make a page cross-origin isolated

    def end_headers(self):
        if self.isolated:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def log_message(self, *args):
        pass


def serve(folder, isolated=False):
    handler = type("Handler", (Quiet,), {"isolated": isolated})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1]


def chromium(logs, name):
    """A headless Chromium writing its own log and its network log into logs/."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--window-size=1400,1100",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter",
                 "--no-first-run", "--no-default-browser-check",
                 "--enable-logging", "--v=0", "--log-file=" + os.path.join(logs, name + ".log"),
                 "--log-net-log=" + os.path.join(logs, name + ".netlog.json"),
                 "--user-data-dir=" + tempfile.mkdtemp(prefix="profile-", dir=logs)]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def requests_in(netlog):
    """(initiator, url) of every request in a Chromium network log (its JSON cut short if need be)."""
    with open(netlog, encoding="utf-8", errors="replace") as f:
        text = f.read()
    try:
        log = json.loads(text)
    except ValueError:  # a browser that did not close cleanly leaves the event list open
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [(e["params"].get("initiator", ""), e["params"]["url"]) for e in log["events"]
            if e["type"] == start_job and "url" in e.get("params", {})]


def foreign_requests(logs):
    """Requests to a host other than 127.0.0.1, split into those of the pages (their service worker
    and web workers included: they name the page's origin as initiator) and Chromium's own (its
    update, sign-in and autofill services, which name no origin; turned off where flags allow)."""
    pages, own = set(), set()
    for name in sorted(os.listdir(logs)):
        if name.endswith(".netlog.json"):
            for initiator, url in requests_in(os.path.join(logs, name)):
                if urllib.parse.urlsplit(url).hostname in ("127.0.0.1", None) or url.startswith(("data:", "blob:")):
                    continue
                (own if initiator == "not an origin" else pages).add(url.split("?")[0][:100])
    return sorted(pages), sorted(own)


JS_STATE = """
const app = window.jupyterapp;
if (!app || !app.shell || !app.shell.currentWidget || !app.shell.currentWidget.content) return null;
const panel = app.shell.currentWidget;
if (!panel.context || !panel.context.isReady) return null;
const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
const dialog = document.querySelector('.jp-Dialog');
return {kernel: kernel ? kernel.status : 'none', name: kernel ? kernel.name : '',
        dialog: dialog ? dialog.innerText.slice(0, 200) : '', path: panel.context.path,
        cells: panel.content.widgets.length};
"""

JS_RUN_CELL = """
const panel = window.jupyterapp.shell.currentWidget;
panel.content.activeCellIndex = arguments[0];
window.__cellDone = null;
window.jupyterapp.commands.execute('notebook:run-cell').then(
    (ok) => { window.__cellDone = 'done'; }, (e) => { window.__cellDone = 'rejected: ' + e; });
"""

JS_OUTPUTS = """
const cell = window.jupyterapp.shell.currentWidget.content.widgets[arguments[0]];
return {type: cell.model.type, outputs: cell.model.type === 'code' ? cell.model.outputs.toJSON() : [],
        count: cell.model.type === 'code' ? cell.model.executionCount : null};
"""

JS_INSERT = """
const panel = window.jupyterapp.shell.currentWidget;
const model = panel.content.model;
model.sharedModel.insertCell(model.cells.length, {cell_type: 'code', source: arguments[0]});
return model.cells.length - 1;
"""


def wait_for(driver, script, test, limit, *args):
    """Poll a script until test(its result) holds; returns the result, or None after limit seconds."""
    end = time.time() + limit
    while time.time() < end:
        try:
            value = driver.execute_script(script, *args)
        except Exception:  # the page is still loading
            value = None
        if value is not None and test(value):
            return value
        time.sleep(0.3)
    return None


def open_notebook(driver, url, path):
    driver.get("%s/lab/index.html?path=%s" % (url, urllib.parse.quote(path)))
    state = wait_for(driver, JS_STATE, lambda s: s["kernel"] == "idle" or s["dialog"], KERNEL_LIMIT)
    if state is None:
        return "the page or the kernel did not get ready within %d s" % KERNEL_LIMIT
    if state["dialog"]:
        return "a dialog asks: " + state["dialog"].replace("\n", " ")
    if state["name"] != "python":
        return "kernel %r instead of JupyterLite's Pyodide kernel 'python'" % state["name"]
    return None


def run_cell(driver, index, limit):
    """Run one cell; (seconds, its outputs) or (None, why) when it did not finish within limit."""
    start = time.time()
    driver.execute_script(JS_RUN_CELL, index)
    done = wait_for(driver, "return window.__cellDone;", bool, limit)
    if done is None:
        return None, "did not finish within %d s" % limit
    seconds = time.time() - start
    cell = driver.execute_script(JS_OUTPUTS, index)
    if done != "done":
        return None, done
    return seconds, cell["outputs"]


def text_of(outputs):
    parts = []
    for output in outputs:
        if output["output_type"] == "stream":
            parts.append("".join(output["text"]) if isinstance(output["text"], list) else output["text"])
        elif output["output_type"] == "error":
            parts.append("%s: %s" % (output["ename"], output["evalue"]))
        elif "text/plain" in output.get("data", {}):
            plain = output["data"]["text/plain"]
            parts.append("".join(plain) if isinstance(plain, list) else plain)
    return re.sub(r"\x1b\[[0-9;]*m", "", "".join(parts))  # IPython's colours


def run_notebook(driver, url, path, cell_limit):
    """Run every cell of one notebook; returns (problems, cell count, seconds, SVG outputs)."""
    start = time.time()
    problem = open_notebook(driver, url, path)
    if problem:
        return [problem], 0, time.time() - start, 0
    ready = time.time() - start
    cells = driver.execute_script(JS_STATE)["cells"]
    problems, svgs, ran = [], 0, 0
    for index in range(cells):
        kind = driver.execute_script(JS_OUTPUTS, index)["type"]
        if kind != "code":
            continue
        seconds, outputs = run_cell(driver, index, cell_limit)
        ran += 1
        if seconds is None:
            problems.append("cell %d %s" % (index + 1, outputs))
            break  # the kernel is still busy with it: nothing after it can run
        for output in outputs:
            if output["output_type"] == "error":
                problems.append("cell %d: %s: %s" % (index + 1, output["ename"], output["evalue"][:300]))
            elif "image/svg+xml" in output.get("data", {}):
                svgs += 1
        for line in text_of([o for o in outputs if o["output_type"] == "stream"]).splitlines():
            if line.startswith("ok: "):  # the check notebook's findings
                print("    " + line)
        if seconds > 5:
            print("    cell %d: %.0f s" % (index + 1, seconds))
    print("    kernel ready in %.0f s; %d code cells ran" % (ready, ran))
    return problems, ran, time.time() - start, svgs


def type_into_stdin(driver, text, limit=60):
    """Type a line into the kernel's input box; False when no box appears within limit."""
    end = time.time() + limit
    while time.time() < end:
        boxes = driver.find_elements(By.CSS_SELECTOR, ".jp-Stdin-input")
        live = [b for b in boxes if b.is_enabled() and b.get_attribute("disabled") is None]
        if live:
            live[-1].send_keys(text + Keys.ENTER)
            time.sleep(1)
            return True
        time.sleep(0.3)
    return False


PDB_SESSIONS = [  # (what, cell, what is typed at the prompt, what the output must then hold)
    ("breakpoint() in a cell", "def double(x):\n    y = 2 * x\n    breakpoint()\n    return y\n\ndouble(21)",
     ["p x, y", "c"], "(21, 42)"),
    ("%debug after an error", "def halve(x):\n    return x / 0\n\nhalve(8)\n", None, None),
    ("%debug after an error", "%debug", ["p x", "q"], "\n8\n"),
    ("the README's pdb recipe in %debug", "%debug net.train(X, Y, batch_size=4, epochs=1, lr=2.0)",
     ["import tinynn", "break tinynn.NeuralNetwork.update_mini_batch", "continue", "p x.shape", "c"], "(2, 4)"),
]

LONG_TRAIN = ("slow = tinynn.NeuralNetwork([2, 10, 1], ['sigmoid', 'sigmoid'], seed=0)\n"
              "started = time.perf_counter()\n"
              "h = slow.train(X, Y, batch_size=1, epochs=40000, lr=2.0)\n"
              "print('epochs', len(h['loss']), 'in %.1f s' % (time.perf_counter() - started))")


def run_typing(driver, source, answers, limit=90):
    """Add a cell, run it, type the answers into the input boxes it opens; (typed, finished, its text,
    its outputs)."""
    index = driver.execute_script(JS_INSERT, source)
    driver.execute_script(JS_RUN_CELL, index)
    typed = [type_into_stdin(driver, answer) for answer in answers]
    done = wait_for(driver, "return window.__cellDone;", bool, limit)
    outputs = driver.execute_script(JS_OUTPUTS, index)["outputs"]
    return typed, done is not None, text_of(outputs), outputs


def stop_long_train(driver, how):
    """Start the long train, 3 s later press the interrupt button or restart the kernel: what happened."""
    index = driver.execute_script(JS_INSERT, LONG_TRAIN)
    driver.execute_script(JS_RUN_CELL, index)
    time.sleep(3)
    pressed = time.time()
    if how == "interrupt":
        driver.execute_script("window.jupyterapp.commands.execute('notebook:interrupt-kernel');")
    else:
        driver.execute_script("window.jupyterapp.shell.currentWidget.sessionContext.restartKernel();")
    done = wait_for(driver, "return window.__cellDone;", bool, 300)
    ended = time.time() - pressed
    text = text_of(driver.execute_script(JS_OUTPUTS, index)["outputs"]).strip()
    if how == "restart":
        wait_for(driver, JS_STATE, lambda s: s["kernel"] == "idle", KERNEL_LIMIT)
        alive = run_typing(driver, "print('X' in dir())", [], 60)[2]
        text += " ; then 'X' in dir() printed %s" % alive.strip()
    return "the cell ended %s after the %s, printing %r" % (
        "%.0f s" % ended if done else "not within 300 s", how, text[-150:])


def interactive_checks(driver):
    """What a learner types at pdb's prompt, the interrupt button and restarting the kernel during a long
    train, in the check notebook's kernel. Returns (lines to print, problems)."""
    said, problems = [], []
    for what, source, answers, expected in PDB_SESSIONS:
        if answers is None:  # a cell that prepares the next
            run_typing(driver, source, [])
            continue
        typed, finished, text, _ = run_typing(driver, source, answers)
        works = all(typed) and finished and expected in text
        said.append("%s: %s (an input box %s; typed %s; the cell %s)" % (
            what, "works" if works else "DOES NOT WORK", "appeared" if typed[0] else "did not appear",
            " / ".join(repr(a) for a in answers), "finished" if finished else "did not finish"))
        if not works:
            said.append("  it printed: %r" % text[-300:])
            problems.append(what)
            return said, problems  # the kernel may still wait for input: nothing after can run
    isolated = driver.execute_script("return window.crossOriginIsolated;")
    said.append("interrupt button 3 s into train(epochs=40000) (crossOriginIsolated=%s): %s" % (
        isolated, stop_long_train(driver, "interrupt")))
    said.append("Kernel > Restart 3 s into the same train: %s" % stop_long_train(driver, "restart"))
    return said, problems


JS_NEW_FOLDER = """
const done = arguments[arguments.length - 1];
const app = window.jupyterapp;
app.serviceManager.contents.save('student', {type: 'directory'})
  .then(() => app.commands.execute('filebrowser:go-to-path', {path: '/student'}))
  .then(() => done('ok'), (e) => done('failed: ' + e));
"""

JS_CATCH_FILE_INPUT = """
const click = HTMLInputElement.prototype.click;
HTMLInputElement.prototype.click = function () {
  if (this.type !== 'file') return click.call(this);
  this.id = 'caught-upload';
  document.body.appendChild(this);
};
"""

JS_SCROLL_TO_PICTURE = """
const done = arguments[arguments.length - 1];
const notebook = window.jupyterapp.shell.currentWidget.content;
const index = notebook.widgets.findIndex((cell) => cell.model.type === 'code'
    && cell.model.outputs.toJSON().some((output) => output.data && output.data['image/svg+xml']));
if (index < 0) { done(-1); } else {
  notebook.activeCellIndex = index;
  const scrolled = notebook.scrollToItem ? notebook.scrollToItem(index, 'start')
      : notebook.scrollToCell(notebook.widgets[index]);
  Promise.resolve(scrolled).then(() => done(index), () => done(index));
}
"""

JS_NEW_NOTEBOOK = """
const done = arguments[arguments.length - 1];
window.jupyterapp.commands.execute('notebook:create-new', {cwd: 'student', kernelName: 'python'})
  .then(() => done('ok'), (e) => done('failed: ' + e));
"""


STUDENT_FILES = ["tinynn.py", "examples/exercises.py", "examples/data/mnist_5k.csv.gz",
                 "examples/course/ch1_digits.ipynb"]


def student_route(driver, url):
    """What the README tells a student with no teacher's site, on this site: a new folder, tinynn.py
    (and a lesson with its data and exercises.py) uploaded into it with the file browser's upload
    button, a new notebook there, the README's snippet; a model saved, the page reloaded, the model
    loaded; the uploaded lesson opened (the repository's copy, whose kernel is Jupyter's python3).
    Returns (what happened, problem or None)."""
    start = time.time()
    driver.get(url + "/lab/index.html")
    if wait_for(driver, "return window.jupyterapp && window.jupyterapp.serviceManager.contents ? 1 : null",
                bool, KERNEL_LIMIT) is None:
        return "the page did not load", "the student's route"
    time.sleep(2)
    driver.set_script_timeout(60)
    if driver.execute_async_script(JS_NEW_FOLDER) != "ok":
        return "no new folder", "the student's route"
    time.sleep(1)
    # The upload button clicks a file input it keeps out of the page; put that input in the page
    # instead of opening the system's file chooser, and give it the file as a person would choose it.
    driver.execute_script(JS_CATCH_FILE_INPUT)
    buttons = driver.find_elements(By.CSS_SELECTOR, ".jp-FileBrowser .jp-id-upload button, .jp-id-upload")
    if not buttons:
        return "no upload button in the file browser", "the student's route"
    buttons[0].click()
    upload = wait_for(driver, "return document.getElementById('caught-upload');", bool, 10)
    if upload is None:
        return "the upload button opened no file input", "the student's route"
    upload.send_keys("\n".join(os.path.join(ROOT, name) for name in STUDENT_FILES))
    listed = wait_for(driver, "return Array.from(document.querySelectorAll('.jp-DirListing-itemText'))"
                              ".map(e => e.innerText).join(' ');",
                      lambda t: all(os.path.basename(name) in t for name in STUDENT_FILES), 60)
    if listed is None:
        return "the uploaded files did not all appear in the file browser", "the student's route"
    driver.execute_async_script(JS_NEW_NOTEBOOK)
    state = wait_for(driver, JS_STATE, lambda s: s["kernel"] == "idle" or s["dialog"], KERNEL_LIMIT)
    if state is None or state["dialog"]:
        return "the new notebook's kernel did not start (%s)" % state, "the student's route"
    snippet = ("import tinynn\n\nnet = tinynn.NeuralNetwork([2, 10, 1], ['sigmoid', 'sigmoid'], seed=0)\n"
               "history = net.train([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]], batch_size=4, "
               "epochs=2000, lr=2.0)\nprint(net.predict_classes([[0, 0], [0, 1], [1, 0], [1, 1]]), tinynn.__file__)")
    _, finished, text, _ = run_typing(driver, snippet, [], 120)
    outputs = run_typing(driver, "net", [], 60)[3]
    svg = any("image/svg+xml" in o.get("data", {}) for o in outputs)
    works = finished and "[0, 1, 1, 0] /drive/student/tinynn.py" in text and svg
    said = "upload tinynn.py into a new folder, new notebook, the README's snippet: %s in %.0f s (%r, picture %s)" % (
        "works" if works else "DOES NOT WORK", time.time() - start, text.strip()[-100:], "shown" if svg else "missing")
    if not works:
        return said, "the student's route"
    # save, then reload the page: the file is still in the folder and loads in a new kernel
    run_typing(driver, "net.save('model.json')", [], 60)
    time.sleep(2)
    driver.get(url + "/lab/index.html?reset")  # without the tabs of before, which the page would reopen
    wait_for(driver, "return window.jupyterapp && window.jupyterapp.serviceManager.contents ? 1 : null",
             bool, KERNEL_LIMIT)
    time.sleep(2)
    driver.execute_async_script(JS_NEW_NOTEBOOK)
    state = wait_for(driver, JS_STATE, lambda s: s["kernel"] == "idle" or s["dialog"], KERNEL_LIMIT)
    kept = state is not None and not state["dialog"] and run_typing(
        driver, "import tinynn\nprint(tinynn.NeuralNetwork.load('model.json').predict_classes("
        "[[0, 0], [0, 1], [1, 0], [1, 1]]))", [], 60)[2].strip() == "[0, 1, 1, 0]"
    said += "; net.save('model.json'), the page reloaded, load('model.json') in a new kernel: %s" % (
        "works" if kept else "DOES NOT WORK")
    if not kept:
        return said, "save, reload and load"
    # the uploaded lesson: JupyterLite asks for a kernel (its kernelspec is Jupyter's), the student picks
    # Python (Pyodide), and its first cells find tinynn.py, exercises.py and the data beside it
    driver.execute_script("window.jupyterapp.commands.execute('docmanager:open', {path: 'student/ch1_digits.ipynb'});")
    state = wait_for(driver, JS_STATE, lambda s: s["path"] == "student/ch1_digits.ipynb"
                     and (s["kernel"] == "idle" or s["dialog"]), KERNEL_LIMIT)
    asked = bool(state and state["dialog"])
    if asked:
        driver.find_element(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept").click()
        state = wait_for(driver, JS_STATE, lambda s: s["kernel"] == "idle" and not s["dialog"], KERNEL_LIMIT)
    errors, ran = [], 0
    if state is not None and state["name"] == "python":
        cells = driver.execute_script(JS_STATE)["cells"]
        for index in range(cells):
            if ran == 3:
                break
            if driver.execute_script(JS_OUTPUTS, index)["type"] == "code":
                seconds, outputs = run_cell(driver, index, 120)
                ran += 1
                errors += ["cell %d: %s" % (index + 1, outputs)] if seconds is None else [
                    "cell %d: %s: %s" % (index + 1, o["ename"], o["evalue"]) for o in outputs
                    if o["output_type"] == "error"]
    gz = run_typing(driver, "import gzip\nprint(len(gzip.open('mnist_5k.csv.gz', 'rt').readlines()))", [], 60)[2]
    opened = state is not None and state["name"] == "python" and ran == 3 and not errors
    said += ("; the uploaded lesson ch1_digits.ipynb: %s (%s; its first %d code cells %s; the uploaded .csv.gz "
             "read %s lines)" % (
                 "works" if opened else "DOES NOT WORK", "a dialog asked for a kernel: Python (Pyodide) chosen"
                 if asked else "no dialog: its Pyodide kernel started by itself", ran,
                 "ran" if not errors else "failed: %s" % errors, gz.strip()))
    return said, (None if opened else "an uploaded lesson")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site")
    parser.add_argument("--screenshots", default="/tmp/tinynn-site-screenshots")
    parser.add_argument("--cell-limit", type=int, default=600, help="seconds one cell may take (default 600)")
    parser.add_argument("--only", nargs="*", help="notebooks (paths under examples/) to run, default all")
    parser.add_argument("--isolated", action="store_true",
                        help="also serve with cross-origin isolation and try the interrupt button there")
    args = parser.parse_args()
    files = os.path.join(args.site, "files")
    notebooks = sorted(os.path.relpath(os.path.join(top, n), files).replace(os.sep, "/")
                       for top, _, names in os.walk(files) for n in names if n.endswith(".ipynb"))
    if args.only:
        notebooks = [n for n in notebooks if any(n.endswith(o) for o in args.only)]
    if not notebooks:
        sys.exit("no notebooks found under %s" % files)
    os.makedirs(args.screenshots, exist_ok=True)
    logs = tempfile.mkdtemp(prefix="tinynn-chromium-")
    server, url = serve(args.site)
    passed = failed = 0
    route_failed = False
    results = []
    for number, path in enumerate(notebooks):
        print("== %s" % path)
        driver = chromium(logs, "notebook%d" % number)  # a fresh browser: no tab or kernel of before
        try:
            problems, ran, seconds, svgs = run_notebook(driver, url, path, args.cell_limit)
            shot = os.path.join(args.screenshots, path.replace("/", "__").replace(".ipynb", ".png"))
            driver.save_screenshot(shot)
            if svgs:  # a second one with the first picture in view
                driver.set_script_timeout(30)
                driver.execute_async_script(JS_SCROLL_TO_PICTURE)
                time.sleep(1)
                driver.save_screenshot(shot.replace(".png", ".picture.png"))
            if path == CHECK_NOTEBOOK and not problems:
                said, more = interactive_checks(driver)
                for line in said:
                    print("    " + line)
                problems += more
                driver.save_screenshot(shot.replace(".png", ".pdb.png"))
        finally:
            driver.quit()
        for problem in problems:
            print("    FAILED: " + problem)
        print("    %s: %d code cells, %d SVG pictures, %.0f s; screenshot %s" % (
            "passed" if not problems else "FAILED", ran, svgs, seconds, shot))
        results.append("%s %.0f s" % (os.path.basename(path), seconds))
        passed, failed = passed + (not problems), failed + bool(problems)
    print("== a student's route: tinynn.py uploaded into a new folder of the site")
    driver = chromium(logs, "student")
    try:
        said, problem = student_route(driver, url)
        driver.save_screenshot(os.path.join(args.screenshots, "student_route.png"))
    finally:
        driver.quit()
    print("    " + said)
    if problem:
        print("    FAILED: " + problem)
    route_failed = bool(problem)
    print("time per notebook (page, kernel and every cell): " + ", ".join(results))
    if args.isolated:
        server.shutdown()
        server, url = serve(args.site, isolated=True)
        driver = chromium(logs, "isolated")
        try:
            problem = open_notebook(driver, url, CHECK_NOTEBOOK)
            if problem is None:
                run_cell(driver, 1, 60)  # imports tinynn
                run_cell(driver, 3, 120)  # X and Y
                run_typing(driver, "import time", [])
                isolated = driver.execute_script("return window.crossOriginIsolated;")
                print("== served with COOP/COEP headers (crossOriginIsolated=%s): interrupt button 3 s into "
                      "train(epochs=40000): %s" % (isolated, stop_long_train(driver, "interrupt")))
            else:
                print("== with cross-origin isolation: " + problem)
        finally:
            driver.quit()
    server.shutdown()
    pages, own = foreign_requests(logs)
    if own:  # they fail too: every host but 127.0.0.1 resolves to nothing
        print("Chromium's own requests, which no page asked for: " + ", ".join(
            sorted({urllib.parse.urlsplit(url).hostname for url in own})))
    if pages:
        print("FAILED: the pages asked hosts other than 127.0.0.1 (Chromium's network log in %s):" % logs)
        for url in pages[:20]:
            print("    " + url)
    else:
        print("no page asked a host other than 127.0.0.1 (Chromium's network log in %s)" % logs)
    print("screenshots: %s" % os.path.abspath(args.screenshots))
    print("notebooks: %d passed, %d failed" % (passed, failed))
    return 1 if failed or pages or route_failed else 0


if __name__ == "__main__":
    sys.exit(main())
