"""Widgets of Chapter 1, mathematical foundations.

* :func:`matrix_explorer`: a 2×2 matrix as a transformation of the plane;
* :func:`gaussian_explorer`: a two-dimensional Gaussian and its covariance matrix;
* :func:`bayes_explorer`: a diagnostic test in natural frequencies (Bayes' rule).

Each factory checks its arguments, precomputes what it needs and returns an
:class:`~dlbook.widgets.core.Explorer`.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_array, in_range, integer
from ..plots import CLASS_COLORS, COLORS
from .core import MAX_FRAMES, Choice, Explorer, Slider, check_values

__all__ = ["matrix_explorer", "gaussian_explorer", "bayes_explorer"]

#: The most frames a widget of this chapter draws (each frame costs time and page size).
FRAME_LIMIT = 40

# -- matrix explorer --------------------------------------------------------------------

#: The families of 2×2 matrices that :func:`matrix_explorer` offers, with a description.
MATRIX_FAMILIES = {
    "symmetric": "symmetric [[2, t], [t, 2]]",
    "scale": "scaling [[t, 0], [0, 1]]",
    "shear": "shear [[1, t], [0, 1]]",
    "rotation": "rotation by t × 30°",
}

_TOL = 1e-9

#: The largest |t| the matrix explorer offers (a scaling by 10, a rotation by 300°).
T_LIMIT = 10.0


def _numbers(values, name: str) -> list[float]:
    """A list of at least two distinct real numbers (not booleans) for a slider."""
    values = check_values(values, name)
    if any(isinstance(v, (bool, np.bool_)) for v in values):
        raise TypeError(f"{name} must contain numbers, got booleans in {values}.")
    values = [float(v) for v in as_array(values, name, ndim=1)]
    if len(set(values)) != len(values):
        raise ValueError(f"{name} must be distinct, got {values}.")
    return values


def matrix_family(family: str, t: float) -> np.ndarray:
    """The 2×2 matrix of one of the :data:`MATRIX_FAMILIES` at parameter ``t``.

    Parameters
    ----------
    family : str
        ``"symmetric"`` gives ``[[2, t], [t, 2]]`` (eigenvalues ``2 ± t``), ``"scale"``
        gives ``[[t, 0], [0, 1]]``, ``"shear"`` gives ``[[1, t], [0, 1]]`` and
        ``"rotation"`` the rotation by ``30 t`` degrees.
    t : float
        The family's parameter.

    Returns
    -------
    numpy.ndarray
        The ``(2, 2)`` matrix.
    """
    if not isinstance(family, str) or family not in MATRIX_FAMILIES:
        raise ValueError(f"family must be one of {', '.join(map(repr, MATRIX_FAMILIES))}; "
                         f"got {family!r}.")
    if isinstance(t, (bool, np.bool_)):
        raise TypeError(f"t must be a number, got {t!r}.")
    t = float(as_array(t, "t", ndim=0))
    if family == "symmetric":
        return np.array([[2.0, t], [t, 2.0]])
    if family == "scale":
        return np.array([[t, 0.0], [0.0, 1.0]])
    if family == "shear":
        return np.array([[1.0, t], [0.0, 1.0]])
    angle = np.deg2rad(30.0 * t)
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def _real_eigen_directions(A: np.ndarray):
    """Real eigenpairs with distinct directions; ``None`` if A is a multiple of I."""
    if np.allclose(A, A[0, 0] * np.eye(2), atol=_TOL):
        return None
    values, vectors = np.linalg.eig(A)
    if np.any(np.abs(values.imag) > _TOL):
        return []
    pairs = []
    for lam, v in zip(values.real, vectors.real.T):
        v = v / np.linalg.norm(v)
        if all(abs(v[0] * w[1] - v[1] * w[0]) > 1e-6 for _, w in pairs):
            pairs.append((float(lam), v))
    return pairs


def _definiteness(A: np.ndarray) -> str:
    # x^T A x only sees the symmetric part (A + A^T) / 2, whatever A is.
    smallest = np.linalg.eigvalsh((A + A.T) / 2).min()
    if smallest > _TOL:
        return "positive definite"
    if smallest >= -_TOL:
        return "positive semidefinite"
    return "not PSD: xᵀAx < 0 for some x"


def _fmt(value: float) -> str:
    value = 0.0 if abs(value) < 5e-4 else value
    return f"{value:.3g}"


def _matrix_facts(A: np.ndarray) -> dict:
    """Everything a frame of :func:`matrix_explorer` states about ``A``, computed once.

    The figure, its panel and its alternative text all read from this, so that what a
    frame says is what was computed for that very matrix.
    """
    det = float(np.linalg.det(A))
    values = np.linalg.eigvals(A)
    sigma = np.linalg.svd(A, compute_uv=False)  # half-axes of the image of the circle
    pairs = _real_eigen_directions(A)
    if np.all(np.abs(values.imag) <= _TOL):
        lam = np.sort(values.real)[::-1]
        eigenvalues = f"{_fmt(lam[0])}, {_fmt(lam[1])}"
    else:
        eigenvalues = f"{_fmt(values[0].real)} ± {_fmt(abs(values[0].imag))}i"
    if pairs is None:
        directions = "every direction is an eigenvector"
    elif not pairs:
        directions = "no real eigenvectors"
    elif len(pairs) == 1:
        directions = "only one eigenvector direction"
    else:
        directions = "two eigenvector directions"
    if sigma[0] < _TOL:
        circle = "a single point"
    elif sigma[1] < _TOL:
        circle = f"a line segment of half-length {_fmt(sigma[0])}"
    elif sigma[0] - sigma[1] < _TOL:
        circle = ("the unit circle itself" if abs(sigma[0] - 1) < _TOL
                  else f"a circle of radius {_fmt(sigma[0])}")
    else:
        circle = f"an ellipse with half-axes {_fmt(sigma[0])} and {_fmt(sigma[1])}"
    flags = []
    if abs(det) < _TOL:
        flags.append("SINGULAR: det = 0, no inverse")
    elif det < 0:
        flags.append("det < 0: orientation flipped")
    flags.append("symmetric" if np.allclose(A, A.T) else "not symmetric")
    if np.allclose(A.T @ A, np.eye(2)):
        flags.append("orthogonal: AᵀA = I")
    flags.append(_definiteness(A))
    return {"det": det, "eigenvalues": eigenvalues, "pairs": pairs, "directions": directions,
            "circle": circle, "flags": flags}


def _matrix_alt(family: str, t: float) -> str:
    """The alternative text of one frame of :func:`matrix_explorer`: what it shows."""
    A = matrix_family(family, t)
    facts = _matrix_facts(A)
    pairs = facts["pairs"]
    if pairs is None:
        lines = "no eigenvector lines, since every direction is an eigenvector"
    elif not pairs:
        lines = "no eigenvector lines, since there are no real eigenvectors"
    else:
        lam = " and ".join(_fmt(lam) for lam, _ in pairs)
        lines = (f"a dotted line along the only eigenvector direction (λ = {lam})"
                 if len(pairs) == 1 else f"dotted lines along the two eigenvector directions "
                 f"(λ = {lam})")
    if abs(facts["det"]) < _TOL:
        square = "collapses onto a line segment (area 0)"
    elif np.allclose(A, np.eye(2)):
        square = "stays where it is (area 1)"
    elif np.allclose(A.T @ A, np.eye(2)):
        square = "is turned or mirrored, keeping its shape and its area 1"
    else:
        square = f"becomes a parallelogram of area |det A| = {_fmt(abs(facts['det']))}"
    return (f"The plane under A = [[{_fmt(A[0, 0])}, {_fmt(A[0, 1])}], [{_fmt(A[1, 0])}, "
            f"{_fmt(A[1, 1])}]]: the dashed unit circle becomes {facts['circle']}; the unit "
            f"square {square}; {lines}. The panel lists det A = {_fmt(facts['det'])}, the "
            f"eigenvalues {facts['eigenvalues']} and the properties: "
            f"{'; '.join(facts['flags'])}.")


def matrix_explorer(t_values=(-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3),
                    families=("symmetric", "scale", "shear", "rotation"),
                    limit: float = 4.5) -> Explorer:
    """A 2×2 matrix as a transformation of the plane.

    The figure shows what the matrix does to the unit circle (an ellipse, which may be
    a circle or, for a singular matrix, a line segment), to a grid and to the unit
    square (its area is multiplied by :math:`|\\det A|`), draws the real eigenvector
    directions when there are one or two (for a multiple of the identity, where every
    direction is one, the panel says so), and flags matrices that are singular,
    reverse orientation or are not positive semidefinite. Every statement of a frame,
    its alternative text included, is computed for that frame's matrix.

    Parameters
    ----------
    t_values : sequence of float, optional
        The values of the family parameter ``t`` the slider steps through, each in
        ``[-T_LIMIT, T_LIMIT]`` (:data:`T_LIMIT` is 10).
    families : sequence of str, optional
        Which :data:`MATRIX_FAMILIES` to offer; ``"symmetric"`` with ``t = 1`` (the
        matrix ``[[2, 1], [1, 2]]``) is the starting setting when available.
    limit : float, optional
        The plot shows the square ``[-limit, limit]²``; at most 100.

    Returns
    -------
    Explorer
        One frame per (family, t) pair; at most 40.
    """
    t_values = [in_range(t, "each of t_values", -T_LIMIT, T_LIMIT)
                for t in _numbers(t_values, "t_values")]
    families = check_values(families, "families")
    for family in families:
        if not isinstance(family, str) or family not in MATRIX_FAMILIES:
            raise ValueError(f"families must be chosen from {', '.join(map(repr, MATRIX_FAMILIES))}; "
                             f"got {family!r}.")
    if len(set(families)) != len(families):
        raise ValueError(f"families must be distinct, got {families}.")
    limit = in_range(limit, "limit", 0.0, 100.0)
    if limit == 0:
        raise ValueError("limit must be greater than 0, got 0.0.")
    if len(families) * len(t_values) > FRAME_LIMIT:
        raise ValueError(f"{len(families)} families × {len(t_values)} values of t = "
                         f"{len(families) * len(t_values)} frames; keep it at most {FRAME_LIMIT}.")

    theta = np.linspace(0, 2 * np.pi, 241)
    circle = np.vstack([np.cos(theta), np.sin(theta)])
    ticks = np.arange(-2, 3)
    line = np.linspace(-2, 2, 41)
    square = np.array([[0, 1, 1, 0, 0], [0, 0, 1, 1, 0]], dtype=float)
    eig_colors = (COLORS["green"], COLORS["vermillion"])

    def draw(fig, family, t):
        A = matrix_family(family, t)
        facts = _matrix_facts(A)
        ax, info = fig.subplots(1, 2, width_ratios=[1.35, 1])
        for k in ticks:  # the image of the grid lines x = k and y = k
            for pts in (np.vstack([np.full_like(line, k), line]),
                        np.vstack([line, np.full_like(line, k)])):
                img = A @ pts
                ax.plot(img[0], img[1], color="0.8", lw=0.7, zorder=1)
        sq = A @ square
        ax.fill(sq[0], sq[1], color=COLORS["sky"], alpha=0.35, zorder=2,
                label=f"image of unit square (area {_fmt(abs(facts['det']))})")
        ax.plot(circle[0], circle[1], ls="--", color=COLORS["black"], lw=1.2, zorder=3,
                label="unit circle")
        img = A @ circle
        ax.plot(img[0], img[1], color=COLORS["blue"], lw=2.2, zorder=4,
                label="image of unit circle")
        for col, name, c in ((0, "Ae₁", COLORS["orange"]), (1, "Ae₂", COLORS["purple"])):
            ax.annotate("", xy=A[:, col], xytext=(0, 0), zorder=5, annotation_clip=True,
                        arrowprops=dict(arrowstyle="-|>", color=c, lw=2))
            spot = A[:, col] * 1.08 + 0.12
            if np.all(np.abs(spot) < limit):  # label the arrow where it ends inside the view
                ax.text(*spot, name, color=c, fontsize=10, zorder=6)
        for (lam, v), c, ls in zip(facts["pairs"] or [], eig_colors, (":", "-.")):
            ends = np.outer([-limit * 1.5, limit * 1.5], v)
            ax.plot(ends[:, 0], ends[:, 1], ls=ls, color=c, lw=1.8, zorder=3,
                    label=f"eigenvector, λ = {_fmt(lam)}")
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
        ax.set_aspect("equal")
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.set_title(f"{MATRIX_FAMILIES[family]}, t = {_fmt(t)}", fontsize=10)
        ax.legend(loc="upper left", fontsize=7, framealpha=0.85, frameon=True)
        if np.max(np.abs(img)) > limit:
            ax.text(0.98, 0.02, "part of the circle's image lies outside the view", fontsize=7,
                    ha="right", va="bottom", transform=ax.transAxes, color="0.3")

        lines = [
            "A =",
            f"  [{_fmt(A[0, 0]):>6} {_fmt(A[0, 1]):>6} ]",
            f"  [{_fmt(A[1, 0]):>6} {_fmt(A[1, 1]):>6} ]",
            "",
            f"det A = {_fmt(facts['det'])}",
            f"eigenvalues: {facts['eigenvalues']}",
            facts["directions"],
            "",
        ]
        lines += ["• " + f for f in facts["flags"]]
        info.axis("off")
        # No-break spaces keep the columns aligned in SVG, where runs of spaces collapse.
        text = "\n".join(lines).replace(" ", "\u00a0")
        info.text(0.0, 1.0, text, va="top", ha="left", family="monospace",
                  fontsize=9, transform=info.transAxes)

    sliders = [
        Choice("family", [(MATRIX_FAMILIES[f], f) for f in families], label="matrix family",
               default="symmetric" if "symmetric" in families else families[0]),
        Slider("t", t_values, label="parameter t",
               default=1.0 if 1.0 in t_values else t_values[len(t_values) // 2], fmt="{:g}"),
    ]
    return Explorer(draw, sliders, title="A 2×2 matrix as a transformation of the plane",
                    alt=_matrix_alt, figsize=(7.2, 4.2))


# -- Gaussian explorer --------------------------------------------------------------------

#: The standard deviations the Gaussian explorer draws: wider spreads make the
#: covariance matrix numerically singular or the ellipses too thin to see.
SIGMA_RANGE = (1e-2, 1e2)


def gaussian_explorer(rhos=(-0.9, -0.6, -0.3, 0.0, 0.3, 0.6, 0.9), sigma2s=(0.5, 1.0, 2.0),
                      sigma1: float = 1.0, n_samples: int = 300, seed: int = 0) -> Explorer:
    """A two-dimensional Gaussian with correlation ``rho``: density, samples and principal axes.

    The covariance matrix is
    :math:`\\Sigma = \\begin{bmatrix}\\sigma_1^2 & \\rho\\sigma_1\\sigma_2\\\\
    \\rho\\sigma_1\\sigma_2 & \\sigma_2^2\\end{bmatrix}`. The contours of the density are
    ellipses whose axes point along the eigenvectors of :math:`\\Sigma`, with half-lengths
    :math:`\\sqrt{\\lambda_i}` (one standard deviation) times 1, 2 and 3.

    Parameters
    ----------
    rhos : sequence of float, optional
        The correlations the first slider steps through; each strictly between -1 and
        1 (at ±1 the covariance matrix is singular and there is no density).
    sigma2s : sequence of float, optional
        The standard deviations of :math:`x_2` the second slider steps through, each
        in :data:`SIGMA_RANGE`.
    sigma1 : float, optional
        The standard deviation of :math:`x_1`, in :data:`SIGMA_RANGE`.
    n_samples : int, optional
        How many samples to draw (the same standard-normal draws are reused in
        every frame, so only the shape changes).
    seed : int, optional
        Seed of the random generator of the samples.

    Returns
    -------
    Explorer
        One frame per (rho, sigma2) pair; at most 40.
    """
    rhos = [in_range(r, "each rho", -1.0, 1.0, inclusive=False) for r in _numbers(rhos, "rhos")]
    sigma2s = [in_range(s, "each sigma2", SIGMA_RANGE[0], SIGMA_RANGE[1])
               for s in _numbers(sigma2s, "sigma2s")]
    sigma1 = in_range(sigma1, "sigma1", *SIGMA_RANGE)
    n_samples = integer(n_samples, "n_samples", minimum=0, maximum=5000)
    seed = integer(seed, "seed", minimum=0)
    if len(rhos) * len(sigma2s) > FRAME_LIMIT:
        raise ValueError(f"{len(rhos)} × {len(sigma2s)} = {len(rhos) * len(sigma2s)} frames; "
                         f"keep it at most {FRAME_LIMIT}.")

    z = np.random.default_rng(seed).standard_normal((n_samples, 2))
    reach = 3.3 * max(sigma1, max(sigma2s))
    grid = np.linspace(-reach, reach, 161)
    X1, X2 = np.meshgrid(grid, grid)
    points = np.stack([X1, X2], axis=-1)

    def draw(fig, rho, sigma2):
        cov = np.array([[sigma1 ** 2, rho * sigma1 * sigma2],
                        [rho * sigma1 * sigma2, sigma2 ** 2]])
        inv = np.linalg.inv(cov)
        det = np.linalg.det(cov)
        maha = np.einsum("...i,ij,...j->...", points, inv, points)
        density = np.exp(-0.5 * maha) / np.sqrt((2 * np.pi) ** 2 * det)
        ax = fig.subplots()
        # Eight bands from a small density upwards; the rest of the plane stays white.
        levels = np.linspace(0, density.max(), 9)[1:]
        levels[-1] = density.max() * 1.0001
        filled = ax.contourf(X1, X2, density, levels=np.r_[levels[0] / 4, levels],
                             cmap="cividis_r", alpha=0.9)
        fig.colorbar(filled, ax=ax, label="density p(x)", shrink=0.9, format="%.2g")
        cs = ax.contour(X1, X2, maha, levels=[1, 4, 9], colors=COLORS["black"],
                        linewidths=1.0, linestyles="-")
        ax.clabel(cs, fmt={1: "1σ", 4: "2σ", 9: "3σ"}, fontsize=7)
        if n_samples:
            samples = z @ np.linalg.cholesky(cov).T
            ax.scatter(samples[:, 0], samples[:, 1], s=4, color=COLORS["black"], alpha=0.45,
                       label=f"{n_samples} samples", rasterized=True)
        lam, vec = np.linalg.eigh(cov)
        round_contours = np.isclose(lam[0], lam[1])  # Σ = σ² I: circles, any axes will do
        for i, (c, ls, name) in enumerate(((COLORS["vermillion"], "--", "minor"),
                                           (COLORS["blue"], "-", "major"))):
            ends = np.outer([-3, 3], vec[:, i] * np.sqrt(lam[i]))
            label = (f"eigenvector, λ = {lam[i]:.2f} (circles: every direction is one)"
                     if round_contours else f"{name} axis ∥ eigenvector, λ = {lam[i]:.2f}")
            ax.plot(ends[:, 0], ends[:, 1], color=c, lw=2.2, ls=ls, label=label)
        ax.set_xlim(-reach, reach)
        ax.set_ylim(-reach, reach)
        ax.set_aspect("equal")
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.set_title(f"ρ = {rho:g}, σ₁ = {sigma1:g}, σ₂ = {sigma2:g}, |Σ| = {det:.3g}",
                     fontsize=10)
        ax.legend(loc="upper left", fontsize=7, frameon=True, framealpha=0.85)

    sliders = [
        Slider("rho", rhos, label="correlation ρ",
               default=rhos[-2] if len(rhos) > 2 else rhos[0], fmt="{:g}"),
        Slider("sigma2", sigma2s, label="σ₂ (std of x₂)",
               default=sigma2s[len(sigma2s) // 2], fmt="{:g}"),
    ]
    def alt(rho, sigma2):
        cov = np.array([[sigma1 ** 2, rho * sigma1 * sigma2],
                        [rho * sigma1 * sigma2, sigma2 ** 2]])
        lam, vec = np.linalg.eigh(cov)
        major = vec[:, 1] * np.sign(vec[np.argmax(np.abs(vec[:, 1])), 1])
        samples = f", {n_samples} samples as dots," if n_samples else ","
        if np.isclose(lam[0], lam[1]):
            contours = "circular contours"
            axes = (f"two perpendicular lines along eigenvectors of the covariance matrix, "
                    f"whose eigenvalues are both {lam[0]:.2f}: for circles every direction is "
                    f"an axis")
        else:
            contours = "elliptic contours"
            axes = (f"two lines along the eigenvectors of the covariance matrix, the axes of "
                    f"the ellipses: the major axis along ({major[0]:.2f}, {major[1]:.2f}) with "
                    f"eigenvalue {lam[1]:.2f}, the minor one with eigenvalue {lam[0]:.2f}")
        return (f"The density of a two-dimensional Gaussian with correlation {rho:g} as a heat "
                f"map with {contours} at one, two and three standard deviations{samples} and "
                f"{axes}.")

    return Explorer(draw, sliders, title="A two-dimensional Gaussian and its covariance",
                    alt=alt, figsize=(6.4, 4.6))


# -- Bayes explorer ------------------------------------------------------------------------

def bayes_explorer(prevalences=(0.0001, 0.001, 0.01, 0.1, 0.5),
                   false_positive_rates=(0.001, 0.01, 0.05, 0.2),
                   sensitivity: float = 0.99, population: int = 1_000_000) -> Explorer:
    """A diagnostic test in natural frequencies: how likely is disease after a positive test?

    Parameters
    ----------
    prevalences : sequence of float, optional
        Values of :math:`P(S)`, the fraction of the population that is sick.
    false_positive_rates : sequence of float, optional
        Values of :math:`P(P \\mid \\neg S)`, the chance that a healthy person tests positive.
    sensitivity : float, optional
        :math:`P(P \\mid S)`, the chance that a sick person tests positive.
    population : int, optional
        The number of people in the natural-frequency picture.

    Returns
    -------
    Explorer
        One frame per (prevalence, false-positive rate) pair; at most 40.
    """
    def rates(values, name):
        return [in_range(v, f"each of {name}", 0.0, 1.0, inclusive=False)
                for v in _numbers(values, name)]

    prevalences = rates(prevalences, "prevalences")
    false_positive_rates = rates(false_positive_rates, "false_positive_rates")
    sensitivity = in_range(sensitivity, "sensitivity", 0.0, 1.0)
    population = integer(population, "population", minimum=100, maximum=10**9)
    if len(prevalences) * len(false_positive_rates) > FRAME_LIMIT:
        raise ValueError(f"{len(prevalences) * len(false_positive_rates)} frames; keep it at most "
                         f"{FRAME_LIMIT}.")

    SICK, HEALTHY = CLASS_COLORS[1], CLASS_COLORS[0]  # the label: 1 sick, 0 healthy

    def counts(prevalence, fpr):
        sick = population * prevalence
        healthy = population - sick
        tp, fn = sick * sensitivity, sick * (1 - sensitivity)
        fp, tn = healthy * fpr, healthy * (1 - fpr)
        posterior = tp / (tp + fp) if tp + fp > 0 else 0.0
        return sick, healthy, tp, fn, fp, tn, posterior

    def alt(prevalence, fpr):
        sick, healthy, tp, fn, fp, tn, posterior = counts(prevalence, fpr)
        return (f"A tree that splits {population:,.0f} people into {sick:,.0f} sick and "
                f"{healthy:,.0f} healthy, and each group by its test result; a stacked bar of "
                f"the {tp + fp:,.0f} positive tests: {tp:,.0f} true positives (sick) and "
                f"{fp:,.0f} false positives (healthy). So P(sick | positive) = {posterior:.3g}.")

    def draw(fig, prevalence, fpr):
        sick, healthy, tp, fn, fp, tn, posterior = counts(prevalence, fpr)
        tree, bar = fig.subplots(1, 2, width_ratios=[1.6, 1])
        tree.axis("off")
        tree.set_xlim(0, 1)
        tree.set_ylim(0, 1)
        box = dict(boxstyle="round,pad=0.3", fc="white", ec="0.4")
        nodes = {
            "all": (0.12, 0.5, f"{population:,.0f}\npeople"),
            "S": (0.45, 0.78, f"{sick:,.0f} sick"),
            "H": (0.45, 0.22, f"{healthy:,.0f} healthy"),
            "TP": (0.82, 0.92, f"{tp:,.0f}\ntest +"),
            "FN": (0.82, 0.64, f"{fn:,.0f}\ntest −"),
            "FP": (0.82, 0.36, f"{fp:,.0f}\ntest +"),
            "TN": (0.82, 0.08, f"{tn:,.0f}\ntest −"),
        }
        edges = [("all", "S", f"{prevalence:g}"), ("all", "H", f"{1 - prevalence:g}"),
                 ("S", "TP", f"{sensitivity:g}"), ("S", "FN", f"{1 - sensitivity:.3g}"),
                 ("H", "FP", f"{fpr:g}"), ("H", "TN", f"{1 - fpr:g}")]
        for a, b, label in edges:
            (xa, ya, _), (xb, yb, _) = nodes[a], nodes[b]
            tree.plot([xa + 0.08, xb - 0.09], [ya, yb], color="0.5", lw=1)
            tree.text((xa + xb) / 2, (ya + yb) / 2 + 0.03, label, fontsize=7, ha="center",
                      color="0.25")
        for key, (x, y, text) in nodes.items():
            # the two kinds of positive test in their class colours (black text stays legible)
            colour = {"TP": SICK, "FP": HEALTHY}.get(key)
            style = box if colour is None else dict(box, fc=colour, ec=colour, alpha=0.45)
            tree.text(x, y, text, ha="center", va="center", fontsize=8, bbox=style,
                      color="black", fontweight="bold" if colour else None)
        tree.set_title("natural frequencies", fontsize=10)
        bar.bar([0], [tp], color=SICK, label=f"sick (true positives): {tp:,.0f}")
        bar.bar([0], [fp], bottom=[tp], color=HEALTHY, hatch="//",
                label=f"healthy (false positives): {fp:,.0f}")
        bar.set_xticks([0], ["all positive tests"])
        bar.set_ylabel("number of people")
        bar.yaxis.set_major_formatter("{x:,.0f}")
        bar.set_xlim(-0.8, 0.8)
        bar.set_ylim(0, (tp + fp) * 1.45 if tp + fp > 0 else 1)
        bar.set_title(f"P(sick | positive) = {posterior:.3g}", fontsize=10)
        bar.legend(loc="upper center", fontsize=7)

    sliders = [
        Slider("prevalence", prevalences, label="prevalence P(S)",
               default=prevalences[0], fmt="{:g}"),
        Slider("fpr", false_positive_rates, label="false-positive rate P(P | not S)",
               default=0.01 if 0.01 in false_positive_rates else false_positive_rates[0],
               fmt="{:g}"),
    ]
    return Explorer(draw, sliders, title="Bayes' rule in natural frequencies", alt=alt,
                    figsize=(7.2, 4.0))


assert FRAME_LIMIT <= MAX_FRAMES
