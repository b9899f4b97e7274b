"""Entropy, Kullback–Leibler divergence and cross-entropy of discrete distributions.

For probability vectors :math:`p` and :math:`q` over the same outcomes,

.. math::

    H(p) = -\\sum_i p_i \\log p_i, \\qquad
    D_{\\mathrm{KL}}(p \\,\\|\\, q) = \\sum_i p_i \\log \\frac{p_i}{q_i}, \\qquad
    H(p, q) = -\\sum_i p_i \\log q_i = H(p) + D_{\\mathrm{KL}}(p \\,\\|\\, q).

Terms with :math:`p_i = 0` contribute nothing (the convention :math:`0 \\log 0 = 0`,
which is the limit of :math:`t \\log t` as :math:`t \\to 0`). The logarithm is natural
(results in *nats*) unless ``base`` says otherwise (``base=2`` gives *bits*).

Every function accepts one distribution (a 1-D array) or a batch of them (a 2-D
array whose rows are distributions) and then returns one value per row.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, in_range, positive, probabilities

__all__ = ["entropy", "kl_divergence", "cross_entropy", "binary_cross_entropy"]

#: How far the entries of a probability vector may sum from 1 (rounding in float32 data).
SUM_TOLERANCE = 1e-6


def _distribution(p, name: str) -> np.ndarray:
    arr = probabilities(p, name, ndim=(1, 2))
    if arr.shape[-1] == 0:
        raise ValueError(f"{name} must contain at least one probability, got shape {arr.shape}.")
    sums = arr.sum(axis=-1)
    bad = np.abs(sums - 1.0) > SUM_TOLERANCE
    if np.any(bad):
        worst = float(np.atleast_1d(sums)[np.atleast_1d(bad)][0])
        raise ValueError(f"{name} must sum to 1 (along its last axis), but sums to {worst:.6g}; "
                         f"normalise it with {name} / {name}.sum(axis=-1, keepdims=True).")
    return arr


def _pair(p, q) -> tuple[np.ndarray, np.ndarray]:
    p = _distribution(p, "p")
    q = _distribution(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same shape (the same outcomes), got {p.shape} "
                         f"and {q.shape}.")
    impossible = (p > 0) & (q == 0)
    if np.any(impossible):
        where = np.argwhere(impossible)[0].tolist()
        raise ValueError(f"q is 0 at index {where} where p is positive, so the divergence is "
                         f"infinite; give every outcome that p can produce a positive "
                         f"probability under q (e.g. mix q with a little of the uniform "
                         f"distribution).")
    return p, q


def _log_base(base) -> float:
    base = positive(base, "base")
    if base == 1.0:
        raise ValueError("base must be positive and different from 1 (use np.e for nats, "
                         "2 for bits), got 1.")
    return float(np.log(base))


def _result(values: np.ndarray):
    return float(values) if np.ndim(values) == 0 else values


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x * log(y)`` with the convention ``0 * log(anything) = 0``."""
    out = np.zeros(np.broadcast(x, y).shape)
    mask = x > 0
    np.multiply(x, np.log(y, where=mask, out=np.ones_like(out)), out=out, where=mask)
    return out


def entropy(p, base: float = np.e):
    """The Shannon entropy :math:`H(p) = -\\sum_i p_i \\log p_i`.

    Parameters
    ----------
    p : array_like
        A probability vector (entries in [0, 1] summing to 1), or a 2-D array whose
        rows are probability vectors.
    base : float, optional
        The base of the logarithm: ``np.e`` (default, nats) or ``2`` (bits).

    Returns
    -------
    float or numpy.ndarray
        The entropy, one value per distribution; never negative.

    Examples
    --------
    >>> entropy([0.5, 0.5], base=2)
    1.0
    """
    p = _distribution(p, "p")
    log_base = _log_base(base)
    return _result(np.maximum(-_xlogy(p, p).sum(axis=-1) / log_base, 0.0))


def kl_divergence(p, q, base: float = np.e):
    """The Kullback–Leibler divergence :math:`D_{\\mathrm{KL}}(p \\| q) = \\sum_i p_i \\log(p_i / q_i)`.

    Parameters
    ----------
    p : array_like
        The reference distribution (e.g. the data), a probability vector or a 2-D
        array of them.
    q : array_like
        The approximating distribution (e.g. the model), the same shape as ``p``. It
        must be positive wherever ``p`` is, otherwise the divergence is infinite
        and a :class:`ValueError` says where.
    base : float, optional
        The base of the logarithm (``np.e`` for nats, ``2`` for bits).

    Returns
    -------
    float or numpy.ndarray
        The divergence, one value per distribution: non-negative, zero exactly when
        ``p == q``, and in general different from ``kl_divergence(q, p)``.
    """
    p, q = _pair(p, q)
    log_base = _log_base(base)
    terms = _xlogy(p, p) - _xlogy(p, q)
    return _result(np.maximum(terms.sum(axis=-1) / log_base, 0.0))


def cross_entropy(p, q, base: float = np.e):
    """The cross-entropy :math:`H(p, q) = -\\sum_i p_i \\log q_i = H(p) + D_{\\mathrm{KL}}(p \\| q)`.

    Parameters
    ----------
    p : array_like
        The target distribution (e.g. a one-hot label), a probability vector or a
        2-D array of them.
    q : array_like
        The predicted distribution, the same shape as ``p`` and positive wherever
        ``p`` is.
    base : float, optional
        The base of the logarithm (``np.e`` for nats, ``2`` for bits).

    Returns
    -------
    float or numpy.ndarray
        The cross-entropy, one value per distribution (not averaged over a batch).

    Examples
    --------
    >>> round(cross_entropy([0.0, 1.0, 0.0], [0.1, 0.7, 0.2]), 4)  # = -log 0.7
    0.3567
    """
    p, q = _pair(p, q)
    log_base = _log_base(base)
    return _result(-_xlogy(p, q).sum(axis=-1) / log_base)


def binary_cross_entropy(y, y_hat, eps: float = 1e-7) -> float:
    """The mean binary cross-entropy :math:`-[y \\log \\hat y + (1 - y) \\log(1 - \\hat y)]`.

    Parameters
    ----------
    y : float or array_like
        Targets in [0, 1]: usually labels 0 or 1 (probabilities are accepted too).
    y_hat : float or array_like
        Predicted probabilities of the label 1, the same shape as ``y``.
    eps : float, optional
        Predictions are clipped to ``[eps, 1 - eps]`` before the logarithm, so that a
        confident mistake gives a large finite loss instead of infinity. Keras uses
        the same default, ``1e-7``.

    Returns
    -------
    float
        The loss in nats, averaged over all entries.

    Examples
    --------
    >>> round(binary_cross_entropy(1, 0.2), 4)  # = -ln 0.2
    1.6094
    """
    y = probabilities(y, "y", ndim=(0, 1))
    y_hat = probabilities(y_hat, "y_hat", ndim=(0, 1))
    if y.shape != y_hat.shape:
        raise ValueError(f"y and y_hat must have the same shape (one prediction per target), "
                         f"got {y.shape} and {y_hat.shape}.")
    if y.size == 0:
        raise ValueError("y and y_hat must contain at least one example, got empty arrays.")
    eps = in_range(eps, "eps", 0.0, 0.5, inclusive=False)
    clipped = np.clip(y_hat, eps, 1.0 - eps)
    losses = -(y * np.log(clipped) + (1.0 - y) * np.log1p(-clipped))
    return float(np.mean(losses))
