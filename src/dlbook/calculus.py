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

from ._checks import _describe, as_array, number_returned, positive

__all__ = ["numerical_derivative", "numerical_gradient", "numerical_jacobian",
           "gradient_check", "MIN_RELATIVE_STEP", "TINY"]

#: The smallest step, relative to ``max(1, |x|)``, that the functions accept. Below it the
#: points ``x ± h`` and the values ``f(x ± h)`` are so close that rounding leaves fewer than
#: about six correct digits of the derivative (and at ``h < 1.1e-16 |x|``, ``x + h == x``).
MIN_RELATIVE_STEP = 1e-10


#: The default floor of :func:`gradient_check`'s denominator, so that a partial derivative
#: that is (almost) zero in both gradients is not divided by (almost) zero.
TINY = 1e-12


# -- input checks (kept out of the functions the book shows) ----------------------------

def _function(f, name: str) -> Callable:
    if not callable(f):
        raise TypeError(f"{name} must be a function (callable), got {type(f).__name__}; "
                        f"pass e.g. np.sin or a lambda.")
    return f


def _point(x) -> np.ndarray:
    if isinstance(x, (bool, np.bool_)) or getattr(getattr(x, "dtype", None), "kind", "") == "b":
        raise TypeError(f"x must contain real numbers, got booleans ({_describe(x)}).")
    return as_array(x, "x")


def _step(h, x: np.ndarray) -> float:
    h = positive(h, "h")
    scale = max(1.0, float(np.max(np.abs(x)))) if x.size else 1.0
    if h > scale:
        raise ValueError(f"h must be a small step (at most max(1, |x|) = {scale:g}, typically "
                         f"1e-5 × max(1, |x|)), got {h:g}.")
    if h < MIN_RELATIVE_STEP * scale:
        raise ValueError(f"h = {h:g} is too small: it must be at least {MIN_RELATIVE_STEP:g} × "
                         f"max(1, |x|) = {MIN_RELATIVE_STEP * scale:g} here. With smaller steps "
                         f"rounding swamps f(x + h) - f(x - h) (x + h may even equal x); "
                         f"a step of about 1e-5 × max(1, |x|) is a good choice.")
    return h


def _array_returned(value, name: str) -> np.ndarray:
    """What a user's function returned, as a float array (None, text, complex refused)."""
    if value is None:
        raise TypeError(f"{name} returned None; it must return numbers "
                        f"(is a `return` statement missing?).")
    arr = as_array(value, f"the value returned by {name}", finite=False)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} returned NaN or infinite values; the derivative is only "
                         f"defined where the function is finite.")
    return arr


def _check_elementwise(f, x, h):
    """Check the arguments of numerical_derivative; f returns one finite value per input."""
    f, x = _function(f, "f"), _point(x)
    h = _step(h, x)

    def checked(point):
        with np.errstate(all="ignore"):
            value = f(point)
        value = _array_returned(value, "f")
        if value.shape != x.shape:
            raise ValueError(f"f must return one value per input (act element by element); for "
                             f"x of shape {x.shape} it returned shape {value.shape}. For "
                             f"f: R^n -> R use numerical_gradient.")
        return value

    return checked, x, h


def _check_scalar_valued(f, x, h, name: str = "f"):
    """Check the arguments of numerical_gradient; f returns one finite number."""
    f, x = _function(f, name), _point(x)
    if x.size == 0:
        raise ValueError("x must have at least one coordinate, got an empty array.")
    h = _step(h, x)

    def checked(point):
        value = f(point)
        if value is not None and np.ndim(value) > 0 and np.size(value) != 1:
            raise ValueError(f"{name} must return a single number ({name}: R^n -> R), but "
                             f"returned shape {np.shape(value)}; use numerical_jacobian for "
                             f"vector-valued functions.")
        return number_returned(value, name)

    return checked, x, h


def _check_vector_valued(f, x, h):
    """Check the arguments of numerical_jacobian; f returns a 1-D array of fixed length."""
    f = _function(f, "f")
    x = _point(x)
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D, got shape {x.shape}.")
    if x.size == 0:
        raise ValueError("x must have at least one coordinate, got an empty array.")
    h = _step(h, x)
    sizes = []

    def checked(point):
        value = _array_returned(f(point), "f")
        if value.ndim > 1:
            raise ValueError(f"f must return a number or a 1-D array, got shape {value.shape}; "
                             f"flatten the output with .ravel().")
        value = value.ravel()
        sizes.append(value.size)
        if value.size != sizes[0]:
            raise ValueError(f"f must return the same number of outputs at every point, got "
                             f"{sizes[0]} and then {value.size}.")
        return value

    return checked, x, h


