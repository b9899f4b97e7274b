"""The conventions every notebook of the book follows (see the appendix 'How this book is made')."""

from __future__ import annotations

import json
import pathlib
import re

import pytest
import yaml

from notebooks import ROOT, notebooks, toc_pages

NOTEBOOKS = notebooks()
IDS = [str(p.relative_to(ROOT / "book")) for p in NOTEBOOKS]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPOSITORY = CONFIG["repository"]["url"]
MAX_BYTES = 4 * 2**20

SETUP_CELL = f'''# Set-up: on Colab, install the book's helper package alone (Colab has everything else it
# needs); everywhere, prepare the notebook.
import importlib.util
import subprocess
import sys

if "google.colab" in sys.modules and importlib.util.find_spec("dlbook") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-qq", "--no-deps",
                    "dlbook @ git+{REPOSITORY}"],
                   check=True)

import dlbook

dlbook.setup()'''


def load(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    return "".join(cell.get("source", ""))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code" and source(c).strip()]


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 24, "the first four chapters have at least twenty-four section notebooks"


def test_every_notebook_is_in_the_table_of_contents_and_back():
    listed = set(toc_pages())
    for path in NOTEBOOKS:
        entry = str(path.relative_to(ROOT).with_suffix(""))
        assert entry in listed, f"{entry} is not in _toc.yml"
    for entry in listed:
        candidates = [ROOT / f"{entry}{ext}" for ext in (".md", ".ipynb")]
        assert any(c.exists() for c in candidates), f"_toc.yml lists {entry}, which does not exist"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_starts_with_title_then_setup_cell(path):
    nb = load(path)
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and source(first).startswith("# "), \
        "the first cell is markdown with the notebook's title as its only H1"
    h1 = [c for c in nb["cells"] if c["cell_type"] == "markdown"
          for line in source(c).splitlines() if re.match(r"^# \S", line)]
    assert len(h1) == 1, f"exactly one H1 title per notebook, found {len(h1)}"
    setup = code_cells(nb)[0]
    assert source(setup).strip() == SETUP_CELL, \
        "the first code cell must be the standard set-up cell with the repository of _config.yml"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_outputs_are_stored_and_clean(path):
    nb = load(path)
    for i, cell in enumerate(code_cells(nb)):
        assert cell.get("execution_count") is not None, \
            f"code cell {i} has no stored output: run 'make execute'"
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                assert "raises-exception" in tags(cell), \
                    f"code cell {i} stores an error ({out.get('ename')}: {out.get('evalue')})"
            if out["output_type"] == "stream" and out.get("name") == "stderr":
                pytest.fail(f"code cell {i} writes to stderr: {''.join(out['text'])[:200]!r}")
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is over {MAX_BYTES // 2**20} MiB"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_figures_have_alt_text(path):
    nb = load(path)
    for i, cell in enumerate(code_cells(nb)):
        outputs = cell.get("outputs", [])
        images = [o for o in outputs if "image/png" in o.get("data", {})]
        flipbooks = [o for o in images if "dlbook-flipbook" in "".join(o["data"].get("text/html", ""))]
        if len(images) > len(flipbooks):
            alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt.strip()) >= 10, \
                f"code cell {i} draws a figure: give it metadata mystnb.image.alt describing it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_key_results_are_asserted(path):
    nb = load(path)
    hidden = [c for c in code_cells(nb) if "remove-cell" in tags(c)]
    assert any("assert" in source(c) for c in hidden), \
        "assert the section's key results in a cell tagged remove-cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_follows_the_house_rules(path):
    text = "\n".join(source(c) for c in code_cells(load(path)))
    for bad, why in [("verbose=1", "train with verbose=0 and print rounded metrics"),
                     ("tf.compat.v1", "TensorFlow 1 API"),
                     ("keras.preprocessing.text.Tokenizer", "removed in Keras 3"),
                     ("tf.device(", "never pin a device"),
                     ("fetch_openml", "no network at run time"),
                     ("urllib", "no network at run time"),
                     ("requests.get", "no network at run time")]:
        assert bad not in text, f"{bad!r}: {why}"


def test_each_chapter_has_exercises_with_executed_solutions():
    chapters = sorted({p.parent for p in NOTEBOOKS})
    for chapter in chapters:
        cells = [c for p in NOTEBOOKS if p.parent == chapter for c in load(p)["cells"]]
        exercises = [line for c in cells if c["cell_type"] == "markdown"
                     for line in source(c).splitlines() if line.startswith("### Exercise")]
        solutions = [c for c in cells if c["cell_type"] == "code" and "solution" in tags(c)]
        assert len(exercises) >= 3, f"{chapter.name}: at least three exercises"
        assert solutions, f"{chapter.name}: at least one coding exercise with a solution cell"
        for cell in solutions:
            assert "hide-cell" in tags(cell), "solution code is folded away (tag hide-cell)"


def test_chapter_folders_have_an_overview():
    for chapter in sorted({p.parent for p in NOTEBOOKS}):
        index = chapter / "index.md"
        assert index.exists(), f"{chapter.name} needs an index.md overview"
        assert index.read_text().startswith("# "), f"{index} starts with its title"


def _text_outputs(cell: dict) -> list[str]:
    texts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            texts.append("".join(output["text"]))
        else:
            texts.append("".join(output.get("data", {}).get("text/plain", "")))
    return texts


COMPARISON_WORDS = ("difference", "error", "agree", "residual", "distance", "discrepanc",
                    "deviation", "mismatch")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_roundoff_is_printed(path):
    """Tiny values are stated as bounds: below 1e-7 always, below 1e-6 in a comparison.

    Its digits (``1.7e-10`` here, ``3.7e-10`` on the next machine) are roundoff; the
    notebook asserts the agreement and prints the claim, e.g. "agree to better than 1e-08".
    """
    from nbval_tolerance import EXACT_TAG, is_integer, split

    for i, cell in enumerate(code_cells(load(path)), start=1):
        if EXACT_TAG in tags(cell):
            continue
        lines = [line for line in source(cell).splitlines()
                 if line.strip() and not line.startswith(("import ", "from ", "#"))]
        if lines and all(line.startswith(("Code(", "show_source(")) for line in lines):
            continue  # a listing of the package's source
        for text in _text_outputs(cell):
            for line in text.splitlines():
                comparison = any(word in line.lower() for word in COMPARISON_WORDS)
                pieces, numbers = split(line)
                for before, number in zip(pieces, numbers):
                    size = 0.0 if is_integer(number) else abs(float(number))
                    # any number below 1e-7, and in a comparison any below 1e-6, must be a bound
                    tiny = 0 < size < (1e-6 if comparison else 1e-7)
                    bound = before.rstrip().endswith(("than", "<", "below", "≤", "±"))
                    assert not tiny or bound, (
                        f"code cell {i} prints {number}: at that size its digits are roundoff "
                        f"and differ between machines. Assert the value in a hidden cell and "
                        f"print its bound (dlbook.report.below). Line: {line.strip()!r}")


def test_the_tolerance_is_not_used_to_hide_differences():
    """Only exact worked numbers are compared exactly; nothing is excused from comparison."""
    for path in NOTEBOOKS:
        for cell in code_cells(load(path)):
            assert "nbval-ignore-output" not in tags(cell) or "time" in source(cell), \
                f"{path.name}: nbval-ignore-output is for wall-clock times only"


#: Markup that only MyST (the HTML book) understands: JupyterLab and Colab show it as raw text,
#: so a solution in such a block would be in plain view there.
MYST_ONLY = [  # (pattern, what it is, whether to look for it outside mathematics and code only)
    (re.compile(r"^ {0,3}:{3,}"), "a colon fence (:::)", False),
    (re.compile(r"\{[a-zA-Z][\w:+.-]*\}`[^`]+`"), "a role ({name}`...`)", True),
    (re.compile(r"^ {0,3}\([^()\s]+\)=\s*$"), "a target ((label)=)", True),
    (re.compile(r"^\s*:[a-zA-Z][\w-]*:(\s|$)"), "a directive option (:class: ...)", True),
    (re.compile(r"\$\$\s*\([\w:.-]+\)\s*$"), "an equation label ($$ (label))", False),
    (re.compile(r"^\+\+\+"), "a block break (+++)", True),
]
BACKTICK_DIRECTIVE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*\{")
DETAILS_OPEN = re.compile(r'^<details class="dlbook-[a-z]+">$')
SUMMARY = re.compile(r"^<summary>[^<>]+</summary>$")


def markup_problems(text: str) -> list[str]:
    """What in one markdown cell would not render alike in the book, JupyterLab and Colab."""
    problems = []
    lines = text.split("\n")
    fenced = False
    for n, line in enumerate(lines, start=1):
        if re.match(r"^ {0,3}(`{3,}|~{3,})", line):
            if not fenced and BACKTICK_DIRECTIVE.match(line):
                problems.append(f"line {n}: a directive in a backtick fence (```{{...}})")
            fenced = not fenced
            continue
        if fenced:
            continue
        # mathematics and code spans may hold {…}` legitimately; a role's own span follows a }
        prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|(?<!\})`[^`]*`", "", line)
        for pattern, what, in_prose in MYST_ONLY:
            if pattern.search(prose if in_prose else line):
                problems.append(f"line {n}: {what}: {line.strip()[:80]!r}")
        if line.startswith(">") and math_crosses_line(line.lstrip("> ")):
            problems.append(f"line {n}: mathematics crosses a line break inside a quote (JupyterLab "
                            f"then typesets the '>'): keep it on one line: {line.strip()[:80]!r}")
    # <details> blocks: <summary> on the next line, blank lines around the content, closed,
    # not nested (Markdown inside an HTML block is parsed only after a blank line).
    depth = 0
    for n, line in enumerate(lines, start=1):
        if line.lstrip().startswith("<details"):
            if not DETAILS_OPEN.match(line):
                problems.append(f"line {n}: write <details class=\"dlbook-…\"> alone on its line")
            if depth:
                problems.append(f"line {n}: <details> inside <details>")
            depth += 1
            if n > 1 and lines[n - 2].strip():
                problems.append(f"line {n}: a blank line must precede <details>")
            if n >= len(lines) or not SUMMARY.match(lines[n]):
                problems.append(f"line {n}: <details> without <summary>…</summary> on the next line")
            elif n + 1 >= len(lines) or lines[n + 1].strip():
                problems.append(f"line {n + 2}: a blank line must follow <summary>")
        elif "<summary" in line and not (n > 1 and DETAILS_OPEN.match(lines[n - 2])):
            problems.append(f"line {n}: <summary> belongs on the line after <details>")
        elif "</details>" in line:
            if line.strip() != "</details>":
                problems.append(f"line {n}: </details> goes alone on its line")
            if not depth:
                problems.append(f"line {n}: </details> without <details>")
            depth = max(depth - 1, 0)
            if lines[n - 2].strip():
                problems.append(f"line {n}: a blank line must precede </details>")
            if n < len(lines) and lines[n].strip():
                problems.append(f"line {n + 1}: a blank line must follow </details>")
    if depth:
        problems.append("a <details> block is not closed with </details>")
    return problems


def math_crosses_line(line: str) -> bool:
    """Whether a line ends inside $...$ or $$...$$ (code spans and \\$ are not mathematics)."""
    line = re.sub(r"`[^`]*`|\\.", "", line)
    line = re.sub(r"\$\$.*?\$\$", "", line)
    return "$$" in line or line.count("$") % 2 == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_markdown_renders_alike_in_book_jupyterlab_and_colab(path):
    """Solutions are <details> blocks and notes are quotes: no MyST-only markup shows raw."""
    for i, cell in enumerate(load(path)["cells"]):
        if cell["cell_type"] == "markdown":
            problems = markup_problems(source(cell))
            assert not problems, f"markdown cell {i}: " + "; ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_folded_code_is_folded_in_book_jupyterlab_and_colab(path):
    """hide-cell and remove-cell fold in the book; jupyter.source_hidden in JupyterLab and
    Notebook; cellView "form" in Colab, which labels the fold with the cell's '# @title' line."""
    for i, cell in enumerate(load(path)["cells"]):
        if cell["cell_type"] != "code" or not {"hide-cell", "remove-cell"} & set(tags(cell)):
            continue
        meta = cell.get("metadata", {})
        assert meta.get("jupyter", {}).get("source_hidden") is True, \
            f"cell {i} is folded in the book: give it metadata jupyter.source_hidden = true"
        assert meta.get("cellView") == "form", \
            f"cell {i} is folded in the book: give it metadata cellView = \"form\" (Colab)"
        first = source(cell).split("\n", 1)[0]
        assert re.fullmatch(r"# @title \S.*", first) and "@param" not in first, \
            f"cell {i}: start with a comment '# @title What this cell holds' (Colab's fold label)"
        if "solution" in tags(cell) and cell.get("outputs"):
            assert meta["jupyter"].get("outputs_hidden") is True, \
                f"solution cell {i}: fold its output too (metadata jupyter.outputs_hidden = true)"


@pytest.mark.parametrize("text", [
    ":::{admonition} Solution\n:class: dropdown\nx\n:::",
    "```{note}\nx\n```",
    "See {eq}`bayes`.",
    "(sec-bayes)=\n# Bayes",
    "$$x$$ (eq-x)",
    '<details class="dlbook-solution">\n<summary>Solution</summary>\nx\n\n</details>',
    '<details class="dlbook-solution">\n\nx\n\n</details>',
    '<details class="dlbook-solution">\n<summary>Solution</summary>\n\nx\n</details>',
    '<details class="dlbook-solution">\n<summary>Solution</summary>\n\nx',
    '<details class="dlbook-solution">\n<summary>Solution</summary>\n\nx\n\n</details>\nMore.',
    "> **Note.** Let $K \\subset \\mathbb\n> R^n$ be compact.",
])
def test_the_markup_check_finds_what_jupyter_shows_raw(text):
    assert markup_problems(text), f"the check passes {text!r}"


def test_the_markup_check_passes_portable_markup():
    text = ("Text with `{k}` in code and $\\{1, 2\\}$ in mathematics.\n\n"
            '<details class="dlbook-solution">\n<summary>Solution</summary>\n\n'
            "$$x = 1$$\n\n- a list\n\n</details>\n\n"
            "> **Note.** A quote with $x$\n>\n> $$y = 2$$\n\n```python\n:class: in code\n```")
    assert markup_problems(text) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_listings_of_the_helpers_show_code_not_docstrings(path):
    """A helper's source is shown with dlbook.report.show_source, which leaves out its
    docstring (the prose explains the code; the docstring's markup is for the API page)."""
    for cell in code_cells(load(path)):
        assert "getsource" not in source(cell), \
            "show a helper's code with dlbook.report.show_source(f), not inspect.getsource"


def test_exercises_are_not_repeated_across_the_book():
    """Each exercise is set once; a later section links back instead of asking again."""
    titles: dict[str, str] = {}
    for path in NOTEBOOKS:
        for cell in load(path)["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            for match in re.finditer(r"^###\s+Exercise\s+([\d.]+)\s+—\s+(.+)$", source(cell), re.M):
                number, title = match.group(1), match.group(2).strip().lower()
                assert title not in titles, \
                    f"Exercise {number} repeats Exercise {titles[title]}: {title!r}"
                titles[title] = number
    assert len(titles) > 20


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_section_has_its_exercises(path):
    headings = [line for cell in load(path)["cells"] if cell["cell_type"] == "markdown"
                for line in source(cell).splitlines() if line.startswith("#")]
    assert headings.count("## Exercises") == 1, "one '## Exercises' heading per section"
    after = headings[headings.index("## Exercises") + 1:]
    exercises = after[:next((i for i, h in enumerate(after) if h.startswith("## ")), len(after))]
    assert exercises and all(re.match(r"### Exercise \d+\.\d+\.\d+ — \S", h) for h in exercises), \
        f"under '## Exercises' come the exercises, each '### Exercise N.M.K — title': {exercises}"


#: The most non-blank lines of plotting code a reader sees in the middle of the text.
MAX_VISIBLE_PLOT_LINES = 15


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_long_plotting_code_is_folded(path):
    """Code that draws a figure and is longer than a few lines is folded (its source hidden,
    with a `# @title`) or moved into dlbook, so that it does not interrupt the explanation."""
    for cell in code_cells(load(path)):
        if cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
            continue
        text = source(cell)
        if not any(word in text for word in ("plt.", "subplots(", ".plot(", "set_xlabel(")):
            continue
        lines = [line for line in text.splitlines() if line.strip()]
        assert len(lines) <= MAX_VISIBLE_PLOT_LINES, \
            (f"a visible plotting cell of {len(lines)} lines (at most {MAX_VISIBLE_PLOT_LINES}): "
             f"fold it or move the drawing into dlbook; it starts {lines[0]!r}")
