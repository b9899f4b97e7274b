"""Polynomial regression, k-fold cross-validation and the bias–variance simulation.

The tools of Chapter 2 for choosing a model's capacity, written from scratch:

* :func:`polynomial_features`, :func:`fit_polynomial`, :func:`predict_polynomial`:
  least-squares polynomial regression in one variable;
* :func:`k_fold_indices`, :func:`cross_validate`, :func:`cross_validation_mse`:
  k-fold cross-validation (leave-one-out when ``k`` equals the number of examples);
* :func:`bias_variance_simulation`: many training sets, many fits, and the three
  terms of the expected test error.

For a random train/test split use :func:`sklearn.model_selection.train_test_split`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np

from ._checks import MAX_ELEMENTS, as_array, flag, integer, non_negative, one_of, same_length
from .metrics import mean_squared_error

__all__ = [
    "polynomial_features",
    "fit_polynomial",
    "predict_polynomial",
    "k_fold_indices",
    "cross_validate",
    "cross_validation_mse",
    "BiasVariance",
    "bias_variance_simulation",
]


# -- polynomial regression ------------------------------------------------------------------
def polynomial_features(x, degree: int) -> np.ndarray:
    """The design matrix of a polynomial in one variable (a Vandermonde matrix).

    Parameters
    ----------
    x : array-like of shape (n,)
        The inputs.
    degree : int
        The highest power, 0 or more.

    Returns
    -------
    numpy.ndarray of shape (n, degree + 1)
        Column ``j`` holds ``x ** j``; the first column is all ones (the intercept).
    """
    x, degree = _check_features(x, degree)
    return x[:, None] ** np.arange(degree + 1)


def _check_features(x, degree):
    x = as_array(x, "x", ndim=1)
    degree = integer(degree, "degree", minimum=0, maximum=MAX_ELEMENTS)
    if max(len(x), 1) * (degree + 1) > MAX_ELEMENTS:
        raise ValueError(f"a degree-{degree} design matrix of {len(x)} inputs would hold more "
                         f"than the limit of {MAX_ELEMENTS:,} numbers; lower the degree.")
    return x, degree


def fit_polynomial(x, y, degree: int) -> np.ndarray:
    r"""Fit a polynomial of the given degree by least squares.

    Finds the coefficients :math:`\beta` that minimise :math:`\|X\beta - y\|_2^2`, where
    ``X = polynomial_features(x, degree)``, with :func:`numpy.linalg.lstsq` (never an
    explicit inverse). The columns are scaled to unit length before solving, which
    keeps the problem well conditioned for degrees up to about 15 on ``x`` in [0, 1].
    With more coefficients than distinct points the fit interpolates the data and
    the minimum-norm solution (of the scaled problem) is returned.

    Parameters
    ----------
    x, y : array-like of shape (n,)
        Inputs and targets.
    degree : int
        The degree of the polynomial, 0 or more.

    Returns
    -------
    numpy.ndarray of shape (degree + 1,)
        ``beta[j]`` multiplies ``x ** j`` (increasing powers, the opposite order of
        :func:`numpy.polyfit`). Use :func:`predict_polynomial` to evaluate.
    """
    X, y = _check_fit_polynomial(x, y, degree)
    norms = np.linalg.norm(X, axis=0)
    norms[norms == 0] = 1.0  # a column of zeros (x all 0) stays as it is
    beta, *_ = np.linalg.lstsq(X / norms, y, rcond=None)
    return beta / norms


def _check_fit_polynomial(x, y, degree):
    X = polynomial_features(x, degree)
    y = as_array(y, "y", ndim=1)
    same_length(X, y, "x", "y")
    if len(y) == 0:
        raise ValueError("x and y are empty; a fit needs at least one example.")
    return X, y


def predict_polynomial(coef, x) -> np.ndarray:
    """Evaluate the polynomial with coefficients ``coef`` (increasing powers) at ``x``.

    Parameters
    ----------
    coef : array-like of shape (degree + 1,)
        Coefficients as returned by :func:`fit_polynomial`.
    x : array-like of shape (n,)
        Where to evaluate.

    Returns
    -------
    numpy.ndarray of shape (n,)
    """
    coef = as_array(coef, "coef", ndim=1)
    if len(coef) == 0:
        raise ValueError("coef is empty; a polynomial needs at least one coefficient.")
    return polynomial_features(x, len(coef) - 1) @ coef


# -- cross-validation ---------------------------------------------------------------------------
def k_fold_indices(n: int, k: int, *, shuffle: bool = True,
                   seed: int = 0) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Split the indices ``0, ..., n - 1`` into ``k`` folds for cross-validation.

    Each example lands in exactly one validation fold. The first ``n % k`` folds get
    ``n // k + 1`` examples and the others ``n // k``, as in
    :class:`sklearn.model_selection.KFold`; without shuffling the folds are the same
    as ``KFold(k)``'s.

    Parameters
    ----------
    n : int
        Number of examples, at least 2.
    k : int
        Number of folds, from 2 to ``n`` (``k = n`` is leave-one-out).
    shuffle : bool, default True
        Shuffle the indices (with ``numpy.random.default_rng(seed)``) before splitting.
    seed : int, default 0
        Seed of the shuffle.

    Yields
    ------
    train, validation : numpy.ndarray of int
        Sorted index arrays of the ``k - 1`` training folds and the validation fold.
    """
    n, k, shuffle, seed = _check_folds(n, k, shuffle, seed)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    stops = np.cumsum(sizes)
    for start, stop in zip(stops - sizes, stops):
        validation = np.sort(order[start:stop])
        train = np.sort(np.r_[order[:start], order[stop:]])
        yield train, validation


