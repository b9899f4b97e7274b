"""Interactive figures that work with and without a running kernel.

An :class:`Explorer` wraps a drawing function ``draw(fig, **params)`` and a few
controls, each over a short list of values: a :class:`Slider` for ordered values (numbers),
a :class:`Choice` for named alternatives (a drop-down list). Displaying it gives:

* in JupyterLab, Jupyter Notebook or Colab (a live kernel): ipywidgets sliders whose
  callback calls ``draw`` again and shows the new figure;
* in the static HTML book (no kernel): a *flipbook*, i.e. HTML range inputs that switch
  between frames drawn for every combination of values when the notebook was executed,
  with a few lines of inline JavaScript and no network access;
* in PDF and other static exports: a PNG still of the default setting.

``draw`` must be cheap, because the flipbook draws every frame: do the expensive work
(training, simulation) once, before creating the explorer, and let ``draw`` only plot.

A student's kernel never pays for the flipbook: in a kernel, the output carries the
live widget with one still image, and the frames are drawn only when the notebook is
executed for the book, which ``make execute`` and the tests announce by setting the
environment variable ``DLBOOK_BOOK_OUTPUTS=1``. Without a kernel (a script, a plain
IPython shell) every representation is made, as the book has no other chance.
"""

from __future__ import annotations

import base64
import gzip
import html
import io
import itertools
import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from .._checks import integer, positive

__all__ = ["Slider", "Choice", "Explorer", "MAX_FRAMES"]

