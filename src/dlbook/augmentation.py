r"""Noise as a regularizer: label smoothing and input noise (Chapter 6, Section 6.2).

Label smoothing replaces the one-hot target of a :math:`k`-way classifier by a softer one.
Two definitions are in use, and :func:`smoothing_targets` gives both:

* ``kind="keras"`` (Keras's ``CategoricalCrossentropy(label_smoothing=epsilon)``, Szegedy
  et al. 2016): mix the one-hot vector with the uniform distribution,
  :math:`t = (1-\epsilon)\,\mathrm{onehot}(y) + \epsilon/k`, so the true class gets
  :math:`1-\epsilon+\epsilon/k` and every other class :math:`\epsilon/k`;
* ``kind="uniform-others"`` (Goodfellow, Bengio and Courville, section 7.5.1): the true class
  gets :math:`1-\epsilon` and every other class :math:`\epsilon/(k-1)`.

Either way the cross-entropy is smallest when the softmax reproduces the targets, which it
does at a finite gap between the true class's logit and the others'
(:func:`optimal_logit_gap`); :func:`loss_of_logit_gap` gives the loss along that gap.

:func:`noisy_input_squared_error` is the expected squared error of a linear model whose
inputs carry Gaussian noise: the noise-free error plus the weight penalty
:math:`\sigma^2\lVert w\rVert^2` (Bishop 1995).

:func:`transform_images` moves, rotates and scales grey-scale images by fixed amounts (the
deterministic counterpart of Keras's random augmentation layers), for figures.
"""

from __future__ import annotations

import numpy as np

from ._checks import MAX_ELEMENTS, as_array, in_range, integer, non_negative, one_of

__all__ = ["KINDS", "smoothing_targets", "smooth_labels", "optimal_logit_gap",
           "loss_of_logit_gap", "noisy_input_squared_error", "transform_images"]

#: The two definitions of label smoothing, by name, as :func:`smoothing_targets` knows them.
KINDS = ("keras", "uniform-others")


def _check_smoothing(n_classes, epsilon, kind) -> tuple[int, float, str]:
    n_classes = integer(n_classes, "n_classes", minimum=2, maximum=MAX_ELEMENTS)
    epsilon = in_range(epsilon, "epsilon", 0.0, 1.0)
    kind = one_of(kind, "kind", KINDS)
    return n_classes, epsilon, kind


def smoothing_targets(n_classes: int, epsilon: float, kind: str = "keras") -> tuple[float, float]:
    r"""The smoothed target of the true class and of each other class.

    Parameters
    ----------
    n_classes : int
        The number of classes :math:`k \ge 2`.
    epsilon : float
        The smoothing :math:`\epsilon` in :math:`[0, 1]`; 0 gives the one-hot targets.
    kind : {"keras", "uniform-others"}, default "keras"
        ``"keras"``: :math:`1-\epsilon+\epsilon/k` and :math:`\epsilon/k`, as Keras's
        ``label_smoothing``; ``"uniform-others"``: :math:`1-\epsilon` and
        :math:`\epsilon/(k-1)`.

    Returns
    -------
    (true, other) : tuple of float
        The two target values; ``true + (k - 1) * other`` is 1.

    Examples
    --------
    >>> smoothing_targets(10, 0.1)
    (0.91, 0.01)
    """
    k, epsilon, kind = _check_smoothing(n_classes, epsilon, kind)
    if kind == "keras":
        return 1 - epsilon + epsilon / k, epsilon / k
    return 1 - epsilon, epsilon / (k - 1)


def smooth_labels(y, n_classes: int, epsilon: float, kind: str = "keras") -> np.ndarray:
    r"""Smoothed one-hot targets for integer labels.

    Parameters
    ----------
    y : array-like of int, shape (n,)
        Class labels :math:`0, \dots, k-1`.
    n_classes : int
        The number of classes :math:`k \ge 2`.
    epsilon : float
        The smoothing in :math:`[0, 1]`.
    kind : {"keras", "uniform-others"}, default "keras"
        The definition (see :func:`smoothing_targets`).

    Returns
    -------
    numpy.ndarray of shape (n, k)
        Row :math:`i` holds the target distribution of example :math:`i`.
    """
    true, other = smoothing_targets(n_classes, epsilon, kind)
    labels = _check_labels(y, n_classes)
    targets = np.full((len(labels), n_classes), other)
    targets[np.arange(len(labels)), labels] = true
    return targets


def _check_labels(y, n_classes: int) -> np.ndarray:
    labels = as_array(y, "y", ndim=1)
    if labels.size * n_classes > MAX_ELEMENTS:
        raise ValueError(f"y and n_classes ask for {labels.size} x {n_classes} targets, more "
                         f"than the limit of {MAX_ELEMENTS:,} elements.")
    if np.any(labels != np.round(labels)) or (labels.size and (labels.min() < 0
                                                                or labels.max() >= n_classes)):
        raise ValueError(f"y must hold integer class labels from 0 to n_classes - 1 = "
                         f"{n_classes - 1}, got values from {labels.min():g} to "
                         f"{labels.max():g}.")
    return labels.astype(int)


def optimal_logit_gap(n_classes: int, epsilon: float, kind: str = "keras") -> float:
    r"""The logit gap at which the softmax reproduces the smoothed targets.

    With the true class's logit :math:`g` above the other :math:`k-1` (equal) logits, the
    softmax gives the true class :math:`e^g/(e^g+k-1)`; it equals the target ``true`` (and
    every other class the target ``other``) when :math:`g = \log(\text{true}/\text{other})`,
    which minimises the cross-entropy. For the Keras form this is
    :math:`\log\big((1-\epsilon+\epsilon/k)/(\epsilon/k)\big)`.

    Parameters
    ----------
    n_classes, epsilon, kind
        As for :func:`smoothing_targets`.

    Returns
    -------
    float
        The optimal gap; ``inf`` for :math:`\epsilon = 0` (hard targets: the loss keeps
        falling as the gap grows); 0 when the targets are uniform.
    """
    true, other = smoothing_targets(n_classes, epsilon, kind)
    if other == 0:
        return float("inf")
    return float(np.log(true / other))