def _check_folds(n, k, shuffle, seed):
    n = integer(n, "n", minimum=2, maximum=MAX_ELEMENTS)
    k = integer(k, "k", minimum=2)
    if k > n:
        raise ValueError(f"k must be at most n = {n} (k = n is leave-one-out), got k = {k}.")
    return n, k, flag(shuffle, "shuffle"), integer(seed, "seed", minimum=0)


def cross_validate(fit: Callable, predict: Callable, x, y, *, k: int = 5,
                   shuffle: bool = True, seed: int = 0) -> np.ndarray:
    """The validation mean squared error of each of ``k`` folds.

    Parameters
    ----------
    fit : callable
        ``fit(x_train, y_train)`` returns a fitted model (anything).
    predict : callable
        ``predict(model, x_val)`` returns predictions for ``x_val``.
    x : array-like of shape (n,) or (n, p)
        Inputs; rows are examples.
    y : array-like of shape (n,)
        Targets.
    k, shuffle, seed :
        As in :func:`k_fold_indices`.

    Returns
    -------
    numpy.ndarray of shape (k,)
        ``mse[i]`` is the error on fold ``i`` of the model trained on the other folds.
    """
    x, y = _check_cross_validate(fit, predict, x, y)
    errors = []
    for train, val in k_fold_indices(len(y), k, shuffle=shuffle, seed=seed):
        model = _fitted(fit(x[train], y[train]))
        errors.append(mean_squared_error(y[val], _predictions(predict(model, x[val]), val)))
    return np.array(errors)


def _check_cross_validate(fit, predict, x, y):
    for f, what in ((fit, "fit"), (predict, "predict")):
        if not callable(f):
            raise TypeError(f"{what} must be a function, got {type(f).__name__}.")
    x = as_array(x, "x", ndim=(1, 2))
    y = as_array(y, "y", ndim=1)
    same_length(x, y, "x", "y")
    return x, y


def _fitted(model):
    if model is None:
        raise TypeError("fit returned None; it must return the fitted model (anything that "
                        "predict accepts); is a `return` statement missing?")
    return model


def _predictions(values, val) -> np.ndarray:
    """What ``predict`` returned, as one number per validation example."""
    if values is None:
        raise TypeError("predict returned None; it must return one prediction per input "
                        "(is a `return` statement missing?).")
    values = as_array(values, "the predictions returned by predict", finite=False)
    if values.shape != (len(val),):
        raise ValueError(f"predict must return one prediction per input, shape "
                         f"({len(val)},), got {values.shape}.")
    return values


