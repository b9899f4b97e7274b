"""Execute the book's notebooks on the JAX backend on whatever accelerator JAX finds.

    python tests/gpu_check.py download    wheels for a GPU machine into .whl/ (needs PyPI)
    python tests/gpu_check.py run         execute the notebooks, write the table (``make gpu-check``)

The machine this is written for has Python 3.12 with JAX (CUDA build), NumPy,
SciPy, scikit-learn, pandas and matplotlib, but no TensorFlow, Keras or Jupyter
packages and no network. ``download`` fetches, at the versions of this project's
environment, the small pure-Python packages it lacks (Keras, IPython, ipywidgets
and their needs) plus Keras's one compiled need, optree, built for CPython 3.12
on x86-64 Linux. ``run`` installs those wheels into a temporary folder when
they are present (no network needed), takes ``dlbook`` from ``src/``, and
executes every notebook that does not import TensorFlow itself, one fresh
IPython shell per notebook, with ``KERAS_BACKEND=jax``: every cell, the hidden
checks included, must run without an error. Stored outputs are not compared
(they come from the TensorFlow backend on a CPU). The notebooks that teach
TensorFlow's own API are listed as such. The table (notebook, seconds, device,
pass or fail) goes to ``book/appendix/gpu-check.json``, or to ``$OUT`` when that
variable names a folder, and is printed; ``python tests/notebooks.py status``
puts it on the status page.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
WHEELS = ROOT / ".whl"
TABLE = ROOT / "book" / "appendix" / "gpu-check.json"

#: What the GPU machine lacks: Keras and its needs, IPython (to run the cells) and
#: ipywidgets (which dlbook's explorers use), with their needs.
PACKAGES = ("keras", "namex", "optree", "ipython", "ipython-pygments-lexers",
            "jedi", "parso", "matplotlib-inline", "pexpect", "ptyprocess", "prompt-toolkit",
            "wcwidth", "stack-data", "asttokens", "executing", "pure-eval", "traitlets",
            "ipywidgets", "comm", "widgetsnbextension", "jupyterlab-widgets")
PLATFORMS = ("manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_17_x86_64",
             "manylinux2014_x86_64", "manylinux1_x86_64")

# The same quiet, pinned environment as the tests, on the JAX backend, without a display.
ENVIRONMENT = {"KERAS_BACKEND": "jax", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
               "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONUNBUFFERED": "1"}


def download() -> int:
    WHEELS.mkdir(exist_ok=True)
    pins = [f"{name}=={importlib.metadata.version(name)}" for name in PACKAGES]
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
               "--only-binary=:all:", "--python-version", "3.12", "--implementation", "cp",
               "-d", str(WHEELS)]
    for tag in PLATFORMS:
        command += ["--platform", tag]
    subprocess.run(command + pins, check=True)
    print(f"{len(list(WHEELS.glob('*.whl')))} wheels in {WHEELS.relative_to(ROOT)}/")
    return 0


def uses_tensorflow(path: pathlib.Path) -> bool:
    """Whether a notebook imports TensorFlow itself (to teach its own API)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return any(line.strip().startswith(("import tensorflow", "from tensorflow"))
               for cell in nb["cells"] if cell["cell_type"] == "code"
               for line in "".join(cell["source"]).splitlines())


def execute_one(path: pathlib.Path) -> int:
    """Run every code cell of one notebook in a fresh IPython shell; 1 on the first error."""
    from IPython.core.interactiveshell import InteractiveShell

    nb = json.loads(path.read_text(encoding="utf-8"))
    os.chdir(path.parent)
    shell = InteractiveShell.instance()
    shell.run_line_magic("colors", "nocolor")  # plain tracebacks in the log
    for number, cell in enumerate((c for c in nb["cells"] if c["cell_type"] == "code"), 1):
        source = "".join(cell["source"])
        expected_error = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        result = shell.run_cell(source, store_history=False)
        if not result.success and not expected_error:
            print(f"{path.name}: code cell {number} failed", file=sys.stderr)
            return 1
    return 0


def _probe(python: str, env: dict) -> dict:
    code = ("import jax, json, platform; d = jax.devices()[0]; import keras, numpy; "
            "print(json.dumps({'device': f'{d.platform}: {d.device_kind}', "
            "'versions': f'Python {platform.python_version()}, JAX {jax.__version__}, "
            "Keras {keras.__version__}, NumPy {numpy.__version__}'}))")
    out = subprocess.run([python, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(out: pathlib.Path | None) -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from notebooks import book_order
    from status import cpu_model

    env = dict(os.environ, **ENVIRONMENT)
    paths = [str(ROOT / "src")]
    with tempfile.TemporaryDirectory() as folder:
        wheels = sorted(WHEELS.glob("*.whl")) if WHEELS.is_dir() else []
        if wheels:
            site = pathlib.Path(folder) / "site"
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-index",
                            "--no-deps", "--no-compile", "--target", str(site),
                            *map(str, wheels)], check=True)
            paths.append(str(site))
        env["PYTHONPATH"] = os.pathsep.join(paths + [env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        env["MPLCONFIGDIR"] = str(pathlib.Path(folder) / "matplotlib")
        probe = _probe(sys.executable, env)
        rows, tensorflow_only = [], []
        for name in book_order():
            path = ROOT / "book" / name
            if uses_tensorflow(path):
                tensorflow_only.append(name)
                continue
            start = time.perf_counter()
            try:
                done = subprocess.run([sys.executable, __file__, "one", str(path)], env=env,
                                      capture_output=True, text=True, timeout=600)
                result, log = ("pass" if done.returncode == 0 else "fail"), done.stdout + done.stderr
            except subprocess.TimeoutExpired:
                result, log = "fail", "timed out after 600 s"
            seconds = time.perf_counter() - start
            rows.append({"notebook": name, "seconds": round(seconds, 1),
                         "device": probe["device"], "result": result})
            print(f"{name:55s} {seconds:7.1f} s  {result}", flush=True)
            if result == "fail":
                print(log[-3000:], flush=True)
    table = {"machine": f"{cpu_model()}, {os.cpu_count()} cores ({platform.machine()})",
             "device": probe["device"], "versions": probe["versions"], "notebooks": rows,
             "tensorflow_only": tensorflow_only}
    target = (out / TABLE.name) if out else TABLE
    target.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    failed = sum(r["result"] == "fail" for r in rows)
    print(f"\n{len(rows)} notebooks on {probe['device']}: {len(rows) - failed} passed, "
          f"{failed} failed, {sum(r['seconds'] for r in rows):.0f} s in all; "
          f"TensorFlow-only: {len(tensorflow_only)}; table in {target}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["download", "run", "one"])
    parser.add_argument("path", nargs="?")
    args = parser.parse_args(argv)
    if args.command == "download":
        return download()
    if args.command == "one":
        return execute_one(pathlib.Path(args.path))
    out = os.environ.get("OUT")
    return run(pathlib.Path(out) if out and pathlib.Path(out).is_dir() else None)


if __name__ == "__main__":
    sys.exit(main())