#: The most frames one explorer may precompute (keeps notebooks and pages small).
MAX_FRAMES = 120

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: The resolution of the PNG images (the still and the live widget's).
_PNG_DPI = 80


@dataclass(frozen=True)
class Slider:
    """One control of an :class:`Explorer`.

    Parameters
    ----------
    name:
        The keyword argument of ``draw`` that receives the value.
    values:
        The values the slider steps through, in order (numbers or strings).
    label:
        What the reader sees next to the slider; defaults to ``name``.
    default:
        The starting value; it must be one of ``values`` (defaults to the middle one).
    fmt:
        A format string for showing a value, e.g. ``"{:.3g}"``.
    """

    name: str
    values: Sequence[Any]
    label: str | None = None
    default: Any = None
    fmt: str = "{}"
    _index: int = field(init=False, repr=False, default=0)

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"Slider name must be a Python identifier (the keyword draw "
                             f"receives), got {self.name!r}.")
        if isinstance(self.values, (str, bytes)) or not isinstance(self.values, Sequence) \
                and not isinstance(self.values, np.ndarray):
            raise TypeError(f"Slider {self.name!r}: values must be a list of values, "
                            f"got {type(self.values).__name__}.")
        values = list(self.values)
        if len(values) < 2:
            raise ValueError(f"Slider {self.name!r} needs at least 2 values to step "
                             f"through, got {len(values)}.")
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
        object.__setattr__(self, "values", tuple(values))
        default = values[len(values) // 2] if self.default is None else self.default
        matches = [i for i, v in enumerate(values) if v == default]
        if not matches:
            raise ValueError(f"Slider {self.name!r}: default {default!r} is not one of its "
                             f"values {values}; pick one of them.")
        object.__setattr__(self, "default", values[matches[0]])
        object.__setattr__(self, "_index", matches[0])
        if self.label is None:
            object.__setattr__(self, "label", self.name)
        try:
            self.fmt.format(values[0])
        except (ValueError, IndexError, KeyError) as err:
            raise ValueError(f"Slider {self.name!r}: fmt {self.fmt!r} cannot format "
                             f"{values[0]!r} ({err}).") from None

    @property
    def default_index(self) -> int:
        return self._index

    def text(self, value) -> str:
        """The value as the reader sees it."""
        return self.fmt.format(value)


@dataclass(frozen=True)
class Choice(Slider):
    """A control over named alternatives: a drop-down list, live and in the flipbook.

    ``values`` lists the alternatives, each a value or a ``(text, value)`` pair whose text
    is what the reader sees, e.g.
    ``Choice("activation", [("ReLU", "relu"), ("leaky ReLU", "leaky_relu")])``.
    ``label`` and ``default`` (a value) are as for :class:`Slider`.
    """

    _texts: tuple = field(init=False, repr=False, default=())

    def __post_init__(self):
        if isinstance(self.values, (str, bytes)) or not isinstance(self.values, Sequence):
            raise TypeError(f"Choice {self.name!r}: values must be a list of values or of "
                            f"(text, value) pairs, got {type(self.values).__name__}.")
        texts, values = [], []
        for option in self.values:
            if isinstance(option, tuple):
                if len(option) != 2 or not isinstance(option[0], str) or not option[0].strip():
                    raise ValueError(f"Choice {self.name!r}: each pair must be (text, value) "
                                     f"with a non-empty text, got {option!r}.")
                texts.append(option[0])
                values.append(option[1])
            else:
                texts.append(str(option))
                values.append(option)
        if len(set(texts)) != len(texts):
            raise ValueError(f"Choice {self.name!r}: the texts {texts} must be distinct.")
        object.__setattr__(self, "values", tuple(values))
        object.__setattr__(self, "_texts", tuple(texts))
        super().__post_init__()

    def text(self, value) -> str:
        return self._texts[[i for i, v in enumerate(self.values) if v == value][0]]


class Explorer:
    """A figure with sliders, live in a kernel and a flipbook in static HTML.

    Parameters
    ----------
    draw:
        ``draw(fig, **params)`` fills the empty :class:`matplotlib.figure.Figure` ``fig``.
    sliders:
        One or more controls (:class:`Slider`, :class:`Choice`); the flipbook holds one
        frame per combination.
    title:
        A short name, shown in the text representation and above the controls.
    alt:
        Alternative text of the figure, for readers who cannot see it: a string, or a
        function ``alt(**params)`` returning the text for one setting (to state what that
        frame shows, e.g. "the iterates diverge"). The current control values are
        appended automatically.
    figsize:
        Size of each frame in inches.
    """

    def __init__(self, draw: Callable, sliders: Sequence[Slider] | Slider, *, title: str,
                 alt: str | Callable[..., str], figsize: tuple[float, float] = (6.4, 4.0)):
        if not callable(draw):
            raise TypeError(f"draw must be a function draw(fig, **params), "
                            f"got {type(draw).__name__}.")
        if isinstance(sliders, Slider):
            sliders = [sliders]
        sliders = list(sliders)
        if not sliders or not all(isinstance(s, Slider) for s in sliders):
            raise TypeError("sliders must be a Slider or a non-empty list of Slider objects.")
        names = [s.name for s in sliders]
        if len(set(names)) != len(names):
            raise ValueError(f"slider names must be distinct, got {names}.")
        n_frames = int(np.prod([len(s.values) for s in sliders]))
        if n_frames > MAX_FRAMES:
            raise ValueError(f"{n_frames} frames is more than the limit of {MAX_FRAMES}; "
                             f"give the sliders fewer values.")
        for text, what in ((title, "title"), (alt, "alt")):
            if what == "alt" and callable(text):
                continue
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{what} must be a non-empty string"
                                 + (" or a function alt(**params) returning one." if what == "alt"
                                    else "."))
        size = tuple(float(positive(float(v), "figsize entry")) for v in figsize)
        if len(size) != 2:
            raise ValueError(f"figsize must be (width, height) in inches, got {figsize!r}.")
        self.draw = draw
        self.sliders = sliders
        self.title = title
        self.alt = alt
        self.figsize = size
        self._frames: list[str] | None = None

    # -- drawing ---------------------------------------------------------------------
    @property
    def defaults(self) -> dict[str, Any]:
        """The slider values the explorer starts with."""
        return {s.name: s.default for s in self.sliders}

    def figure(self, **params):
        """Draw one frame and return the :class:`matplotlib.figure.Figure`.

        Missing parameters take their default values; unknown ones are an error.
        """
        unknown = set(params) - {s.name for s in self.sliders}
        if unknown:
            raise TypeError(f"unknown parameter(s) {sorted(unknown)}; this explorer has "
                            f"{[s.name for s in self.sliders]}.")
        import matplotlib as mpl
        from matplotlib.figure import Figure

        from ..plots import STYLE

        values = {**self.defaults, **params}
        with mpl.rc_context(STYLE):
            fig = Figure(figsize=self.figsize, layout="constrained")
            self.draw(fig, **values)
        return fig

    def render(self, fmt: str = "svg", **params) -> bytes:
        """One frame as SVG or PNG bytes (deterministic for the same parameters)."""
        if fmt not in ("svg", "png"):
            raise ValueError(f"fmt must be 'svg' or 'png', got {fmt!r}.")
        import matplotlib as mpl

        from ..plots import STYLE

        fig = self.figure(**params)
        buf = io.BytesIO()
        with mpl.rc_context(STYLE):
            metadata = {"Date": None} if fmt == "svg" else {"Software": None}
            fig.savefig(buf, format=fmt, metadata=metadata,
                        dpi=_PNG_DPI if fmt == "png" else 72)
        return buf.getvalue()

    def combinations(self) -> list[dict[str, Any]]:
        """Every combination of slider values, in flipbook order (last slider fastest)."""
        return [dict(zip([s.name for s in self.sliders], combo))
                for combo in itertools.product(*[s.values for s in self.sliders])]

    @property
    def frames(self) -> list[str]:
        """The flipbook frames as ``data:`` URIs of SVG images (computed once)."""
        if self._frames is None:
            self._frames = ["data:image/svg+xml;base64,"
                            + base64.b64encode(self.render("svg", **p)).decode("ascii")
                            for p in self.combinations()]
        return self._frames

    def frame_index(self, **params) -> int:
        """The position in :attr:`frames` of the frame for ``params`` (defaults filled in)."""
        values = {**self.defaults, **params}
        index = 0
        for s in self.sliders:
            matches = [i for i, v in enumerate(s.values) if v == values[s.name]]
            if not matches:
                raise ValueError(f"{values[s.name]!r} is not a value of slider {s.name!r}; "
                                 f"choose from {list(s.values)}.")
            index = index * len(s.values) + matches[0]
        return index

    # -- representations ------------------------------------------------------------
    def __repr__(self) -> str:
        controls = ", ".join(f"{s.label} ({len(s.values)} values)" for s in self.sliders)
        return f"<{self.title}: {controls}>"

    def _alt_for(self, params: dict[str, Any]) -> str:
        setting = "; ".join(f"{s.label} = {s.text(params[s.name])}" for s in self.sliders)
        text = self.alt
        if callable(text):
            text = text(**params)
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"alt(**params) must return a non-empty string, got "
                                 f"{text!r} for {params}.")
        text = text.strip()
        if text[-1] not in ".!?":
            text += "."
        return f"{text} Current setting: {setting}."

    def to_html(self) -> str:
        """The self-contained flipbook: range inputs, an image and inline JavaScript.

        The starting frame is an ordinary ``data:`` URI, so the figure shows even where
        scripts do not run. The other frames are stored gzip-compressed (SVG compresses
        about fivefold) and decompressed by the browser when a slider reaches them.

        Without its script (a notebook that JupyterLab does not trust: it sanitizes the
        HTML and runs no script; a browser with scripts off) the flipbook reads as a
        still: one line per control, e.g. "activation: relu", above the starting frame,
        and no slider that would do nothing. The script shows the sliders and hides the
        colons, so the book shows "activation", a slider, then "relu".
        """
        start = self.frame_index()
        controls = []
        for s in self.sliders:
            texts = [s.text(v) for v in s.values]
            if isinstance(s, Choice):
                options = "".join(
                    f'<option value="{i}"{" selected" if i == s.default_index else ""}>'
                    f'{html.escape(t)}</option>' for i, t in enumerate(texts))
                controls.append(
                    '<div><label class="dlbook-flipbook-control">'
                    f'<span class="dlbook-flipbook-label">{html.escape(s.label)}'
                    '<span class="dlbook-flipbook-colon">:</span></span> '
                    f'<select hidden="hidden" data-texts="{html.escape(json.dumps(texts))}">'
                    f'{options}</select> '
                    f'<output>{html.escape(texts[s.default_index])}</output></label></div>')
                continue
            # `hidden="hidden"`: JupyterLab's sanitizer drops a bare `hidden`, keeps this.
            controls.append(
                '<div><label class="dlbook-flipbook-control">'
                f'<span class="dlbook-flipbook-label">{html.escape(s.label)}'
                '<span class="dlbook-flipbook-colon">:</span></span> '
                f'<input type="range" hidden="hidden" min="0" max="{len(s.values) - 1}" step="1" '
                f'value="{s.default_index}" data-texts="{html.escape(json.dumps(texts))}" '
                f'aria-valuetext="{html.escape(texts[s.default_index])}"> '
                f'<output>{html.escape(texts[s.default_index])}</output></label></div>')
        alts = [self._alt_for(p) for p in self.combinations()]
        data = json.dumps({"frames": self._compressed_frames(), "alts": alts})
        return (
            f'<div class="dlbook-flipbook" data-frames="{len(self.frames)}" data-frame="{start}">'
            f'<div class="dlbook-flipbook-title"><strong>{html.escape(self.title)}</strong></div>'
            '<div class="dlbook-flipbook-controls">' + "".join(controls) + "</div>"
            f'<img class="dlbook-flipbook-frame" src="{self.frames[start]}" '
            f'alt="{html.escape(alts[start])}" style="max-width:100%;height:auto">'
            f'<script type="application/json" class="dlbook-flipbook-data">{data}</script>'
            "<script>" + _FLIPBOOK_JS + "</script></div>")

    def _compressed_frames(self) -> list[str]:
        out = []
        for uri in self.frames:
            svg = base64.b64decode(uri.split(",", 1)[1])
            packed = gzip.compress(svg, compresslevel=9, mtime=0)
            out.append("data:application/gzip;base64," + base64.b64encode(packed).decode("ascii"))
        return out

    def still_png(self) -> bytes:
        """A PNG of the default setting, for PDF and other static exports."""
        return self.render("png")

    def _live_png(self, **params) -> bytes:
        """One frame as a PNG for the live widget: ``render("png")``, drawn once, not twice.

        ``render`` saves with ``bbox_inches="tight"``, for which matplotlib draws the figure
        twice: once to find the box around what it shows, once into an image of that box.
        Here the figure is drawn once, at full size, and the same box (with the same
        padding) is cut out of that image: the same picture, moved by less than a pixel,
        in about three quarters of the time. A figure with something beyond its edges
        (which the box reaches out to include) is drawn again into the box, as ``render``
        does.
        """
        import matplotlib as mpl
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from ..plots import STYLE

        fig = self.figure(**params)
        buf = io.BytesIO()
        with mpl.rc_context(STYLE):
            fig.set_dpi(_PNG_DPI)
            canvas = FigureCanvasAgg(fig)
            canvas.draw()  # the constrained layout, then the drawing
            tight = fig.get_tightbbox(canvas.get_renderer())  # inches
            box = tight.padded(mpl.rcParams["savefig.pad_inches"])
            width, height = fig.get_size_inches()
            slack = 0.5 / _PNG_DPI
            if min(tight.x0, tight.y0, width - tight.x1, height - tight.y1) < -slack:
                fig.set_layout_engine("none")  # keep the layout just made
                fig.savefig(buf, format="png", metadata={"Software": None}, dpi=_PNG_DPI,
                            bbox_inches=box)
                return buf.getvalue()
            drawn = np.asarray(canvas.buffer_rgba())
            out = np.empty((int(box.height * _PNG_DPI), int(box.width * _PNG_DPI), 4), np.uint8)
            out[...] = np.round(np.multiply(mpl.colors.to_rgba(fig.get_facecolor()), 255))
            top, left = round((height - box.y1) * _PNG_DPI), round(box.x0 * _PNG_DPI)
            rows = slice(max(top, 0), min(top + out.shape[0], drawn.shape[0]))
            cols = slice(max(left, 0), min(left + out.shape[1], drawn.shape[1]))
            out[rows.start - top:rows.stop - top, cols.start - left:cols.stop - left] = \
                drawn[rows, cols]
            mpl.image.imsave(buf, out, format="png", dpi=_PNG_DPI, metadata={"Software": None})
        return buf.getvalue()

    def widget(self):
        """The live ipywidgets user interface (needs a running kernel to respond)."""
        import ipywidgets as W

        controls = []
        for s in self.sliders:
            if isinstance(s, Choice):
                controls.append(W.Dropdown(
                    options=[(s.text(v), v) for v in s.values], value=s.default,
                    description=s.label, style={"description_width": "initial"}))
                continue
            controls.append(W.SelectionSlider(
                options=[(s.text(v), v) for v in s.values], value=s.default,
                description=s.label, continuous_update=False,
                style={"description_width": "initial"},
                layout=W.Layout(width="95%")))
        image = W.Image(value=self._live_png(), format="png",
                        layout=W.Layout(max_width="100%", height="auto"))

        def redraw(_change=None):
            params = {s.name: c.value for s, c in zip(self.sliders, controls)}
            image.value = self._live_png(**params)

        for c in controls:
            c.observe(redraw, names="value")
        return W.VBox([W.HTML(f"<strong>{html.escape(self.title)}</strong>"), *controls, image])

    def _repr_mimebundle_(self, include=None, exclude=None):
        if _in_kernel() and not _for_the_book():
            # A reader's kernel: the live widget, and its first image as the still
            # (one drawing in all, so the explorer appears at once).
            box = self.widget()
            bundle = {"text/plain": repr(self),
                      "image/png": base64.b64encode(box.children[-1].value).decode("ascii")}
            bundle[_WIDGET_VIEW] = _widget_view(box)
            return bundle
        bundle = {
            "text/plain": repr(self),
            "text/html": self.to_html(),
            "image/png": base64.b64encode(self.still_png()).decode("ascii"),
        }
        if _in_kernel():
            bundle[_WIDGET_VIEW] = _widget_view(self.widget())
        return bundle


