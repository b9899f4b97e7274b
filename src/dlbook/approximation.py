"""Networks built by hand: what one hidden layer can approximate, and what depth buys.

The universal approximation theorem says that one hidden layer suffices to approximate any
continuous function on a compact set. The constructions here make that concrete in one
dimension, and each returns an ordinary :class:`dlbook.nn.MLP` whose weights were *set*,
not trained:

* :func:`staircase_network`: sigmoid units as smoothed steps, one step per unit, whose
  heights follow the target (a sum of "bumps" :func:`sigmoid_bump`);
* :func:`interpolating_network`: ReLU units as hinges, giving the piecewise-linear
  interpolant of the target;
* :func:`sawtooth_network`: a deep, narrow ReLU network that composes the "tent" map
  ``depth`` times, giving :math:`2^{\\text{depth}}` linear pieces with only two units per
  layer.

:func:`count_linear_pieces` counts the linear pieces of a sampled piecewise-linear function.

>>> import numpy as np
>>> net = sawtooth_network(3)
>>> x = np.linspace(0, 1, 257)
>>> count_linear_pieces(x, net.forward(x.reshape(-1, 1))[:, 0])
8
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._checks import as_array, in_range, integer, positive
from .linear import sigmoid
from .nn import MLP

__all__ = ["sigmoid_bump", "staircase_network", "interpolating_network", "sawtooth_network",
           "tent", "count_linear_pieces", "MAX_UNITS"]

#: The most hidden units :func:`staircase_network` and :func:`interpolating_network` build.
MAX_UNITS = 100_000


def _interval(interval, name: str = "interval") -> tuple[float, float]:
    arr = as_array(interval, name, shape=(2,))
    low, high = float(arr[0]), float(arr[1])
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got ({low}, {high}).")
    if not np.isfinite(high - low):
        raise ValueError(f"{name} ({low}, {high}) is too wide to compute with; choose a "
                         f"narrower one.")
    return low, high


_NOT_GIVEN = object()


def _check_construction(f, n_units, interval,
                        sharpness=_NOT_GIVEN) -> tuple[int, float, float]:
    """Validate the arguments of a one-hidden-layer construction; return n, low and high."""
    _check_function(f)
    n_units = integer(n_units, "n_units", minimum=1, maximum=MAX_UNITS)
    low, high = _interval(interval)
    if sharpness is not _NOT_GIVEN:
        slope = positive(sharpness, "sharpness") * (n_units + 1) / (high - low)
        if not np.isfinite(slope) or slope * max(abs(low), abs(high)) > 1e300:
            raise ValueError(f"sharpness {sharpness} is too large for this interval: the "
                             f"sigmoids' weights would overflow; choose e.g. 10.")
    return n_units, low, high


def _check_function(f) -> None:
    if not callable(f):
        raise TypeError(f"f must be a function (callable) of a NumPy array, got "
                        f"{type(f).__name__}; pass e.g. np.sin or a lambda.")


def _values_of(f: Callable, x: np.ndarray) -> np.ndarray:
    """``f(x)``, checked: one finite real value per entry of ``x``."""
    _check_function(f)
    y = f(x)
    if y is None:
        raise TypeError("f returned None; it must return one value per input "
                        "(is a `return` statement missing?).")
    y = as_array(y, "the values returned by f", finite=False)
    if y.shape != x.shape:
        raise ValueError(f"f must work element-wise and return one value per input: for an "
                         f"input of shape {x.shape} it returned shape {y.shape}.")
    if not np.all(np.isfinite(y)):
        raise ValueError("f returned NaN or infinite values on the interval; choose a "
                         "function that is finite there.")
    return y


def sigmoid_bump(x, a: float, b: float, steepness: float = 10.0) -> np.ndarray:
    """Two sigmoid units that make a bump: :math:`\\sigma(k(x-a)) - \\sigma(k(x-b))`.

    For a steep sigmoid (large :math:`k`) this is close to 1 on :math:`(a, b)` and close to 0
    outside it.

    Parameters
    ----------
    x : array_like
        Where to evaluate.
    a, b : float
        The edges of the bump, ``a < b``.
    steepness : float, default 10.0
        The slope :math:`k > 0` of both sigmoids.

    Returns
    -------
    numpy.ndarray
        The bump, shaped like ``x``.
    """
    x = as_array(x, "x")
    a = in_range(a, "a", -np.inf, np.inf)
    b = in_range(b, "b", -np.inf, np.inf)
    if not a < b:
        raise ValueError(f"the edges must satisfy a < b, got a = {a} and b = {b}.")
    k = positive(steepness, "steepness")
    return np.asarray(sigmoid(k * (x - a)) - sigmoid(k * (x - b)), dtype=float).reshape(x.shape)


def staircase_network(f: Callable, n_units: int, interval=(-1.0, 1.0), *,
                      sharpness: float = 10.0) -> MLP:
    """A one-hidden-layer sigmoid network that approximates ``f`` by a smoothed staircase.

    The interval is cut into ``n_units + 1`` equal cells of width :math:`h`. On cell
    :math:`j` the staircase has the height :math:`f(c_j)`, the target at the cell's centre.
    Hidden unit :math:`i` is a smoothed step :math:`\\sigma(k(x - t_i))` at the boundary
    :math:`t_i` between cells :math:`i-1` and :math:`i`, and its output weight is the height
    of that step, :math:`f(c_i) - f(c_{i-1})`; the output bias is :math:`f(c_0)`. Summed, the
    steps telescope into bumps of height :math:`f(c_j)` over each cell.

    Parameters
    ----------
    f : callable
        The target, applied element-wise to a NumPy array.
    n_units : int
        Hidden units (steps), from 1 to :data:`MAX_UNITS`.
    interval : (float, float), default (-1, 1)
        Where to approximate ``f``.
    sharpness : float, default 10.0
        The sigmoids' slope :math:`k` in units of :math:`1/h`: the larger, the closer each
        unit is to a sharp step.

    Returns
    -------
    MLP
        ``MLP([1, n_units, 1], activation="sigmoid", output="linear")`` with the weights
        set as described.
    """
    n_units, low, high = _check_construction(f, n_units, interval, sharpness)
    width = (high - low) / (n_units + 1)
    centres = low + width * (np.arange(n_units + 1) + 0.5)
    heights = _values_of(f, centres)
    boundaries = low + width * np.arange(1, n_units + 1)
    k = sharpness / width
    net = MLP([1, n_units, 1], activation="sigmoid", output="linear")
    net.set_weights([np.full((1, n_units), k), -k * boundaries,
                     np.diff(heights).reshape(-1, 1), heights[:1].copy()])
    return net


def interpolating_network(f: Callable, n_units: int, interval=(-1.0, 1.0)) -> MLP:
    """A one-hidden-layer ReLU network equal to the piecewise-linear interpolant of ``f``.

    With knots :math:`x_0 < \\dots < x_n` equally spaced over the interval (:math:`n` =
    ``n_units``) and slopes :math:`s_j` of the chords between them, the network computes

    .. math::

        f(x_0) + s_1\\,\\mathrm{relu}(x - x_0)
        + \\sum_{j=1}^{n-1} (s_{j+1} - s_j)\\,\\mathrm{relu}(x - x_j),

    which passes through every :math:`(x_j, f(x_j))` and is linear in between: each unit
    adds one hinge, so :math:`n` units give :math:`n` linear pieces on the interval.

    Parameters
    ----------
    f : callable
        The target, applied element-wise to a NumPy array.
    n_units : int
        Hidden units (linear pieces), from 1 to :data:`MAX_UNITS`.
    interval : (float, float), default (-1, 1)

    Returns
    -------
    MLP
        ``MLP([1, n_units, 1], activation="relu", output="linear")`` with the weights set.
    """
    n_units, low, high = _check_construction(f, n_units, interval)
    knots = np.linspace(low, high, n_units + 1)
    values = _values_of(f, knots)
    slopes = np.diff(values) / np.diff(knots)
    net = MLP([1, n_units, 1], activation="relu", output="linear")
    net.set_weights([np.ones((1, n_units)), -knots[:-1],
                     np.concatenate([slopes[:1], np.diff(slopes)]).reshape(-1, 1),
                     values[:1].copy()])
    return net


def tent(x) -> np.ndarray:
    """The tent map :math:`t(x) = 2\\,\\mathrm{relu}(x) - 4\\,\\mathrm{relu}(x - 1/2)`.

    On :math:`[0, 1]` it rises from 0 to 1 on the first half and falls back on the
    second, i.e. :math:`t(x) = 1 - |2x - 1|`: it folds the interval onto itself.
    """
    x = as_array(x, "x")
    return 2.0 * np.maximum(x, 0.0) - 4.0 * np.maximum(x - 0.5, 0.0)


def sawtooth_network(depth: int) -> MLP:
    """A deep ReLU network, two units per layer, that composes the tent map ``depth`` times.

    Each hidden layer computes :math:`(\\mathrm{relu}(t), \\mathrm{relu}(t - 1/2))` of the
    previous layer's tent value :math:`t` (the input :math:`x` for the first layer), and the
    next layer's weights form :math:`2\\,\\mathrm{relu}(t) - 4\\,\\mathrm{relu}(t - 1/2)`. On
    :math:`[0, 1]` the output :math:`t^{\\circ d}(x)` is a sawtooth with :math:`2^d` linear
    pieces, from :math:`2d` hidden units.

    Parameters
    ----------
    depth : int
        The number of hidden layers :math:`d`, from 1 to 30.

    Returns
    -------
    MLP
        ``MLP([1, 2, ..., 2, 1], activation="relu", output="linear")`` with the weights set.
    """
    depth = integer(depth, "depth", minimum=1, maximum=30)
    fold = np.array([[2.0, 2.0], [-4.0, -4.0]])  # t = 2 h1 - 4 h2, copied to both units
    shift = np.array([0.0, -0.5])
    weights = [np.ones((1, 2)), shift.copy()]
    for _ in range(depth - 1):
        weights += [fold.copy(), shift.copy()]
    weights += [np.array([[2.0], [-4.0]]), np.zeros(1)]
    net = MLP([1] + [2] * depth + [1], activation="relu", output="linear")
    net.set_weights(weights)
    return net


def count_linear_pieces(x, y, *, tol: float = 1e-7) -> int:
    """The number of linear pieces of a piecewise-linear function sampled at ``x``.

    The slopes between consecutive samples are compared; a new piece starts wherever the
    slope changes by more than ``tol`` times the largest absolute slope. The count is exact
    when every kink lies on a sample point (e.g. a grid of :math:`2^m + 1` points for kinks
    at multiples of :math:`2^{-m}`); a kink between two samples adds a spurious short piece.

    Parameters
    ----------
    x : array_like, shape (n,)
        Strictly increasing sample points, at least 2.
    y : array_like, shape (n,)
        The function's values there.
    tol : float, default 1e-7
        Relative tolerance for "the same slope".

    Returns
    -------
    int
    """
    x = as_array(x, "x", ndim=1, min_rows=2)
    y = as_array(y, "y", ndim=1)
    if len(y) != len(x):
        raise ValueError(f"x and y must have the same length (one value per sample point), "
                         f"got {len(x)} and {len(y)}.")
    if np.any(np.diff(x) <= 0):
        raise ValueError("x must be strictly increasing; sort the samples first.")
    tol = positive(tol, "tol")
    slopes = np.diff(y) / np.diff(x)
    scale = max(float(np.max(np.abs(slopes))), 1e-300)
    return 1 + int(np.sum(np.abs(np.diff(slopes)) > tol * scale))
