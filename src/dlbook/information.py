"""Entropy, Kullback–Leibler divergence and cross-entropy of discrete distributions.

For probability vectors :math:`p` and :math:`q` over the same outcomes,

.. math::

    H(p) = -\\sum_i p_i \\log p_i, \\qquad
    D_{\\mathrm{KL}}(p \\,\\|\\, q) = \\sum_i p_i \\log \\frac{p_i}{q_i}, \\qquad
    H(p, q) = -\\sum_i p_i \\log q_i = H(p) + D_{\\mathrm{KL}}(p \\,\\|\\, q).

Terms with :math:`p_i = 0` contribute nothing (the convention :math:`0 \\log 0 = 0`,
which is the limit of :math:`t \\log t` as :math:`t \\to 0`). The logarithm is natural
(results in *nats*) unless ``base`` says otherwise (``base=2`` gives *bits*); a base
must be greater than 1, since a logarithm to a base below 1 would make every
entropy negative.

Every function accepts one distribution (a 1-D array) or a batch of them (a 2-D
array whose rows are distributions) and then returns one value per row.
"""

from __future__ import annotations

import numpy as np

from ._checks import in_range, positive, probabilities

__all__ = ["entropy", "kl_divergence", "cross_entropy", "binary_cross_entropy"]

#: How far the entries of a probability vector may sum from 1 (rounding in float32 data).
SUM_TOLERANCE = 1e-6


# -- input checks (kept out of the functions the book shows) ----------------------------

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


def _log_base(base) -> float:
    """The natural logarithm of an information unit's base: e (nats), 2 (bits), 10 (bans)."""
    base = positive(base, "base")
    if base == 1.0:
        raise ValueError("base must be greater than 1 (np.e for nats, 2 for bits, 10 for "
                         "bans), got 1, which has no logarithm.")
    if base < 1.0:
        raise ValueError(f"base must be greater than 1 (np.e for nats, 2 for bits, 10 for "
                         f"bans), got {base:g}: a logarithm to a base below 1 is negative for "
                         f"every probability below 1, so entropies and divergences would "
                         f"come out negative; no unit of information uses such a base.")
    return float(np.log(base))


def _check_distribution(p, base) -> tuple[np.ndarray, float]:
    """The arguments of entropy: a distribution (or rows of them) and log(base)."""
    return _distribution(p, "p"), _log_base(base)


def _check_pair(p, q, base) -> tuple[np.ndarray, np.ndarray, float]:
    """The arguments of kl_divergence and cross_entropy: q > 0 wherever p > 0."""
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
    return p, q, _log_base(base)


def _check_binary(y, y_hat, eps) -> tuple[np.ndarray, np.ndarray, float]:
    """The arguments of binary_cross_entropy: targets and predictions of the same shape."""
    y = probabilities(y, "y", ndim=(0, 1, 2))
    y_hat = probabilities(y_hat, "y_hat", ndim=(0, 1, 2))
    if y.shape != y_hat.shape:
        hint = (" Flatten the predictions with y_hat.reshape(-1)."
                if y_hat.shape == y.shape + (1,) else "")
        raise ValueError(f"y and y_hat must have the same shape (one prediction per target), "
                         f"got {y.shape} and {y_hat.shape}.{hint}")
    if y.size == 0:
        raise ValueError("y and y_hat must contain at least one example, got empty arrays.")
    return y, y_hat, in_range(eps, "eps", 0.0, 0.5, inclusive=False)


def _one_or_many(values: np.ndarray):
    """A float for one distribution, an array for a batch of them (-0.0 made 0.0)."""
    values = values + 0.0  # -0.0 + 0.0 == +0.0: a certain outcome prints as 0, not -0
    return float(values) if np.ndim(values) == 0 else values


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x * log(y)`` with the convention ``0 * log(anything) = 0``."""
    y = np.where(x > 0, y, 1.0)  # log 1 = 0 wherever x = 0
    return x * np.log(y)


def entropy(p, base: float = np.e):
    """The Shannon entropy :math:`H(p) = -\\sum_i p_i \\log p_i`.

    Parameters
    ----------
    p : array_like
        A probability vector (entries in [0, 1] summing to 1), or a 2-D array whose
        rows are probability vectors.
    base : float, optional
        The base of the logarithm, greater than 1: ``np.e`` (default, nats), ``2``
        (bits) or ``10`` (bans).

    Returns
    -------
    float or numpy.ndarray
        The entropy, one value per distribution; never negative.

    Raises
    ------
    ValueError
        If ``p`` is not a probability vector (entries in [0, 1] summing to 1), or
        ``base`` is not greater than 1.

    Examples
    --------
    >>> entropy([0.5, 0.5], base=2)
    1.0
    """
    p, log_base = _check_distribution(p, base)
    H = -np.sum(_xlogy(p, p), axis=-1) / log_base
    return _one_or_many(H)


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
        The base of the logarithm, greater than 1 (``np.e`` for nats, ``2`` for bits).

    Returns
    -------
    float or numpy.ndarray
        The divergence, one value per distribution: non-negative, zero exactly when
        ``p == q``, and in general different from ``kl_divergence(q, p)``.
    """
    p, q, log_base = _check_pair(p, q, base)
    D = np.sum(_xlogy(p, p) - _xlogy(p, q), axis=-1) / log_base
    return _one_or_many(np.maximum(D, 0.0))  # D >= 0; rounding can leave -1e-17


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
        The base of the logarithm, greater than 1 (``np.e`` for nats, ``2`` for bits).

    Returns
    -------
    float or numpy.ndarray
        The cross-entropy, one value per distribution (not averaged over a batch).

    Examples
    --------
    >>> round(cross_entropy([0.0, 1.0, 0.0], [0.1, 0.7, 0.2]), 4)  # = -log 0.7
    0.3567
    """
    p, q, log_base = _check_pair(p, q, base)
    H = -np.sum(_xlogy(p, q), axis=-1) / log_base
    return _one_or_many(H)


def binary_cross_entropy(y, y_hat, eps: float = 1e-7) -> float:
    """The mean binary cross-entropy :math:`-[y \\log \\hat y + (1 - y) \\log(1 - \\hat y)]`.

    Parameters
    ----------
    y : float or array_like
        Targets in [0, 1]: usually labels 0 or 1 (probabilities are accepted too),
        as a number, a 1-D array or a 2-D array such as a ``(N, 1)`` column.
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
    y, y_hat, eps = _check_binary(y, y_hat, eps)
    y_hat = np.clip(y_hat, eps, 1 - eps)
    losses = -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))
    return float(np.mean(losses))
