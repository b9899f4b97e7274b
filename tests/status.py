"""The book's status page: what was measured, where, and against which bands.

``make execute`` records, for every notebook it runs, the execution time, the
machine, the Keras backend, the versions of the main libraries and the headline
results that the notebook checked with :func:`dlbook.report.headline`, in
``book/appendix/status.json``; from that file (and from ``gpu-check.json`` when
``make gpu-check`` has been run on a GPU machine) it writes the page
``book/appendix/status.md``. A test keeps both current: a notebook whose text or
code changed since it was executed, or a page that does not match its data, fails.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pathlib
import platform
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]
STATUS_JSON = ROOT / "book" / "appendix" / "status.json"
STATUS_PAGE = ROOT / "book" / "appendix" / "status.md"
GPU_JSON = ROOT / "book" / "appendix" / "gpu-check.json"

#: The libraries whose versions the page reports.
LIBRARIES = ("tensorflow", "keras", "jax", "numpy")


def source_hash(path: pathlib.Path) -> str:
    """A digest of a notebook's cell types, sources and tags (not of its outputs).

    The repository that the set-up cell installs from does not count: publishing the
    book under another repository (``make repository``) changes no output.
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    digest = hashlib.sha256()
    for cell in nb["cells"]:
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        source = re.sub(r"git\+\S+?(?=\")", "git+REPOSITORY", source)
        tags = ",".join(cell.get("metadata", {}).get("tags", []))
        digest.update(f"{cell['cell_type']}\0{tags}\0{source}\0".encode())
    return digest.hexdigest()[:16]


def title(path: pathlib.Path) -> str:
    """The notebook's H1 title."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def cpu_model() -> str:
    """The processor's model name (from /proc/cpuinfo where there is one)."""
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return " ".join(line.split(":", 1)[1].split())
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(name: str) -> str:
    candidates = [name] + (["tensorflow-cpu"] if name == "tensorflow" else [])
    for candidate in candidates:
        try:
            return importlib.metadata.version(candidate)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "not installed"


def environment() -> dict:
    """The machine and software that executes the notebooks now."""
    return {
        "machine": f"{cpu_model()}, {os.cpu_count()} cores",
        "backend": os.environ.get("KERAS_BACKEND", "tensorflow"),
        "versions": {"python": platform.python_version(),
                     **{name: _version(name) for name in LIBRARIES}},
    }


def load(path: pathlib.Path = STATUS_JSON) -> dict:
    if not path.exists():
        return {"notebooks": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def record(path: pathlib.Path, seconds: float, headlines: list[dict], env: dict) -> None:
    """Store one executed notebook's entry in ``status.json``."""
    status = load()
    name = str(path.relative_to(ROOT / "book"))
    status["notebooks"][name] = {"title": title(path), "source": source_hash(path),
                                 "seconds": round(seconds, 1), "headlines": headlines, **env}
    status["notebooks"] = dict(sorted(status["notebooks"].items()))
    STATUS_JSON.write_text(json.dumps(status, indent=1, ensure_ascii=False) + "\n",
                           encoding="utf-8")


def _describe_environment(env: dict) -> str:
    v = env["versions"]
    return (f"{env['machine']}; Keras backend {env['backend']}; Python {v['python']}, "
            f"TensorFlow {v['tensorflow']}, Keras {v['keras']}, JAX {v['jax']}, "
            f"NumPy {v['numpy']}")


def _environment_key(entry: dict) -> str:
    return _describe_environment({k: entry[k] for k in ("machine", "backend", "versions")})


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def render(status: dict, gpu: dict | None, order: list[str]) -> str:
    """The Markdown of the status page, from the recorded data, notebooks in reading order."""
    from dlbook.report import band
    entries = status["notebooks"]
    names = [n for n in order if n in entries] + sorted(set(entries) - set(order))
    environments: list[str] = []
    for name in names:
        key = _environment_key(entries[name])
        if key not in environments:
            environments.append(key)
    lines = [
        "# Status: what was measured, and where",
        "",
        "Every number printed in this book was computed when its notebook was last executed,",
        "and every key result is checked against a stated band each time the tests run. This",
        "page is written by `make execute` from that execution, so it tells you exactly what",
        "the pages show and on what machine it was measured. For how the checks work and what",
        "tolerance printed numbers are compared with, see [How this book is made](making-of.md).",
        "",
        "## Where the notebooks were executed",
        "",
    ]
    for k, env in enumerate(environments, start=1):
        lines.append(f"{k}. {env}" if len(environments) > 1 else env)
    total = sum(entries[n]["seconds"] for n in names)
    n_headlines = sum(len(entries[n]["headlines"]) for n in names)
    lines += [
        "",
        "## Totals",
        "",
        f"- notebooks: {len(names)}",
        f"- execution time of all notebooks, one after the other: {total:.0f} s "
        f"({total / 60:.1f} min)",
        f"- headline results checked: {n_headlines}",
        "",
        "## Notebooks and their headline results",
        "",
        "Each result is checked by the notebook itself (in a cell hidden from the book) against",
        "the band beside it, on every test run and on every Keras backend.",
        "",
    ]
    header = "| notebook | seconds | headline results (the band each is checked against) |"
    if len(environments) > 1:
        header = ("| notebook | seconds | machine | headline results (the band each is checked "
                  "against) |")
    lines += [header, "|---|---:|" + ("---|" if len(environments) > 1 else "") + "---|"]
    for name in names:
        entry = entries[name]
        link = f"[{_cell(entry['title'])}](../{name.removesuffix('.ipynb')}.ipynb)"
        results = "; ".join(f"{_cell(h['label'])}: {h['value']} (checked "
                            f"{band(h['at_least'], h['at_most'])})"
                            for h in entry["headlines"]) or "—"
        where = ""
        if len(environments) > 1:
            where = f" {environments.index(_environment_key(entry)) + 1} |"
        lines.append(f"| {link} | {entry['seconds']:.1f} |{where} {results} |")
    lines += ["", "## On a GPU", ""]
    if gpu:
        lines += [
            f"`make gpu-check` ran on {gpu['machine']} ({gpu['device']}), Keras backend JAX, "
            f"with {gpu['versions']}. It executes every notebook that does not import TensorFlow",
            "itself, with all hidden checks active.",
            "",
            "| notebook | seconds | device | result |",
            "|---|---:|---|---|",
        ]
        for row in gpu["notebooks"]:
            lines.append(f"| {row['notebook']} | {row['seconds']:.1f} | {row['device']} | "
                         f"{row['result']} |")
        if gpu.get("tensorflow_only"):
            lines += ["", "Notebooks that teach TensorFlow's own API and were therefore not run "
                      "there: " + ", ".join(f"`{n}`" for n in gpu["tensorflow_only"]) + "."]
    else:
        lines += [
            "No GPU run has been recorded yet. `make gpu-check` executes every notebook that does",
            "not import TensorFlow itself on the JAX backend, on whatever accelerator JAX finds,",
            "and writes its table here.",
        ]
    return "\n".join(lines) + "\n"


def write_page(order: list[str]) -> str:
    gpu = json.loads(GPU_JSON.read_text(encoding="utf-8")) if GPU_JSON.exists() else None
    text = render(load(), gpu, order)
    STATUS_PAGE.write_text(text, encoding="utf-8")
    return text
