"""Widgets of Chapter 3's first sections: the perceptron, XOR and the softmax output.

* :func:`perceptron_stepper` replays the perceptron learning rule on a small separable
  data set, one update per slider step: the current decision line, the misclassified
  points and the point that causes the next update.
* :func:`xor_playground` varies two weights of the ReLU network that computes XOR and
  shows its output over the input plane next to the four inputs in the hidden space.
* :func:`softmax_temperature_explorer` turns logits into probabilities, with a slider for
  one logit and one for the temperature.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.ticker import MaxNLocator

from .._checks import as_array, in_range, integer, positive
from ..plots import CLASS_COLORS
from .core import Explorer, Slider, check_values

__all__ = ["stepper_data", "perceptron_stepper", "xor_playground",
           "softmax_temperature_explorer"]

_HALF_PLANE = ListedColormap(["#FFFFFF", "#F6E3B4"])
_CLASS_STYLE = {0: {"marker": "o", "color": CLASS_COLORS[0], "label": "class 0"},
                1: {"marker": "^", "color": CLASS_COLORS[1], "label": "class 1"}}


def stepper_data(n: int = 16, margin: float = 0.1, seed: int = 2):
    """The small linearly separable data set of :func:`perceptron_stepper`.

    Points are drawn uniformly from :math:`[-2, 2]^2`, labelled 1 where
    :math:`0.4 + x_1 - 0.7x_2 > 0`, and kept only if they lie farther than ``margin``
    from that line, so that a margin separates the classes.

    Parameters
    ----------
    n : int, default 16
        Number of points (at least 2).
    margin : float, default 0.1
        The smallest distance of a point from the separating line (positive).
    seed : int, default 2
        Seed of the random points.

    Returns
    -------
    X : numpy.ndarray of shape (n, 2)
    t : numpy.ndarray of shape (n,)
        Labels 0 and 1.
    """
    n = integer(n, "n", minimum=2, maximum=200)
    margin = positive(margin, "margin")
    if margin >= 1:
        raise ValueError(f"margin must be below 1 (points lie in [-2, 2]^2), got {margin}.")
    rng = np.random.default_rng(integer(seed, "seed", minimum=0, maximum=2**32 - 1))
    points = rng.uniform(-2.0, 2.0, size=(40 * n, 2))
    z = 0.4 + points[:, 0] - 0.7 * points[:, 1]
    keep = np.abs(z) / np.hypot(1.0, 0.7) > margin
    X, z = points[keep][:n], z[keep][:n]
    return X, (z > 0).astype(int)


def _distinct(values: list, name: str) -> list:
    if len(set(values)) != len(values):
        raise ValueError(f"{name} must be distinct (one slider position each), got {values}.")
    return values


def _boundary(ax, w, limits, **style) -> None:
    """Draw the line w0 + w1 x1 + w2 x2 = 0 inside the square ``limits``."""
    lo, hi = limits
    w0, w1, w2 = (float(v) for v in w)
    if abs(w2) >= abs(w1) and w2 != 0:
        x1 = np.array([lo, hi])
        ax.plot(x1, -(w0 + w1 * x1) / w2, **style)
    elif w1 != 0:
        x2 = np.array([lo, hi])
        ax.plot(-(w0 + w2 * x2) / w1, x2, **style)


def perceptron_stepper(learning_rate: float = 0.5, initial_weights=(0.5, -0.5, 1.0),
                       max_updates: int = 39) -> Explorer:
    """The perceptron learning rule on :func:`stepper_data`, one update at a time.

    Left: the data, the decision line after ``k`` updates (and, dashed, the line before the
    last update), the shaded half-plane where the perceptron outputs 1, the misclassified
    points (ringed) and the point that the rule corrects next. Right: the number of
    misclassified training points after each update.

    Parameters
    ----------
    learning_rate : float, default 0.5
        The step :math:`\\eta` of the rule :math:`w \\leftarrow w - \\eta(y - t)\\tilde x`.
    initial_weights : (float, float, float), default (0.5, -0.5, 1.0)
        The starting weights :math:`(w_0, w_1, w_2)`; not all of :math:`w_1, w_2` zero.
    max_updates : int, default 39
        The most updates shown (the slider has one more value, for the start).

    Returns
    -------
    Explorer
    """
    from ..perceptron import fit_perceptron, predict_perceptron

    learning_rate = positive(learning_rate, "learning_rate")
    start = as_array(initial_weights, "initial_weights", shape=(3,))
    if not np.any(start[1:]):
        raise ValueError("initial_weights must not have w1 = w2 = 0: there would be no line "
                         "to draw; e.g. use (0.5, -0.5, 1.0).")
    max_updates = integer(max_updates, "max_updates", minimum=1, maximum=39)
    X, t = stepper_data()
    fit = fit_perceptron(X, t, learning_rate=learning_rate, max_epochs=200, seed=0,
                         initial_weights=start)
    path, culprits = fit.path[:max_updates + 1], fit.updated_on[:max_updates]
    n_steps = len(path) - 1
    wrong = np.array([np.sum(predict_perceptron(w, X) != t) for w in path])
    limits = (-2.3, 2.3)
    grid = np.linspace(*limits, 80)
    g1, g2 = np.meshgrid(grid, grid)

    def draw(fig, k):
        ax, ax_count = fig.subplots(1, 2, width_ratios=[1.15, 1])
        w = path[k]
        positive_side = w[0] + w[1] * g1 + w[2] * g2 > 0
        ax.imshow(positive_side, origin="lower", extent=(*limits, *limits), cmap=_HALF_PLANE,
                  vmin=0, vmax=1, interpolation="nearest", aspect="auto")
        for label in (0, 1):
            style = _CLASS_STYLE[label]
            ax.scatter(*X[t == label].T, marker=style["marker"], color=style["color"],
                       s=45, zorder=3, label=style["label"])
        missed = predict_perceptron(w, X) != t
        ax.scatter(*X[missed].T, s=190, facecolors="none", edgecolors="#000000",
                   linewidths=1.3, zorder=4, label="misclassified")
        if k > 0:
            _boundary(ax, path[k - 1], limits, color="#777777", linestyle="--", linewidth=1.2,
                      label="line before this update")
        _boundary(ax, w, limits, color="#D55E00", linewidth=2.2, label="current line")
        if k < n_steps:
            ax.scatter(*X[culprits[k]], marker="*", s=360, color="#CC79A7",
                       edgecolors="#000000", zorder=5, label="corrected next")
        ax.set_xlim(limits)
        ax.set_ylim(limits)
        ax.set_aspect("equal")
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.set_title(f"w = ({w[0]:.2f}, {w[1]:.2f}, {w[2]:.2f})", fontsize=10)
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=6,
                   fontsize=8)

        ax_count.step(np.arange(n_steps + 1), wrong, where="post", color="#0072B2")
        ax_count.plot(k, wrong[k], "o", color="#D55E00", markersize=8)
        ax_count.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax_count.set_xlim(-0.5, n_steps + 0.5)
        ax_count.set_ylim(-0.3, max(wrong) + 1)
        ax_count.set_xlabel("number of updates k")
        ax_count.set_ylabel("misclassified training points")
        ax_count.set_title("Mistakes of the current weights", fontsize=10)
        if wrong[k] == 0:
            note = "every point correct:\nthe rule stops"
        else:
            note = f"{wrong[k]} of {len(t)} points wrong"
        ax_count.text(0.97, 0.95, note, transform=ax_count.transAxes, ha="right", va="top",
                      fontsize=9, bbox={"boxstyle": "round", "facecolor": "white",
                                        "edgecolor": "#999999"})
        fig.suptitle(f"The perceptron rule after {k} of {n_steps} updates "
                     f"(η = {learning_rate:g})", fontsize=12)

    slider = Slider("k", list(range(n_steps + 1)), label="updates so far", default=0,
                    fmt="{:d}")
    return Explorer(draw, [slider], title="The perceptron learning rule, step by step",
                    alt=("Left: sixteen points of two classes in the plane, the perceptron's "
                         "current decision line with the half-plane it assigns to class 1 "
                         "shaded, the misclassified points ringed and a star on the point "
                         "corrected next. Right: the number of misclassified points against "
                         "the number of updates, falling to zero."),
                    figsize=(9.6, 4.4))


def xor_playground(c2_values=(-1.5, -1.0, -0.5, 0.0),
                   w2_values=(-3.0, -2.0, -1.0, 0.0)) -> Explorer:
    """The ReLU network :math:`f(x) = w^\\top\\max\\{0, W^\\top x + c\\} + b` on XOR.

    The network has :math:`W = \\begin{pmatrix}1&1\\\\1&1\\end{pmatrix}`, :math:`c = (0, c_2)`,
    :math:`w = (1, w_2)` and :math:`b = 0`; with :math:`c_2 = -1` and :math:`w_2 = -2` it
    computes XOR exactly. Left: :math:`f` over the input plane, its level :math:`f = 0.5`
    and its values at the four inputs. Right: the four inputs in the hidden space
    :math:`h = \\max\\{0, W^\\top x + c\\}`, with the line where :math:`f = 0.5`.

    Parameters
    ----------
    c2_values, w2_values : sequence of float
        The values of the two sliders (at least 2 each; at most 40 combinations).

    Returns
    -------
    Explorer
    """
    c2s = _distinct([in_range(v, "each of c2_values", -100.0, 100.0)
                     for v in check_values(c2_values, "c2_values")], "c2_values")
    w2s = _distinct([in_range(v, "each of w2_values", -100.0, 100.0)
                     for v in check_values(w2_values, "w2_values")], "w2_values")
    if len(c2s) * len(w2s) > 40:
        raise ValueError(f"{len(c2s)} x {len(w2s)} = {len(c2s) * len(w2s)} frames is more "
                         "than 40; give the sliders fewer values.")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 1, 1, 0])
    W = np.ones((2, 2))
    grid = np.linspace(-0.5, 1.5, 101)
    g1, g2 = np.meshgrid(grid, grid)
    G = np.column_stack([g1.ravel(), g2.ravel()])

    def network(inputs, c2, w2):
        hidden = np.maximum(0.0, inputs @ W + np.array([0.0, c2]))
        return hidden, hidden @ np.array([1.0, w2])

    def draw(fig, c2, w2):
        ax_in, ax_h = fig.subplots(1, 2)
        hidden, out = network(X, c2, w2)
        _, surface = network(G, c2, w2)
        mse = float(np.mean((out - y) ** 2))
        ax_in.imshow(surface.reshape(g1.shape), origin="lower", cmap="cividis",
                             extent=(-0.5, 1.5, -0.5, 1.5), vmin=-2.0, vmax=2.0)
        if surface.min() < 0.5 < surface.max():
            ax_in.contour(g1, g2, surface.reshape(g1.shape), levels=[0.5], colors="#FFFFFF",
                          linewidths=1.5)
        for (x1, x2), target, value in zip(X, y, out):
            style = _CLASS_STYLE[int(target)]
            ax_in.scatter(x1, x2, marker=style["marker"], color=style["color"], s=90,
                          edgecolors="#FFFFFF", zorder=3)
            ax_in.annotate(f"f = {value:.1f}", (x1, x2), xytext=(6, 6),
                           textcoords="offset points", color="#FFFFFF", fontsize=9,
                           bbox={"boxstyle": "round", "facecolor": "#333333", "alpha": 0.7})
        ax_in.set_xticks([-0.5, 0, 0.5, 1, 1.5])
        ax_in.set_yticks([-0.5, 0, 0.5, 1, 1.5])
        ax_in.set_xlabel("x₁")
        ax_in.set_ylabel("x₂")
        ax_in.set_title("Output f(x) (brighter: larger; white line: f = 0.5)", fontsize=10)

        for label in (0, 1):
            style = _CLASS_STYLE[label]
            pts = hidden[y == label]
            ax_h.scatter(*pts.T, marker=style["marker"], color=style["color"], s=90, zorder=3,
                         label=f"{style['label']} (target {label})")
        points, counts = np.unique(hidden, axis=0, return_counts=True)
        for point, count in zip(points, counts):
            if count > 1:
                ax_h.annotate(f"{count} inputs here", point, xytext=(8, 8),
                              textcoords="offset points", fontsize=9)
        top = max(2.6, hidden[:, 1].max() + 0.4)
        h1 = np.array([-0.3, 2.6])
        if w2 != 0:
            ax_h.plot(h1, (0.5 - h1) / w2, color="#D55E00", label="f = 0.5")
        else:
            ax_h.axvline(0.5, color="#D55E00", label="f = 0.5")
        ax_h.set_xlim(-0.3, 2.6)
        ax_h.set_ylim(-0.3, top)
        ax_h.set_xlabel("hidden unit h₁")
        ax_h.set_ylabel("hidden unit h₂")
        ax_h.set_title("Hidden space h = max{0, Wᵀx + c}", fontsize=10)
        ax_h.legend(loc="upper left", fontsize=8, frameon=True, framealpha=0.9)
        if np.allclose(out, y):
            verdict = "solves XOR"
        elif np.any(np.isclose(out, 0.5)):
            verdict = "an output sits exactly at 0.5"
        elif np.array_equal(out > 0.5, y == 1):
            verdict = "right side of 0.5 everywhere"
        else:
            verdict = "misclassifies some inputs"
        fig.suptitle(f"c₂ = {c2:g}, w₂ = {w2:g}: outputs "
                     f"{', '.join(f'{v:.1f}' for v in out)}; MSE {mse:.3f} ({verdict})",
                     fontsize=11)

    return Explorer(draw, [Slider("c2", c2s, label="hidden bias c2", fmt="{:g}",
                                  default=min(c2s, key=lambda v: abs(v + 1))),
                           Slider("w2", w2s, label="output weight w2", fmt="{:g}",
                                  default=min(w2s, key=lambda v: abs(v + 2)))],
                    title="XOR playground: one hidden bias and one output weight",
                    alt=("Left: a heat map of the ReLU network's output over the input plane "
                         "with the four XOR inputs and their output values. Right: the four "
                         "inputs mapped into the two-dimensional hidden space, coloured by "
                         "class, with the line where the output equals one half."),
                    figsize=(9.6, 4.4))


def softmax_temperature_explorer(logits=(1.0, 0.5, -1.0),
                                 first_values=(-1.0, 0.0, 1.0, 2.0, 4.0),
                                 temperatures=(0.25, 0.5, 1.0, 2.0, 5.0)) -> Explorer:
    """Logits to probabilities: :math:`\\mathrm{softmax}(z/T)` for a slider-set first logit.

    Parameters
    ----------
    logits : sequence of float, default (1.0, 0.5, -1.0)
        The fixed logits of classes 2, 3, ... (1 to 9 of them).
    first_values : sequence of float
        The values of the slider for the logit :math:`z_1` of class 1.
    temperatures : sequence of float
        The values of the temperature slider :math:`T > 0`.

    Returns
    -------
    Explorer
    """
    from ..linear import softmax

    rest = as_array(logits, "logits", ndim=1, min_rows=1)
    if len(rest) > 9 or np.abs(rest).max() > 1e6:
        raise ValueError(f"logits must hold 1 to 9 numbers (the figure shows up to 10 classes) "
                         f"between -1e6 and 1e6, got {len(rest)} from {rest.min():g} to "
                         f"{rest.max():g}.")
    firsts = _distinct([in_range(v, "each of first_values", -1e6, 1e6)
                        for v in check_values(first_values, "first_values")], "first_values")
    temps = _distinct([positive(v, "each of temperatures")
                       for v in check_values(temperatures, "temperatures")], "temperatures")
    if len(firsts) * len(temps) > 40:
        raise ValueError(f"{len(firsts)} x {len(temps)} = {len(firsts) * len(temps)} frames "
                         "is more than 40; give the sliders fewer values.")
    k = len(rest) + 1
    classes = np.arange(1, k + 1)
    colours = CLASS_COLORS

    def draw(fig, z1, temperature):
        ax_z, ax_p = fig.subplots(1, 2)
        z = np.concatenate([[z1], rest])
        p = softmax(z / temperature)
        bar_colours = [colours[i % len(colours)] for i in range(k)]
        ax_z.bar(classes, z, color=bar_colours)
        ax_z.axhline(0, color="#000000", linewidth=0.8)
        span = max(5.0, float(np.abs(np.concatenate([firsts, rest])).max()) + 0.5)
        ax_z.set_ylim(-span, span)
        ax_z.set_xticks(classes)
        ax_z.set_xlabel("class i")
        ax_z.set_ylabel("logit zᵢ")
        ax_z.set_title("Logits (unnormalised log-probabilities)", fontsize=10)
        for c, value in zip(classes, z):
            ax_z.annotate(f"{value:g}", (c, value), xytext=(0, 4 if value >= 0 else -12),
                          textcoords="offset points", ha="center", fontsize=9)
        ax_p.bar(classes, p, color=bar_colours)
        ax_p.axhline(1 / k, color="#777777", linestyle=":", linewidth=1.2,
                     label=f"uniform, 1/{k}")
        for c, value in zip(classes, p):
            ax_p.annotate(f"{value:.3f}", (c, value), xytext=(0, 3),
                          textcoords="offset points", ha="center", fontsize=9)
        ax_p.set_ylim(0, 1.08)
        ax_p.set_xticks(classes)
        ax_p.set_xlabel("class i")
        ax_p.set_ylabel("probability softmax(z/T)ᵢ")
        ax_p.set_title(f"Probabilities at temperature T = {temperature:g}", fontsize=10)
        ax_p.legend(loc="upper right", fontsize=8)
        fig.suptitle(f"z₁ = {z1:g}, T = {temperature:g}: the largest probability is "
                     f"{p.max():.3f} (class {int(np.argmax(p)) + 1})", fontsize=11)

    return Explorer(draw, [Slider("z1", firsts, label="logit z1", fmt="{:g}",
                                  default=min(firsts, key=lambda v: abs(v - 2))),
                           Slider("temperature", temps, label="temperature T", fmt="{:g}",
                                  default=min(temps, key=lambda v: abs(v - 1)))],
                    title="Softmax: logits to probabilities, with a temperature",
                    alt=("Two bar charts. Left: the logits of the classes, the first set by a "
                         "slider. Right: the softmax probabilities of the logits divided by the "
                         "temperature, with the uniform probability as a dotted line."),
                    figsize=(9.6, 4.0))