def _widget_view(widget) -> dict:
    """The display data that makes a front end show ``widget`` (ipywidgets 7 and 8 alike)."""
    return {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}


#: Set to 1 by ``make execute`` and the tests: outputs are being made for the book.
BOOK_OUTPUTS_VARIABLE = "DLBOOK_BOOK_OUTPUTS"


def _for_the_book() -> bool:
    return os.environ.get(BOOK_OUTPUTS_VARIABLE, "") == "1"


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipywidgets
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


# Each flipbook finds its own elements from the script tag that runs, so several
# flipbooks (even identical ones) can share a page. The last slider varies fastest.
# `data-frame` is the frame the sliders ask for; `data-shown` the one on screen.
_FLIPBOOK_JS = """
(function () {
  var root = document.currentScript.parentElement;
  var data = JSON.parse(root.querySelector('.dlbook-flipbook-data').textContent);
  var img = root.querySelector('.dlbook-flipbook-frame');
  var inputs = Array.prototype.slice.call(
    root.querySelectorAll('input[type=range], select'));
  var urls = {};
  var wanted = null;
  function frameUrl(index) {
    if (urls[index]) { return Promise.resolve(urls[index]); }
    var packed = atob(data.frames[index].split(',')[1]);
    var bytes = new Uint8Array(packed.length);
    for (var k = 0; k < packed.length; k++) { bytes[k] = packed.charCodeAt(k); }
    var svg = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(svg).arrayBuffer().then(function (buffer) {
      urls[index] = URL.createObjectURL(new Blob([buffer], {type: 'image/svg+xml'}));
      return urls[index];
    });
  }
  function update() {
    var index = 0;
    inputs.forEach(function (input) {
      var texts = JSON.parse(input.getAttribute('data-texts'));
      var i = parseInt(input.value, 10);
      index = index * texts.length + i;
      if (input.tagName !== 'SELECT') { input.setAttribute('aria-valuetext', texts[i]); }
      input.parentElement.querySelector('output').textContent = texts[i];
    });
    wanted = index;
    root.setAttribute('data-frame', index);
    frameUrl(index).then(function (url) {
      if (wanted !== index) { return; }
      img.src = url;
      img.alt = data.alts[index];
      root.setAttribute('data-shown', index);
    });
  }
  // Without this script the flipbook reads as a still ("label: value"); with it, as controls.
  inputs.forEach(function (input) {
    input.hidden = false;
    input.addEventListener('input', update);
    if (input.tagName === 'SELECT') {  // a drop-down shows its choice itself
      input.addEventListener('change', update);
      input.parentElement.querySelector('output').hidden = true;
    }
  });
  Array.prototype.forEach.call(root.querySelectorAll('.dlbook-flipbook-colon'),
                               function (colon) { colon.hidden = true; });
  root.setAttribute('data-shown', root.getAttribute('data-frame'));
  root.setAttribute('data-ready', 'true');
})();
""".strip()


def check_values(values, name: str, *, min_count: int = 2) -> list:
    """Validate a list of slider values given to a widget factory."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a list of values, got {type(values).__name__}.")
    integer(len(values), f"the number of {name}", minimum=min_count)
    return list(values)
