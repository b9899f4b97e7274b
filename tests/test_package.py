"""The package's core: set-up, validation helpers, plotting helpers and the widget mechanism."""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook  # noqa: E402
from dlbook import _checks, plots  # noqa: E402
from dlbook.widgets import Explorer, Slider  # noqa: E402


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})


# -- set-up -------------------------------------------------------------------------------
def test_import_is_light_and_setup_is_silent():
    result = run_python(
        "import sys, os, dlbook; dlbook.setup(); "
        "print('tensorflow' in sys.modules, 'keras' in sys.modules, 'sklearn' in sys.modules); "
        "print(os.environ['TF_CPP_MIN_LOG_LEVEL'], os.environ['TF_ENABLE_ONEDNN_OPTS'])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["False False False", "2 0"]
    assert result.stderr == ""


def test_setup_seeds_numpy_and_keeps_user_environment(monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    dlbook.setup(7)
    a = np.random.rand(3)
    dlbook.setup(7)
    assert np.array_equal(a, np.random.rand(3))
    import os

    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert matplotlib.rcParams["svg.fonttype"] == "none"


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (1.5, TypeError), ("0", TypeError)])
def test_setup_rejects_bad_seed(bad, error):
    with pytest.raises(error, match="seed"):
        dlbook.setup(bad)


def test_setup_rejects_bad_style():
    with pytest.raises(TypeError, match="style must be True or False"):
        dlbook.setup(0, style="yes")


def test_every_listed_module_exists_and_exports_what_it_lists():
    import importlib

    import dlbook.widgets

    modules = [f"dlbook.{m}" for m in dlbook._SUBMODULES]
    modules += [f"dlbook.widgets.{m}" for m in dlbook.widgets._CHAPTER_MODULES]
    for name in modules:
        module = importlib.import_module(name)
        assert module.__doc__, f"{name} needs a docstring (it opens its API section)"
        for public in getattr(module, "__all__", []):
            assert hasattr(module, public), f"{name}.__all__ lists {public!r}, which is missing"


def test_unknown_attribute_names_the_problem():
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        dlbook.nonsense  # noqa: B018


# -- validation helpers -------------------------------------------------------------------
def test_as_array_messages():
    with pytest.raises(ValueError, match=r"X must be 2-D, got shape \(3,\).*reshape"):
        _checks.as_array([1, 2, 3], "X", ndim=2)
    with pytest.raises(ValueError, match=r"w must have shape \(2, any\)"):
        _checks.as_array(np.zeros((3, 2)), "w", shape=(2, None))
    with pytest.raises(ValueError, match="NaN or infinite"):
        _checks.as_array([1.0, np.nan], "y")
    with pytest.raises(TypeError, match="array-like"):
        _checks.as_array("abc", "y")
    with pytest.raises(TypeError, match="cannot be converted"):
        _checks.as_array([[1, 2], [3]], "ragged")


def test_scalar_checks():
    assert _checks.positive(2, "eta") == 2.0
    with pytest.raises(ValueError, match="eta must be greater than 0"):
        _checks.positive(0, "eta")
    with pytest.raises(TypeError, match="eta must be a real number"):
        _checks.positive("0.1", "eta")
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\]"):
        _checks.in_range(1.5, "p", 0, 1)
    with pytest.raises(ValueError, match="k must be at least 2"):
        _checks.integer(1, "k", minimum=2)
    with pytest.raises(ValueError, match="one of 'a', 'b'"):
        _checks.one_of("c", "mode", ["a", "b"])
    with pytest.raises(ValueError, match="only the labels 0 and 1"):
        _checks.binary_labels([0, 1, 2], "y")
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        _checks.probabilities([0.2, 1.2], "p")
    with pytest.raises(ValueError, match="same number of rows"):
        _checks.same_length(np.zeros(3), np.zeros(4), "X", "y")


# -- plots -----------------------------------------------------------------------------------
def test_palette_is_okabe_ito_and_style_applies():
    assert plots.color("vermillion") == "#D55E00"
    assert len(set(plots.CYCLE)) == 8
    with pytest.raises(ValueError, match="name must be one of the palette's colours.*got 'red'"):
        plots.color("red")


def test_plot_function_leaves_gaps_where_undefined():
    ax = plots.plot_function(np.log, (-1, 1), n=11)
    y = ax.lines[0].get_ydata()
    assert np.isnan(y[:5]).all() and np.isfinite(y[6:]).all()
    with pytest.raises(ValueError, match="low < high"):
        plots.plot_function(np.sin, (1, 0))
    with pytest.raises(TypeError, match="f must be a function"):
        plots.plot_function(3)
    with pytest.raises(ValueError, match="one value per input"):
        plots.plot_function(lambda x: x[:3])


# -- the widget mechanism ------------------------------------------------------------------
def draw_line(fig, slope, shift="none"):
    ax = fig.subplots()
    x = np.linspace(-1, 1, 5)
    ax.plot(x, slope * x + (0.5 if shift == "up" else 0.0))
    ax.set_title(f"slope {slope}")


@pytest.fixture
def explorer():
    return Explorer(draw_line, [Slider("slope", [-1, 0, 1, 2], label="Slope", fmt="{:+d}"),
                                Slider("shift", ["none", "up"], default="up")],
                    title="Lines", alt="A straight line.", figsize=(3, 2))


def test_explorer_frames_are_complete_and_deterministic(explorer):
    assert len(explorer.frames) == 8
    assert explorer.frames[0].startswith("data:image/svg+xml;base64,")
    again = Explorer(draw_line, explorer.sliders, title="Lines", alt="A straight line.",
                     figsize=(3, 2))
    assert again.frames == explorer.frames
    frame = explorer.frames[explorer.frame_index(slope=2, shift="up")]
    svg = base64.b64decode(frame.split(",", 1)[1]).decode()
    assert "slope 2" in svg
    assert explorer.frame_index() == explorer.frame_index(slope=1, shift="up") == 5


