"""Execute the book's notebooks, time them, and list them for the tests.

    python tests/notebooks.py execute [PATH ...]    run in place, store outputs and widget state
    python tests/notebooks.py benchmark [PATH ...]  run without saving, print timing tables
    python tests/notebooks.py status                 rewrite the status page from its data

``execute`` also records each notebook's time, machine, versions and headline
results (see ``tests/status.py``) and rewrites the appendix's status page.
``benchmark`` prints the time of each notebook, then of each explorer the notebooks
display: its construction, its display in a reader's kernel and in the book's execution,
and a slider move (see ``tests/explorer_timing.py``).

PATH is a notebook or a folder (default: ``book``). ``make execute`` and
``make benchmark`` call this script with the project's virtual environment.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
SKIP_PARTS = {"_build", ".ipynb_checkpoints", "_vendor"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# Same environment as `make test`, so that stored outputs match what nbval sees.
ENVIRONMENT = {
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "TF_NUM_INTRAOP_THREADS": "2",
    "TF_NUM_INTEROP_THREADS": "2",
    "PYTHONHASHSEED": "0",
    "DLBOOK_BOOK_OUTPUTS": "1",  # explorers draw their flipbooks (a reader's kernel does not)
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def toc_pages() -> list[str]:
    """Every page of ``_toc.yml`` (root first), as paths without suffix, in reading order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries:
            pages.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc["parts"]:
        walk(part["chapters"])
    return pages


def notebooks(paths: list[str] | None = None) -> list[pathlib.Path]:
    """The notebooks under ``paths`` (default: the whole book), in reading order."""
    found: list[pathlib.Path] = []
    for p in [pathlib.Path(x) for x in (paths or [str(BOOK)])]:
        p = p if p.is_absolute() else (pathlib.Path.cwd() / p)
        if p.is_file() and p.suffix == ".ipynb":
            found.append(p.resolve())
        elif p.is_dir():
            found.extend(q.resolve() for q in p.rglob("*.ipynb"))
        else:
            raise SystemExit(f"{p}: not a notebook or a folder of notebooks")
    return sorted({q for q in found if not SKIP_PARTS & set(q.parts)})


def merge_streams(outputs: list) -> list:
    """Join consecutive prints to the same stream, which the kernel may split at random."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def book_order() -> list[str]:
    """The notebooks of the table of contents, relative to ``book/``, in reading order."""
    return [f"{page.removeprefix('book/')}.ipynb" for page in toc_pages()
            if (ROOT / f"{page}.ipynb").exists()]


def run(path: pathlib.Path, *, save: bool,
        explorer_log: pathlib.Path | None = None) -> tuple[float, list[dict]]:
    """Execute one notebook; store its outputs if ``save``.

    With ``explorer_log`` (only without ``save``), the kernel appends to that file how long each
    explorer's display took (see ``tests/explorer_timing.py``).
    Returns the seconds taken and the headline results the notebook recorded.
    """
    import nbformat
    from nbclient import NotebookClient

    from dlbook.report import RESULTS_VARIABLE

    nb = nbformat.read(path, as_version=4)
    if explorer_log is not None:
        if save:
            raise ValueError("explorer_log adds a cell; it is for runs that do not save")
        import explorer_timing

        nb.cells.insert(0, nbformat.v4.new_code_cell(explorer_timing.display_timer_cell(
            explorer_log)))
    # The book renders widgets as flipbooks, so no widget state is stored (it would make the
    # HTML load the widget manager for nothing).
    nb.metadata.pop("widgets", None)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            store_widget_state=False, record_timing=False)
    with tempfile.TemporaryDirectory() as folder:
        results = pathlib.Path(folder) / "headlines.jsonl"
        os.environ[RESULTS_VARIABLE] = str(results)  # the kernel inherits it
        try:
            start = time.perf_counter()
            client.execute()
            seconds = time.perf_counter() - start
        finally:
            del os.environ[RESULTS_VARIABLE]
        headlines = ([json.loads(line) for line in results.read_text().splitlines()]
                     if results.exists() else [])
    # A widget view is only useful next to a live kernel, which makes a new one; stored, it
    # would point to a model that no longer exists, and its random id would change the file
    # at every run. What stays is the flipbook (HTML), the still (PNG) and the text.
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    if save:
        nbformat.write(nb, path)
    return seconds, headlines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["execute", "benchmark", "status"])
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    import explorer_timing
    import status

    if args.command == "status":
        status.write_page(book_order())
        return 0
    os.environ.update(ENVIRONMENT)
    # Build matplotlib's font cache here, not in the first notebook's kernel, where its
    # "building the font cache" notice would land in a cell's stored output.
    import matplotlib.font_manager  # noqa: F401
    environment = status.environment()
    rows = []
    logs = tempfile.TemporaryDirectory()
    book_displays = {}  # the benchmark's: notebook -> how long its explorers took to display
    for path in notebooks(args.paths):
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{args.command}: {name} ...", end=" ", flush=True)
        log = (pathlib.Path(logs.name) / f"{len(rows)}.jsonl"
               if args.command == "benchmark" else None)
        seconds, headlines = run(path, save=args.command == "execute", explorer_log=log)
        print(f"{seconds:.1f} s", flush=True)
        rows.append((str(name), seconds))
        if log is not None:
            book_displays[path] = explorer_timing.read_display_log(log)
        if args.command == "execute" and path.is_relative_to(ROOT / "book"):
            status.record(path, seconds, headlines, environment)
    if args.command == "execute":
        status.write_page(book_order())
    if rows:
        width = max(len(n) for n, _ in rows)
        print(f"\n{'notebook':<{width}}  seconds")
        for name, seconds in rows:
            print(f"{name:<{width}}  {seconds:7.1f}")
        print(f"{'total':<{width}}  {sum(s for _, s in rows):7.1f}")
    if args.command == "benchmark":
        benchmark_explorers(book_displays)
    logs.cleanup()
    return 0


def benchmark_explorers(book_displays: dict[pathlib.Path, list[dict]]) -> None:
    """Time each explorer on the reader's path; print it next to the book's path."""
    import explorer_timing

    table = []
    for path, book in book_displays.items():
        name = path.relative_to(BOOK).with_suffix("") if path.is_relative_to(BOOK) else path
        reader = []
        for found in explorer_timing.find_explorers(path):
            print(f"reader's path: {name}: {' '.join(found['call'].split())} ...", end=" ",
                  flush=True)
            result = explorer_timing.time_reader_path(path, found)
            print(result.get("error") or f"{result['display'][0]:.2f} s", flush=True)
            reader.append((found, result))
        table += explorer_timing.rows_for(str(name), reader, book)
    if table:
        explorer_timing.print_table(table)


if __name__ == "__main__":
    sys.exit(main())
