"""Time the explorers that the notebooks display, on the reader's path and on the book's.

``python tests/notebooks.py benchmark`` (``make benchmark``) prints, after its table of
notebooks, one row for every explorer a notebook displays:

construct
    The factory call, exactly as the notebook's cell writes it (the explorer's own
    precomputation included), the first time in a fresh kernel.
reader: first, again
    ``IPython.display.display(explorer)`` in a kernel without ``DLBOOK_BOOK_OUTPUTS``:
    the live ipywidgets widget and one still. *first* is the first display in a fresh
    kernel; *again* the median of a few more displays in the same kernel, each of a newly
    constructed explorer (so nothing the first one drew is reused).
redraw
    Moving a slider of the live widget to a setting it has not shown yet, until the new
    image is in the widget (median of up to four moves).
book
    The same display while the benchmark executes the notebook for the book
    (``DLBOOK_BOOK_OUTPUTS=1``, as ``make execute`` does): every flipbook frame is drawn.
    It is the time of ``Explorer._repr_mimebundle_``, measured in the notebook's own kernel.

The reader's path is timed in a real kernel (only there does an explorer show its live
widget), one fresh kernel per explorer, which has run nothing but the notebook's set-up
cell (and the imports of any name the call needs besides ``dlbook``): the reader who runs
the set-up cell and then the explorer's cell. That is the slowest case, as the first
display pays for importing what the notebook's import cell would otherwise have imported
(matplotlib's figure and backend modules). Training that a cell does before it creates an
explorer is not counted; only the factory call is.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import pathlib
import statistics
import tempfile

#: Warm displays after the first one (fewer when the factory is slow, see _time_explorer).
WARM_REPEATS = 3
#: The seconds after which no further warm display starts (at least one always does).
REPEAT_BUDGET_S = 15.0
#: Slider moves timed on the live widget.
REDRAWS = 4
#: What the kernel prints in front of its measurements.
MARKER = "DLBOOK-EXPLORER-TIMING "


# -- what the notebooks display -------------------------------------------------------------
def _cell_sources(nb) -> list[tuple[int, str]]:
    """(cell index, Python source) of every code cell, IPython magics turned into Python."""
    from IPython.core.inputtransformer2 import TransformerManager

    transform = TransformerManager().transform_cell
    out = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.strip():
            out.append((index, transform(cell.source)))
    return out


def _dotted(node) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def _is_factory(qualified: str) -> bool:
    """Whether ``dlbook.widgets.<name>`` is Explorer itself or a function returning one."""
    import dlbook.widgets
    from dlbook.widgets.core import Explorer

    if not qualified.startswith("dlbook.widgets."):
        return False
    target = dlbook
    try:
        for part in qualified.split(".")[1:]:
            target = getattr(target, part)
    except AttributeError:
        return False
    if target is Explorer:
        return True
    if not callable(target) or isinstance(target, type):
        return False
    return inspect.signature(target).return_annotation in ("Explorer", Explorer)


def find_explorers(path: pathlib.Path) -> list[dict]:
    """The explorer factories that the notebook's cells call, in order.

    Each is a dict with ``cell`` (its index), ``call`` (the call's source) and ``setup``
    (what a reader's kernel runs first: the notebook's set-up cell, then the import
    statements of the cells above that bind a name the call uses).
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cells = _cell_sources(nb)
    if not cells:
        return []
    bound: dict[str, tuple[str, str]] = {}  # name -> (dotted name, the import statement)
    found = []
    for number, (index, source) in enumerate(cells):
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            statement = ast.get_source_segment(source, node) if number else ""
            for alias in node.names:
                if isinstance(node, ast.Import):
                    name = alias.asname or alias.name.split(".")[0]
                    bound[name] = (alias.name if alias.asname else name, statement)
                elif node.module and node.level == 0:
                    bound[alias.asname or alias.name] = (f"{node.module}.{alias.name}",
                                                         statement)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or (name := _dotted(node.func)) is None:
                continue
            head, _, rest = name.partition(".")
            if not _is_factory(".".join(filter(None, [bound.get(head, (head,))[0], rest]))):
                continue
            used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            imports = [bound[n][1] for n in sorted(used) if n in bound and bound[n][1]]
            found.append({"cell": index, "call": ast.get_source_segment(source, node),
                          "setup": [cells[0][1], *dict.fromkeys(imports)]})
    return sorted(found, key=lambda e: e["cell"])


# -- code that runs in the kernels ------------------------------------------------------------
def _install_display_timer(log):
    """(Runs in the notebook's kernel.) Log how long each explorer's bundle takes to make."""
    import functools
    import json
    import time

    from dlbook.widgets.core import Explorer

    make_bundle = Explorer._repr_mimebundle_

    @functools.wraps(make_bundle)
    def timed(self, include=None, exclude=None):
        start = time.perf_counter()
        bundle = make_bundle(self, include=include, exclude=exclude)
        seconds = time.perf_counter() - start
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"title": self.title, "seconds": seconds,
                                "frames": len(self.combinations())}) + "\n")
        return bundle

    Explorer._repr_mimebundle_ = timed


