"""Derivatives by central finite differences, for checking gradients.

A derivative can be estimated from two values of the function, one step ``h``
to each side of the point:

.. math::

    f'(x) \\approx \\frac{f(x + h) - f(x - h)}{2h}.

The error of this *central* difference shrinks like :math:`h^2` until rounding
errors, which grow like :math:`\\varepsilon / h`, take over; ``h = 1e-5`` is a good
compromise in double precision. These functions are slow (two evaluations of ``f``
per input coordinate) but simple and trustworthy, which is exactly what a
reference for checking hand-derived or automatic gradients needs to be.

Examples
--------
>>> import numpy as np
>>> from dlbook.calculus import numerical_gradient
>>> numerical_gradient(lambda x: np.sum(x ** 2), [1.0, -2.0]).round(6)
array([ 2., -4.])
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._checks import as_array, positive

__all__ = ["numerical_derivative", "numerical_gradient", "numerical_jacobian",
           "gradient_check"]


def _function(f, name: str = "f") -> Callable:
    if not callable(f):
        raise TypeError(f"{name} must be a function (callable), got {type(f).__name__}; "
                        f"pass e.g. np.sin or a lambda.")
    return f


def _step(h) -> float:
    h = positive(h, "h")
    if h > 1.0:
        raise ValueError(f"h must be a small step (at most 1, typically 1e-5), got {h}.")
    return h


def _scalar_value(value, where: str) -> float:
    arr = np.asarray(value, dtype=float)
    if arr.size != 1:
        raise ValueError(f"f must return a single number (f: R^n -> R), but f({where}) "
                         f"returned shape {arr.shape}; use numerical_jacobian for vector-valued f.")
    return float(arr.reshape(()))


def numerical_derivative(f: Callable, x, h: float = 1e-5):
    """The derivative of a function of one variable, by central differences.

    Parameters
    ----------
    f : callable
        A real function of one real variable. If ``x`` is an array, ``f`` must act
        element by element (as NumPy's ``np.sin`` or ``np.exp`` do), and the
        derivative is estimated at every point at once.
    x : float or array_like
        The point (or points) at which to differentiate.
    h : float, optional
        The step to each side of ``x``; positive and at most 1.

    Returns
    -------
    float or numpy.ndarray
        :math:`(f(x + h) - f(x - h)) / (2h)`, a float for scalar ``x``, otherwise an
        array of the same shape as ``x``.

    Examples
    --------
    >>> round(numerical_derivative(np.sin, 0.0), 8)
    1.0
    """
    f = _function(f)
    x = as_array(x, "x")
    h = _step(h)
    with np.errstate(all="ignore"):
        upper = np.asarray(f(x + h), dtype=float)
        lower = np.asarray(f(x - h), dtype=float)
    if upper.shape != x.shape or lower.shape != x.shape:
        raise ValueError(f"f must return one value per input (act element by element); for x of "
                         f"shape {x.shape} it returned shape {upper.shape}. For f: R^n -> R use "
                         f"numerical_gradient.")
    slope = (upper - lower) / (2.0 * h)
    return float(slope) if slope.ndim == 0 else slope


def numerical_gradient(f: Callable, x, h: float = 1e-5) -> np.ndarray:
    """The gradient of a scalar function of several variables, by central differences.

    Parameters
    ----------
    f : callable
        A function :math:`\\mathbb{R}^n \\to \\mathbb{R}`: it takes an array shaped like
        ``x`` and returns one number.
    x : array_like
        The point at which to differentiate. It may have any shape (a vector, or a
        weight matrix); the gradient has the same shape.
    h : float, optional
        The step to each side of every coordinate; positive and at most 1.

    Returns
    -------
    numpy.ndarray
        The array of partial derivatives :math:`\\partial f / \\partial x_i`, shaped like ``x``.

    Notes
    -----
    Each coordinate is perturbed in turn on a copy of ``x``, so ``f`` is evaluated
    :math:`2n` times; ``x`` itself is never modified.
    """
    f = _function(f)
    x = as_array(x, "x")
    if x.size == 0:
        raise ValueError("x must have at least one coordinate, got an empty array.")
    h = _step(h)
    _scalar_value(f(x.copy()), "x")
    grad = np.empty_like(x)
    for index in np.ndindex(x.shape):
        shifted = x.copy()
        shifted[index] = x[index] + h
        upper = _scalar_value(f(shifted), "x + h e_i")
        shifted[index] = x[index] - h
        lower = _scalar_value(f(shifted), "x - h e_i")
        grad[index] = (upper - lower) / (2.0 * h)
    return grad


def numerical_jacobian(f: Callable, x, h: float = 1e-5) -> np.ndarray:
    """The Jacobian matrix of a vector function, by central differences.

    Parameters
    ----------
    f : callable
        A function :math:`\\mathbb{R}^n \\to \\mathbb{R}^m`: it takes a 1-D array of
        length ``n`` and returns a 1-D array of length ``m`` (a single number counts
        as ``m = 1``).
    x : array_like
        The 1-D point of length ``n`` at which to differentiate.
    h : float, optional
        The step to each side of every coordinate; positive and at most 1.

    Returns
    -------
    numpy.ndarray
        The ``(m, n)`` matrix :math:`J_{ij} = \\partial f_i / \\partial x_j`: row ``i`` is
        the gradient of the output ``f_i``, column ``j`` how all outputs respond to ``x_j``.
    """
    f = _function(f)
    x = as_array(x, "x", ndim=1)
    if x.size == 0:
        raise ValueError("x must have at least one coordinate, got an empty array.")
    h = _step(h)

    def evaluate(point):
        value = np.asarray(f(point), dtype=float)
        if value.ndim > 1:
            raise ValueError(f"f must return a number or a 1-D array, got shape {value.shape}; "
                             f"flatten the output with .ravel().")
        return value.ravel()

    m = evaluate(x.copy()).size
    jac = np.empty((m, x.size))
    for j in range(x.size):
        shifted = x.copy()
        shifted[j] = x[j] + h
        upper = evaluate(shifted)
        shifted[j] = x[j] - h
        lower = evaluate(shifted)
        if upper.size != m or lower.size != m:
            raise ValueError("f must return the same number of outputs at every point.")
        jac[:, j] = (upper - lower) / (2.0 * h)
    return jac


def gradient_check(f: Callable, grad_f: Callable, x, h: float = 1e-5,
                   tiny: float = 1e-12) -> float:
    """Compare an analytic gradient with central differences; return the worst relative error.

    Parameters
    ----------
    f : callable
        The scalar function :math:`\\mathbb{R}^n \\to \\mathbb{R}`.
    grad_f : callable
        The gradient to be checked: takes an array shaped like ``x`` and returns an
        array of the same shape.
    x : array_like
        The point at which to compare (choose a "generic" point, not one where
        many partial derivatives vanish by symmetry).
    h : float, optional
        The finite-difference step, as in :func:`numerical_gradient`.
    tiny : float, optional
        A floor for the denominator, so that two gradients that are both exactly
        zero count as agreeing.

    Returns
    -------
    float
        :math:`\\max_i |a_i - n_i| / \\max(|a_i|, |n_i|, \\mathrm{tiny})`, where ``a`` is the
        analytic and ``n`` the numerical gradient. In double precision a correct
        gradient typically gives less than about ``1e-7``; a wrong one gives
        something of order 1.
    """
    grad_f = _function(grad_f, "grad_f")
    tiny = positive(tiny, "tiny")
    numeric = numerical_gradient(f, x, h)
    x = as_array(x, "x")
    analytic = np.asarray(grad_f(x.copy()), dtype=float)
    if analytic.shape != numeric.shape:
        raise ValueError(f"grad_f must return an array shaped like x {numeric.shape}, got "
                         f"shape {analytic.shape}.")
    if not np.all(np.isfinite(analytic)):
        raise ValueError("grad_f returned NaN or infinite values.")
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), tiny)
    return float(np.max(np.abs(analytic - numeric) / scale))
