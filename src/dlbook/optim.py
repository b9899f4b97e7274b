"""Gradient descent and its stochastic variants, from scratch.

:func:`gradient_descent` follows :math:`\\theta_{t+1} = \\theta_t - \\eta\\nabla J(\\theta_t)`
and returns every iterate, so that a path can be drawn on a contour plot.
:func:`minibatch_sgd` replaces the full gradient by the mean gradient over a small random
batch, visiting every example once per epoch; :func:`minibatches` yields those batches.

Both optimisers accept a constant learning rate or a schedule ``learning_rate(t)`` of the
update number ``t = 0, 1, 2, ...``. When the iterates blow up (a learning rate that is too
large), they stop quietly and return the path so far, whose last row is no longer finite or
is huge: plotting code can then show the divergence instead of failing.

The functions the book shows (:func:`gradient_descent`, :func:`minibatch_sgd`) keep their
input checks to one line; the checks live in the private helpers below them.
"""

from __future__ import annotations

from typing import Callable, Iterator

import numpy as np

from ._checks import (MAX_ELEMENTS, as_array, flag, integer, number_returned, positive,
                      same_length)

__all__ = ["gradient_descent", "minibatches", "minibatch_sgd", "DIVERGENCE_THRESHOLD"]

#: Iterates larger than this in absolute value count as diverged.
DIVERGENCE_THRESHOLD = 1e100


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
        Number of updates (the path, ``(n_steps + 1) * theta0.size`` numbers, may hold at
        most :data:`dlbook._checks.MAX_ELEMENTS`).

    Returns
    -------
    numpy.ndarray of shape (n_steps + 1, \\*theta0.shape)
        ``path[t]`` is :math:`\\theta_t`; ``path[0]`` is ``theta0``. If the iterates diverge
        (become non-finite or exceed :data:`DIVERGENCE_THRESHOLD`) the descent stops and the
        path is shorter; its last row is the first diverged iterate.

    Raises
    ------
    TypeError
        If ``grad`` is not a function, or returns ``None``, a string or complex numbers.
    ValueError
        If ``grad`` returns an array of another shape than ``theta``.
    """
    theta, eta, n_steps = _check_descent(grad, theta0, learning_rate, n_steps)
    path = [theta]
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(n_steps):
            theta = theta - eta(t) * _checked(grad(theta), theta, "grad")
            path.append(theta)
            if _blew_up(theta):
                break
    return np.array(path)


def minibatches(n: int, batch_size: int, *, rng: np.random.Generator | None = None,
                shuffle: bool = True) -> Iterator[np.ndarray]:
    """Yield index arrays that split ``range(n)`` into batches: one epoch.

    Parameters
    ----------
    n : int
        Number of examples, at most :data:`dlbook._checks.MAX_ELEMENTS`.
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
    n = integer(n, "n", minimum=1, maximum=MAX_ELEMENTS)
    batch_size = integer(batch_size, "batch_size", minimum=1, maximum=MAX_ELEMENTS)
    if flag(shuffle, "shuffle"):
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator when shuffle=True, e.g. "
                            f"numpy.random.default_rng(0); got {type(rng).__name__}.")
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
        Examples per update, from 1 to ``n``.
    n_epochs : int
        Passes over the data (the path may hold at most
        :data:`dlbook._checks.MAX_ELEMENTS` numbers).
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
    X, y, theta, eta, n_epochs, rng, shuffle = _check_sgd(
        grad_batch, X, y, theta0, learning_rate, batch_size, n_epochs, seed, shuffle)
    path, t = [theta], 0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_epochs):
            for batch in minibatches(len(X), batch_size, rng=rng, shuffle=shuffle):
                g = _checked(grad_batch(theta, X[batch], y[batch]), theta, "grad_batch")
                theta = theta - eta(t) * g
                path.append(theta)
                t += 1
                if _blew_up(theta):
                    return np.array(path)
    return np.array(path)


# -- checks and helpers (not shown in the book) -----------------------------------------------
def _schedule(learning_rate) -> Callable[[int], float]:
    """A function of the step number ``t`` giving the learning rate, checked at every call."""
    if callable(learning_rate):
        def rate(t: int) -> float:
            value = number_returned(learning_rate(t), "learning_rate")
            return positive(value, f"learning_rate({t})")
        return rate
    value = positive(learning_rate, "learning_rate")
    return lambda t: value


def _checked(g, theta: np.ndarray, name: str) -> np.ndarray:
    """The value ``g`` returned by the function ``name``, as a float array shaped like
    ``theta``; anything else is refused with a message naming the function."""
    if g is None:
        raise TypeError(f"{name} returned None; it must return the gradient, an array shaped "
                        f"like theta {theta.shape} (is a `return` statement missing?).")
    g = as_array(g, f"the gradient returned by {name}", finite=False)
    if g.shape != theta.shape:
        raise ValueError(f"{name} must return an array of the shape of theta {theta.shape}, "
                         f"got {g.shape}.")
    return g


def _blew_up(theta: np.ndarray) -> bool:
    return not np.all(np.isfinite(theta)) or np.max(np.abs(theta), initial=0.0) > \
        DIVERGENCE_THRESHOLD


def _check_path_size(n_updates: int, size: int, what: str) -> None:
    if (n_updates + 1) * max(size, 1) > MAX_ELEMENTS:
        raise ValueError(f"{what} would make a path of {n_updates + 1} iterates of {size} "
                         f"numbers each, more than the limit of {MAX_ELEMENTS:,} numbers; "
                         f"take fewer steps.")


def _check_descent(grad, theta0, learning_rate, n_steps):
    if not callable(grad):
        raise TypeError(f"grad must be a function grad(theta) returning the gradient, "
                        f"got {type(grad).__name__}.")
    theta = as_array(theta0, "theta0").copy()
    eta = _schedule(learning_rate)
    n_steps = integer(n_steps, "n_steps", minimum=0)
    _check_path_size(n_steps, theta.size, f"n_steps = {n_steps}")
    return theta, eta, n_steps


def _check_sgd(grad_batch, X, y, theta0, learning_rate, batch_size, n_epochs, seed, shuffle):
    if not callable(grad_batch):
        raise TypeError(f"grad_batch must be a function grad_batch(theta, X_batch, y_batch), "
                        f"got {type(grad_batch).__name__}.")
    X = as_array(X, "X", min_rows=1)
    y = as_array(y, "y", min_rows=1)
    same_length(X, y, "X", "y")
    theta = as_array(theta0, "theta0").copy()
    eta = _schedule(learning_rate)
    batch_size = integer(batch_size, "batch_size", minimum=1, maximum=len(X))
    n_epochs = integer(n_epochs, "n_epochs", minimum=0)
    seed = integer(seed, "seed", minimum=0)
    shuffle = flag(shuffle, "shuffle")
    updates_per_epoch = -(-len(X) // batch_size)
    if n_epochs > MAX_ELEMENTS:  # keeps the product below from growing without bound
        _check_path_size(n_epochs, theta.size, f"n_epochs = {n_epochs}")
    _check_path_size(n_epochs * updates_per_epoch, theta.size, f"n_epochs = {n_epochs}")
    return X, y, theta, eta, n_epochs, np.random.default_rng(seed), shuffle
