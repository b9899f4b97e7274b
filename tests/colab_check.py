"""Run every notebook as Colab would: Colab's package versions, the set-up cell's install.

    python tests/colab_check.py [PATH ...]     (what ``make colab-check`` runs)

1. Builds a virtual environment, ``.venv-colab``, with Python 3.12 and the packages the
   notebooks use at the versions of Colab's published runtime (``tests/colab_pins.txt``, used
   as pip's constraints, so their dependencies have Colab's versions too). It fails if any
   package in it is not one Colab ships, at Colab's version.
2. Builds ``dlbook``'s wheel from the checkout.
3. Executes every notebook in that environment, in a kernel that believes it is on Colab (a
   stand-in ``google.colab`` module is imported at start-up), with every cell run, hidden
   checks included. The set-up cell runs exactly as a reader's would, except that it installs
   the local wheel instead of the repository's: the first notebook installs ``dlbook``,
   the others find it installed. Explorers take the reader's path (no flipbooks).
4. Fails if the set-up cell printed anything, if any cell failed, or if ``pip freeze`` after
   the notebooks differs from ``pip freeze`` before in anything but the added ``dlbook``.

It prints how long the set-up cell took, and writes the results to
``_build/colab-check/report.json``. Set ``COLAB_PYTHON`` to a Python 3.12 interpreter if
``python3.12`` is not on the PATH.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import glob
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

import notebooks

ROOT = pathlib.Path(__file__).resolve().parents[1]
PINS = ROOT / "tests" / "colab_pins.txt"
VENV = ROOT / ".venv-colab"
OUT = ROOT / "_build" / "colab-check"
PYTHON_VERSION = (3, 12)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: What the notebooks need, beyond ``dlbook``'s own requirements, and what runs them. Each
#: is installed at Colab's version; pip, setuptools and wheel first, as Colab has them.
BASE = ["pip", "setuptools", "wheel"]
PACKAGES = ["tensorflow", "keras", "numpy", "scipy", "pandas", "matplotlib", "scikit-learn",
            "ipywidgets", "widgetsnbextension", "jupyterlab_widgets", "ipykernel", "ipython",
            "jupyter_client", "traitlets", "nbclient", "nbformat", "notebook"]

#: The same TensorFlow settings as ``make test``; DLBOOK_BOOK_OUTPUTS stays unset, as on Colab.
ENVIRONMENT = {k: v for k, v in notebooks.ENVIRONMENT.items() if k != "DLBOOK_BOOK_OUTPUTS"}

# A stand-in for Colab's `google.colab` package: enough for the set-up cell and dlbook.setup()
# to take their Colab branches. It records calls to the widget-manager switch.
_COLAB_STUB = '''"""A stand-in for Google Colab's package, made by tests/colab_check.py."""
'''
_COLAB_OUTPUT_STUB = '''"""A stand-in for google.colab.output: records that the custom widget manager was asked for."""
import os


def enable_custom_widget_manager(version="5.0.0a"):
    with open(os.environ["DLBOOK_COLAB_CALLS"], "a") as log:
        log.write("enable_custom_widget_manager\\n")