def _time_explorer(make, warm_repeats, budget_s, redraws):
    """(Runs in a reader's kernel.) Time make(), display(make()) and slider moves.

    Nothing is imported before the first display that the display would import itself.
    """
    import time

    from IPython.display import display  # a kernel has it loaded

    clock = time.perf_counter
    construct, shown = [], []
    began = clock()
    while len(shown) <= warm_repeats and (len(shown) < 2 or clock() - began < budget_s):
        start = clock()
        explorer = make()
        made = clock()
        from dlbook.widgets.core import Explorer

        if not isinstance(explorer, Explorer):
            return {"error": f"the call gives a {type(explorer).__name__}, not an Explorer"}
        display(explorer)
        construct.append(made - start)
        shown.append(clock() - made)
    import ipywidgets

    box = explorer.widget()
    sliders = [c for c in box.children if isinstance(c, ipywidgets.SelectionSlider)]
    seen = {tuple(s.index for s in sliders)}
    redraw = []
    for move in range(redraws * len(sliders)):
        slider = sliders[move % len(sliders)]
        others = [(slider.index + step) % len(slider.options)
                  for step in range(1, len(slider.options))]
        here = [s.index for s in sliders]
        for index in others:
            here[sliders.index(slider)] = index
            if tuple(here) not in seen:
                break
        else:
            continue
        seen.add(tuple(here))
        start = clock()
        slider.index = index  # the widget's callback draws the new image
        redraw.append(clock() - start)
        if len(redraw) == redraws:
            break
    return {"title": explorer.title, "frames": len(explorer.combinations()),
            "construct": construct, "display": shown, "redraw": redraw}


# -- the reader's path ------------------------------------------------------------------------
def _kernel_environment() -> dict:
    env = dict(os.environ)
    env.pop("DLBOOK_BOOK_OUTPUTS", None)  # a reader's kernel
    return env


def time_reader_path(path: pathlib.Path, explorer: dict) -> dict:
    """Time one explorer of ``find_explorers`` in a fresh kernel, as a reader would see it."""
    from jupyter_client.manager import start_new_kernel

    printed, errors = [], []

    def collect(msg):
        content = msg["content"]
        if msg["msg_type"] == "stream" and content.get("name") == "stdout":
            printed.append(content["text"])
        elif msg["msg_type"] == "error":
            errors.append(f"{content['ename']}: {content['evalue']}")

    with tempfile.TemporaryFile("w+") as log:
        km, kc = start_new_kernel(kernel_name="python3", env=_kernel_environment(),
                                  cwd=str(path.parent), stderr=log)
        try:
            for code in explorer["setup"]:
                kc.execute_interactive(code, timeout=600, output_hook=collect)
                if errors:
                    return {"error": f"set-up: {errors[0]}"}
            code = (inspect.getsource(_time_explorer)
                    + f"\nimport json as _json\nprint({MARKER!r} + _json.dumps(_time_explorer("
                    f"lambda: ({explorer['call']}), {WARM_REPEATS}, {REPEAT_BUDGET_S}, "
                    f"{REDRAWS})))\n")
            kc.execute_interactive(code, timeout=600, output_hook=collect)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            log.seek(0)
            stderr = log.read()
    if errors:
        return {"error": errors[0]}
    if not printed and stderr.strip():
        return {"error": "the kernel failed: " + stderr.strip().splitlines()[-1]}
    for line in "".join(printed).splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER):])
    return {"error": "the kernel printed no measurement"}


# -- the book's path --------------------------------------------------------------------------
def display_timer_cell(log: pathlib.Path) -> str:
    """A code cell that makes the notebook's kernel log each explorer's display to ``log``."""
    return (inspect.getsource(_install_display_timer)
            + f"\n_install_display_timer({str(log)!r})\ndel _install_display_timer\n")


def read_display_log(log: pathlib.Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


# -- the table --------------------------------------------------------------------------------
def _median(values) -> float | None:
    return statistics.median(values) if values else None


def rows_for(name: str, reader: list[tuple[dict, dict]], book: list[dict]) -> list[dict]:
    """Join one notebook's reader-path results, as (found, result) pairs, and its book-path
    log by title, in order."""
    rows, unmatched = [], list(book)
    for found, result in reader:
        row = {"notebook": name, "call": " ".join(found["call"].split()), **result}
        for k, record in enumerate(unmatched):
            if record["title"] == result.get("title"):
                row["book"] = record["seconds"]
                row.setdefault("frames", record["frames"])
                del unmatched[k]
                break
        rows.append(row)
    for record in unmatched:  # displayed for the book, but not created by a factory call
        rows.append({"notebook": name, "call": record["title"], "book": record["seconds"],
                     "frames": record["frames"],
                     "error": "not created by a dlbook.widgets call the benchmark can repeat"})
    return rows


def print_table(rows: list[dict]) -> None:
    def cell(value, width=7):
        return f"{value:{width}.2f}" if isinstance(value, (int, float)) else f"{'—':>{width}}"

    labels = []
    for row in rows:
        call = row["call"].removeprefix("dlbook.widgets.")
        call = call if len(call) <= 44 else call[:43] + "…"
        labels.append(f"{row['notebook']}: {call}")
    width = max(len(label) for label in labels)
    print(f"\nexplorer displays, in seconds (reader: a kernel without DLBOOK_BOOK_OUTPUTS; "
          f"book: with it)\n{'explorer':<{width}}  construct  reader: first  again  redraw"
          f"     book  frames")
    for label, row in zip(labels, rows):
        first = row["display"][0] if row.get("display") else None
        again = _median(row.get("display", [])[1:])
        construct = row["construct"][0] if row.get("construct") else None
        print(f"{label:<{width}}  {cell(construct, 9)}  {cell(first, 13)}  {cell(again, 5)}"
              f"  {cell(_median(row.get('redraw')), 6)}  {cell(row.get('book'))}"
              f"  {row.get('frames', '—'):>6}")
        if row.get("error"):
            print(f"{'':<{width}}  ({row['error']})")
