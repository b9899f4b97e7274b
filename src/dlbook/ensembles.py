r"""Bagging and dropout from scratch (Section 6.5).

* :func:`bootstrap_indices` draws the indices of a bootstrap sample (``n`` draws with
  replacement from ``range(n)``), and :func:`distinct_fraction` gives the expected
  fraction of distinct examples in it, :math:`1 - (1 - 1/n)^n \to 1 - 1/e`.
* :func:`bag` fits one model per bootstrap sample and returns every member's predictions.
* :func:`ensemble_variance` is the variance :math:`c + (v - c)/k` of the average of
  :math:`k` errors with variance :math:`v` and covariance :math:`c`.
* :func:`dropout_mask` and :func:`inverted_dropout` are dropout as Keras does it: each
  unit is kept with probability :math:`1 - \text{rate}` and scaled by
  :math:`1/(1 - \text{rate})` in training, and nothing happens at inference.
* :func:`all_masks` lists the :math:`2^n` binary masks of ``n`` units.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._checks import MAX_ELEMENTS, as_array, flag, in_range, integer, non_negative, same_length

__all__ = ["bootstrap_indices", "distinct_fraction", "bag", "ensemble_variance",
           "dropout_mask", "inverted_dropout", "all_masks"]


def _check_seed(seed):
    return integer(seed, "seed", minimum=0)


def bootstrap_indices(n: int, seed: int = 0) -> np.ndarray:
    """The indices of one bootstrap sample: ``n`` draws with replacement from ``range(n)``.

    Parameters
    ----------
    n : int
        The size of the data set (and of the sample), at least 1.
    seed : int, default 0
        Seeds NumPy's generator.

    Returns
    -------
    numpy.ndarray of shape (n,)
        Integer indices; some appear several times, others not at all.
    """
    n = integer(n, "n", minimum=1, maximum=MAX_ELEMENTS)
    rng = np.random.default_rng(_check_seed(seed))
    return rng.integers(0, n, size=n)  # = rng.choice(n, n, replace=True)


def distinct_fraction(n: int) -> float:
    r"""The expected fraction of distinct examples in a bootstrap sample of size ``n``.

    Each example is missed by all :math:`n` draws with probability :math:`(1 - 1/n)^n`, so
    the expected fraction present is :math:`1 - (1 - 1/n)^n`, which tends to
    :math:`1 - 1/e \approx 0.632`.

    Parameters
    ----------
    n : int
        The size of the data set, at least 1.

    Returns
    -------
    float
    """
    n = integer(n, "n", minimum=1, maximum=MAX_ELEMENTS)
    return float(-np.expm1(n * np.log1p(-1.0 / n))) if n > 1 else 1.0


def _check_bag(fit, predict, X, y, X_new, k, seed):
    for f, name in ((fit, "fit"), (predict, "predict")):
        if not callable(f):
            raise TypeError(f"{name} must be a function, got {type(f).__name__}.")
    X, y = as_array(X, "X", ndim=(1, 2), min_rows=1), as_array(y, "y", ndim=1)
    same_length(X, y, "X", "y")
    X_new = as_array(X_new, "X_new", ndim=X.ndim)
    return X, y, X_new, integer(k, "k", minimum=1, maximum=10_000), _check_seed(seed)


def bag(fit: Callable, predict: Callable, X, y, X_new, k: int, seed: int = 0) -> np.ndarray:
    """Bootstrap aggregating: fit ``k`` models on bootstrap samples and predict with each.

    Parameters
    ----------
    fit : callable
        ``fit(X, y)`` returns a fitted model.
    predict : callable
        ``predict(model, X_new)`` returns its predictions, one per row of ``X_new``.
    X : array-like of shape (n,) or (n, d)
        The training inputs.
    y : array-like of shape (n,)
        The training targets.
    X_new : array-like
        The inputs to predict, with the dimensions of ``X``.
    k : int
        The number of members.
    seed : int, default 0
        Member ``j`` is fitted on ``bootstrap_indices(n, seed + j)``.

    Returns
    -------
    numpy.ndarray of shape (k, len(X_new))
        Each member's predictions; average them (regression) or vote (classification).
    """
    X, y, X_new, k, seed = _check_bag(fit, predict, X, y, X_new, k, seed)
    members = []
    for j in range(k):
        sample = bootstrap_indices(len(y), seed + j)
        model = _returned(fit(X[sample], y[sample]), "fit")
        members.append(as_array(_returned(predict(model, X_new), "predict"),
                                "the predictions of predict").reshape(len(X_new)))
    return np.array(members)


def ensemble_variance(v: float, c: float, k: int) -> float:
    r"""The variance :math:`c + (v - c)/k` of the mean of ``k`` errors.

    Each error has variance :math:`v` and each pair covariance :math:`c`
    (Goodfellow et al. 2016, eq. 7.50).

    Parameters
    ----------
    v : float
        The variance of one member's error, :math:`v \ge 0`.
    c : float
        The covariance of two members' errors, :math:`-v/(k-1) \le c \le v`.
    k : int
        The number of members, at least 1.

    Returns
    -------
    float
    """
    v = non_negative(v, "v")
    k = integer(k, "k", minimum=1, maximum=MAX_ELEMENTS)
    c = in_range(c, "c", -v / (k - 1) if k > 1 else -v, v)
    return c + (v - c) / k


def _returned(value, name):
    if value is None:
        raise TypeError(f"{name} returned None; it must return a value "
                        "(is a `return` statement missing?).")
    return value


def _check_dropout(shape, rate, seed):
    if shape is None or isinstance(shape, (str, bytes, float)):
        raise TypeError(f"shape must be an integer or a tuple of integers, got {shape!r}.")
    shape = tuple(integer(s, "each entry of shape", minimum=0) for s in
                  ((shape,) if np.isscalar(shape) else shape))
    if np.prod(shape, dtype=float) > MAX_ELEMENTS:
        raise ValueError(f"shape {shape} has more than {MAX_ELEMENTS:,} elements.")
    rate = in_range(rate, "rate", 0.0, 1.0)
    if rate == 1.0:
        raise ValueError("rate must be below 1: rate 1 drops every unit, and 1/(1 - rate) "
                         "is infinite.")
    return shape, rate, _check_seed(seed)


def dropout_mask(shape, rate: float, seed: int = 0) -> np.ndarray:
    """A binary mask that keeps each unit with probability ``1 - rate``.

    Parameters
    ----------
    shape : int or tuple of int
        The shape of the mask.
    rate : float
        The *drop* probability, in [0, 1) (Keras's ``Dropout(rate)``).
    seed : int, default 0
        Seeds NumPy's generator.

    Returns
    -------
    numpy.ndarray of floats 0.0 and 1.0
    """
    shape, rate, seed = _check_dropout(shape, rate, seed)
    return (np.random.default_rng(seed).random(shape) >= rate).astype(float)


def inverted_dropout(h, rate: float, seed: int = 0, training: bool = True) -> np.ndarray:
    r"""Inverted dropout: :math:`h \odot \mu / p` in training, :math:`h` at inference.

    Parameters
    ----------
    h : array-like
        The activations.
    rate : float
        The drop probability, in [0, 1); the keep probability is :math:`p = 1 - \text{rate}`.
    seed : int, default 0
        Seeds the mask (:func:`dropout_mask`).
    training : bool, default True
        Whether to drop (training) or pass ``h`` through unchanged (inference).

    Returns
    -------
    numpy.ndarray
        The dropped and rescaled activations; their expectation over masks is ``h``.
    """
    h = as_array(h, "h")
    training = flag(training, "training")
    mask = dropout_mask(h.shape, rate, seed)
    return h * mask / (1.0 - rate) if training else h


def all_masks(n: int) -> np.ndarray:
    """Every binary mask of ``n`` units, one per row: the :math:`2^n` sub-networks.

    Parameters
    ----------
    n : int
        The number of droppable units, 0 to 20.

    Returns
    -------
    numpy.ndarray of shape (2**n, n)
        Row ``j`` is the binary expansion of ``j`` (1 = kept).
    """
    n = integer(n, "n", minimum=0, maximum=20)
    return ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(float)
