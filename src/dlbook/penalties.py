r"""Parameter norm penalties from scratch: ridge, soft-thresholding and the LASSO (Section 6.1).

Every function here minimises a penalised least-squares cost with the *mean* squared error,

.. math::

    \tilde J(w, b) = \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha\,\Omega(w),

where the intercept :math:`b` is fitted but never penalised:

* :func:`ridge`, :math:`\Omega(w) = \tfrac12\|w\|_2^2`, in closed form; scikit-learn's
  ``Ridge(alpha=n * alpha)`` minimises the same cost (it writes it as a sum);
* :func:`lasso`, :math:`\Omega(w) = \|w\|_1`, by proximal gradient descent (ISTA), whose
  proximal step is :func:`soft_threshold`; scikit-learn's ``Lasso(alpha=alpha)`` uses the
  same scaling;
* :func:`penalized_quadratic_optimum`, the minimiser of either penalty added to a quadratic
  cost with a diagonal Hessian, the picture behind the L1 diamond and the L2 circle.
"""

from __future__ import annotations

import warnings

import numpy as np

from ._checks import MAX_ELEMENTS, as_array, flag, integer, non_negative, one_of, positive, \
    same_length

__all__ = ["ridge", "soft_threshold", "lasso", "lasso_objective", "penalized_quadratic_optimum"]


def ridge(X, y, alpha, *, intercept: bool = True):
    r"""Ridge regression: the minimiser of :math:`\frac{1}{2n}\|y - Xw - b\|^2 + \frac{\alpha}{2}\|w\|^2`.

    With the columns of ``X`` and ``y`` centred on their means (when ``intercept`` is true),
    the weights solve :math:`(X^\top X + n\alpha I)\,w = X^\top y` and the unpenalised
    intercept is :math:`b = \bar y - \bar x^\top w`. The system is solved by least squares,
    so that :math:`\alpha = 0` with collinear columns gives the minimum-norm solution.

    Parameters
    ----------
    X : array-like of shape (n, d)
        The design matrix, one row per example.
    y : array-like of shape (n,)
        The responses.
    alpha : float
        The penalty strength :math:`\alpha \ge 0` (0 gives ordinary least squares).
    intercept : bool, default True
        Fit an unpenalised intercept; if false, :math:`b = 0`.

    Returns
    -------
    w : numpy.ndarray of shape (d,)
        The weights.
    b : float
        The intercept.
    """
    X, y, alpha, intercept = _check_regression(X, y, alpha, intercept)
    x_mean, y_mean = (X.mean(axis=0), y.mean()) if intercept else (np.zeros(X.shape[1]), 0.0)
    Xc, yc = X - x_mean, y - y_mean  # centring fits the intercept, which is not penalised
    n, d = Xc.shape
    w = np.linalg.lstsq(Xc.T @ Xc + n * alpha * np.eye(d), Xc.T @ yc, rcond=None)[0]
    return w, float(y_mean - x_mean @ w)


def soft_threshold(w, threshold):
    r"""The soft-thresholding operator :math:`S_t(w) = \operatorname{sign}(w)\max(|w| - t, 0)`.

    It is the proximal step of the L1 norm: :math:`S_t(v)` minimises
    :math:`\tfrac12\|u - v\|^2 + t\|u\|_1` over :math:`u`. Entries with :math:`|w| \le t`
    become exactly zero; the others move towards zero by :math:`t`.

    Parameters
    ----------
    w : array-like
        The values, of any shape.
    threshold : float
        :math:`t \ge 0`.

    Returns
    -------
    numpy.ndarray
        :math:`S_t(w)`, of the shape of ``w``.
    """
    w, threshold = _check_soft_threshold(w, threshold)
    return np.sign(w) * np.maximum(np.abs(w) - threshold, 0.0) + 0.0  # + 0.0: no -0.0


def lasso(X, y, alpha, *, intercept: bool = True, tol: float = 1e-10,
          max_steps: int = 100_000):
    r"""The LASSO by proximal gradient descent (ISTA).

    Minimises :math:`\frac{1}{2n}\|y - Xw - b\|^2 + \alpha\|w\|_1`, the scaling of
    scikit-learn's ``Lasso(alpha=alpha)``. Each step is a gradient step on the squared error,
    with the step size :math:`\epsilon = 1/L` (:math:`L` the largest eigenvalue of
    :math:`X^\top X/n` for the centred ``X``), followed by soft-thresholding at
    :math:`\epsilon\alpha`, which sets weights exactly to zero. The intercept is fitted by
    centring and not penalised.

    Parameters
    ----------
    X : array-like of shape (n, d)
        The design matrix; no column may be constant.
    y : array-like of shape (n,)
        The responses.
    alpha : float
        The penalty strength :math:`\alpha \ge 0`.
    intercept : bool, default True
        Fit an unpenalised intercept; if false, :math:`b = 0`.
    tol : float, default 1e-10
        Stop when no weight moves by more than ``tol`` times the largest weight (at least 1)
        in a step.
    max_steps : int, default 100000
        The most steps; a ``RuntimeWarning`` says so if they run out first.

    Returns
    -------
    w : numpy.ndarray of shape (d,)
        The weights, many of them exactly zero for a large ``alpha``.
    b : float
        The intercept.
    """
    X, y, alpha, intercept = _check_regression(X, y, alpha, intercept)
    tol, max_steps = positive(tol, "tol"), integer(max_steps, "max_steps", minimum=1,
                                                   maximum=10_000_000)
    x_mean, y_mean = (X.mean(axis=0), y.mean()) if intercept else (np.zeros(X.shape[1]), 0.0)
    Xc, yc = X - x_mean, y - y_mean
    n = len(yc)
    step = 1.0 / _largest_curvature(Xc)
    w = np.zeros(Xc.shape[1])
    for _ in range(max_steps):
        gradient = Xc.T @ (Xc @ w - yc) / n
        w_next = soft_threshold(w - step * gradient, step * alpha)
        converged = np.max(np.abs(w_next - w)) <= tol * max(1.0, np.max(np.abs(w_next)))
        w = w_next
        if converged:
            break
    else:
        warnings.warn(f"lasso: not converged after max_steps={max_steps} steps; raise "
                      f"max_steps or tol.", RuntimeWarning, stacklevel=2)
    return w, float(y_mean - x_mean @ w)


