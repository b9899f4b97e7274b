"""Widgets of Chapter 2's regression sections: the learning rate of gradient descent.

:func:`learning_rate_explorer` runs gradient descent on the least-squares cost of a
two-parameter linear regression (intercept and slope) for a range of learning rates and
shows, for each, the path of the iterates over the cost's contours and the cost against
the step number on a logarithmic scale. Each frame states its outcome, which
:func:`learning_rate_outcome` computes and :func:`classify_learning_rate` names.
:func:`logistic_curve_explorer` shows how the two parameters of a one-predictor logistic
regression shape its probability curve and its log-likelihood.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_array, integer, positive
from ..plots import COLORS
from .core import Explorer, Slider, check_values

__all__ = ["learning_rate_explorer", "least_squares_problem", "classify_learning_rate",
           "learning_rate_outcome", "logistic_curve_explorer", "REGIMES"]

#: The learning rates of :func:`learning_rate_explorer`, roughly log-spaced; the explorer
#: adds the best constant rate :math:`2/(\lambda_{\min}+\lambda_{\max})` and the threshold
#: :math:`2/L` of its problem.
DEFAULT_LEARNING_RATES = (0.005, 0.01, 0.03, 0.1, 0.2, 0.35, 0.5, 0.65, 0.75, 0.8, 0.9, 1.1)

#: What each regime of :func:`classify_learning_rate` means.
REGIMES = {
    "monotone": "converges, every error component shrinking without changing sign",
    "oscillating": "converges, the steepest error component changing sign at every step",
    "boundary": "oscillates forever on the steepest direction, neither growing nor shrinking",
    "diverging": "diverges, the steepest error component growing at every step",
}

#: The relative tolerance of :func:`classify_learning_rate` on the products ``eta * lambda``.
RTOL = 1e-9

_START = (-1.0, -0.5)


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
    n = integer(n, "n", minimum=3, maximum=1_000_000)
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
    :math:`1 - \\eta\\lambda_i` at every step. With :math:`L = \\lambda_{\\max}`:

    * ``"monotone"``, :math:`0 < \\eta \\le 1/L`: every factor lies in :math:`[0, 1)`;
    * ``"oscillating"``, :math:`1/L < \\eta < 2/L`: the steepest factor lies in
      :math:`(-1, 0)`, so that component changes sign at every step while it shrinks;
    * ``"boundary"``, :math:`\\eta = 2/L`: the steepest factor is :math:`-1`, and that
      component oscillates forever without growing or shrinking;
    * ``"diverging"``, :math:`\\eta > 2/L`: the steepest factor is below :math:`-1`.

    The comparisons of :math:`\\eta L` with 1 and 2 use the relative tolerance :data:`RTOL`
    (:math:`10^{-9}`), so that ``2 / L`` computed in floating point counts as the boundary.
    Directions with :math:`\\lambda_i = 0` (up to the same tolerance, relative to :math:`L`)
    change neither the cost nor the regime and are left out.

    Parameters
    ----------
    learning_rate : float
        :math:`\\eta > 0`.
    hessian : array-like of shape (d, d)
        Symmetric and positive semi-definite, not zero.

    Returns
    -------
    regime : str
        One of the keys of :data:`REGIMES`.
    rho : float
        The contraction factor per step, :math:`\\rho = \\max_i|1-\\eta\\lambda_i|` over the
        directions with :math:`\\lambda_i > 0` (the error shrinks at least this fast when
        :math:`\\rho < 1`).

    Raises
    ------
    ValueError
        If ``hessian`` is not square, not symmetric, has a negative eigenvalue or is zero.
    """
    learning_rate = positive(learning_rate, "learning_rate")
    eigenvalues = _hessian_eigenvalues(hessian)
    L = eigenvalues.max()
    curved = eigenvalues[eigenvalues > RTOL * L]
    rho = float(np.max(np.abs(1.0 - learning_rate * curved)))
    steepest = learning_rate * L
    if abs(steepest - 2.0) <= 2.0 * RTOL:
        return "boundary", rho
    if steepest > 2.0:
        return "diverging", rho
    if steepest > 1.0 * (1.0 + RTOL):
        return "oscillating", rho
    return "monotone", rho


