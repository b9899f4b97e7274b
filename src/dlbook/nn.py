"""A multilayer perceptron in NumPy, trained by backpropagation written out in matrix form.

The network maps a batch of inputs :math:`X` (one example per row) through :math:`L` layers,

.. math::

    Z_\\ell = H_{\\ell-1} W_\\ell + \\mathbf{1} b_\\ell^T, \\qquad H_\\ell = g(Z_\\ell),
    \\qquad H_0 = X,

with the output unit (linear, sigmoid or softmax) in place of :math:`g` in the last layer.
``W_l`` has one row per input and one column per unit, the layout of a Keras ``Dense``
kernel, so weights copy between the two unchanged (:meth:`MLP.get_weights`).

Each output unit is paired with the loss that maximum likelihood gives it: linear with the
mean squared error, sigmoid with binary cross-entropy, softmax with categorical
cross-entropy. For all three pairs the gradient of the mean loss with respect to the output
pre-activations is :math:`(\\hat Y - Y)` times a constant, which is where backpropagation starts.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy.special import logsumexp

from . import activations
from ._checks import MAX_ELEMENTS, as_array, flag, integer, non_negative, one_of, positive
from .linear import sigmoid, softmax
from .optim import minibatches

__all__ = ["MLP", "OUTPUTS", "MAX_PARAMETERS", "MAX_EPOCHS"]

#: The output units, each trained with its matching loss.
OUTPUTS = ("linear", "sigmoid", "softmax")

#: The most weights and biases an :class:`MLP` may have (80 MB of float64 per copy;
#: training holds several copies). Larger networks belong in Keras.
MAX_PARAMETERS = MAX_ELEMENTS // 10

#: The most epochs :meth:`MLP.fit` runs.
MAX_EPOCHS = 1_000_000

#: The largest seed accepted (seeds are 32-bit integers, as in Keras).
_MAX_SEED = 2**32 - 1

_LOSS_NAMES = {"linear": "mean squared error", "sigmoid": "binary cross-entropy",
               "softmax": "categorical cross-entropy"}


class MLP:
    """A fully connected feed-forward network with its own backpropagation.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, inputs first and outputs last, e.g. ``[2, 8, 1]``; at most
        :data:`MAX_PARAMETERS` weights and biases in all.
    activation : str, default "relu"
        The hidden units' activation, one of :data:`dlbook.activations.NAMES`.
    output : {"linear", "sigmoid", "softmax"}, default "sigmoid"
        The output unit; it fixes the loss (see the module description).
    init : {"glorot", "he"}, default "glorot"
        Weight initialisation: Glorot (Xavier) uniform, the Keras default, or He normal,
        :math:`\\mathcal N(0, 2/n_{\\text{in}})`, suited to ReLU units. Biases start at zero.
    seed : int, default 0
        Seed of the initial weights.

    Examples
    --------
    >>> net = MLP([2, 4, 1], activation="tanh", output="sigmoid", seed=0)
    >>> net.n_parameters
    17
    """

    def __init__(self, sizes: Sequence[int], activation: str = "relu", output: str = "sigmoid",
                 *, init: str = "glorot", seed: int = 0):
        if isinstance(sizes, (str, bytes, dict)) or not hasattr(sizes, "__len__") \
                or len(sizes) < 2:
            raise ValueError(f"sizes must list at least the number of inputs and of outputs, "
                             f"e.g. [2, 8, 1]; got {sizes!r}"[:200] + ".")
        self.sizes = [integer(s, f"sizes[{i}]", minimum=1) for i, s in enumerate(sizes)]
        n_parameters = sum((a + 1) * b for a, b in zip(self.sizes[:-1], self.sizes[1:]))
        if n_parameters > MAX_PARAMETERS:
            raise ValueError(f"sizes {self.sizes} give {n_parameters:,} weights and biases, "
                             f"more than the limit of {MAX_PARAMETERS:,} for this NumPy "
                             f"network; build a network that large in Keras.")
        self.activation = activations._lookup(activation, "activation")
        self.output = one_of(output, "output", OUTPUTS)
        if self.output == "sigmoid" and self.sizes[-1] != 1:
            raise ValueError(f"a sigmoid output has 1 unit (the probability of class 1), but "
                             f"sizes ends with {self.sizes[-1]}; use output='softmax' for "
                             "several classes.")
        if self.output == "softmax" and self.sizes[-1] < 2:
            raise ValueError("a softmax output needs at least 2 units (one per class); use "
                             "output='sigmoid' for two classes with one unit.")
        init = one_of(init, "init", ("glorot", "he"))
        rng = np.random.default_rng(integer(seed, "seed", minimum=0, maximum=_MAX_SEED))
        self.weights: list[np.ndarray] = []
        self.biases: list[np.ndarray] = []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            if init == "glorot":
                limit = np.sqrt(6.0 / (n_in + n_out))
                W = rng.uniform(-limit, limit, size=(n_in, n_out))
            else:
                W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
            self.weights.append(W)
            self.biases.append(np.zeros(n_out))

    def __repr__(self) -> str:
        return (f"MLP(sizes={self.sizes}, activation={self.activation.name!r}, "
                f"output={self.output!r})")

    # ----------------------------------------------------------------- parameters
    @property
    def n_parameters(self) -> int:
        """The number of weights and biases."""
        return sum(W.size + b.size for W, b in zip(self.weights, self.biases))

    @property
    def loss_name(self) -> str:
        """The loss that goes with the output unit."""
        return _LOSS_NAMES[self.output]

    def get_weights(self) -> list[np.ndarray]:
        """Copies of ``[W_1, b_1, W_2, b_2, ...]``, the order ``keras.Model.set_weights`` takes."""
        return [p.copy() for pair in zip(self.weights, self.biases) for p in pair]

    def set_weights(self, weights: Sequence) -> None:
        """Set all parameters from ``[W_1, b_1, W_2, b_2, ...]`` (e.g. ``keras.Model.get_weights()``)."""
        expected = [p.shape for pair in zip(self.weights, self.biases) for p in pair]
        if not isinstance(weights, (list, tuple)) or len(weights) != len(expected):
            raise ValueError(f"weights must be a list of {len(expected)} arrays "
                             f"[W_1, b_1, ...] with shapes {expected}.")
        arrays = [as_array(w, f"weights[{i}]") for i, w in enumerate(weights)]
        for i, (a, shape) in enumerate(zip(arrays, expected)):
            if a.shape != shape:
                raise ValueError(f"weights[{i}] must have shape {shape}, got {a.shape}.")
        self.weights = [a.copy() for a in arrays[0::2]]
        self.biases = [a.copy() for a in arrays[1::2]]

    def get_flat(self) -> np.ndarray:
        """All parameters as one vector (for gradient checks)."""
        return np.concatenate([p.ravel() for p in self.get_weights()])

    def set_flat(self, theta) -> None:
        """Set all parameters from one vector laid out as :meth:`get_flat` returns it."""
        theta = as_array(theta, "theta", ndim=1)
        if theta.size != self.n_parameters:
            raise ValueError(f"theta must have {self.n_parameters} entries (the number of "
                             f"parameters), got {theta.size}.")
        out, start = [], 0
        for p in self.get_weights():
            out.append(theta[start:start + p.size].reshape(p.shape))
            start += p.size
        self.set_weights(out)

    # ----------------------------------------------------------------- checks
    def _inputs(self, X) -> np.ndarray:
        X = as_array(X, "X", ndim=2)
        if X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have {self.sizes[0]} columns (the network's inputs), "
                             f"got {X.shape[1]}.")
        return X

    def _targets(self, y, n: int) -> np.ndarray:
        """The targets as an (n, outputs) array: values, 0/1 labels or one-hot rows."""
        k = self.sizes[-1]
        y = as_array(y, "y")
        if y.ndim == 0 or y.shape[0] != n:
            raise ValueError(f"y must have one entry per row of X ({n}), got shape {y.shape}.")
        if n == 0:
            raise ValueError("X and y hold no examples; the loss needs at least one.")
        if self.output == "linear":
            if y.ndim == 1 and k == 1:
                y = y[:, None]
            if y.shape != (n, k):
                raise ValueError(f"y must have shape ({n}, {k}) for {k} linear outputs, "
                                 f"got {y.shape}.")
            return y
        if self.output == "sigmoid":
            y = y.reshape(n, -1)
            if y.shape[1] != 1 or not np.all((y == 0) | (y == 1)):
                raise ValueError("y must hold one 0/1 label per example for a sigmoid output.")
            return y
        if y.ndim != 1 or not np.all((y >= 0) & (y < k) & (y == np.round(y))):
            raise ValueError(f"y must hold one integer class label in 0..{k - 1} per example "
                             "for a softmax output (not one-hot rows).")
        return np.eye(k)[y.astype(int)]

    # ----------------------------------------------------------------- computation
    def forward(self, X, *, keep: bool = False):
        """Run the network on the rows of ``X``.

        Parameters
        ----------
        X : array_like, shape (n, inputs)
        keep : bool, default False
            Also return what backpropagation needs: the layer inputs
            ``H = [H_0, ..., H_{L-1}]`` and pre-activations ``Z = [Z_1, ..., Z_L]``.

        Returns
        -------
        numpy.ndarray, shape (n, outputs), or (outputs, H, Z) when ``keep`` is True
            The outputs :math:`\\hat Y`: values, probabilities of class 1, or class
            probabilities, depending on the output unit.
        """
        keep = flag(keep, "keep")
        H = [self._inputs(X)]
        Z = []
        for layer, (W, b) in enumerate(zip(self.weights, self.biases)):
            with np.errstate(over="ignore", invalid="ignore"):
                Z.append(H[-1] @ W + b)
            if not np.all(np.isfinite(Z[-1])):
                raise FloatingPointError(f"the pre-activations of layer {layer + 1} overflowed "
                                         "(to inf or NaN): the weights or inputs are too "
                                         "large; when training, lower the learning rate.")
            if layer < len(self.weights) - 1:
                H.append(self.activation.function(Z[-1]))
        out = {"linear": lambda z: z, "sigmoid": sigmoid, "softmax": softmax}[self.output](Z[-1])
        out = np.asarray(out, dtype=float).reshape(Z[-1].shape)
        return (out, H, Z) if keep else out

    def _loss_from_logits(self, z: np.ndarray, Y: np.ndarray) -> float:
        if self.output == "linear":
            return float(np.mean((z - Y) ** 2))
        if self.output == "sigmoid":
            # -[y log s(z) + (1-y) log(1-s(z))] = softplus(z) - y z, without overflow
            return float(np.mean(np.logaddexp(0.0, z) - Y * z))
        return float(np.mean(logsumexp(z, axis=1) - np.sum(Y * z, axis=1)))

    def loss(self, X, y) -> float:
        """The mean loss (see :attr:`loss_name`) of the network on ``(X, y)``."""
        _, _, Z = self.forward(X, keep=True)
        return self._loss_from_logits(Z[-1], self._targets(y, Z[-1].shape[0]))

    def backward(self, X, y) -> tuple[float, list[np.ndarray]]:
        """The mean loss and its gradient with respect to every parameter, by backpropagation.

        With :math:`\\Delta_\\ell = \\partial J / \\partial Z_\\ell` (one row per example):

        .. math::

            \\Delta_L = c\\,(\\hat Y - Y), \\quad
            \\frac{\\partial J}{\\partial W_\\ell} = H_{\\ell-1}^T \\Delta_\\ell, \\quad
            \\frac{\\partial J}{\\partial b_\\ell} = \\Delta_\\ell^T \\mathbf{1}, \\quad
            \\Delta_{\\ell-1} = (\\Delta_\\ell W_\\ell^T) \\odot g'(Z_{\\ell-1}),

        where :math:`c = 1/n` for the cross-entropies and :math:`c = 2/(nk)` for the mean
        squared error over :math:`n` examples and :math:`k` outputs.

        Returns
        -------
        loss : float
        gradients : list of numpy.ndarray
            ``[dJ/dW_1, dJ/db_1, dJ/dW_2, ...]``, shaped like :meth:`get_weights`.
        """
        out, H, Z = self.forward(X, keep=True)
        n, k = out.shape
        Y = self._targets(y, n)
        loss = self._loss_from_logits(Z[-1], Y)
        delta = (out - Y) * (2.0 / (n * k) if self.output == "linear" else 1.0 / n)
        grads: list[np.ndarray] = []
        for layer in range(len(self.weights) - 1, -1, -1):
            grads[:0] = [H[layer].T @ delta, delta.sum(axis=0)]
            if layer > 0:
                delta = (delta @ self.weights[layer].T) * self.activation.derivative(Z[layer - 1])
        return loss, grads

    def fit(self, X, y, *, learning_rate: float = 0.1, epochs: int = 100,
            batch_size: int | None = None, momentum: float = 0.0, seed: int = 0) -> list[float]:
        """Train by (mini-batch) gradient descent with optional momentum.

        Parameters
        ----------
        X, y : array_like
            Training inputs and targets (values, 0/1 labels or integer class labels).
        learning_rate : float, default 0.1
        epochs : int, default 100
            Passes over the data (at most :data:`MAX_EPOCHS`).
        batch_size : int, optional
            Examples per update; ``None`` uses all of them (full-batch gradient descent).
        momentum : float, default 0.0
            :math:`\\mu` in :math:`v \\leftarrow \\mu v - \\eta \\nabla J`, :math:`\\theta \\leftarrow \\theta + v`.
        seed : int, default 0
            Seed of the shuffling of mini-batches.

        Returns
        -------
        list of float
            The training loss after each epoch.
        """
        X = self._inputs(X)
        y = as_array(y, "y")
        if y.ndim == 0 or y.shape[0] != X.shape[0]:
            raise ValueError(f"y must have one entry per row of X ({X.shape[0]}), got shape "
                             f"{y.shape}.")
        learning_rate = positive(learning_rate, "learning_rate")
        epochs = integer(epochs, "epochs", minimum=1, maximum=MAX_EPOCHS)
        momentum = non_negative(momentum, "momentum")
        if momentum >= 1:
            raise ValueError(f"momentum must be below 1 (typically 0.9), got {momentum}.")
        n = X.shape[0]
        if n == 0:
            raise ValueError("X holds no examples; fit needs at least one.")
        batch_size = n if batch_size is None else integer(batch_size, "batch_size", minimum=1)
        rng = np.random.default_rng(integer(seed, "seed", minimum=0, maximum=_MAX_SEED))
        velocity = [np.zeros_like(p) for p in self.get_weights()]
        history = []
        for _ in range(epochs):
            for batch in minibatches(n, batch_size, rng=rng, shuffle=batch_size < n):
                _, grads = self.backward(X[batch], y[batch])
                params = self.get_weights()
                for v, p, g in zip(velocity, params, grads):
                    v *= momentum
                    v -= learning_rate * g
                    p += v
                self.set_weights(params)
            loss = self.loss(X, y)
            if not np.isfinite(loss):
                raise FloatingPointError(f"the loss became {loss} after {len(history) + 1} "
                                         "epochs: lower the learning rate.")
            history.append(loss)
        return history

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities: shape (n,) for a sigmoid output, (n, classes) for softmax."""
        if self.output == "linear":
            raise ValueError("predict_proba needs a sigmoid or softmax output; this network "
                             "has a linear output: use forward(X) for its values.")
        out = self.forward(X)
        return out[:, 0] if self.output == "sigmoid" else out

    def predict(self, X) -> np.ndarray:
        """Predicted values (linear output) or class labels (sigmoid: p ≥ 0.5; softmax: argmax)."""
        if self.output == "linear":
            out = self.forward(X)
            return out[:, 0] if out.shape[1] == 1 else out
        p = self.predict_proba(X)
        return (p >= 0.5).astype(int) if self.output == "sigmoid" else p.argmax(axis=1)
