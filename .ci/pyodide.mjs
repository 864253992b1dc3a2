// node .ci/pyodide.mjs PYODIDE_DIR SITE_PACKAGES [pytest options...]
// The suite under Pyodide (CPython compiled to WebAssembly, as in JupyterLite), run by Node: the
// checkout and the unpacked pytest wheels are mounted into Pyodide's file system, then pytest runs.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [pyodideDir, site, ...args] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide();
for (const [host, inside] of [[resolve("."), "/project"], [resolve(site), "/site"]]) {
  py.FS.mkdirTree(inside);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: host }, inside);
}
py.globals.set("ARGS", py.toPy(args));
const status = await py.runPythonAsync(`
import os, sys
sys.dont_write_bytecode = True  # the checkout is mounted: leave no __pycache__ in it
sys.path[:0] = ["/site", "/project"]
os.chdir("/project")
import pyodide
print("Pyodide", pyodide.__version__, "Python", sys.version.split()[0])
import pytest
int(pytest.main(["-p", "no:cacheprovider", *ARGS]))
`);
process.exit(status);
