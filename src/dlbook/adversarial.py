r"""Adversarial examples: the gradient of the loss with respect to the input, and FGSM.

The *fast gradient sign method* (Goodfellow, Shlens and Szegedy, 2015) moves every input
value by :math:`\epsilon` in the direction that increases the loss,

.. math::

    x' = \operatorname{clip}\big(x + \epsilon\,\operatorname{sign}(\nabla_x J(\theta, x, y)),
    0, 1\big).

:func:`input_gradient` computes :math:`\nabla_x J` for a Keras model on whichever backend
Keras runs: Keras 3 has no backend-neutral gradient function, so this is the one place where
the book dispatches on :func:`keras.backend.backend` (``tf.GradientTape`` for TensorFlow,
``jax.grad`` of :meth:`keras.Model.stateless_call` for JAX, autograd for PyTorch).
:func:`fgsm` builds on it. :func:`linear_worst_case` gives the exact worst case of a linear
function under a perturbation of max-norm :math:`\epsilon`.

Keras is imported only when a function that needs it is called.
"""

from __future__ import annotations

import numpy as np

from ._checks import MAX_ELEMENTS, as_array, non_negative, same_length

__all__ = ["input_gradient", "fgsm", "linear_worst_case"]


def input_gradient(model, x, y, loss=None) -> np.ndarray:
    r"""The gradient of each example's loss with respect to its input.

    Returns :math:`\nabla_{x_i} J(\theta, x_i, y_i)` for every example :math:`i`, computed
    as the gradient of the *sum* of the per-example losses (the examples do not interact in
    inference mode, so row :math:`i` of the result is the gradient of example :math:`i`'s own
    loss). The model runs in inference mode (``training=False``: no dropout).

    Parameters
    ----------
    model : keras.Model
        A built Keras model; its outputs are what ``loss`` expects (e.g. logits).
    x : array-like of shape (n, ...)
        A batch of inputs.
    y : array-like of shape (n, ...)
        Their targets, in the form ``loss`` expects (e.g. integer labels).
    loss : keras.losses.Loss or callable, optional
        A Keras loss object, or a function ``loss(y_true, y_pred)`` returning one loss per
        example (such as ``keras.losses.sparse_categorical_crossentropy``). The default is
        ``keras.losses.SparseCategoricalCrossentropy(from_logits=True)``.

    Returns
    -------
    numpy.ndarray
        The gradients, float32, of the same shape as ``x``.

    Raises
    ------
    NotImplementedError
        On a Keras backend other than TensorFlow, JAX and PyTorch.
    """
    model, x, y, loss = _check_attack(model, x, y, loss)
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        x = tf.convert_to_tensor(x)
        with tf.GradientTape() as tape:
            tape.watch(x)
            total = _total_loss(model(x, training=False), y, loss)
        return tape.gradient(total, x).numpy()
    if backend == "jax":
        import jax

        trainable = [v.value for v in model.trainable_variables]
        non_trainable = [v.value for v in model.non_trainable_variables]

        def total_loss(x):
            outputs, _ = model.stateless_call(trainable, non_trainable, x, training=False)
            return _total_loss(outputs, y, loss)

        return np.asarray(jax.grad(total_loss)(x))
    if backend == "torch":
        x = keras.ops.convert_to_tensor(x).detach().requires_grad_(True)
        _total_loss(model(x, training=False), y, loss).backward()
        return x.grad.detach().cpu().numpy()
    raise NotImplementedError(f"input_gradient supports the TensorFlow, JAX and PyTorch "
                              f"backends of Keras, not {backend!r}.")


