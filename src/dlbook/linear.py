"""Linear models from scratch: least squares, logistic and softmax regression.

Everything here is a few lines of NumPy, written to be read next to the
mathematics of Chapter 2:

* :func:`fit_least_squares` solves the normal equations
  :math:`X^\\top X b = X^\\top y` with :func:`numpy.linalg.lstsq` (never an explicit inverse);
* :func:`regression_summary` adds the classical statistics (standard errors,
  t-statistics, p-values, RSE, :math:`R^2`, the F-statistic);
* :func:`sigmoid` and :func:`softmax` are the numerically stable link functions;
* :func:`logistic_loss_and_grad` and :func:`softmax_loss_and_grad` give the mean
  cross-entropy and its gradient, and :func:`fit_logistic_regression` and
  :func:`fit_softmax_regression` minimise it by gradient descent.

Conventions: ``X`` has one row per example. With ``intercept=True`` a column of ones is
put in front of ``X``, and the first entry (row) of the fitted parameters is the intercept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import (MAX_ELEMENTS, as_array, binary_labels, flag, integer, non_negative,
                      positive, same_length)

__all__ = [
    "add_intercept",
    "fit_least_squares",
    "RegressionSummary",
    "regression_summary",
    "sigmoid",
    "softmax",
    "one_hot",
    "logistic_loss_and_grad",
    "fit_logistic_regression",
    "softmax_loss_and_grad",
    "fit_softmax_regression",
    "predict_proba",
]


def _design(X, name: str = "X") -> np.ndarray:
    X = as_array(X, name, ndim=(1, 2), min_rows=1)
    return X.reshape(-1, 1) if X.ndim == 1 else X


def add_intercept(X) -> np.ndarray:
    """Put a column of ones in front of ``X`` (the design matrix of a model with intercept).

    Parameters
    ----------
    X : array-like of shape (n, p) or (n,)
        The predictors, one row per example.

    Returns
    -------
    numpy.ndarray of shape (n, p + 1)
    """
    X = _design(X)
    return np.column_stack([np.ones(len(X)), X])


def fit_least_squares(X, y, *, intercept: bool = False) -> np.ndarray:
    """Least-squares coefficients: the solution of the normal equations :math:`X^\\top X b = X^\\top y`.

    The system is solved with :func:`numpy.linalg.lstsq`, which works on ``X`` itself
    (through its singular value decomposition) instead of forming and inverting
    :math:`X^\\top X`; it is accurate even when the columns are nearly collinear, and it
    returns the minimum-norm solution when they are exactly collinear.

    Parameters
    ----------
    X : array-like of shape (n, p) or (n,)
        The design matrix, one row per example.
    y : array-like of shape (n,)
        The responses.
    intercept : bool, default False
        Put a column of ones in front of ``X`` first; the intercept is then ``b[0]``.

    Returns
    -------
    numpy.ndarray of shape (p,) or (p + 1,)
        The coefficients ``b`` that minimise :math:`\\|y - Xb\\|_2^2`.
    """
    X, y, intercept = _check_regression(X, y, intercept)
    if intercept:
        X = add_intercept(X)
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    return coef


def _check_regression(X, y, intercept):
    X = _design(X)
    y = as_array(y, "y", ndim=1)
    same_length(X, y, "X", "y")
    return X, y, flag(intercept, "intercept")


@dataclass(frozen=True)
class RegressionSummary:
    """The result of :func:`regression_summary`.

    Attributes
    ----------
    names : list of str
        One name per coefficient (``"Intercept"`` first when there is one).
    coef, se, t, p : numpy.ndarray
        Coefficients, their standard errors, t-statistics and two-sided p-values.
    rss, tss : float
        Residual and total sums of squares.
    rse : float
        Residual standard error :math:`\\sqrt{\\mathrm{RSS}/(n-p-1)}`, the estimate of :math:`\\sigma`.
    r2 : float
        :math:`R^2 = 1 - \\mathrm{RSS}/\\mathrm{TSS}`.
    f, f_pvalue : float
        The F-statistic for :math:`H_0`: all slopes are zero, and its p-value
        (NaN for a model without intercept or without slopes).
    n, df_resid : int
        Number of examples and residual degrees of freedom :math:`n - (\\text{number of coefficients})`.
    """

    names: list
    coef: np.ndarray
    se: np.ndarray
    t: np.ndarray
    p: np.ndarray
    rss: float
    tss: float
    rse: float
    r2: float
    f: float
    f_pvalue: float
    n: int
    df_resid: int

    def table(self):
        """The coefficient table as a :class:`pandas.DataFrame` (columns coef, SE, t, p)."""
        import pandas as pd

        return pd.DataFrame({"coef": self.coef, "SE": self.se, "t": self.t, "p": self.p},
                            index=pd.Index(self.names, name="term"))


def regression_summary(X, y, *, intercept: bool = True, names=None) -> RegressionSummary:
    """Fit least squares and compute the classical statistics of each coefficient.

    With :math:`\\hat\\sigma^2 = \\mathrm{RSS}/(n-q)` for :math:`q` coefficients, the standard
    errors are :math:`\\mathrm{SE}(\\hat b_j) = \\hat\\sigma\\sqrt{[(X^\\top X)^{-1}]_{jj}}`,
    the t-statistics :math:`\\hat b_j/\\mathrm{SE}(\\hat b_j)` follow :math:`t_{n-q}` under
    :math:`H_0: b_j = 0`, and :math:`F = \\frac{(\\mathrm{TSS}-\\mathrm{RSS})/p}{\\mathrm{RSS}/(n-p-1)}`.
    The diagonal of :math:`(X^\\top X)^{-1}` comes from the QR factorisation :math:`X = QR`
    as the squared row norms of :math:`R^{-1}`, found by a triangular solve.

    Parameters
    ----------
    X : array-like of shape (n, p) or (n,)
        The predictors (without a column of ones when ``intercept`` is True).
    y : array-like of shape (n,)
        The responses.
    intercept : bool, default True
        Fit an intercept.
    names : list of str, optional
        Names of the ``p`` columns of ``X`` (default ``x1, x2, ...``).

    Returns
    -------
    RegressionSummary
    """
    from scipy import linalg, stats

    X, y, intercept = _check_regression(X, y, intercept)
    p = X.shape[1]
    if names is None:
        names = [f"x{j + 1}" for j in range(p)]
    if isinstance(names, (str, bytes)) or not hasattr(names, "__len__"):
        raise TypeError(f"names must be a list of column names such as ['income', 'limit'], "
                        f"got {type(names).__name__} {names!r}.")
    names = [str(n) for n in names]
    if len(names) != p:
        raise ValueError(f"names must give one name per column of X ({p}), got {len(names)}.")
    A = add_intercept(X) if intercept else X
    if intercept:
        names = ["Intercept", *names]
    n, q = A.shape
    if n <= q:
        raise ValueError(f"X has {n} rows but the model has {q} coefficients; standard errors "
                         f"need more examples than coefficients (n > {q}).")
    if np.linalg.matrix_rank(A) < q:
        raise ValueError("the columns of X are linearly dependent (perfectly collinear), so the "
                         "coefficients are not identifiable; drop a redundant column.")
    coef = fit_least_squares(A, y)
    resid = y - A @ coef
    rss = float(resid @ resid)
    tss = float(((y - y.mean()) ** 2).sum()) if intercept else float(y @ y)
    df_resid = n - q
    sigma2 = rss / df_resid
    R = np.linalg.qr(A, mode="r")
    R_inv = linalg.solve_triangular(R, np.eye(q))
    se = np.sqrt(sigma2 * (R_inv ** 2).sum(axis=1))
    t = coef / se
    pvals = 2 * stats.t.sf(np.abs(t), df_resid)
    n_slopes = q - 1 if intercept else q
    if intercept and n_slopes > 0:
        f = ((tss - rss) / n_slopes) / (rss / df_resid)
        f_p = float(stats.f.sf(f, n_slopes, df_resid))
    else:
        f, f_p = float("nan"), float("nan")
    return RegressionSummary(names=names, coef=coef, se=se, t=t, p=pvals, rss=rss, tss=tss,
                             rse=float(np.sqrt(sigma2)), r2=1 - rss / tss, f=float(f),
                             f_pvalue=f_p, n=n, df_resid=df_resid)


def sigmoid(z):
    """The logistic function :math:`\\sigma(z) = 1/(1 + e^{-z})`, without overflow.

    For :math:`z \\ge 0` it evaluates :math:`1/(1+e^{-z})`, for :math:`z < 0` the equal
    :math:`e^{z}/(1+e^{z})`, so the exponential never exceeds 1.

    Parameters
    ----------
    z : array-like or float
        Logits (any shape).

    Returns
    -------
    numpy.ndarray or float
        Values in :math:`[0, 1]` (strictly inside unless rounding reaches an end).
    """
    z_arr = as_array(z, "z")
    e = np.exp(-np.abs(z_arr))
    out = np.where(z_arr >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(out) if out.ndim == 0 else out


def softmax(z, axis: int = -1) -> np.ndarray:
    """The softmax :math:`e^{z_c}/\\sum_{c'} e^{z_{c'}}` along ``axis``, computed stably.

    Subtracting the largest logit first leaves the result unchanged (numerator and
    denominator gain the same factor) and keeps every exponential at most 1.

    Parameters
    ----------
    z : array-like
        Logits; the classes run along ``axis``.
    axis : int, default -1
        The axis of the classes.

    Returns
    -------
    numpy.ndarray
        Probabilities of the same shape as ``z``, summing to 1 along ``axis``.
    """
    z, axis = _check_softmax(z, axis)
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def _check_softmax(z, axis):
    z = as_array(z, "z", ndim=(1, 2, 3))
    return z, integer(axis, "axis", minimum=-z.ndim, maximum=z.ndim - 1)


def _class_labels(y, name: str = "y") -> np.ndarray:
    y = as_array(y, name, ndim=1)
    if y.size and (np.any(y < 0) or np.any(y != np.round(y))):
        raise ValueError(f"{name} must hold class labels 0, 1, ..., C-1 (non-negative integers), "
                         f"got values such as {y[(y < 0) | (y != np.round(y))][:3].tolist()}; "
                         f"encode the classes with numpy.unique(y, return_inverse=True).")
    return y.astype(int)


def one_hot(y, n_classes: int | None = None) -> np.ndarray:
    """Encode integer labels ``0 .. C-1`` as rows of the identity matrix.

    Parameters
    ----------
    y : array-like of shape (n,)
        Integer class labels.
    n_classes : int, optional
        Number of classes :math:`C` (default: ``max(y) + 1``).

    Returns
    -------
    numpy.ndarray of shape (n, C)
    """
    y = _class_labels(y)
    if n_classes is None:
        n_classes = int(y.max()) + 1 if y.size else 1
    n_classes = integer(n_classes, "n_classes", minimum=1)
    if y.size and y.max() >= n_classes:
        raise ValueError(f"y contains the label {y.max()}, but n_classes is {n_classes}; labels "
                         f"must be smaller than n_classes.")
    if max(len(y), 1) * n_classes > MAX_ELEMENTS:
        raise ValueError(f"one_hot of {len(y)} labels with n_classes = {n_classes} would hold "
                         f"more than the limit of {MAX_ELEMENTS:,} numbers.")
    Y = np.zeros((len(y), n_classes))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def logistic_loss_and_grad(theta, X, y, *, l2: float = 0.0):
    """Mean binary cross-entropy of logistic regression and its gradient.

    With :math:`h_\\theta(x) = \\sigma(\\theta^\\top x)`,

    .. math::

       J(\\theta) = -\\frac1n \\sum_{i=1}^n \\big[y^{(i)}\\log h_\\theta(x^{(i)})
       + (1-y^{(i)})\\log(1-h_\\theta(x^{(i)}))\\big],\\qquad
       \\nabla J = \\frac1n\\sum_{i=1}^n \\big(h_\\theta(x^{(i)}) - y^{(i)}\\big)x^{(i)}.

    The loss is evaluated from the logits :math:`z = \\theta^\\top x` as
    :math:`\\log(1+e^{z}) - yz`, which never takes the logarithm of 0.

    Parameters
    ----------
    theta : array-like of shape (d,)
        Parameters (include the intercept as a column of ones in ``X`` if you want one).
    X : array-like of shape (n, d)
        Design matrix.
    y : array-like of shape (n,)
        Labels 0 or 1.
    l2 : float, default 0
        Adds :math:`\\tfrac{\\lambda}{2}\\|\\theta\\|^2` (all entries) to the loss.

    Returns
    -------
    loss : float
    grad : numpy.ndarray of shape (d,)
    """
    theta, X, y, l2 = _check_logistic(theta, X, y, l2)
    z = X @ theta
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * theta @ theta
    grad = X.T @ (sigmoid(z) - y) / len(y) + l2 * theta
    return float(loss), grad


def _check_logistic(theta, X, y, l2):
    X = as_array(X, "X", ndim=2, min_rows=1)
    theta = as_array(theta, "theta", shape=(X.shape[1],))
    y = binary_labels(y, "y")
    same_length(X, y, "X", "y")
    return theta, X, y, non_negative(l2, "l2")


def softmax_loss_and_grad(theta, X, y, *, l2: float = 0.0):
    """Mean categorical cross-entropy of softmax regression and its gradient.

    The class probabilities are :math:`\\hat y = \\mathrm{softmax}(\\Theta^\\top x)`; with one-hot
    targets :math:`y`, the loss is :math:`-\\frac1n\\sum_i \\log \\hat y^{(i)}_{y^{(i)}}` and the
    gradient is :math:`\\frac1n\\sum_i x^{(i)}(\\hat y^{(i)} - y^{(i)})^\\top`, i.e.
    :math:`X^\\top(\\hat Y - Y)/n`. The log-probabilities use the log-sum-exp trick.

    Parameters
    ----------
    theta : array-like of shape (d, C)
        One column of parameters per class.
    X : array-like of shape (n, d)
        Design matrix.
    y : array-like of shape (n,)
        Integer labels ``0 .. C-1``.
    l2 : float, default 0
        Adds :math:`\\tfrac{\\lambda}{2}\\|\\Theta\\|_F^2` to the loss.

    Returns
    -------
    loss : float
    grad : numpy.ndarray of shape (d, C)
    """
    X = as_array(X, "X", ndim=2, min_rows=1)
    theta = as_array(theta, "theta", ndim=2)
    if theta.shape[0] != X.shape[1]:
        raise ValueError(f"theta must have one row per column of X ({X.shape[1]}), "
                         f"got shape {theta.shape}.")
    Y = one_hot(y, theta.shape[1])
    same_length(X, Y, "X", "y")
    return _softmax_loss_and_grad(theta, X, Y, non_negative(l2, "l2"))


def _softmax_loss_and_grad(theta, X, Y, l2):
    """:func:`softmax_loss_and_grad` on checked arrays, with one-hot targets ``Y``."""
    Z = X @ theta
    Z = Z - Z.max(axis=1, keepdims=True)
    log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    loss = float(-np.mean((Y * log_p).sum(axis=1))) + 0.5 * l2 * float((theta ** 2).sum())
    grad = X.T @ (np.exp(log_p) - Y) / len(X) + l2 * theta
    return loss, grad


def fit_logistic_regression(X, y, *, learning_rate: float = 0.1, n_steps: int = 1000,
                            intercept: bool = True, l2: float = 0.0):
    """Fit logistic regression by full-batch gradient descent on the mean cross-entropy.

    The penalty :math:`\\tfrac{\\lambda}{2}\\|w\\|^2` acts on the weights only: ``penalised``
    is 0 for the intercept and 1 for every weight.

    Parameters
    ----------
    X : array-like of shape (n, p) or (n,)
        Predictors (standardise them: gradient descent is much faster then).
    y : array-like of shape (n,)
        Labels 0 or 1.
    learning_rate : float, default 0.1
        Step size :math:`\\eta > 0`.
    n_steps : int, default 1000
        Number of gradient steps (at most :data:`dlbook._checks.MAX_ELEMENTS`).
    intercept : bool, default True
        Fit an intercept; it is then ``theta[0]``.
    l2 : float, default 0
        Strength :math:`\\lambda` of an L2 penalty :math:`\\tfrac{\\lambda}{2}\\|w\\|^2` on the
        weights (not the intercept); 0 gives plain maximum likelihood.

    Returns
    -------
    theta : numpy.ndarray of shape (p + 1,) or (p,)
        The fitted parameters, starting from zeros.
    history : numpy.ndarray of shape (n_steps + 1,)
        The loss before each step and after the last.

    Raises
    ------
    FloatingPointError
        If the parameters become infinite or NaN (a learning rate that is too large).
    """
    A, y, learning_rate, n_steps, l2, intercept = _check_fit(X, y, learning_rate, n_steps,
                                                             l2, intercept, binary=True)
    theta = np.zeros(A.shape[1])
    penalised = _penalty_mask(theta, intercept)
    history = []
    with np.errstate(over="ignore", invalid="ignore"):  # a divergence is reported instead
        for step in range(n_steps + 1):
            loss, grad = logistic_loss_and_grad(theta, A, y)
            history.append(loss + 0.5 * l2 * np.sum((penalised * theta) ** 2))
            if step < n_steps:
                theta = theta - learning_rate * (grad + l2 * penalised * theta)
                _stop_if_diverged(theta, step, learning_rate)
    return theta, np.array(history)


def fit_softmax_regression(X, y, *, n_classes: int | None = None, learning_rate: float = 0.1,
                           n_steps: int = 1000, intercept: bool = True, l2: float = 0.0):
    """Fit softmax (multinomial logistic) regression by full-batch gradient descent.

    The same loop as :func:`fit_logistic_regression`, on the categorical cross-entropy of
    :func:`softmax_loss_and_grad`.

    Parameters
    ----------
    X : array-like of shape (n, p) or (n,)
        Predictors (standardised, ideally).
    y : array-like of shape (n,)
        Integer labels ``0 .. C-1``.
    n_classes : int, optional
        Number of classes :math:`C` (default ``max(y) + 1``).
    learning_rate : float, default 0.1
        Step size :math:`\\eta > 0`.
    n_steps : int, default 1000
        Number of gradient steps (at most :data:`dlbook._checks.MAX_ELEMENTS`).
    intercept : bool, default True
        Fit one intercept per class; they are then ``theta[0]``.
    l2 : float, default 0
        Strength :math:`\\lambda` of an L2 penalty :math:`\\tfrac{\\lambda}{2}\\|W\\|_F^2` on the
        weights (not the intercepts).

    Returns
    -------
    theta : numpy.ndarray of shape (p + 1, C) or (p, C)
        One column of parameters per class, starting from zeros.
    history : numpy.ndarray of shape (n_steps + 1,)
        The loss before each step and after the last.

    Raises
    ------
    FloatingPointError
        If the parameters become infinite or NaN (a learning rate that is too large).
    """
    A, y, learning_rate, n_steps, l2, intercept = _check_fit(X, y, learning_rate, n_steps,
                                                             l2, intercept, binary=False)
    if n_classes is None:
        n_classes = int(y.max()) + 1
    n_classes = integer(n_classes, "n_classes", minimum=2)
    Y = one_hot(y, n_classes)  # also checks the labels against n_classes
    theta = np.zeros((A.shape[1], n_classes))
    penalised = _penalty_mask(theta, intercept)
    history = np.empty(n_steps + 1)
    with np.errstate(over="ignore", invalid="ignore"):  # a divergence is reported instead
        for step in range(n_steps + 1):
            loss, grad = _softmax_loss_and_grad(theta, A, Y, 0.0)
            history[step] = loss + 0.5 * l2 * float(((penalised * theta) ** 2).sum())
            if step < n_steps:
                theta = theta - learning_rate * (grad + l2 * penalised * theta)
                _stop_if_diverged(theta, step, learning_rate)
    return theta, history


def _check_fit(X, y, learning_rate, n_steps, l2, intercept, *, binary: bool):
    X = _design(X)
    y = binary_labels(y, "y") if binary else _class_labels(y)
    same_length(X, y, "X", "y")
    learning_rate = positive(learning_rate, "learning_rate")
    n_steps = integer(n_steps, "n_steps", minimum=1, maximum=MAX_ELEMENTS)
    l2 = non_negative(l2, "l2")
    intercept = flag(intercept, "intercept")
    A = add_intercept(X) if intercept else X
    return A, y, learning_rate, n_steps, l2, intercept


def _penalty_mask(theta: np.ndarray, intercept: bool) -> np.ndarray:
    """Ones shaped like ``theta``, with a zero first row for the (unpenalised) intercept."""
    mask = np.ones_like(theta)
    if intercept:
        mask[0] = 0.0
    return mask


def _stop_if_diverged(theta: np.ndarray, step: int, learning_rate: float) -> None:
    if not np.all(np.isfinite(theta)):
        raise FloatingPointError(
            f"gradient descent diverged at step {step + 1} (the parameters became infinite or "
            f"NaN); use a smaller learning_rate than {learning_rate:g} or standardise the "
            f"features.")


def predict_proba(theta, X, *, intercept: bool = True) -> np.ndarray:
    """Class probabilities of a fitted logistic (1-D ``theta``) or softmax (2-D) model.

    Parameters
    ----------
    theta : array-like of shape (d,) or (d, C)
        Parameters from :func:`fit_logistic_regression` or :func:`fit_softmax_regression`.
    X : array-like of shape (n, p) or (n,)
        Predictors, prepared as for fitting.
    intercept : bool, default True
        Whether ``theta`` starts with the intercept (as the fit functions return it).

    Returns
    -------
    numpy.ndarray
        Shape (n,): :math:`P(y=1\\mid x)` for a logistic model; shape (n, C) for softmax.
    """
    theta = as_array(theta, "theta", ndim=(1, 2))
    X = _design(X)
    A = add_intercept(X) if flag(intercept, "intercept") else X
    if A.shape[1] != theta.shape[0]:
        extra = " (did you pass intercept=True for a model fitted without one?)" if intercept \
            else ""
        raise ValueError(f"theta has {theta.shape[0]} rows but the design matrix has "
                         f"{A.shape[1]} columns{extra}.")
    Z = A @ theta
    return sigmoid(Z) if theta.ndim == 1 else softmax(Z, axis=1)
