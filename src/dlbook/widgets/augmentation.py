"""Widgets of Chapter 6's Section 6.2: label smoothing and data augmentation.

:func:`label_smoothing_explorer` shows, for a smoothing :math:`\\epsilon` set by a slider and
either of the two definitions in use, the smoothed targets and the cross-entropy as a
function of the logit gap between the true class and the others, with its minimum.
:func:`augmentation_explorer` applies one transformation (a shift, a rotation, a zoom or a
horizontal flip) at a chosen strength to a few real MNIST digits.
"""

from __future__ import annotations

import numpy as np

from .._checks import in_range, integer, one_of
from ..augmentation import (KINDS, loss_of_logit_gap, optimal_logit_gap, smoothing_targets,
                            transform_images)
from ..plots import COLORS
from .core import Choice, Explorer, Slider, check_values

__all__ = ["label_smoothing_explorer", "smoothing_outcome", "augmentation_explorer",
           "TRANSFORMS"]

_KIND_NAMES = {"keras": "Keras: 1 − ε + ε/k and ε/k",
               "uniform-others": "1 − ε and ε/(k − 1)"}


def smoothing_outcome(n_classes: int, epsilon: float, kind: str = "keras") -> str:
    """One sentence stating the smoothed targets and the optimal logit gap.

    Parameters
    ----------
    n_classes, epsilon, kind
        As for :func:`dlbook.augmentation.smoothing_targets`.

    Returns
    -------
    str
        For example ``"ε = 0.1 (Keras): target 0.91 for the true class and 0.01 for each
        of the other 9; the loss is smallest at a logit gap of 4.51, where the softmax
        gives the true class 0.91"``.
    """
    true, other = smoothing_targets(n_classes, epsilon, kind)
    gap = optimal_logit_gap(n_classes, epsilon, kind)
    name = "Keras" if kind == "keras" else "ε/(k − 1) form"
    head = (f"ε = {epsilon:g} ({name}): target {true:.4g} for the true class and {other:.4g} "
            f"for each of the other {n_classes - 1}")
    if np.isinf(gap):
        return head + ("; the loss keeps falling as the logit gap grows, so its minimum lies "
                       "at an infinite gap")
    if gap <= 0:
        return head + (f"; the targets are {'uniform' if gap == 0 else 'inverted'}, and the "
                       f"loss is smallest at a logit gap of {gap:.2f}")
    return head + (f"; the loss is smallest at a logit gap of {gap:.2f}, where the softmax "
                   f"gives the true class {true:.4g}")


