"""Rosenblatt's perceptron: a hard-threshold unit and its learning rule, from scratch.

A perceptron with weights :math:`w = (w_0, w_1, \\dots, w_d)` (the bias :math:`w_0` first)
outputs

.. math::

    y = \\begin{cases} 1 & \\text{if } w_0 + \\sum_{i=1}^d w_i x_i > 0,\\\\
                        0 & \\text{otherwise.} \\end{cases}

The learning rule visits the examples one at a time and, after each, moves the weights by
:math:`-\\eta\\,(y - t)\\,\\tilde x`, where :math:`t` is the target and
:math:`\\tilde x = (1, x_1, \\dots, x_d)`. A correct answer (:math:`y = t`) changes nothing.

* :func:`predict_perceptron` applies the threshold unit to the rows of ``X``;
* :func:`fit_perceptron` runs the learning rule and records every update;
* :func:`truth_table` gives the four examples of a two-input logic gate (AND, OR, NAND, XOR).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import (MAX_ELEMENTS, as_array, binary_labels, flag, integer, one_of, positive,
                      same_length)

__all__ = ["PerceptronFit", "fit_perceptron", "predict_perceptron", "truth_table", "GATES",
           "MAX_EPOCHS"]

#: The most epochs :func:`fit_perceptron` runs (on data that are not separable it never stops
#: early, and it records every update).
MAX_EPOCHS = 100_000

#: The largest seed accepted (seeds are 32-bit integers, as in Keras).
_MAX_SEED = 2**32 - 1

#: The logic gates :func:`truth_table` knows, with their outputs for the inputs
#: (0, 0), (0, 1), (1, 0), (1, 1).
GATES = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "xor": (0, 1, 1, 0),
}


@dataclass(frozen=True, eq=False)
class PerceptronFit:
    """What :func:`fit_perceptron` returns.

    Attributes
    ----------
    weights : numpy.ndarray of shape (d + 1,)
        The final weights, bias first.
    mistakes : numpy.ndarray of shape (epochs,)
        How many examples were misclassified (and so caused an update) in each epoch.
    converged : bool
        True if the last epoch made no mistake, i.e. the weights classify every example.
    path : numpy.ndarray of shape (updates + 1, d + 1)
        The weights before the first update and after each update.
    updated_on : numpy.ndarray of shape (updates,)
        The index (row of ``X``) of the example that caused each update.
    """

    weights: np.ndarray
    mistakes: np.ndarray
    converged: bool
    path: np.ndarray
    updated_on: np.ndarray


def _weights_for(w, n_features: int, name: str = "w") -> np.ndarray:
    w = as_array(w, name, ndim=1)
    if w.shape[0] != n_features + 1:
        raise ValueError(f"{name} must have {n_features + 1} entries (the bias w0 first, then "
                         f"one weight per column of X), got {w.shape[0]}.")
    return w


def predict_perceptron(w, X) -> np.ndarray:
    """The outputs of a hard-threshold unit, 1 where :math:`w_0 + x^\\top w_{1:} > 0`, else 0.

    Parameters
    ----------
    w : array-like of shape (d + 1,)
        The weights, the bias :math:`w_0` first.
    X : array-like of shape (n, d)
        The inputs, one example per row.

    Returns
    -------
    numpy.ndarray of shape (n,)
        The outputs 0 or 1, as integers.

    Examples
    --------
    >>> predict_perceptron([-0.5, 1.0, 1.0], [[0, 0], [0, 1], [1, 0], [1, 1]])
    array([0, 1, 1, 1])
    """
    X = as_array(X, "X", ndim=2)
    w = _weights_for(w, X.shape[1])
    return (w[0] + X @ w[1:] > 0).astype(int)


def fit_perceptron(X, t, *, learning_rate: float = 0.25, max_epochs: int = 100,
                   seed: int = 0, shuffle: bool = True, initial_weights=None) -> PerceptronFit:
    """Train a perceptron with Rosenblatt's rule, one example at a time.

    In every epoch the examples are visited once (in a random order if ``shuffle``). For
    each example :math:`x` with target :math:`t` the current output :math:`y` is computed
    and the weights are updated by

    .. math::

        w \\leftarrow w - \\eta\\,(y - t)\\,\\tilde x, \\qquad \\tilde x = (1, x),

    which changes nothing when :math:`y = t`. Training stops after the first epoch without
    a mistake, or after ``max_epochs`` epochs.

    Parameters
    ----------
    X : array-like of shape (n, d)
        The inputs, one example per row.
    t : array-like of shape (n,)
        The targets, 0 or 1.
    learning_rate : float, default 0.25
        The step :math:`\\eta > 0`. (Starting from zero weights it would only rescale the
        weights and change no prediction.)
    max_epochs : int, default 100
        The most passes over the data.
    seed : int, default 0
        Seed of the initial weights and of the order in which the examples are visited.
    shuffle : bool, default True
        Visit the examples in a new random order in every epoch (else in the order given).
    initial_weights : array-like of shape (d + 1,), optional
        The starting weights, bias first. If not given, small random numbers drawn from
        :math:`\\mathcal N(0, 0.1^2)`.

    Returns
    -------
    PerceptronFit
        The final weights, the number of mistakes in each epoch, whether the last epoch
        was free of mistakes, and every intermediate weight vector.

    Examples
    --------
    >>> X, t = truth_table("or")
    >>> fit = fit_perceptron(X, t)
    >>> fit.converged, predict_perceptron(fit.weights, X)
    (True, array([0, 1, 1, 1]))
    """
    X, t = _check_fit_arguments(X, t, learning_rate, max_epochs, seed, shuffle, initial_weights)
    n, d = X.shape
    rng = np.random.default_rng(seed)
    if initial_weights is None:
        w = rng.normal(0.0, 0.1, d + 1)
    else:
        w = np.array(initial_weights, dtype=float)

    X_tilde = np.column_stack([np.ones(n), X])
    mistakes, path, updated_on = [], [w.copy()], []
    for _ in range(max_epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        wrong = 0
        for i in order:
            y = int(X_tilde[i] @ w > 0)
            if y != t[i]:
                w -= learning_rate * (y - t[i]) * X_tilde[i]
                wrong += 1
                path.append(w.copy())
                updated_on.append(i)
        mistakes.append(wrong)
        if wrong == 0:
            break
    return PerceptronFit(weights=w, mistakes=np.array(mistakes), converged=mistakes[-1] == 0,
                         path=np.array(path), updated_on=np.array(updated_on, dtype=int))


def _check_fit_arguments(X, t, learning_rate, max_epochs, seed, shuffle, initial_weights):
    """Validate the arguments of :func:`fit_perceptron`; return ``X`` and ``t`` as arrays."""
    X = as_array(X, "X", ndim=2, min_rows=1)
    t = binary_labels(t, "t")
    same_length(X, t, "X", "t")
    positive(learning_rate, "learning_rate")
    max_epochs = integer(max_epochs, "max_epochs", minimum=1, maximum=MAX_EPOCHS)
    if X.shape[0] * max_epochs > MAX_ELEMENTS:
        raise ValueError(f"max_epochs = {max_epochs} with {X.shape[0]} examples would visit "
                         f"more than {MAX_ELEMENTS:,} examples (and could record as many "
                         f"updates); lower max_epochs to at most "
                         f"{MAX_ELEMENTS // X.shape[0]:,}.")
    integer(seed, "seed", minimum=0, maximum=_MAX_SEED)
    flag(shuffle, "shuffle")
    if initial_weights is not None:
        _weights_for(initial_weights, X.shape[1], "initial_weights")
    return X, t


def truth_table(gate: str) -> tuple[np.ndarray, np.ndarray]:
    """The four examples of a logic gate with two inputs.

    Parameters
    ----------
    gate : {"and", "or", "nand", "xor"}
        The gate (see :data:`GATES`).

    Returns
    -------
    X : numpy.ndarray of shape (4, 2)
        The inputs (0, 0), (0, 1), (1, 0), (1, 1), as floats.
    t : numpy.ndarray of shape (4,)
        The gate's outputs, as integers.

    Examples
    --------
    >>> X, t = truth_table("xor")
    >>> t
    array([0, 1, 1, 0])
    """
    if not isinstance(gate, str):
        raise TypeError(f"gate must be a string such as 'xor', got {type(gate).__name__}.")
    gate = one_of(str(gate).lower(), "gate", tuple(GATES))
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, np.array(GATES[gate], dtype=int)