def cross_validation_mse(x, y, degree: int, *, k: int = 5, shuffle: bool = True,
                         seed: int = 0) -> float:
    r"""The k-fold cross-validation estimate of the test MSE of a polynomial fit.

    :math:`\mathrm{CV}_{(k)} = \sum_{i=1}^k \frac{n_i}{n}\,\mathrm{MSE}_i`, which is the plain
    average :math:`\frac1k\sum_i \mathrm{MSE}_i` when the folds have equal sizes
    :math:`n_i = n/k`.

    Parameters
    ----------
    x, y : array-like of shape (n,)
        Inputs and targets.
    degree : int
        Degree of the polynomial fitted by :func:`fit_polynomial` on each training part.
    k, shuffle, seed :
        As in :func:`k_fold_indices`; ``k = len(x)`` gives leave-one-out.

    Returns
    -------
    float
    """
    degree = integer(degree, "degree", minimum=0)
    x = as_array(x, "x", ndim=1)
    mse = cross_validate(lambda a, b: fit_polynomial(a, b, degree), predict_polynomial,
                         x, y, k=k, shuffle=shuffle, seed=seed)
    sizes = np.array([len(val) for _, val in k_fold_indices(len(x), k, shuffle=False)])
    return float(np.sum(sizes * mse) / sizes.sum())


# -- bias and variance --------------------------------------------------------------------------
@dataclass(frozen=True)
class BiasVariance:
    """The result of :func:`bias_variance_simulation`; arrays are indexed by degree first.

    Attributes
    ----------
    degrees : numpy.ndarray of shape (d,)
    x_test : numpy.ndarray of shape (m,)
        The test inputs :math:`x_0`.
    f_test : numpy.ndarray of shape (m,)
        The true function there.
    predictions : numpy.ndarray of shape (d, r, m)
        The fit of each degree, from each of the ``r`` training sets, at each test input.
    bias2 : numpy.ndarray of shape (d,)
        The squared bias, averaged over the test inputs.
    variance : numpy.ndarray of shape (d,)
        The variance of the fits over training sets, averaged over the test inputs.
    noise_variance : float
        :math:`\\operatorname{Var}(\\epsilon)`, the irreducible error.
    test_mse : numpy.ndarray of shape (d,)
        The test error measured directly: a fresh noisy target at every test input for
        every training set, averaged.
    test_mse_se : numpy.ndarray of shape (d,)
        The Monte Carlo standard error of ``test_mse``.
    """

    degrees: np.ndarray
    x_test: np.ndarray
    f_test: np.ndarray
    predictions: np.ndarray
    bias2: np.ndarray
    variance: np.ndarray
    noise_variance: float
    test_mse: np.ndarray
    test_mse_se: np.ndarray

    @property
    def total(self) -> np.ndarray:
        """Bias² + variance + noise variance: the decomposition's prediction of the test MSE."""
        return self.bias2 + self.variance + self.noise_variance


def _values_of_f(f: Callable, x: np.ndarray) -> np.ndarray:
    values = f(x)
    if values is None:
        raise TypeError("f returned None; it must return one value per input "
                        "(is a `return` statement missing?).")
    return as_array(values, "the values returned by f")


def _sine(x: np.ndarray) -> np.ndarray:
    return np.sin(2 * np.pi * x)