def test_explorer_html_is_self_contained(explorer):
    page = explorer.to_html()
    assert "http" not in page.replace("http://www.w3.org", "")
    assert page.count('type="range"') == 2
    data = json.loads(re.search(r'class="dlbook-flipbook-data">(.*?)</script>', page).group(1))
    assert len(data["frames"]) == len(data["alts"]) == 8
    assert "Slope = +1; shift = up" in data["alts"][5]
    assert 'data-frame="5"' in page


def test_explorer_mimebundle_outside_a_kernel(explorer):
    bundle = explorer._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "image/png"}
    assert bundle["text/plain"] == "<Lines: Slope (4 values), shift (2 values)>"
    assert base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"


def test_explorer_live_widget_redraws(explorer):
    box = explorer.widget()
    image = box.children[-1]
    before = image.value
    box.children[1].value = -1
    assert image.value != before


def _pixels(png: bytes):
    """The image's size, and its pixels averaged over 4 x 4 blocks (a sub-pixel shift hardly
    shows)."""
    from PIL import Image

    a = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)
    h, w = a.shape[0] // 4 * 4, a.shape[1] // 4 * 4
    return a.shape, a[:h, :w].reshape(h // 4, 4, w // 4, 4, 3).mean(axis=(1, 3))


def test_the_live_widget_shows_the_stills_picture(explorer):
    """The live images are drawn once, not twice, yet show the still's picture at its size."""
    (size, live), (still_size, still) = (_pixels(explorer._live_png(slope=2)),
                                         _pixels(explorer.render("png", slope=2)))
    _, other = _pixels(explorer.render("png", slope=1))
    assert size == still_size
    assert np.abs(live - still).mean() < 3 < np.abs(live - other).mean()


def test_the_live_widget_draws_twice_what_reaches_beyond_the_figure():
    def beyond(fig, k):
        fig.subplots().plot([0, k])
        fig.text(1.02, 0.5, "beyond the right edge")

    explorer = Explorer(beyond, Slider("k", [1, 2]), title="Beyond", alt="A line.",
                        figsize=(3, 2))
    assert explorer._live_png() == explorer.still_png()


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(name="1x", values=[1, 2]), ValueError, "identifier"),
    (dict(name="a", values=[1]), ValueError, "at least 2 values"),
    (dict(name="a", values="ab"), TypeError, "list of values"),
    (dict(name="a", values=[1, 2], default=3), ValueError, "not one of its values"),
    (dict(name="a", values=[1, 2], fmt="{:d}{}"), ValueError, "cannot format"),
])
def test_slider_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        Slider(**kwargs)


def test_explorer_rejects_bad_arguments(explorer):
    s = Slider("slope", [1, 2])
    with pytest.raises(TypeError, match="draw must be a function"):
        Explorer(None, s, title="t", alt="a")
    with pytest.raises(TypeError, match="Slider"):
        Explorer(draw_line, [], title="t", alt="a")
    with pytest.raises(ValueError, match="distinct"):
        Explorer(draw_line, [s, s], title="t", alt="a")
    with pytest.raises(ValueError, match="limit"):
        Explorer(draw_line, [Slider("slope", list(range(20))), Slider("b", list(range(20)))],
                 title="t", alt="a")
    with pytest.raises(ValueError, match="alt must be a non-empty string"):
        Explorer(draw_line, s, title="t", alt=" ")
    with pytest.raises(TypeError, match="unknown parameter"):
        explorer.figure(colour="red")
    with pytest.raises(ValueError, match="not a value of slider"):
        explorer.frame_index(slope=7)
    with pytest.raises(ValueError, match="fmt must be 'svg' or 'png'"):
        explorer.render("jpg")


def _explorer_output_in_a_kernel(monkeypatch, for_the_book: bool) -> dict:
    import nbformat
    from nbclient import NotebookClient

    if for_the_book:
        monkeypatch.setenv("DLBOOK_BOOK_OUTPUTS", "1")
    else:
        monkeypatch.delenv("DLBOOK_BOOK_OUTPUTS", raising=False)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import numpy as np\n"
        "from dlbook.widgets import Explorer, Slider\n"
        "def draw(fig, k):\n"
        "    fig.subplots().plot(np.arange(3) * k)\n"
        "Explorer(draw, Slider('k', [1, 2]), title='Lines', alt='A line.')")]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()  # the kernel inherits the variable
    return nb.cells[0].outputs[0]["data"]


def test_a_kernel_gets_the_live_widget_and_the_flipbook_for_the_book(monkeypatch):
    """Executed for the book (make execute, the tests): the widget view and the flipbook."""
    data = _explorer_output_in_a_kernel(monkeypatch, for_the_book=True)
    assert "application/vnd.jupyter.widget-view+json" in data
    assert "dlbook-flipbook" in data["text/html"]
    assert data["text/plain"] == "<Lines: k (2 values)>"


def test_a_readers_kernel_draws_no_flipbook(monkeypatch):
    """In a reader's kernel the explorer shows at once: the live widget and one still image."""
    data = _explorer_output_in_a_kernel(monkeypatch, for_the_book=False)
    assert "application/vnd.jupyter.widget-view+json" in data
    assert "text/html" not in data
    assert base64.b64decode(data["image/png"])[:4] == b"\x89PNG"
    assert data["text/plain"] == "<Lines: k (2 values)>"
