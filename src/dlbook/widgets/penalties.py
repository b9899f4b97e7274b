r"""Widgets of Section 6.1: the geometry of L1 and L2 penalties.

:func:`penalty_geometry_explorer` shows, side by side, the minimum of a two-weight quadratic
cost :math:`J(w) = \tfrac12\sum_i H_{ii}(w_i - w^*_i)^2` plus :math:`\alpha\|w\|_1` (left) and
plus :math:`\tfrac{\alpha}{2}\|w\|_2^2` (right), over the contours of :math:`J`, with the
penalty's level set through the penalised minimum: an L1 diamond or an L2 circle. As
:math:`\alpha` grows, the L1 minimum slides onto an axis and stays there (a weight exactly
zero); the L2 minimum only shrinks towards the origin. :func:`penalty_geometry_outcome`
computes both minima and states the outcome of one setting in words.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_array, non_negative
from ..penalties import penalized_quadratic_optimum
from ..plots import COLORS
from .core import Explorer, Slider, check_values

__all__ = ["penalty_geometry_explorer", "penalty_geometry_outcome"]

#: The default values of the explorer's α slider (0.75 and 1.5 are where the default problem's
#: L1 minimum reaches the first and the second axis).
DEFAULT_ALPHAS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)

_W_STAR = (1.5, 0.5)
_H_DIAG = (1.0, 1.5)


def _point(w) -> str:
    return "(" + ", ".join(f"{v:.2f}" for v in np.asarray(w) + 0.0) + ")"


def _zeros_text(w) -> str:
    zero = [i + 1 for i, v in enumerate(w) if v == 0.0]
    if not zero:
        return "no weight is zero"
    if len(zero) == len(w):
        return "both weights exactly 0"
    return " and ".join(f"w{'₁₂'[i - 1]}" for i in zero) + " exactly 0"


def penalty_geometry_outcome(alpha, w_star=_W_STAR, h_diag=_H_DIAG) -> dict:
    r"""The L1- and L2-penalised minima of a two-weight quadratic, and a sentence about them.

    Parameters
    ----------
    alpha : float
        The penalty strength :math:`\alpha \ge 0`.
    w_star : (float, float), default (1.5, 0.5)
        The unpenalised minimum :math:`w^*`.
    h_diag : (float, float), default (1.0, 1.5)
        The diagonal of the Hessian of :math:`J`, both positive.

    Returns
    -------
    dict
        ``l1`` and ``l2``, the two penalised minima (arrays of shape (2,)); ``l1_zeros`` and
        ``l2_zeros``, how many of their weights are exactly zero; and ``text``, e.g.
        ``"α = 0.9: L1 minimum (0.60, 0.00), w₂ exactly 0; L2 minimum (0.79, 0.31), no
        weight is zero"``.
    """
    alpha = non_negative(alpha, "alpha")
    w_star = as_array(w_star, "w_star", shape=(2,))
    h_diag = as_array(h_diag, "h_diag", shape=(2,))
    l1 = penalized_quadratic_optimum(w_star, h_diag, alpha, "l1")
    l2 = penalized_quadratic_optimum(w_star, h_diag, alpha, "l2")
    text = (f"α = {alpha:g}: L1 minimum {_point(l1)}, {_zeros_text(l1)}; "
            f"L2 minimum {_point(l2)}, {_zeros_text(l2)}")
    return {"l1": l1, "l2": l2, "l1_zeros": int(np.sum(l1 == 0)),
            "l2_zeros": int(np.sum(l2 == 0)), "text": text}


def penalty_geometry_explorer(alphas=DEFAULT_ALPHAS, *, w_star=_W_STAR,
                              h_diag=_H_DIAG) -> Explorer:
    r"""The L1 diamond and the L2 circle: where a penalty moves the minimum of a quadratic.

    Two panels over the contours of :math:`J(w) = \tfrac12\sum_i H_{ii}(w_i - w^*_i)^2`. Left,
    the minimum of :math:`J + \alpha\|w\|_1` with the diamond :math:`\|w\|_1 = \|\tilde w\|_1`
    through it; right, the minimum of :math:`J + \frac{\alpha}{2}\|w\|_2^2` with the circle
    through it. A dotted line traces each minimum over all the slider's values of
    :math:`\alpha`. Each frame's title and alternative text state both minima and which
    weights are exactly zero (see :func:`penalty_geometry_outcome`).

    Parameters
    ----------
    alphas : sequence of float
        The slider's values (at least 2, each 0 or more), in increasing order.
    w_star : (float, float), default (1.5, 0.5)
        The unpenalised minimum :math:`w^*`; not at the origin.
    h_diag : (float, float), default (1.0, 1.5)
        The diagonal of the Hessian, both positive.

    Returns
    -------
    Explorer
    """
    values = [non_negative(v, "each entry of alphas") for v in check_values(alphas, "alphas")]
    if any(b <= a for a, b in zip(values, values[1:])):
        raise ValueError(f"alphas must be increasing, got {values}.")
    w_star = as_array(w_star, "w_star", shape=(2,))
    h_diag = as_array(h_diag, "h_diag", shape=(2,))
    if np.any(h_diag <= 0):
        raise ValueError(f"h_diag must be positive, got {h_diag}.")
    if not np.any(w_star):
        raise ValueError("w_star must not be the origin: there the penalties change nothing.")
    outcomes = {a: penalty_geometry_outcome(a, w_star, h_diag) for a in values}
    fine = np.linspace(values[0], values[-1], 40)
    paths = {kind: np.array([penalized_quadratic_optimum(w_star, h_diag, a, kind)
                             for a in fine]) for kind in ("l1", "l2")}
    size = np.abs(w_star).max()
    lo, hi = -0.45 * size, 1.3 * size
    corners = np.array([[lo, lo], [lo, hi], [hi, lo], [hi, hi]])
    highest = 0.5 * np.max(((corners - w_star) ** 2) @ h_diag)
    levels = np.geomspace(0.02, highest, 5)
    t = np.linspace(0, 2 * np.pi, 49)

    def contour(ax, level, **style):
        # the ellipse J(w) - J(w*) = level, drawn exactly
        ax.plot(w_star[0] + np.sqrt(2 * level / h_diag[0]) * np.cos(t),
                w_star[1] + np.sqrt(2 * level / h_diag[1]) * np.sin(t), **style)
    colours = {"l1": COLORS["vermillion"], "l2": COLORS["blue"]}
    names = {"l1": "L1 penalty α‖w‖₁", "l2": "L2 penalty (α/2)‖w‖²"}

    def level_set(kind, w):
        if kind == "l1":  # the diamond |w1| + |w2| = r
            r = np.abs(w).sum()
            return np.array([r, 0, -r, 0, r]), np.array([0, r, 0, -r, 0])
        r = np.linalg.norm(w)
        return r * np.cos(t), r * np.sin(t)

    def draw(fig, alpha):
        outcome = outcomes[alpha]
        axes = fig.subplots(1, 2)
        for ax, kind in zip(axes, ("l1", "l2")):
            w = outcome[kind]
            for level in levels:
                contour(ax, level, color="#9a9a9a", linewidth=0.7)
            reached = 0.5 * float(h_diag @ (w - w_star) ** 2)  # J at the penalised minimum
            if reached > 0:
                contour(ax, reached, color=colours[kind], linewidth=1.0, linestyle="--")
            ax.axhline(0, color=COLORS["black"], linewidth=0.8)
            ax.axvline(0, color=COLORS["black"], linewidth=0.8)
            if np.any(w):
                u, v = level_set(kind, w)
                ax.fill(u, v, color=colours[kind], alpha=0.15, linewidth=0)
                ax.plot(u, v, color=colours[kind], linewidth=1.2)
            ax.plot(paths[kind][:, 0], paths[kind][:, 1], ":", color=colours[kind],
                    linewidth=1.2, label="minimum as α varies")
            ax.plot(*w_star, "*", color=COLORS["black"], markersize=11, label="w* (α = 0)")
            ax.plot(*w, "o", color=colours[kind], markersize=7, label="penalised minimum")
            ax.set_xlim(lo, hi)
            ax.set_ylim(lo, hi)
            ax.set_aspect("equal")
            ax.set_xlabel("w₁")
            ax.set_ylabel("w₂")
            ax.set_title(f"{names[kind]}\nminimum {_point(w)}: {_zeros_text(w)}", fontsize=9)
            if kind == "l1":
                ax.legend(loc="upper left", fontsize=7, frameon=True, framealpha=0.85)
        fig.suptitle(f"α = {alpha:g}: contours of J (dashed: the one the minimum lies on) and the "
                     f"penalty's level set through the minimum", fontsize=10)

    def alt(alpha):
        return (f"{outcomes[alpha]['text']}. Two panels of elliptical contours of a quadratic "
                f"cost centred at w* = {_point(w_star)}; left, the L1 minimum with a diamond "
                f"through it, right, the L2 minimum with a circle through it; each minimum is where "
                f"its level set touches a contour of J.")

    slider = Slider("alpha", values, label="penalty strength α", fmt="{:g}",
                    default=min(values, key=lambda a: abs(a - 0.5)))
    return Explorer(draw, [slider], title="L1 and L2 penalties on a quadratic", alt=alt,
                    figsize=(8.0, 4.2))