def _hessian_eigenvalues(hessian) -> np.ndarray:
    H = as_array(hessian, "hessian", ndim=2)
    if H.shape[0] != H.shape[1] or H.size == 0:
        raise ValueError(f"hessian must be a square matrix, got shape {H.shape}.")
    scale = np.abs(H).max()
    if scale == 0:
        raise ValueError("hessian is zero: the cost is flat and every learning rate leaves "
                         "it unchanged.")
    if not np.allclose(H, H.T, rtol=0.0, atol=1e-12 * scale):
        raise ValueError("hessian must be symmetric (the Hessian of a twice continuously "
                         "differentiable cost is); got a matrix that differs from its "
                         f"transpose by up to {np.abs(H - H.T).max():.3g}.")
    eigenvalues = np.linalg.eigvalsh(H)
    if eigenvalues.min() < -RTOL * eigenvalues.max():
        raise ValueError(f"hessian must be positive semi-definite (a quadratic with negative "
                         f"curvature has no minimum to converge to); its smallest eigenvalue "
                         f"is {eigenvalues.min():.3g}.")
    return eigenvalues


def learning_rate_outcome(learning_rate: float, *, n_steps: int = 30, theta0=_START,
                          problem: dict | None = None) -> dict:
    """Run gradient descent on :func:`least_squares_problem` and say what happened.

    Parameters
    ----------
    learning_rate : float
        :math:`\\eta > 0`.
    n_steps : int, default 30
        Gradient steps, 1 to 10,000.
    theta0 : (float, float), default (-1, -0.5)
        The starting point (intercept, slope).
    problem : dict, optional
        A problem from :func:`least_squares_problem` (default: its default problem).

    Returns
    -------
    dict
        ``regime`` and ``rho`` from :func:`classify_learning_rate`; ``path`` (the iterates);
        ``excess``, the excess cost :math:`J(\\theta_t) - J^*` after each step;
        ``final_excess``, its last value; ``travelled``, the distance
        :math:`\\|\\theta_T - \\theta_0\\|` covered, as a fraction of the distance
        :math:`\\|\\theta^* - \\theta_0\\|` from the start to the minimum; ``slow``, whether
        the slowest error component keeps more than half its size after ``n_steps``
        (:math:`\\rho^{T} > 1/2`); and ``text``, a one-line statement of the outcome such as
        ``"η = 0.03: converging slowly, 79 % of the way after 30 steps"``.
    """
    from ..optim import gradient_descent

    learning_rate = positive(learning_rate, "learning_rate")
    n_steps = integer(n_steps, "n_steps", minimum=1, maximum=10_000)
    start = as_array(theta0, "theta0", shape=(2,))
    problem = least_squares_problem() if problem is None else problem
    if not isinstance(problem, dict) or not {"theta_star", "hessian", "grad"} <= set(problem):
        raise TypeError("problem must be a dict from least_squares_problem() (with theta_star, "
                        f"hessian and grad), got {type(problem).__name__}.")
    theta_star, hessian = problem["theta_star"], problem["hessian"]
    regime, rho = classify_learning_rate(learning_rate, hessian)
    path = gradient_descent(problem["grad"], start, learning_rate, n_steps)
    with np.errstate(over="ignore", invalid="ignore"):
        error = path - theta_star
        excess = 0.5 * np.einsum("ti,ij,tj->t", error, hessian, error)
    travelled = float(np.linalg.norm(path[-1] - start) / np.linalg.norm(theta_star - start))
    slow = regime in ("monotone", "oscillating") and rho ** n_steps > 0.5
    eta = _rate_text(learning_rate, problem)
    if regime == "diverging":
        text = f"η = {eta}: diverging, the error grows ×{rho:.2f} per step"
    elif regime == "boundary":
        text = (f"η = {eta}: the steep component oscillates forever, neither growing nor "
                f"shrinking")
    elif slow:
        text = (f"η = {eta}: converging slowly"
                f"{', with a zig-zag' if regime == 'oscillating' else ''}, "
                f"{100 * travelled:.0f} % of the way after {n_steps} steps")
    else:
        text = (f"η = {eta}: converging{' with a zig-zag' if regime == 'oscillating' else ''}, "
                f"J − J* = {excess[-1]:.1e} after {n_steps} steps")
    return {"regime": regime, "rho": rho, "path": path, "excess": excess,
            "final_excess": float(excess[-1]), "travelled": travelled, "slow": slow,
            "text": text}


