"""Gradient descent and its stochastic variants, from scratch.

:func:`gradient_descent` follows :math:`\\theta_{t+1} = \\theta_t - \\eta\\nabla J(\\theta_t)`
and returns every iterate, so that a path can be drawn on a contour plot.
:func:`minibatch_sgd` replaces the full gradient by the mean gradient over a small random
batch, visiting every example once per epoch; :func:`minibatches` yields those batches.

Both optimisers accept a constant learning rate or a schedule ``learning_rate(t)`` of the
update number ``t = 0, 1, 2, ...``. When the iterates blow up (a learning rate that is too
large), they stop quietly and return the path so far, whose last row is no longer finite or
is huge: plotting code can then show the divergence instead of failing.
"""

from __future__ import annotations

from typing import Callable, Iterator

import numpy as np

from ._checks import as_array, integer, positive, same_length

__all__ = ["gradient_descent", "minibatches", "minibatch_sgd", "DIVERGENCE_THRESHOLD"]

#: Iterates larger than this in absolute value count as diverged.
DIVERGENCE_THRESHOLD = 1e100


def _schedule(learning_rate) -> Callable[[int], float]:
    if callable(learning_rate):
        def rate(t: int) -> float:
            return positive(learning_rate(t), f"learning_rate({t})")
        return rate
    value = positive(learning_rate, "learning_rate")
    return lambda t: value


def _blew_up(theta: np.ndarray) -> bool:
    return not np.all(np.isfinite(theta)) or np.max(np.abs(theta)) > DIVERGENCE_THRESHOLD


def gradient_descent(grad: Callable, theta0, learning_rate, n_steps: int) -> np.ndarray:
    """Run ``n_steps`` of gradient descent and return every iterate.

    Parameters
    ----------
    grad : callable
        ``grad(theta)`` returns :math:`\\nabla J(\\theta)`, an array shaped like ``theta``.
    theta0 : array-like
        The starting point (any shape).
    learning_rate : float or callable
        The step size :math:`\\eta > 0`, or a schedule ``learning_rate(t)`` for step ``t``.
    n_steps : int
        Number of updates.

    Returns
    -------
    numpy.ndarray of shape (n_steps + 1, \\*theta0.shape)
        ``path[t]`` is :math:`\\theta_t`; ``path[0]`` is ``theta0``. If the iterates diverge
        (become non-finite or exceed :data:`DIVERGENCE_THRESHOLD`) the descent stops and the
        path is shorter; its last row is the first diverged iterate.
    """
    if not callable(grad):
        raise TypeError(f"grad must be a function grad(theta) returning the gradient, "
                        f"got {type(grad).__name__}.")
    theta = as_array(theta0, "theta0").copy()
    rate = _schedule(learning_rate)
    n_steps = integer(n_steps, "n_steps", minimum=0)
    path = [theta.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(n_steps):
            g = np.asarray(grad(theta), dtype=float)
            if g.shape != theta.shape:
                raise ValueError(f"grad(theta) must have the shape of theta {theta.shape}, "
                                 f"got {g.shape}.")
            theta = theta - rate(t) * g
            path.append(theta.copy())
            if _blew_up(theta):
                break
    return np.array(path)


def minibatches(n: int, batch_size: int, *, rng: np.random.Generator | None = None,
                shuffle: bool = True) -> Iterator[np.ndarray]:
    """Yield index arrays that split ``range(n)`` into batches: one epoch.

    Parameters
    ----------
    n : int
        Number of examples.
    batch_size : int
        Examples per batch; the last batch is smaller when ``batch_size`` does not divide ``n``.
    rng : numpy.random.Generator, optional
        Source of the shuffling (required when ``shuffle`` is True).
    shuffle : bool, default True
        Visit the examples in a new random order.

    Yields
    ------
    numpy.ndarray of int
        The indices of one batch.
    """
    n = integer(n, "n", minimum=1)
    batch_size = integer(batch_size, "batch_size", minimum=1)
    if shuffle:
        if not isinstance(rng, np.random.Generator):
            raise TypeError("rng must be a numpy.random.Generator when shuffle=True, e.g. "
                            "numpy.random.default_rng(0).")
        order = rng.permutation(n)
    else:
        order = np.arange(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def minibatch_sgd(grad_batch: Callable, X, y, theta0, learning_rate, batch_size: int,
                  n_epochs: int, seed: int = 0, *, shuffle: bool = True) -> np.ndarray:
    """Mini-batch stochastic gradient descent; returns the iterate after every update.

    Each epoch shuffles the examples, splits them into batches of ``batch_size`` and takes
    one step :math:`\\theta \\leftarrow \\theta - \\eta\\, \\nabla J_B(\\theta)` per batch ``B``.
    ``batch_size=1`` is classic stochastic gradient descent; ``batch_size=len(X)`` is
    full-batch gradient descent.

    Parameters
    ----------
    grad_batch : callable
        ``grad_batch(theta, X_batch, y_batch)`` returns the *mean* gradient over the batch.
    X : array-like of shape (n, ...)
        Inputs, one row per example.
    y : array-like of shape (n, ...)
        Targets, one row per example.
    theta0 : array-like
        The starting point.
    learning_rate : float or callable
        Step size, or a schedule ``learning_rate(t)`` of the update number ``t``.
    batch_size : int
        Examples per update.
    n_epochs : int
        Passes over the data.
    seed : int, default 0
        Seed of the shuffling generator.
    shuffle : bool, default True
        Reshuffle before every epoch.

    Returns
    -------
    numpy.ndarray of shape (n_epochs * ceil(n / batch_size) + 1, \\*theta0.shape)
        ``path[0]`` is ``theta0``; row ``k * ceil(n / batch_size)`` is the iterate after
        ``k`` epochs. The path ends early if the iterates diverge.
    """
    if not callable(grad_batch):
        raise TypeError(f"grad_batch must be a function grad_batch(theta, X_batch, y_batch), "
                        f"got {type(grad_batch).__name__}.")
    X = as_array(X, "X", min_rows=1)
    y = as_array(y, "y", min_rows=1)
    same_length(X, y, "X", "y")
    theta = as_array(theta0, "theta0").copy()
    rate = _schedule(learning_rate)
    batch_size = integer(batch_size, "batch_size", minimum=1, maximum=len(X))
    n_epochs = integer(n_epochs, "n_epochs", minimum=0)
    seed = integer(seed, "seed", minimum=0)
    if not isinstance(shuffle, bool):
        raise TypeError(f"shuffle must be True or False, got {shuffle!r}.")
    rng = np.random.default_rng(seed)
    path = [theta.copy()]
    t = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_epochs):
            for idx in minibatches(len(X), batch_size, rng=rng, shuffle=shuffle):
                g = np.asarray(grad_batch(theta, X[idx], y[idx]), dtype=float)
                if g.shape != theta.shape:
                    raise ValueError(f"grad_batch must return an array of the shape of theta "
                                     f"{theta.shape}, got {g.shape}.")
                theta = theta - rate(t) * g
                t += 1
                path.append(theta.copy())
                if _blew_up(theta):
                    return np.array(path)
    return np.array(path)