def lasso_objective(X, y, alpha, w, b=0.0) -> float:
    r"""The LASSO cost :math:`\frac{1}{2n}\|y - Xw - b\|^2 + \alpha\|w\|_1` at ``(w, b)``.

    Parameters
    ----------
    X : array-like of shape (n, d)
        The design matrix.
    y : array-like of shape (n,)
        The responses.
    alpha : float
        The penalty strength :math:`\alpha \ge 0`.
    w : array-like of shape (d,)
        The weights.
    b : float, default 0
        The intercept.

    Returns
    -------
    float
        The value of the cost.
    """
    X, y, alpha, _ = _check_regression(X, y, alpha, True)
    w = as_array(w, "w", shape=(X.shape[1],))
    b = float(as_array(b, "b", ndim=0))
    residual = y - X @ w - b
    return float(residual @ residual / (2 * len(y)) + alpha * np.abs(w).sum())


def penalized_quadratic_optimum(w_star, h_diag, alpha, kind: str = "l1") -> np.ndarray:
    r"""The minimiser of a quadratic cost with a diagonal Hessian plus an L1 or L2 penalty.

    The cost is :math:`J(w) = J(w^*) + \tfrac12\sum_i H_{ii}(w_i - w^*_i)^2`, the quadratic
    approximation of any smooth cost around its minimum :math:`w^*` when the Hessian is
    diagonal. Adding :math:`\alpha\|w\|_1` gives, coordinate by coordinate,
    :math:`\tilde w_i = \operatorname{sign}(w^*_i)\max(|w^*_i| - \alpha/H_{ii}, 0)`, exactly zero
    when :math:`|w^*_i| \le \alpha/H_{ii}`; adding :math:`\frac{\alpha}{2}\|w\|_2^2` gives
    :math:`\tilde w_i = \frac{H_{ii}}{H_{ii} + \alpha}\,w^*_i`, which is never zero unless
    :math:`w^*_i` is.

    Parameters
    ----------
    w_star : array-like of shape (d,)
        The unpenalised minimum :math:`w^*`.
    h_diag : array-like of shape (d,)
        The diagonal of the Hessian, each entry greater than 0.
    alpha : float
        The penalty strength :math:`\alpha \ge 0`.
    kind : {"l1", "l2"}, default "l1"
        The penalty: :math:`\|w\|_1` or :math:`\tfrac12\|w\|_2^2`.

    Returns
    -------
    numpy.ndarray of shape (d,)
        The penalised minimum :math:`\tilde w`.
    """
    w_star, h_diag, alpha, kind = _check_quadratic(w_star, h_diag, alpha, kind)
    if kind == "l2":
        return h_diag / (h_diag + alpha) * w_star
    return np.sign(w_star) * np.maximum(np.abs(w_star) - alpha / h_diag, 0.0)


# -- input checks ---------------------------------------------------------------------------

def _check_regression(X, y, alpha, intercept):
    X = as_array(X, "X", ndim=2, min_rows=2)
    y = as_array(y, "y", ndim=1)
    same_length(X, y, "X", "y")
    if X.size > MAX_ELEMENTS:
        raise ValueError(f"X has {X.size:,} entries, more than the limit of {MAX_ELEMENTS:,}.")
    if X.shape[1] == 0:
        raise ValueError("X must have at least one column (feature).")
    return X, y, non_negative(alpha, "alpha"), flag(intercept, "intercept")


def _check_soft_threshold(w, threshold):
    w = as_array(w, "w")
    if w.size > MAX_ELEMENTS:
        raise ValueError(f"w has {w.size:,} entries, more than the limit of {MAX_ELEMENTS:,}.")
    return w, non_negative(threshold, "threshold")


def _largest_curvature(Xc: np.ndarray) -> float:
    """The largest eigenvalue of Xc^T Xc / n, which sets ISTA's step size 1/L."""
    if np.any(np.ptp(Xc, axis=0) == 0):
        raise ValueError("X has a constant column, which carries no information (and with "
                         "intercept=True is all zeros after centring); remove it.")
    return float(np.linalg.eigvalsh(Xc.T @ Xc / len(Xc)).max())


def _check_quadratic(w_star, h_diag, alpha, kind):
    w_star = as_array(w_star, "w_star", ndim=1)
    h_diag = as_array(h_diag, "h_diag", shape=(len(w_star),))
    if w_star.size > MAX_ELEMENTS:
        raise ValueError(f"w_star has {w_star.size:,} entries, more than the limit of "
                         f"{MAX_ELEMENTS:,}.")
    if np.any(h_diag <= 0):
        raise ValueError(f"h_diag must be positive (the cost must curve upwards in every "
                         f"direction), got {h_diag}.")
    return w_star, h_diag, non_negative(alpha, "alpha"), one_of(kind, "kind", ("l1", "l2"))