def _special_rates(problem: dict) -> dict[str, float]:
    """The best constant learning rate and the threshold 2/L of a problem."""
    eigenvalues = np.linalg.eigvalsh(problem["hessian"])
    return {"best": 2.0 / (eigenvalues.min() + eigenvalues.max()), "2/L": 2.0 / eigenvalues.max()}


def _rate_text(learning_rate: float, problem: dict) -> str:
    special = _special_rates(problem)
    if np.isclose(learning_rate, special["2/L"], rtol=RTOL, atol=0):
        return f"2/L = {learning_rate:.3g}"
    if np.isclose(learning_rate, special["best"], rtol=RTOL, atol=0):
        return f"{learning_rate:.3g} (the best constant rate)"
    return f"{learning_rate:.3g}"


def learning_rate_explorer(learning_rates=None, *, n_steps: int = 30,
                           theta0=_START) -> Explorer:
    """Gradient descent on a least-squares cost for a range of learning rates.

    Left: the contours of :math:`J(\\theta_0, \\theta_1)` with the iterates of gradient descent
    from ``theta0``. Right: :math:`J(\\theta_t) - J^*` against the step :math:`t` (log scale).
    Each frame's title and alternative text state its outcome (see
    :func:`learning_rate_outcome`): convergence, slow or with a zig-zag, the endless
    oscillation at :math:`\\eta = 2/L` (:math:`L` the largest eigenvalue of the Hessian), or
    divergence above it, where the figure clips the iterates and says so.

    Parameters
    ----------
    learning_rates : sequence of float, optional
        The slider's values (at least 2, each positive), in increasing order. Default:
        :data:`DEFAULT_LEARNING_RATES` with the best constant rate
        :math:`2/(\\lambda_{\\min} + \\lambda_{\\max})` and :math:`2/L` added.
    n_steps : int, default 30
        Gradient steps per run, 1 to 500.
    theta0 : (float, float)
        The starting point (intercept, slope).

    Returns
    -------
    Explorer
    """
    problem = least_squares_problem()
    if learning_rates is None:
        learning_rates = sorted([*DEFAULT_LEARNING_RATES, *_special_rates(problem).values()])
    rates = [positive(v, "each entry of learning_rates") for v in check_values(learning_rates,
                                                                     "learning_rates")]
    if any(b <= a for a, b in zip(rates, rates[1:])):
        raise ValueError(f"learning_rates must be increasing, got {rates}.")
    n_steps = integer(n_steps, "n_steps", minimum=1, maximum=500)
    start = as_array(theta0, "theta0", shape=(2,))
    theta_star, hessian = problem["theta_star"], problem["hessian"]
    L = problem["L"]

    # The window: centred on the minimum, wide enough for the start and a margin.
    half = np.abs(start - theta_star).max() * 1.35
    lo0, hi0 = theta_star[0] - half, theta_star[0] + half
    lo1, hi1 = theta_star[1] - half, theta_star[1] + half
    g0, g1 = np.meshgrid(np.linspace(lo0, hi0, 50), np.linspace(lo1, hi1, 50))
    D = np.stack([g0 - theta_star[0], g1 - theta_star[1]], axis=-1)
    grid_cost = 0.5 * np.einsum("...i,ij,...j->...", D, hessian, D)  # J - J*, exactly
    levels = np.geomspace(1e-3, grid_cost.max(), 12)
    outcomes = {eta: learning_rate_outcome(eta, n_steps=n_steps, theta0=start, problem=problem)
                for eta in rates}
    loss_top, loss_bottom = 1e4, 1e-10
    line = COLORS["vermillion"]

    def draw(fig, learning_rate):
        outcome = outcomes[learning_rate]
        path, excess, regime = outcome["path"], outcome["excess"], outcome["regime"]
        ax_path, ax_loss = fig.subplots(1, 2, width_ratios=[1.05, 1])
        ax_path.contour(g0, g1, grid_cost, levels=levels, cmap="cividis", linewidths=0.8)
        inside = (np.abs(path - theta_star) <= 3 * half).all(axis=1)
        shown = path[: int(np.argmin(inside)) + 1] if not inside.all() else path
        shown = np.clip(shown, theta_star - 3 * half, theta_star + 3 * half)
        ax_path.plot(shown[:, 0], shown[:, 1], "-o", color=line, markersize=3.5,
                     linewidth=1.2, label="iterates")
        ax_path.plot(*start, "s", color=COLORS["black"], markersize=6, label="start")
        ax_path.plot(*theta_star, "*", color=COLORS["blue"], markersize=13, label="minimum")
        ax_path.set_xlim(lo0, hi0)
        ax_path.set_ylim(lo1, hi1)
        ax_path.set_xlabel("intercept θ₀")
        ax_path.set_ylabel("slope θ₁")
        ax_path.set_title("Path over the contours of J")
        ax_path.legend(loc="lower right", fontsize=8, framealpha=0.85, frameon=True)

        steps = np.arange(len(excess))
        finite = np.isfinite(excess) & (excess <= loss_top)
        clipped = np.clip(np.where(np.isfinite(excess), excess, loss_top), loss_bottom, loss_top)
        ax_loss.semilogy(steps[finite], clipped[finite], "-o", color=line, markersize=3,
                         linewidth=1.2)
        if not finite.all():
            first = int(np.argmin(finite))
            ax_loss.plot(steps[first:], clipped[first:], "^", color=line, markersize=5)
        ax_loss.set_ylim(loss_bottom, loss_top * 10)
        ax_loss.set_xlim(-0.5, n_steps + 0.5)
        ax_loss.set_xlabel("step t")
        ax_loss.set_ylabel("J(θ) − J* after t steps (log scale)")
        ax_loss.set_title(f"error factor per step ρ = max |1 − ηλᵢ| = {outcome['rho']:.3f}",
                          fontsize=10)
        notes = {"diverging": f"DIVERGES: η > 2/L = {2 / L:.3f}\nthe error grows "
                              f"×{outcome['rho']:.2f} per step\n(▲: off the top of the scale)",
                 "boundary": "η = 2/L: the steep component\nflips sign forever at full size",
                 "oscillating": "converges, but overshoots:\nthe iterates zig-zag across "
                                "the valley",
                 "monotone": ("converges without overshoot,\nbut slowly: the steps are tiny"
                              if outcome["slow"] else "converges without overshoot")}
        ax_loss.text(0.97, 0.04, notes[regime], transform=ax_loss.transAxes, ha="right",
                     va="bottom", fontsize=9,
                     bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.9,
                           "edgecolor": "#999999"})
        if regime == "diverging":
            ax_path.text(0.03, 0.97, "iterates leave the plot", transform=ax_path.transAxes,
                         ha="left", va="top", fontsize=9, color=line)
        fig.suptitle(outcome["text"], fontsize=12)

    def alt(learning_rate):
        return (f"{outcomes[learning_rate]['text']}. Left: elliptical contours of a "
                "least-squares cost over intercept and slope, with the path of gradient "
                "descent from the start point. Right: the excess cost against the step number "
                "on a logarithmic scale.")

    slider = Slider("learning_rate", rates, label="learning rate η",
                    default=min(rates, key=lambda r: abs(r - 0.35)), fmt="{:.3g}")
    return Explorer(draw, [slider], title="The learning-rate explorer", alt=alt,
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
    b0s = [float(as_array(v, "each entry of intercepts", ndim=0)) for v in check_values(intercepts,
                                                                            "intercepts")]
    b1s = [float(as_array(v, "each entry of slopes", ndim=0)) for v in check_values(slopes, "slopes")]
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
        ax.plot(x, y + jitter, "o", color=COLORS["blue"], alpha=0.45, markersize=4,
                label="card holders (0 = paid, 1 = defaulted)")
        ax.plot(grid, sigmoid(b0 + b1 * grid), color=COLORS["vermillion"],
                label=f"$p(x) = \\sigma({b0:g} + {b1:g}x)$")
        if b1 != 0 and 0 <= -b0 / b1 <= 2.8:
            ax.axvline(-b0 / b1, color=COLORS["black"], linestyle=":", linewidth=1.2,
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