def bias_variance_simulation(degrees, *, f: Callable | None = None, n_train: int = 30,
                             noise: float = 0.3, n_repeats: int = 200, x_test=None,
                             x_range: tuple[float, float] = (0.0, 1.0),
                             design: str = "random", seed: int = 0) -> BiasVariance:
    r"""Estimate bias², variance and test error of polynomial fits by simulation.

    Draws ``n_repeats`` training sets of ``n_train`` examples, with inputs ``x`` on
    ``x_range`` (see ``design``) and :math:`y = f(x) + \epsilon` with
    :math:`\epsilon\sim N(0, \text{noise}^2)`;
    fits a polynomial of every degree to each; and at every test input :math:`x_0`
    computes

    * the squared bias :math:`(\bar f(x_0) - f(x_0))^2`, where :math:`\bar f(x_0)` is
      the mean of the fits :math:`\hat f(x_0)` over training sets;
    * the variance of :math:`\hat f(x_0)` over training sets;
    * the test error :math:`(y_0 - \hat f(x_0))^2` with a fresh target :math:`y_0`.

    Each is averaged over the test inputs, so that
    ``test_mse ≈ bias2 + variance + noise_variance`` up to Monte Carlo error.

    Parameters
    ----------
    degrees : sequence of int
        Polynomial degrees to compare (each 0 or more).
    f : callable, optional
        The true regression function; default :math:`\sin(2\pi x)`.
    n_train : int, default 30
        Size of each training set.
    noise : float, default 0.3
        Standard deviation of the noise, 0 or more.
    n_repeats : int, default 200
        Number of training sets, at least 2.
    x_test : array-like of shape (m,), optional
        Test inputs; default 50 evenly spaced points on ``x_range``.
    x_range : (float, float), default (0, 1)
        Interval from which the training inputs are drawn.
    design : {"random", "fixed"}, default "random"
        ``"random"``: every training set draws new inputs, uniform on ``x_range``.
        ``"fixed"``: every training set has the same ``n_train`` evenly spaced inputs
        and only the noise is drawn anew (a "fixed design").
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    BiasVariance
    """
    degrees = as_array(degrees, "degrees", ndim=1, dtype=float)
    if len(degrees) == 0 or np.any(degrees < 0) or np.any(degrees != np.round(degrees)):
        raise ValueError(f"degrees must be a non-empty list of whole numbers >= 0, "
                         f"got {degrees.tolist()}.")
    degrees = degrees.astype(int)
    f = _sine if f is None else f
    if not callable(f):
        raise TypeError(f"f must be a function of an array x, got {type(f).__name__}.")
    n_train = integer(n_train, "n_train", minimum=1, maximum=MAX_ELEMENTS)
    noise = non_negative(noise, "noise")
    n_repeats = integer(n_repeats, "n_repeats", minimum=2, maximum=MAX_ELEMENTS)
    bounds = as_array(x_range, "x_range", shape=(2,))
    if bounds[0] >= bounds[1]:
        raise ValueError(f"x_range must be (low, high) with low < high, got {tuple(bounds)}.")
    one_of(design, "design", ("random", "fixed"))
    seed = integer(seed, "seed", minimum=0)
    x_test = (np.linspace(bounds[0], bounds[1], 50) if x_test is None
              else as_array(x_test, "x_test", ndim=1))
    if len(x_test) == 0:
        raise ValueError("x_test is empty; give at least one test input.")
    if len(degrees) * n_repeats * len(x_test) > MAX_ELEMENTS:
        raise ValueError(f"{len(degrees)} degrees x n_repeats = {n_repeats} x {len(x_test)} test "
                         f"inputs would store more than the limit of {MAX_ELEMENTS:,} "
                         f"predictions; use fewer repeats or test inputs.")
    f_test = _values_of_f(f, x_test)
    if f_test.shape != x_test.shape:
        raise ValueError(f"f must return one value per input, got shape {f_test.shape} "
                         f"for inputs of shape {x_test.shape}.")

    rng = np.random.default_rng(seed)
    predictions = np.empty((len(degrees), n_repeats, len(x_test)))
    test_noise = rng.normal(0.0, noise, size=(n_repeats, len(x_test)))
    x_fixed = np.linspace(bounds[0], bounds[1], n_train)
    for r in range(n_repeats):
        x = rng.uniform(bounds[0], bounds[1], n_train) if design == "random" else x_fixed
        y = _values_of_f(f, x) + rng.normal(0.0, noise, n_train)
        for i, degree in enumerate(degrees):
            predictions[i, r] = predict_polynomial(fit_polynomial(x, y, degree), x_test)

    mean_fit = predictions.mean(axis=1)                       # (d, m): the average fit
    bias2 = ((mean_fit - f_test) ** 2).mean(axis=1)
    variance = predictions.var(axis=1).mean(axis=1)
    y0 = f_test + test_noise                                  # fresh targets, (r, m)
    per_repeat = ((y0 - predictions) ** 2).mean(axis=2)       # (d, r)
    return BiasVariance(
        degrees=degrees, x_test=x_test, f_test=f_test, predictions=predictions,
        bias2=bias2, variance=variance, noise_variance=noise**2,
        test_mse=per_repeat.mean(axis=1),
        test_mse_se=per_repeat.std(axis=1, ddof=1) / np.sqrt(n_repeats))