'''


def pins() -> dict[str, str]:
    """Colab's version of each package, by normalised name."""
    found = {}
    for line in PINS.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, version = line.split("==")
            found[normalise(name)] = version
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def find_python() -> str:
    """A Python 3.12 interpreter: $COLAB_PYTHON, python3.12 on the PATH, or pyenv's."""
    candidates = [os.environ.get("COLAB_PYTHON", ""), "python3.12",
                  *sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.12*/bin/python3.12"))),
                  "/usr/bin/python3.12", "/usr/local/bin/python3.12"]
    for candidate in filter(None, candidates):
        try:
            out = subprocess.run([candidate, "-c", "import sys, venv; print(sys.version_info[:2])"],
                                 capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.strip() == str(PYTHON_VERSION):
            return candidate
    sys.exit("colab-check needs Python 3.12 (Colab's runtime) with its venv module: install it, "
             "or set COLAB_PYTHON to its interpreter.")


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result


def freeze(python: pathlib.Path) -> dict[str, str]:
    """``pip freeze`` of an environment, as {normalised name: version or the whole line}."""
    lines = run([str(python), "-m", "pip", "freeze", "--all", "--disable-pip-version-check"]).stdout
    found = {}
    for line in lines.splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
        elif " @ " in line:
            name, version = line.split(" @ ", 1)
        else:
            continue
        found[normalise(name)] = version.strip()
    return found


def build_environment() -> pathlib.Path:
    """Create .venv-colab (reused while the pins and package list are unchanged)."""
    python = VENV / "bin" / "python"
    key = hashlib.sha256((PINS.read_text() + " ".join(BASE + PACKAGES)).encode()).hexdigest()
    stamp = VENV / ".colab-pins"
    if python.exists() and stamp.exists() and stamp.read_text() == key:
        return python
    shutil.rmtree(VENV, ignore_errors=True)
    started = time.perf_counter()
    run([find_python(), "-m", "venv", str(VENV)])
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "-c", str(PINS)]
    run(pip + BASE)
    run(pip + PACKAGES)
    # What pip added that Colab does not ship (jedi, which IPython lists but can do without,
    # is absent from Colab) goes again, so that the environment is Colab's.
    extra = sorted(set(freeze(python)) - set(pins()))
    if extra:
        run([str(python), "-m", "pip", "uninstall", "--quiet", "--yes", *extra])
        print(f"colab-check: removed {', '.join(extra)}, which Colab does not ship")
    print(f"colab-check: built {VENV.name} in {time.perf_counter() - started:.0f} s")
    stamp.write_text(key)
    return python


def check_environment(python: pathlib.Path, *, rebuild: bool = True) -> dict[str, str]:
    """Every package in the environment must be one Colab ships, at Colab's version.

    A kept environment that an earlier run changed is built again, once.
    """
    colab = pins()
    installed = freeze(python)
    wrong = [f"{name}=={version} (Colab: {colab.get(name, 'not shipped')})"
             for name, version in sorted(installed.items())
             if name != "dlbook" and colab.get(name) != version]
    if wrong and rebuild:
        print(f"colab-check: {VENV.name} was changed ({', '.join(wrong)}); building it again")
        (VENV / ".colab-pins").unlink(missing_ok=True)
        return check_environment(build_environment(), rebuild=False)
    if wrong:
        sys.exit("colab-check: the environment is not Colab's; these differ:\n  "
                 + "\n  ".join(wrong))
    if "dlbook" in installed:
        run([str(python), "-m", "pip", "uninstall", "--quiet", "--yes", "dlbook"])
        installed.pop("dlbook")
    return installed


# Runs inside .venv-colab: every requirement dlbook declares is met by what is installed.
_REQUIREMENTS = r'''
from importlib import metadata
from packaging.requirements import Requirement
unmet = []
for text in metadata.requires("dlbook") or []:
    requirement = Requirement(text)
    if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
        continue
    try:
        version = metadata.version(requirement.name)
    except metadata.PackageNotFoundError:
        version = None
    if version is None or not requirement.specifier.contains(version, prereleases=True):
        unmet.append(f"{requirement} (installed: {version or 'nothing'})")
print("\n".join(unmet))
'''


def build_wheel(folder: pathlib.Path) -> pathlib.Path:
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "--wheel-dir", str(folder), str(ROOT)], timeout=600)
    return next(folder.glob("dlbook-*.whl"))


def colab_copy(path: pathlib.Path, wheel: pathlib.Path, folder: pathlib.Path) -> pathlib.Path:
    """The notebook with its set-up cell installing ``wheel`` instead of the repository."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    setup = next(c for c in nb["cells"] if c["cell_type"] == "code")
    source = "".join(setup["source"])
    new, count = re.subn(r'"dlbook @ git\+[^"]+"', f'"dlbook @ {wheel.as_uri()}"', source)
    inside = path.resolve().is_relative_to(ROOT / "book")
    shown = path.resolve().relative_to(ROOT / "book") if inside else pathlib.Path(path.name)
    if count != 1 or "google.colab" not in source:
        sys.exit(f"{shown}: the set-up cell is not the standard one")
    setup["source"] = new
    copy = folder / shown
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(json.dumps(nb), encoding="utf-8")
    return copy


def kernel_environment(stub: pathlib.Path, calls: pathlib.Path) -> dict[str, str]:
    """A clean environment whose IPython imports the stand-in google.colab at start-up."""
    (stub / "google" / "colab").mkdir(parents=True, exist_ok=True)
    (stub / "google" / "colab" / "__init__.py").write_text(_COLAB_STUB)
    (stub / "google" / "colab" / "output.py").write_text(_COLAB_OUTPUT_STUB)
    startup = stub / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-colab.py").write_text("import google.colab  # noqa: F401 (made by colab_check)\n")
    keep = ("HOME", "LANG", "LC_ALL", "TMPDIR", "PATH", "USER")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(ENVIRONMENT)
    env.update({"PYTHONPATH": str(stub), "IPYTHONDIR": str(stub / "ipython"),
                "MPLCONFIGDIR": str(stub / "matplotlib"), "DLBOOK_COLAB_CALLS": str(calls),
                "PATH": f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"})
    return env


# Runs inside .venv-colab (its own nbclient and kernel): executes one notebook, all cells.
_EXECUTE = r'''
import json, sys, time
import nbclient, nbformat
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=False,
                                 resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}})
