"""Widgets of Chapter 2's regression sections: the learning rate of gradient descent.

:func:`learning_rate_explorer` runs gradient descent on the least-squares cost of a
two-parameter linear regression (intercept and slope) for a range of learning rates and
shows, for each, the path of the iterates over the cost's contours and the cost against
the step number on a logarithmic scale. :func:`logistic_curve_explorer` shows how the
two parameters of a one-predictor logistic regression shape its probability curve and
its log-likelihood.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_array, integer, positive
from .core import Explorer, Slider, check_values

__all__ = ["learning_rate_explorer", "least_squares_problem", "classify_learning_rate",
           "logistic_curve_explorer"]

#: The learning rates of :func:`learning_rate_explorer`: roughly log-spaced, denser near 2/L.
DEFAULT_LEARNING_RATES = (0.005, 0.01, 0.03, 0.1, 0.2, 0.35, 0.5, 0.65, 0.75, 0.8, 0.9, 1.1)


def least_squares_problem(n: int = 50, seed: int = 0):
    """The small regression problem behind :func:`learning_rate_explorer`.

    ``n`` points with :math:`x \\sim \\mathcal N(1, 0.8^2)` and
    :math:`y = 1 + 0.5x + \\varepsilon`, :math:`\\varepsilon \\sim \\mathcal N(0, 0.3^2)`;
    the cost is :math:`J(\\theta) = \\frac{1}{2n}\\|X\\theta - y\\|^2` with :math:`X = [1, x]`.

    Returns
    -------
    dict
        ``X`` (n, 2), ``y`` (n,), ``hessian`` :math:`X^\\top X/n`, ``theta_star`` (the minimiser),
        ``cost`` and ``grad`` (functions of theta), ``L`` (the largest eigenvalue of the Hessian).
    """
    n = integer(n, "n", minimum=3)
    seed = integer(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, 0.8, n)
    y = 1.0 + 0.5 * x + rng.normal(0.0, 0.3, n)
    X = np.column_stack([np.ones(n), x])
    hessian = X.T @ X / n
    theta_star, *_ = np.linalg.lstsq(X, y, rcond=None)

    def cost(theta):
        r = X @ np.asarray(theta, dtype=float) - y
        return float(r @ r) / (2 * n)

    def grad(theta):
        return X.T @ (X @ theta - y) / n

    return {"X": X, "y": y, "hessian": hessian, "theta_star": theta_star, "cost": cost,
            "grad": grad, "L": float(np.linalg.eigvalsh(hessian).max())}


def classify_learning_rate(learning_rate: float, hessian) -> tuple[str, float]:
    """Name the behaviour of gradient descent on a quadratic with this Hessian.

    On :math:`J(\\theta) = \\tfrac12(\\theta-\\theta^*)^\\top H(\\theta-\\theta^*) + J^*`, the error
    along the eigenvector with eigenvalue :math:`\\lambda_i` is multiplied by
    :math:`1 - \\eta\\lambda_i` at every step, so the slowest direction shrinks by
    :math:`\\rho = \\max_i|1-\\eta\\lambda_i|`.

    Returns
    -------
    regime : str
        ``"diverges"`` (:math:`\\rho \\ge 1`), ``"oscillates"`` (some :math:`1-\\eta\\lambda_i < 0`),
        ``"slow"`` (:math:`\\rho > 0.95`) or ``"converges"``.
    rho : float
        The contraction factor per step.
    """
    learning_rate = positive(learning_rate, "learning_rate")
    hessian = as_array(hessian, "hessian", ndim=2)
    factors = 1.0 - learning_rate * np.linalg.eigvalsh(hessian)
    rho = float(np.max(np.abs(factors)))
    if rho >= 1.0:
        return "diverges", rho
    if np.any(factors < 0):
        return "oscillates", rho
    if rho > 0.95:
        return "slow", rho
    return "converges", rho


def learning_rate_explorer(learning_rates=DEFAULT_LEARNING_RATES, *, n_steps: int = 30,
                           theta0=(-1.0, -0.5)) -> Explorer:
    """Gradient descent on a least-squares cost for a range of learning rates.

    Left: the contours of :math:`J(\\theta_0, \\theta_1)` with the iterates of gradient descent
    from ``theta0``. Right: :math:`J(\\theta_t) - J^*` against the step :math:`t` (log scale).
    Learning rates above :math:`2/L` (:math:`L` the largest eigenvalue of the Hessian) make
    the iterates diverge; the figure then clips them and says so.

    Parameters
    ----------
    learning_rates : sequence of float
        The slider's values (at least 2, each positive), in increasing order.
    n_steps : int, default 30
        Gradient steps per run.
    theta0 : (float, float)
        The starting point (intercept, slope).

    Returns
    -------
    Explorer
    """
    rates = [positive(v, "each learning rate") for v in check_values(learning_rates,
                                                                     "learning_rates")]
    if any(b <= a for a, b in zip(rates, rates[1:])):
        raise ValueError(f"learning_rates must be increasing, got {rates}.")
    n_steps = integer(n_steps, "n_steps", minimum=1, maximum=500)
    start = as_array(theta0, "theta0", shape=(2,))

    from ..optim import gradient_descent

    problem = least_squares_problem()
    theta_star, hessian, cost = problem["theta_star"], problem["hessian"], problem["cost"]
    j_star = cost(theta_star)
    L = problem["L"]

    # The window: centred on the minimum, wide enough for the start and a margin.
    half = np.abs(start - theta_star).max() * 1.35
    lo0, hi0 = theta_star[0] - half, theta_star[0] + half
    lo1, hi1 = theta_star[1] - half, theta_star[1] + half
    g0, g1 = np.meshgrid(np.linspace(lo0, hi0, 50), np.linspace(lo1, hi1, 50))
    D = np.stack([g0 - theta_star[0], g1 - theta_star[1]], axis=-1)
    grid_cost = 0.5 * np.einsum("...i,ij,...j->...", D, hessian, D)  # J - J*, exactly
    levels = np.geomspace(1e-3, grid_cost.max(), 12)

    loss_top, loss_bottom = 1e4, 1e-10
    runs = {}
    for eta in rates:
        path = gradient_descent(problem["grad"], start, eta, n_steps)
        with np.errstate(over="ignore", invalid="ignore"):
            D_path = path - theta_star
            excess = 0.5 * np.einsum("ti,ij,tj->t", D_path, hessian, D_path)
        regime, rho = classify_learning_rate(eta, hessian)
        runs[eta] = (path, excess, regime, rho)

    def draw(fig, learning_rate):
        path, excess, regime, rho = runs[learning_rate]
        ax_path, ax_loss = fig.subplots(1, 2, width_ratios=[1.05, 1])
        ax_path.contour(g0, g1, grid_cost, levels=levels, cmap="cividis", linewidths=0.8)
        inside = (np.abs(path - theta_star) <= 3 * half).all(axis=1)
        shown = path[: int(np.argmin(inside)) + 1] if not inside.all() else path
        shown = np.clip(shown, theta_star - 3 * half, theta_star + 3 * half)
        ax_path.plot(shown[:, 0], shown[:, 1], "-o", color="#D55E00", markersize=3.5,
                     linewidth=1.2, label="iterates")
        ax_path.plot(*start, "s", color="#000000", markersize=6, label="start")
        ax_path.plot(*theta_star, "*", color="#0072B2", markersize=13, label="minimum")
        ax_path.set_xlim(lo0, hi0)
        ax_path.set_ylim(lo1, hi1)
        ax_path.set_xlabel("intercept θ₀")
        ax_path.set_ylabel("slope θ₁")
        ax_path.set_title("Path over the contours of J")
        ax_path.legend(loc="lower right", fontsize=8, framealpha=0.85, frameon=True)

        steps = np.arange(len(excess))
        finite = np.isfinite(excess) & (excess <= loss_top)
        clipped = np.clip(np.where(np.isfinite(excess), excess, loss_top), loss_bottom, loss_top)
        ax_loss.semilogy(steps[finite], clipped[finite], "-o", color="#D55E00", markersize=3,
                         linewidth=1.2)
        if not finite.all():
            first = int(np.argmin(finite))
            ax_loss.plot(steps[first:], clipped[first:], "^", color="#D55E00", markersize=5)
        ax_loss.set_ylim(loss_bottom, loss_top * 10)
        ax_loss.set_xlim(-0.5, n_steps + 0.5)
        ax_loss.set_xlabel("step t")
        ax_loss.set_ylabel("J(θ) − J* after t steps (log scale)")
        ax_loss.set_title(f"error factor per step ρ = max |1 − ηλᵢ| = {rho:.3f}", fontsize=10)
        notes = {"diverges": f"DIVERGES: η > 2/L = {2 / L:.3f}\nthe error grows "
                             f"×{rho:.2f} per step\n(▲: off the top of the scale)",
                 "oscillates": "converges, but overshoots:\nthe iterates zig-zag across "
                               "the valley",
                 "slow": "converges, but slowly:\nthe steps are tiny",
                 "converges": "converges steadily"}
        ax_loss.text(0.97, 0.04, notes[regime], transform=ax_loss.transAxes, ha="right",
                     va="bottom", fontsize=9,
                     bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.9,
                           "edgecolor": "#999999"})
        if regime == "diverges":
            ax_path.text(0.03, 0.97, "iterates leave the plot", transform=ax_path.transAxes,
                         ha="left", va="top", fontsize=9, color="#D55E00")
        fig.suptitle(f"Gradient descent with η = {learning_rate:g} (2/L = {2 / L:.3f}): {regime}",
                     fontsize=12)

    slider = Slider("learning_rate", rates, label="learning rate η",
                    default=min(rates, key=lambda r: abs(r - 0.35)), fmt="{:g}")
    return Explorer(draw, [slider], title="The learning-rate explorer",
                    alt=("Two panels. Left: elliptical contours of a least-squares cost over "
                         "intercept and slope, with the path of gradient descent from a start "
                         "point towards the minimum. Right: the excess cost against the step "
                         "number on a logarithmic scale."),
                    figsize=(9.6, 4.2))


def logistic_curve_explorer(intercepts=(-12.0, -9.0, -6.0),
                            slopes=(0.0, 3.0, 6.0, 10.0)) -> Explorer:
    """How :math:`\\beta_0` and :math:`\\beta_1` shape :math:`p(x) = \\sigma(\\beta_0 + \\beta_1 x)`.

    The data are 200 simulated card holders: balance :math:`x` in thousands of dollars and
    whether they defaulted (0/1), drawn from a logistic model with :math:`\\beta_0 = -10`,
    :math:`\\beta_1 = 6`. Each frame shows the probability curve over the data and the mean
    log-likelihood it reaches; the intercept moves the curve sideways, the slope sets its
    steepness (and with :math:`\\beta_1 = 0` the curve is flat).

    Parameters
    ----------
    intercepts, slopes : sequence of float
        The values of the two sliders.

    Returns
    -------
    Explorer
    """
    b0s = [float(as_array(v, "each intercept", ndim=0)) for v in check_values(intercepts,
                                                                            "intercepts")]
    b1s = [float(as_array(v, "each slope", ndim=0)) for v in check_values(slopes, "slopes")]
    from ..linear import sigmoid

    rng = np.random.default_rng(1)
    x = np.sort(rng.uniform(0.0, 2.8, 200))
    y = (rng.uniform(size=200) < sigmoid(-10.0 + 6.0 * x)).astype(float)
    grid = np.linspace(0, 2.8, 200)

    def mean_log_likelihood(b0, b1):
        z = b0 + b1 * x
        return float(np.mean(y * z - np.logaddexp(0.0, z)))

    best = max(((b0, b1) for b0 in b0s for b1 in b1s), key=lambda b: mean_log_likelihood(*b))

    def draw(fig, b0, b1):
        ax = fig.subplots()
        jitter = np.where(y == 1, -0.03, 0.03) * ((np.arange(len(x)) % 3) + 1) / 3
        ax.plot(x, y + jitter, "o", color="#0072B2", alpha=0.45, markersize=4,
                label="card holders (0 = paid, 1 = defaulted)")
        ax.plot(grid, sigmoid(b0 + b1 * grid), color="#D55E00",
                label=f"$p(x) = \\sigma({b0:g} + {b1:g}x)$")
        if b1 != 0 and 0 <= -b0 / b1 <= 2.8:
            ax.axvline(-b0 / b1, color="#000000", linestyle=":", linewidth=1.2,
                       label="$p = 0.5$ at $x = -\\beta_0/\\beta_1$")
        ax.set_ylim(-0.1, 1.1)
        ax.set_xlim(0, 2.8)
        ax.set_xlabel("balance $x$ (thousands of dollars)")
        ax.set_ylabel("probability of default")
        ll = mean_log_likelihood(b0, b1)
        mark = "  (best on this grid)" if (b0, b1) == best else ""
        ax.set_title(f"mean log-likelihood {ll:.3f}{mark}")
        ax.legend(loc="center right", fontsize=8, frameon=True, framealpha=0.85)

    return Explorer(draw, [Slider("b0", b0s, label="intercept β0", fmt="{:g}",
                                  default=min(b0s, key=lambda v: abs(v + 6))),
                           Slider("b1", b1s, label="slope β1", fmt="{:g}",
                                  default=min(b1s, key=lambda v: abs(v - 3)))],
                    title="Logistic regression: intercept and slope",
                    alt=("Simulated card holders at heights 0 (paid) and 1 (defaulted) against "
                         "their balance, with an S-shaped logistic probability curve whose "
                         "position and steepness follow the sliders."))