def fgsm(model, x, y, epsilon, loss=None, clip=(0.0, 1.0)) -> np.ndarray:
    r"""Adversarial examples by the fast gradient sign method.

    .. math::

        x' = \operatorname{clip}\big(x + \epsilon\,\operatorname{sign}(\nabla_x J(\theta, x, y)),
        \text{low}, \text{high}\big)

    Parameters
    ----------
    model, x, y, loss :
        As for :func:`input_gradient`.
    epsilon : float
        The size of the step in every input value, 0 or more (0 returns ``x``).
    clip : tuple of two floats or None, default (0.0, 1.0)
        The range of valid input values (pixels scaled to [0, 1]); ``None`` does not clip.

    Returns
    -------
    numpy.ndarray
        The adversarial inputs, float32, of the same shape as ``x``.
    """
    epsilon, low, high = _check_fgsm(epsilon, clip)
    step = epsilon * np.sign(input_gradient(model, x, y, loss))
    return np.clip(np.asarray(x, np.float32) + step, low, high)


def linear_worst_case(w, epsilon):
    r"""The largest change of :math:`w^\top x` under a perturbation with :math:`\|\eta\|_\infty \le \epsilon`.

    :math:`w^\top(x + \eta) - w^\top x = \sum_i w_i\eta_i \le \sum_i |w_i|\,\epsilon
    = \epsilon\|w\|_1`, with equality for :math:`\eta = \epsilon\,\operatorname{sign}(w)`.

    Parameters
    ----------
    w : array-like of shape (m,)
        The weights of the linear function.
    epsilon : float
        The largest change allowed in each input, 0 or more.

    Returns
    -------
    eta : numpy.ndarray of shape (m,)
        The worst perturbation :math:`\epsilon\,\operatorname{sign}(w)`.
    change : float
        The change it causes, :math:`\epsilon\|w\|_1`.
    """
    w = as_array(w, "w", ndim=1)
    epsilon = non_negative(epsilon, "epsilon")
    eta = epsilon * np.sign(w)
    return eta, float(epsilon * np.abs(w).sum())


# -- checks ---------------------------------------------------------------------------------
def _total_loss(outputs, y, loss):
    """The sum over the batch of the per-example losses."""
    import keras

    if isinstance(loss, keras.losses.Loss):
        values = loss.call(y, outputs)  # unreduced: one loss per example
    else:
        values = loss(y, outputs)
    if values is None:
        raise TypeError("loss returned None; it must return the loss of each example "
                        "(is a `return` statement missing?).")
    return keras.ops.sum(values)


def _check_attack(model, x, y, loss):
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a Keras model (keras.Model or keras.Sequential), "
                        f"got {type(model).__name__}.")
    x = as_array(x, "x", dtype=np.float32)
    if x.ndim < 2 or x.size == 0:
        raise ValueError(f"x must be a non-empty batch of inputs of shape (n, ...), got "
                         f"shape {x.shape}; add a batch axis with x[None] for one input.")
    if x.size > MAX_ELEMENTS:
        raise ValueError(f"x has {x.size:,} values, more than the limit of {MAX_ELEMENTS:,}; "
                         f"attack it in smaller batches.")
    y = as_array(y, "y", dtype=None)
    if y.dtype.kind not in "iuf":
        raise TypeError(f"y must contain numbers (labels or targets), got dtype {y.dtype}.")
    if y.ndim == 0:
        raise ValueError("y must hold one target per example, got a single number.")
    same_length(x, y, "x", "y")
    if loss is None:
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    elif not callable(loss):
        raise TypeError(f"loss must be a Keras loss or a function loss(y_true, y_pred), "
                        f"got {type(loss).__name__}.")
    return model, x, keras.ops.convert_to_tensor(y), loss


def _check_fgsm(epsilon, clip):
    epsilon = non_negative(epsilon, "epsilon")
    if clip is None:
        return epsilon, -np.inf, np.inf
    bounds = as_array(clip, "clip", shape=(2,))
    if not bounds[0] < bounds[1]:
        raise ValueError(f"clip must be (low, high) with low < high, got {tuple(bounds)}.")
    return epsilon, float(bounds[0]), float(bounds[1])