def loss_of_logit_gap(gap, n_classes: int, epsilon: float, kind: str = "keras") -> np.ndarray:
    r"""The cross-entropy against smoothed targets when the true logit leads by ``gap``.

    The logits are :math:`g` for the true class and 0 for the other :math:`k-1`; with the
    targets :math:`t_{\text{true}}` and :math:`t_{\text{other}}` of :func:`smoothing_targets`
    the loss is

    .. math::

        L(g) = -t_{\text{true}}\log p_{\text{true}} - (k-1)\,t_{\text{other}}\log p_{\text{other}}
             = \log(e^g + k - 1) - t_{\text{true}}\,g .

    Parameters
    ----------
    gap : float or array-like
        Logit gaps :math:`g` (any real numbers).
    n_classes, epsilon, kind
        As for :func:`smoothing_targets`.

    Returns
    -------
    numpy.ndarray
        The loss at each gap, with the shape of ``gap``.
    """
    true, _ = smoothing_targets(n_classes, epsilon, kind)
    g = as_array(gap, "gap")
    return np.logaddexp(g, np.log(n_classes - 1)) - true * g


def noisy_input_squared_error(w, b, X, y, sigma: float) -> float:
    r"""The expected squared error of :math:`\hat y = w^\top x + b` when each input gets noise.

    With :math:`\tilde x = x + \eta`, :math:`\eta \sim \mathcal N(0, \sigma^2 I)` drawn afresh
    for every example, the cross term averages to zero and
    :math:`\mathbb E(w^\top\eta)^2 = \sigma^2\lVert w\rVert^2`, so

    .. math::

        \mathbb E_\eta \frac1n\sum_i (w^\top \tilde x_i + b - y_i)^2
        = \frac1n\sum_i (w^\top x_i + b - y_i)^2 + \sigma^2 \lVert w\rVert^2 .

    Parameters
    ----------
    w : array-like of shape (d,)
        The weights.
    b : float
        The bias (not penalised).
    X : array-like of shape (n, d)
        The noise-free inputs.
    y : array-like of shape (n,)
        The targets.
    sigma : float
        The standard deviation of the input noise, at least 0.

    Returns
    -------
    float
        The expected mean squared error.
    """
    w, b, X, y, sigma = _check_linear(w, b, X, y, sigma)
    residual = X @ w + b - y
    return float(np.mean(residual ** 2) + sigma ** 2 * (w @ w))


def _check_linear(w, b, X, y, sigma):
    w = as_array(w, "w", ndim=1)
    X = as_array(X, "X", ndim=2, shape=(None, len(w)))
    y = as_array(y, "y", shape=(len(X),))
    b = float(as_array(b, "b", ndim=0)) if not isinstance(b, (bool, np.bool_)) else None
    if b is None:
        raise TypeError("b must be a real number (the bias), got a boolean.")
    return w, b, X, y, non_negative(sigma, "sigma")


def transform_images(images, *, shift=(0.0, 0.0), degrees: float = 0.0,
                     zoom: float = 1.0) -> np.ndarray:
    r"""Shift, rotate and zoom grey-scale images about their centres, filling with zeros.

    Each output pixel is read, by linear interpolation, from the input at the point that
    the inverse transformation maps it to; points outside the image read 0 (no ink).

    Parameters
    ----------
    images : array-like of shape (h, w) or (n, h, w)
        One image or a batch of images.
    shift : (float, float), default (0, 0)
        Pixels to move the content down and to the right (negative: up, left).
    degrees : float, default 0
        Rotation, anticlockwise as the image is displayed, in degrees.
    zoom : float, default 1
        Magnification: above 1 enlarges the content, below 1 shrinks it (0.1 to 10).

    Returns
    -------
    numpy.ndarray
        The transformed images, with the shape of ``images``.
    """
    from scipy import ndimage

    batch, shift, degrees, zoom = _check_transform(images, shift, degrees, zoom)
    h, w = batch.shape[1:]
    centre = np.array([(h - 1) / 2, (w - 1) / 2])
    angle = np.deg2rad(degrees)
    # (row, column) coordinates: rows point down, so an anticlockwise turn on screen is
    # the matrix below; the input point read for output point p is R^-1 (p - c - s)/zoom + c
    inverse = np.array([[np.cos(angle), np.sin(angle)],
                        [-np.sin(angle), np.cos(angle)]]) / zoom
    inverse[np.abs(inverse) < 1e-12] = 0.0  # exact right angles: no roundoff at the borders
    offset = centre - inverse @ (centre + shift)
    out = np.stack([ndimage.affine_transform(image, inverse, offset=offset, order=1,
                                             mode="constant", cval=0.0) for image in batch])
    return out.reshape(np.shape(images))


def _check_transform(images, shift, degrees, zoom):
    batch = as_array(images, "images", ndim=(2, 3))
    if batch.size > MAX_ELEMENTS:
        raise ValueError(f"images has {batch.size:,} pixels, more than the limit of "
                         f"{MAX_ELEMENTS:,}.")
    batch = batch.reshape((-1,) + batch.shape[-2:])
    shift = as_array(shift, "shift", shape=(2,))
    degrees = in_range(degrees, "degrees", -360.0, 360.0)
    zoom = in_range(zoom, "zoom", 0.1, 10.0)
    return batch, shift, degrees, zoom
