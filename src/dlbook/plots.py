"""The book's colours and plotting helpers.

All figures use the Okabe–Ito palette, which stays distinguishable for the common
forms of colour blindness, and the sequential colour map ``cividis`` for
heat maps. Helpers draw on a :class:`matplotlib.axes.Axes` you pass in (or on a
new one) and return it, so a notebook can add titles and labels afterwards.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from cycler import cycler

from ._checks import as_array, integer, positive

__all__ = ["COLORS", "CYCLE", "CLASS_COLORS", "class_color", "SEQUENTIAL_CMAP", "DIVERGING_CMAP", "STYLE",
           "use_book_style", "new_axes", "color", "plot_function"]

#: Okabe & Ito (2008), "Color Universal Design": eight colours safe for colour-blind readers.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: The order in which lines are coloured (yellow last: it is pale on white).
CYCLE = [COLORS[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black",
                             "yellow")]

#: One colour per class across the book: class 0 blue, class 1 orange, class 2 green, ...
CLASS_COLORS = tuple(CYCLE[:7])

#: Colour maps that are perceptually uniform and colour-blind safe.
SEQUENTIAL_CMAP = "cividis"
DIVERGING_CMAP = "PuOr"

#: matplotlib settings behind :func:`use_book_style`.
STYLE = {
    "axes.prop_cycle": cycler(color=CYCLE),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.frameon": False,
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.bbox": "tight",
    "image.cmap": SEQUENTIAL_CMAP,
    "lines.linewidth": 2.0,
    # Text stays text in SVG (small, searchable), and SVG ids do not change between runs.
    "svg.fonttype": "none",
    "svg.hashsalt": "dlbook",
}


def use_book_style() -> None:
    """Apply :data:`STYLE` to matplotlib's global settings."""
    mpl.rcParams.update(STYLE)


def color(name: str) -> str:
    """The hex code of one of the palette's colours, e.g. ``color("vermillion")``."""
    if not isinstance(name, str) or name not in COLORS:
        raise ValueError(f"name must be one of the palette's colours, {', '.join(COLORS)}; "
                         f"got {name!r}.")
    return COLORS[name]


def class_color(label) -> str:
    """The colour of class ``label`` (0, 1, 2, ...) in every figure of the book."""
    label = integer(label, "label", minimum=0, maximum=len(CLASS_COLORS) - 1)
    return CLASS_COLORS[label]


_MAX_INCHES = 100.0


def new_axes(ax=None, *, figsize: tuple[float, float] | None = None):
    """Return ``ax`` if given, otherwise the axes of a new pyplot figure of size ``figsize``."""
    if ax is not None and figsize is not None:
        raise ValueError("give either ax (axes to draw on) or figsize (for new axes), not both.")
    if ax is not None:
        if not isinstance(ax, mpl.axes.Axes):
            raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}.")
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=None if figsize is None else _check_figsize(figsize))
    return ax


def plot_function(f, x_range: tuple[float, float] = (-5.0, 5.0), *, n: int = 400,
                  ax=None, label: str | None = None, **line_kwargs):
    """Plot ``y = f(x)`` for a vectorised function ``f`` on ``x_range``.

    Points where ``f`` is undefined (NaN) are left as gaps rather than joined.
    Returns the axes.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of one array argument, got {type(f).__name__}.")
    bounds = as_array(x_range, "x_range", shape=(2,))
    if bounds[0] >= bounds[1]:
        raise ValueError(f"x_range must be (low, high) with low < high, got {tuple(bounds)}.")
    n = integer(n, "n", minimum=2)
    ax = new_axes(ax)
    x = np.linspace(bounds[0], bounds[1], n)
    with np.errstate(all="ignore"):
        y = np.asarray(f(x), dtype=float)
    if y.shape != x.shape:
        raise ValueError(f"f must return one value per input, got shape {y.shape} for {x.shape}.")
    ax.plot(x, y, label=label, **line_kwargs)
    return ax


def _check_figsize(figsize) -> tuple[float, float]:
    size = as_array(figsize, "figsize", shape=(2,))
    width, height = positive(float(size[0]), "figsize[0]"), positive(float(size[1]), "figsize[1]")
    if max(width, height) > _MAX_INCHES:
        raise ValueError(f"figsize is in inches and at most {_MAX_INCHES:g} on each side, got "
                         f"{(width, height)}.")
    return width, height
