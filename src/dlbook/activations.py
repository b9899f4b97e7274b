"""Activation functions of neural networks, each with its derivative.

A hidden unit computes an affine map of its inputs, :math:`z = w^T x + b`, and passes the
result through an activation function :math:`g`. Training needs :math:`g'` as well, so every
function here comes with its derivative. :func:`get` returns both, with a formula for plots:

>>> from dlbook import activations
>>> act = activations.get("relu")
>>> act.function([-1.0, 2.0]), act.derivative([-1.0, 2.0])
(array([0., 2.]), array([0., 1.]))

All functions work element-wise on arrays of any shape and never overflow.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np
from scipy.special import erf

from ._checks import as_array, non_negative, one_of
from .linear import sigmoid as _sigmoid

__all__ = ["Activation", "NAMES", "get", "linear", "linear_derivative", "sigmoid",
           "sigmoid_derivative", "tanh", "tanh_derivative", "relu", "relu_derivative",
           "leaky_relu", "leaky_relu_derivative", "softplus", "softplus_derivative",
           "swish", "swish_derivative", "gelu", "gelu_derivative", "hard_tanh",
           "hard_tanh_derivative"]

_SQRT2 = np.sqrt(2.0)


def _values(z) -> np.ndarray:
    return as_array(z, "z")


def linear(z) -> np.ndarray:
    """The identity :math:`g(z) = z`, used for regression outputs."""
    return _values(z)


def linear_derivative(z) -> np.ndarray:
    """:math:`g'(z) = 1` everywhere."""
    return np.ones_like(_values(z))


def sigmoid(z) -> np.ndarray:
    """The logistic function :math:`\\sigma(z) = 1/(1+e^{-z}) = (1 + \\tanh(z/2))/2`."""
    return np.asarray(_sigmoid(_values(z)), dtype=float)


def sigmoid_derivative(z) -> np.ndarray:
    """:math:`\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))`, at most :math:`1/4` (at :math:`z = 0`)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z) -> np.ndarray:
    """The hyperbolic tangent :math:`\\tanh z = 2\\sigma(2z) - 1`, with values in (−1, 1)."""
    return np.tanh(_values(z))


def tanh_derivative(z) -> np.ndarray:
    """:math:`\\tanh'(z) = 1 - \\tanh^2 z`, at most 1 (at :math:`z = 0`)."""
    return 1.0 - np.tanh(_values(z)) ** 2


def relu(z) -> np.ndarray:
    """The rectified linear unit :math:`\\max(0, z)`."""
    return np.maximum(_values(z), 0.0)


def relu_derivative(z) -> np.ndarray:
    """1 for :math:`z > 0`, else 0.

    ReLU has no derivative at 0 (the left derivative is 0, the right one 1). Like the
    deep-learning libraries, this function reports 0 there.
    """
    return (_values(z) > 0).astype(float)


def leaky_relu(z, alpha: float = 0.01) -> np.ndarray:
    """:math:`\\max(0, z) + \\alpha \\min(0, z)`: a ReLU with slope ``alpha`` for negative inputs."""
    alpha = non_negative(alpha, "alpha")
    z = _values(z)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_derivative(z, alpha: float = 0.01) -> np.ndarray:
    """1 for :math:`z > 0`, else ``alpha`` (so a gradient always flows)."""
    alpha = non_negative(alpha, "alpha")
    return np.where(_values(z) > 0, 1.0, alpha)


def softplus(z) -> np.ndarray:
    """:math:`\\zeta(z) = \\log(1 + e^z)`, a smooth version of ReLU, computed without overflow."""
    return np.logaddexp(0.0, _values(z))


def softplus_derivative(z) -> np.ndarray:
    """:math:`\\zeta'(z) = \\sigma(z)`."""
    return sigmoid(z)


def swish(z) -> np.ndarray:
    """Swish, also called SiLU: :math:`z\\,\\sigma(z)`. Smooth and not monotonic."""
    z = _values(z)
    return z * sigmoid(z)


def swish_derivative(z) -> np.ndarray:
    """:math:`\\sigma(z) + z\\,\\sigma(z)(1 - \\sigma(z))`."""
    z = _values(z)
    s = sigmoid(z)
    return s + z * s * (1.0 - s)


def gelu(z) -> np.ndarray:
    """The Gaussian error linear unit :math:`z\\,\\Phi(z)`, with :math:`\\Phi` the normal CDF."""
    z = _values(z)
    return z * 0.5 * (1.0 + erf(z / _SQRT2))


def gelu_derivative(z) -> np.ndarray:
    """:math:`\\Phi(z) + z\\,\\varphi(z)`, with :math:`\\varphi` the normal density."""
    z = _values(z)
    return 0.5 * (1.0 + erf(z / _SQRT2)) + z * np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi)


def hard_tanh(z) -> np.ndarray:
    """:math:`\\max(-1, \\min(1, z))`, a piecewise-linear tanh."""
    return np.clip(_values(z), -1.0, 1.0)


def hard_tanh_derivative(z) -> np.ndarray:
    """1 for :math:`|z| < 1`, else 0."""
    return (np.abs(_values(z)) < 1).astype(float)


class Activation(NamedTuple):
    """An activation function, its derivative and how to write it."""

    #: The name :func:`get` knows it by.
    name: str
    #: :math:`g`, element-wise.
    function: Callable[[np.ndarray], np.ndarray]
    #: :math:`g'`, element-wise.
    derivative: Callable[[np.ndarray], np.ndarray]
    #: The formula, in matplotlib's mathtext (LaTeX subset).
    formula: str


_TABLE = {
    "linear": (linear, linear_derivative, r"$g(z) = z$"),
    "sigmoid": (sigmoid, sigmoid_derivative, r"$g(z) = 1/(1+e^{-z})$"),
    "tanh": (tanh, tanh_derivative, r"$g(z) = \tanh z$"),
    "relu": (relu, relu_derivative, r"$g(z) = \max(0, z)$"),
    "leaky_relu": (leaky_relu, leaky_relu_derivative, r"$g(z) = \max(0, z) + 0.01\min(0, z)$"),
    "softplus": (softplus, softplus_derivative, r"$g(z) = \log(1 + e^{z})$"),
    "swish": (swish, swish_derivative, r"$g(z) = z\,\sigma(z)$"),
    "gelu": (gelu, gelu_derivative, r"$g(z) = z\,\Phi(z)$"),
    "hard_tanh": (hard_tanh, hard_tanh_derivative, r"$g(z) = \max(-1, \min(1, z))$"),
}

#: The names :func:`get` accepts (``"silu"`` is accepted as another name for ``"swish"``).
NAMES = tuple(_TABLE)


def get(name: str) -> Activation:
    """The activation called ``name``, with its derivative and formula.

    Parameters
    ----------
    name : str
        One of :data:`NAMES`, or ``"silu"`` (the same as ``"swish"``); upper or lower case.

    Returns
    -------
    Activation
        A named tuple ``(name, function, derivative, formula)``.
    """
    return _lookup(name, "name")


def _lookup(name, what: str) -> Activation:
    """:func:`get`, with errors that call the argument ``what`` (e.g. ``"activation"``)."""
    if not isinstance(name, str):
        raise TypeError(f"{what} must be the name of an activation function, one of "
                        f"{', '.join(repr(n) for n in NAMES)}; got {type(name).__name__} "
                        f"{name!r}"[:200] + ".")
    name = str(name).lower()
    if name == "silu":
        name = "swish"
    name = one_of(name, what, NAMES)
    function, derivative, formula = _TABLE[name]
    return Activation(name, function, derivative, formula)