started = time.perf_counter()
error = None
try:
    client.execute()
except Exception as err:  # report, then fail in the caller
    error = f"{type(err).__name__}: {err}"[-4000:]
cells = []
for cell in nb.cells:
    if cell.cell_type != "code":
        continue
    timing = cell.metadata.get("execution", {})
    cells.append({"outputs": cell.get("outputs", []), "start": timing.get("iopub.execute_input"),
                  "end": timing.get("shell.execute_reply")})
json.dump({"seconds": time.perf_counter() - started, "error": error, "cells": cells},
          open(sys.argv[2], "w"))
'''


def differences(before: dict[str, str], after: dict[str, str]):
    """What the notebooks added and changed, and the problems: anything but adding dlbook."""
    added = {k: v for k, v in after.items() if k not in before}
    changed = {k: (before[k], after.get(k)) for k in before if after.get(k) != before[k]}
    problems = []
    if set(added) != {"dlbook"}:
        problems.append(f"the notebooks added {sorted(added) or 'nothing'} to the environment; "
                        "they must add dlbook and nothing else")
    if changed:
        problems.append("the notebooks changed packages Colab ships: " + ", ".join(
            f"{k} {old} -> {new or 'removed'}" for k, (old, new) in sorted(changed.items())))
    return added, changed, problems


# A notebook of its own, run after the book's: an explorer's live widget responds to its
# slider with Colab's ipywidgets, and its output carries the widget and a still image.
_WIDGET_CELLS = [
    "import dlbook\ndlbook.setup()",
    """import ipywidgets
from dlbook.widgets import Explorer, Slider


def draw(fig, slope):
    ax = fig.subplots()
    ax.plot([0, 1], [0, slope])
    ax.set(title=f"slope {slope}", xlabel="x", ylabel="y")


explorer = Explorer(draw, Slider("slope", [1, 2, 3]), title="A line", alt="A line.")
box = explorer.widget()
slider, image = box.children[1], box.children[-1]
first = image.value
slider.value = 3
assert image.value != first, "the image did not change when the slider moved"
bundle = explorer._repr_mimebundle_()
assert {"text/plain", "image/png", "%s"} <= set(bundle), sorted(bundle)
assert bundle["%s"]["model_id"] in ipywidgets.Widget.widgets
print(ipywidgets.__version__)""" % (WIDGET_VIEW, WIDGET_VIEW),
]


def widget_notebook(folder: pathlib.Path) -> pathlib.Path:
    cells = [{"cell_type": "code", "metadata": {}, "source": text, "outputs": [],
              "execution_count": None} for text in _WIDGET_CELLS]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "language": "python",
                                                      "display_name": "Python 3"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = folder / "widget-check.ipynb"
    path.write_text(json.dumps(nb))
    return path


def seconds(cell: dict) -> float | None:
    from datetime import datetime

    if not cell["start"] or not cell["end"]:
        return None
    parse = lambda t: datetime.fromisoformat(t.replace("Z", "+00:00"))  # noqa: E731
    return (parse(cell["end"]) - parse(cell["start"])).total_seconds()


def execute(python: pathlib.Path, copy: pathlib.Path, env: dict, folder: pathlib.Path) -> dict:
    result_file = folder / (copy.stem + ".result.json")
    script = folder / "execute.py"
    subprocess.run([str(python), str(script), str(copy), str(result_file)], env=env,
                   cwd=copy.parent, capture_output=True, text=True, timeout=3600)
    if not result_file.exists():
        return {"seconds": None, "error": "the runner did not finish", "cells": []}
    return json.loads(result_file.read_text())


def explorer_outputs(cells: list[dict]) -> list[set[str]]:
    """The mime types of each output that carries a live widget."""
    return [set(o.get("data", {})) for c in cells for o in c["outputs"]
            if WIDGET_VIEW in o.get("data", {})]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["book"])
    args = parser.parse_args(argv)
    paths = notebooks.notebooks(args.paths)
    python = build_environment()
    before = check_environment(python)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="colab-check-") as tmp:
        folder = pathlib.Path(tmp)
        wheel = build_wheel(folder / "wheel")
        calls = folder / "colab-calls.txt"
        env = kernel_environment(folder / "colab", calls)
        (folder / "execute.py").write_text(_EXECUTE)
        copies = [colab_copy(p, wheel, folder / "book") for p in paths]
        results = {}
        # The first notebook installs dlbook; the others then run two at a time.
        results[copies[0]] = execute(python, copies[0], env, folder)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futures = {c: pool.submit(execute, python, c, env, folder) for c in copies[1:]}
            for copy, future in futures.items():
                results[copy] = future.result()
        widgets = execute(python, widget_notebook(folder), env, folder)
        after = freeze(python)
        unmet = run([str(python), "-c", _REQUIREMENTS], env=env).stdout.split("\n")
        widget_manager_calls = calls.read_text().split() if calls.exists() else []

    problems, rows = [], []
    for path, copy in zip(paths, copies):
        name = str(path.relative_to(ROOT / "book"))
        result = results[copy]
        cells = result["cells"]
        setup_outputs = cells[0]["outputs"] if cells else []
        if result["error"]:
            problems.append(f"{name}: {result['error']}")
        if setup_outputs:
            problems.append(f"{name}: the set-up cell printed {json.dumps(setup_outputs)[:500]}")
        for types in explorer_outputs(cells):
            if "image/png" not in types:
                problems.append(f"{name}: an explorer's output has no still image to fall back on")
        rows.append({"notebook": name, "seconds": result["seconds"],
                     "setup_seconds": seconds(cells[0]) if cells else None,
                     "explorers": len(explorer_outputs(cells)), "error": result["error"]})
    printed = "".join(o.get("text", "") for c in widgets["cells"] for o in c["outputs"]).strip()
    if not widgets["error"] and printed != before.get("ipywidgets"):
        widgets["error"] = f"the widget check ran with ipywidgets {printed or '(none)'}"
    if widgets["error"]:
        problems.append(f"an explorer's live widget fails with Colab's ipywidgets: "
                        f"{widgets['error']}")
    added, changed, found = differences(before, after)
    problems += found
    if any(unmet) and "dlbook" in after:
        problems.append("Colab's versions do not meet dlbook's requirements: "
                        + "; ".join(filter(None, unmet)))
    if widget_manager_calls:
        problems.append("dlbook.setup() switched on Colab's custom widget manager, which "
                        f"ipywidgets {before.get('ipywidgets')} does not need")

    install = rows[0]["setup_seconds"]
    later = sorted(r["setup_seconds"] for r in rows[1:] if r["setup_seconds"] is not None)
    report = {"python": ".".join(map(str, PYTHON_VERSION)), "pins": PINS.name,
              "packages": {k: before[k] for k in map(normalise, PACKAGES)},
              "setup_cell_install_seconds": install,
              "setup_cell_median_seconds_installed": later[len(later) // 2] if later else None,
              "added": added, "changed": changed, "notebooks": rows, "problems": problems}
    (OUT / "report.json").write_text(json.dumps(report, indent=1) + "\n")

    width = max(len(r["notebook"]) for r in rows)
    print(f"{'notebook':<{width}}  {'seconds':>7}  {'set-up':>6}  explorers")
    for r in rows:
        total = f"{r['seconds']:.0f}" if r["seconds"] is not None else "-"
        setup = f"{r['setup_seconds']:.1f}" if r["setup_seconds"] is not None else "-"
        print(f"{r['notebook']:<{width}}  {total:>7}  {setup:>6}  {r['explorers']:>9}"
              + ("  FAILED" if r["error"] else ""))
    print(f"colab-check: Python 3.12, {len(before)} packages at Colab's versions "
          f"(tensorflow {before.get('tensorflow')}, keras {before.get('keras')}, "
          f"ipywidgets {before.get('ipywidgets')}, IPython {before.get('ipython')})")
    if install is not None:
        print(f"colab-check: the set-up cell installed dlbook in {install:.1f} s")
    if later:
        print(f"colab-check: with dlbook installed, it takes {later[len(later) // 2]:.2f} s "
              "(median of the other notebooks)")
    print("colab-check: pip freeze after the notebooks = before + "
          + (", ".join(sorted(added)) if added else "nothing"))
    if problems:
        print("colab-check FAILED:\n  " + "\n  ".join(problems))
        return 1
    print(f"colab-check: {len(rows)} notebook{'s' * (len(rows) != 1)} passed, and an "
          f"explorer's live widget redraws when its slider moves (ipywidgets {printed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