def label_smoothing_explorer(epsilons=(0.0, 0.01, 0.05, 0.1, 0.2, 0.4),
                             n_classes: int = 10, kinds=KINDS) -> Explorer:
    """Label smoothing: the targets and the loss along the logit gap, for a slider-set ε.

    Left, the target distribution over the classes (the true class first). Right, the
    cross-entropy against those targets as a function of the gap :math:`g` between the
    true class's logit and the other logits (all equal), with the hard-target loss for
    comparison and the minimum :math:`g^* = \\log(t_{\\text{true}}/t_{\\text{other}})` marked.

    Parameters
    ----------
    epsilons : sequence of float, default (0, 0.01, 0.05, 0.1, 0.2, 0.4)
        The values of the ε slider, each in [0, 0.9].
    n_classes : int, default 10
        The number of classes :math:`k`, 2 to 20.
    kinds : sequence of str, default ("keras", "uniform-others")
        The definitions offered in the drop-down list (see
        :func:`dlbook.augmentation.smoothing_targets`).

    Returns
    -------
    Explorer
    """
    eps = [in_range(v, "each of epsilons", 0.0, 0.9)
           for v in check_values(epsilons, "epsilons")]
    if len(set(eps)) != len(eps):
        raise ValueError(f"epsilons must be distinct, got {eps}.")
    k = integer(n_classes, "n_classes", minimum=2, maximum=20)
    if isinstance(kinds, (str, bytes)) or kinds is None or not hasattr(kinds, "__len__"):
        raise TypeError(f"kinds must be a list of names from {list(KINDS)}, got {kinds!r}.")
    kinds = [one_of(v, "each of kinds", KINDS) for v in check_values(kinds, "kinds",
                                                                      min_count=1)]
    if len(set(kinds)) != len(kinds):
        raise ValueError(f"kinds must be distinct, got {kinds}.")
    gaps = np.linspace(-2.0, 14.0, 161)
    hard = loss_of_logit_gap(gaps, k, 0.0)

    def draw(fig, kind, epsilon):
        ax_t, ax_l = fig.subplots(1, 2, width_ratios=(1, 1.4))
        true, other = smoothing_targets(k, epsilon, kind)
        ax_t.bar(np.arange(k), [true] + [other] * (k - 1),
                 color=[COLORS["blue"]] + [COLORS["orange"]] * (k - 1))
        ax_t.annotate(f"{true:.4g}", (0, true), xytext=(0, 3), textcoords="offset points",
                      ha="center", fontsize=9)
        ax_t.annotate(f"{other:.4g} each", (min(k - 1, 1 + (k - 2) / 2), other),
                      xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
        ax_t.set_ylim(0, 1.12)
        ax_t.set_xticks(np.arange(k), ["true"] + [""] * (k - 1))
        ax_t.set_xlabel(f"class (true class first, then the other {k - 1})")
        ax_t.set_ylabel("target probability")
        ax_t.set_title("Smoothed targets", fontsize=10)
        loss = loss_of_logit_gap(gaps, k, epsilon, kind)
        ax_l.plot(gaps, hard, color="#777777", linestyle="--", linewidth=1.2,
                  label="hard targets (ε = 0)")
        ax_l.plot(gaps, loss, color=COLORS["blue"], linewidth=2, label=f"ε = {epsilon:g}")
        gap = optimal_logit_gap(k, epsilon, kind)
        if np.isfinite(gap) and gaps[0] <= gap <= gaps[-1]:
            best = float(loss_of_logit_gap(gap, k, epsilon, kind))
            ax_l.plot([gap], [best], "o", color=COLORS["vermillion"], markersize=7,
                      label=f"minimum at g* = {gap:.2f}")
        ax_l.set_ylim(0, float(hard[0]) + 0.2)
        ax_l.set_xlabel("logit gap g (true class minus each other class)")
        ax_l.set_ylabel("cross-entropy loss")
        ax_l.set_title("Loss along the logit gap", fontsize=10)
        ax_l.legend(loc="upper right", fontsize=8)
        where = "none: it falls forever" if np.isinf(gap) else f"g* = {gap:.2f}"
        fig.suptitle(f"ε = {epsilon:g}, k = {k}: targets {true:.4g} and {other:.4g}; "
                     f"optimal gap {where}", fontsize=11)

    return Explorer(draw, [Choice("kind", [(_KIND_NAMES[v], v) for v in kinds],
                                  label="definition", default=kinds[0]),
                           Slider("epsilon", eps, label="smoothing ε", fmt="{:g}",
                                  default=min(eps, key=lambda v: abs(v - 0.1)))],
                    title="Label smoothing: targets and the loss along the logit gap",
                    alt=lambda kind, epsilon: (
                        "Left: bar chart of the target probabilities. Right: the "
                        "cross-entropy against the logit gap, beside the hard-target loss. "
                        + smoothing_outcome(k, epsilon, kind)),
                    figsize=(9.6, 3.8))


#: The transformations of :func:`augmentation_explorer`: name -> (operation, amount).
TRANSFORMS = {
    "unchanged": ("none", 0.0),
    "shift right by 2 pixels": ("shift", 2.0),
    "rotate by 15 degrees": ("rotate", 15.0),
    "rotate by 90 degrees": ("rotate", 90.0),
    "rotate by 180 degrees": ("rotate", 180.0),
    "zoom in by 1.25": ("zoom", 1.25),
    "flip left to right": ("flip", 1.0),
}


def augmentation_explorer(transforms=tuple(TRANSFORMS), digits=(2, 4, 6, 7, 9)) -> Explorer:
    """One transformation, chosen from a list, applied to a few real MNIST digits.

    The top row shows the digits as they are, the bottom row transformed (with
    :func:`dlbook.augmentation.transform_images`, or mirrored for the flip). Each frame
    says whether the transformed images still show their digits.

    Parameters
    ----------
    transforms : sequence of str
        The transformations offered, 2 or more names from :data:`TRANSFORMS`.
    digits : sequence of int, default (2, 4, 6, 7, 9)
        Which digits to show (one training image of each), 2 to 8 distinct digits 0-9.

    Returns
    -------
    Explorer
    """
    from ..data import load_mnist_subset

    if isinstance(transforms, (str, bytes)) or transforms is None \
            or not hasattr(transforms, "__len__"):
        raise TypeError(f"transforms must be a list of names from {list(TRANSFORMS)}, "
                        f"got {transforms!r}.")
    names = [one_of(t, "each of transforms", tuple(TRANSFORMS))
             for t in check_values(transforms, "transforms")]
    if len(set(names)) != len(names):
        raise ValueError(f"transforms must be distinct, got {names}.")
    if isinstance(digits, (str, bytes)) or digits is None or not hasattr(digits, "__len__"):
        raise TypeError(f"digits must be a list of digits 0-9, got {digits!r}.")
    shown = [integer(d, "each of digits", minimum=0, maximum=9)
             for d in check_values(digits, "digits")]
    if len(set(shown)) != len(shown) or len(shown) > 8:
        raise ValueError(f"digits must be 2 to 8 distinct digits, got {shown}.")
    (x, y), _ = load_mnist_subset(normalize=True)
    images = np.stack([x[np.flatnonzero(y == d)[0]] for d in shown])
    changed = {name: _transformed(images, *TRANSFORMS[name]) for name in names}

    def draw(fig, transform):
        ax = fig.subplots()
        n, gap = len(shown), 4
        mosaic = np.full((2 * 28 + gap, n * (28 + gap) - gap), np.nan)
        for j in range(n):
            columns = slice(j * (28 + gap), j * (28 + gap) + 28)
            mosaic[:28, columns] = images[j]
            mosaic[28 + gap:, columns] = changed[transform][j]
        ax.imshow(np.ma.masked_invalid(mosaic), cmap="gray_r", vmin=0, vmax=1,
                  interpolation="nearest")
        ax.set_xticks([j * (28 + gap) + 13.5 for j in range(n)], [f"a {d}" for d in shown])
        ax.set_yticks([13.5, 28 + gap + 13.5], ["original", "transformed"])
        ax.tick_params(length=0)
        ax.grid(False)
        for side in ax.spines.values():
            side.set_visible(False)
        ax.set_title(f"{transform}: {_verdict(*TRANSFORMS[transform], short=True)}",
                     fontsize=10)

    def alt(transform):
        return (f"Digits {', '.join(map(str, shown))} above and the same images, {transform}, "
                f"below. " + _verdict(*TRANSFORMS[transform]))

    return Explorer(draw, Choice("transform", names, label="transformation", default=names[0]),
                    title="Data augmentation: which transformations keep the digit?",
                    alt=alt, figsize=(0.75 * len(shown) + 1.4, 2.5))


def _transformed(images, operation, amount):
    if operation == "shift":
        return transform_images(images, shift=(0.0, amount))
    if operation == "rotate":
        return transform_images(images, degrees=amount)
    if operation == "zoom":
        return transform_images(images, zoom=amount)
    if operation == "flip":
        return images[:, :, ::-1].copy()
    return images.copy()


def _verdict(operation, amount, short=False):
    if operation == "none":
        return "the originals" if short else "Nothing changes."
    if operation == "flip":
        return ("not digits any more" if short else
                "Mirrored, a 2, 4, 7 or 9 reads backwards: a flip makes images that are no "
                "digit at all, so it is the wrong augmentation here.")
    if operation == "rotate" and amount >= 180:
        return ("6 and 9 swap" if short else
                "Upside down, a 6 reads as a 9 and a 9 as a 6: the label would be wrong.")
    if operation == "rotate" and amount >= 90:
        return ("hard to read" if short else
                "Lying on their side, the digits no longer read as themselves: the label "
                "would not fit the image.")
    if operation == "rotate" and amount >= 45:
        return ("still readable, barely" if short else
                "Still readable, but tilted far more than handwriting is.")
    if operation == "shift" and amount > 4:
        return ("strokes pushed out" if short else
                "The digits keep their class, but parts of them leave the frame.")
    return "same digits" if short else "Every digit keeps its class."