def _check_gradient_function(grad_f, x, tiny):
    """Check the arguments of gradient_check; grad_f returns an array shaped like x."""
    grad_f = _function(grad_f, "grad_f")
    x = _point(x)
    tiny = positive(tiny, "tiny")
    if tiny > 1e-3:
        raise ValueError(f"tiny must be a small floor for the denominator (at most 1e-3, "
                         f"typically 1e-12), got {tiny:g}: a large one hides wrong gradients.")

    def checked(point):
        value = _array_returned(grad_f(point), "grad_f")
        if value.shape != x.shape:
            raise ValueError(f"grad_f must return an array shaped like x {x.shape}, got shape "
                             f"{value.shape}.")
        return value

    return checked, x, tiny


# -- the finite differences --------------------------------------------------------------

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
        The step to each side of ``x``: at least :data:`MIN_RELATIVE_STEP` × ``max(1, |x|)``
        and at most ``max(1, |x|)``, where ``|x|`` is the largest entry of ``x`` in size.

    Returns
    -------
    float or numpy.ndarray
        :math:`(f(x + h) - f(x - h)) / (2h)`, a float for scalar ``x``, otherwise an
        array of the same shape as ``x``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or returns None, text or complex numbers.
    ValueError
        If ``h`` is out of range, or ``f`` returns the wrong shape or non-finite values.

    Examples
    --------
    >>> round(numerical_derivative(np.sin, 0.0), 8)
    1.0
    """
    f, x, h = _check_elementwise(f, x, h)
    slope = (f(x + h) - f(x - h)) / (2 * h)
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
        The step to each side of every coordinate, as in :func:`numerical_derivative`.

    Returns
    -------
    numpy.ndarray
        The array of partial derivatives :math:`\\partial f / \\partial x_i`, shaped like ``x``.

    Notes
    -----
    Each coordinate is perturbed in turn (``x`` plus or minus ``h`` times a unit
    vector), so ``f`` is evaluated :math:`2n` times; ``x`` itself is never modified.
    """
    f, x, h = _check_scalar_valued(f, x, h)
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):  # one coordinate at a time
        e_i = np.zeros_like(x)
        e_i[i] = 1.0
        grad[i] = (f(x + h * e_i) - f(x - h * e_i)) / (2 * h)
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
        The step to each side of every coordinate, as in :func:`numerical_derivative`.

    Returns
    -------
    numpy.ndarray
        The ``(m, n)`` matrix :math:`J_{ij} = \\partial f_i / \\partial x_j`: row ``i`` is
        the gradient of the output ``f_i``, column ``j`` how all outputs respond to ``x_j``.
    """
    f, x, h = _check_vector_valued(f, x, h)
    columns = []
    for j in range(x.size):  # column j: how every output responds to x_j
        e_j = np.zeros_like(x)
        e_j[j] = 1.0
        columns.append((f(x + h * e_j) - f(x - h * e_j)) / (2 * h))
    return np.column_stack(columns)


def gradient_check(f: Callable, grad_f: Callable, x, h: float = 1e-5,
                   tiny: float = TINY) -> float:
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
        A floor for the denominator (positive, at most ``1e-3``; by default
        :data:`TINY`, ``1e-12``), so that two gradients that are both exactly zero
        count as agreeing.

    Returns
    -------
    float
        :math:`\\max_i |a_i - n_i| / \\max(|a_i|, |n_i|, \\mathrm{tiny})`, where ``a`` is the
        analytic and ``n`` the numerical gradient. In double precision a correct
        gradient typically gives less than about ``1e-7``; a wrong one gives
        something of order 1.
    """
    grad_f, x, tiny = _check_gradient_function(grad_f, x, tiny)
    numeric = numerical_gradient(f, x, h)
    analytic = grad_f(x.copy())
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), tiny)
    return float(np.max(np.abs(analytic - numeric) / scale))
