r"""Widgets of Chapter 6's section on adversarial examples: FGSM with a slider for its size.

:func:`fgsm_explorer` perturbs a few images by the fast gradient sign method,
:math:`x' = \operatorname{clip}(x + \epsilon\,\operatorname{sign}(\nabla_x J), 0, 1)`, for a
range of :math:`\epsilon`, and shows the perturbed images with the network's reading and its
confidence, and the probability of the true class against :math:`\epsilon`. The gradient's
sign does not depend on :math:`\epsilon`, so one gradient and one batched forward pass
precompute every frame.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_array, in_range, integer
from ..plots import COLORS, CYCLE
from .core import Explorer, Slider, check_values

__all__ = ["fgsm_explorer", "DEFAULT_EPSILONS"]

#: The sizes of the perturbation that :func:`fgsm_explorer` steps through (pixels in [0, 1]).
DEFAULT_EPSILONS = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.12, 0.14,
                    0.16, 0.18, 0.2, 0.22, 0.25)

#: The most images one explorer shows side by side.
MAX_IMAGES = 6


def fgsm_explorer(model, images, labels, epsilons=DEFAULT_EPSILONS, loss=None) -> Explorer:
    r"""An :math:`\epsilon` slider for the fast gradient sign method on a few images.

    Each frame shows the images perturbed by :func:`dlbook.adversarial.fgsm` at one
    :math:`\epsilon`, each titled with the class the model reads and its probability, and
    below them the probability of each image's true class against :math:`\epsilon`. The
    frame's title and alternative text say how many images are still read correctly.

    Parameters
    ----------
    model : keras.Model
        A classifier whose outputs are logits (a softmax turns them into probabilities).
    images : array-like of shape (k, height, width)
        One to six grey-scale images with values in [0, 1], in the shape ``model`` takes.
    labels : array-like of shape (k,)
        Their true classes (integers).
    epsilons : sequence of float, default DEFAULT_EPSILONS
        The slider's values, each in [0, 1].
    loss : keras.losses.Loss or callable, optional
        The loss whose gradient FGSM follows, as for :func:`dlbook.adversarial.input_gradient`
        (default: sparse categorical cross-entropy from logits).

    Returns
    -------
    Explorer
    """
    import keras

    from ..adversarial import _check_attack, input_gradient

    eps = [in_range(float(as_array(v, "each entry of epsilons", ndim=0)), "each entry of "
                    "epsilons", 0.0, 1.0) for v in check_values(epsilons, "epsilons")]
    if any(b <= a for a, b in zip(eps, eps[1:])):
        raise ValueError(f"epsilons must increase, got {eps}.")
    images = as_array(images, "images", ndim=3, dtype=np.float32)
    integer(len(images), "the number of images", minimum=1, maximum=MAX_IMAGES)
    if images.min() < 0 or images.max() > 1:
        raise ValueError("images must have values in [0, 1]; scale pixels by 1/255 first.")
    labels = as_array(labels, "labels", ndim=1, dtype=None)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be integer classes, got dtype {labels.dtype}.")
    model, images, _, loss = _check_attack(model, images, labels, loss)

    direction = np.sign(input_gradient(model, images, labels, loss))
    batch = np.concatenate([np.clip(images + e * direction, 0.0, 1.0) for e in eps])
    logits = keras.ops.convert_to_numpy(model(batch, training=False))
    if logits.ndim != 2 or logits.shape[1] <= int(labels.max()):
        raise ValueError(f"model must output one logit per class, got shape {logits.shape}.")
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = (probs / probs.sum(axis=1, keepdims=True)).reshape(len(eps), len(images), -1)
    adversarial = batch.reshape(len(eps), *images.shape)
    predicted = probs.argmax(axis=2)
    confidence = probs.max(axis=2)
    p_true = probs[:, np.arange(len(images)), labels]

    def outcome(epsilon):
        i = eps.index(epsilon)
        correct = int(np.sum(predicted[i] == labels))
        readings = ", ".join(f"the {t} as {p} ({c:.0%})" for t, p, c in
                             zip(labels, predicted[i], confidence[i]))
        return i, correct, readings

    def draw(fig, epsilon):
        i, correct, _ = outcome(epsilon)
        k = len(images)
        grid = fig.add_gridspec(2, k, height_ratios=[1.0, 1.1])
        for j in range(k):
            ax = fig.add_subplot(grid[0, j])
            ax.imshow(adversarial[i, j], cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="none")
            wrong = predicted[i, j] != labels[j]
            ax.set_title(f"reads {predicted[i, j]} ({confidence[i, j]:.0%})"
                         + ("\nWRONG" if wrong else "\ncorrect"), fontsize=9,
                         color=COLORS["vermillion"] if wrong else COLORS["black"])
            ax.set_axis_off()
        ax = fig.add_subplot(grid[1, :])
        for j in range(k):
            ax.plot(eps, p_true[:, j], color=CYCLE[j % len(CYCLE)], marker="o", markersize=3,
                    label=f"image {j + 1} (a {labels[j]})")
        ax.axvline(epsilon, color=COLORS["black"], linestyle=":", linewidth=1.2)
        ax.set_xlabel("ε (change of every pixel)")
        ax.set_ylabel("probability of\nthe true digit")
        ax.set_ylim(-0.03, 1.03)
        ax.legend(fontsize=7, ncols=min(k, 3), loc="upper right")
        fig.suptitle(f"FGSM, ε = {epsilon:.2f}: {correct} of {k} read correctly", fontsize=11)

    def alt(epsilon):
        i, correct, readings = outcome(epsilon)
        return (f"ε = {epsilon:.2f}: the network reads {readings}; {correct} of {len(images)} "
                f"images are read correctly. Below, the probability of each true digit falls "
                f"as ε grows.")

    return Explorer(draw, Slider("epsilon", eps, label="ε", fmt="{:.2f}", default=eps[0]),
                    title="The fast gradient sign method on test digits", alt=alt,
                    figsize=(1.45 * len(images) + 1.2, 4.4))
