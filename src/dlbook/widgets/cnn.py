r"""Widgets of Chapter 5's first sections: convolution, layer shapes and pooling.

* :func:`equivariance_explorer`: shift a photograph, then convolve, or convolve, then shift;
  the two agree everywhere but in the border columns where new content entered.
* :func:`layer_shape_explorer`: the output size :math:`\lfloor (W-F+2P)/S \rfloor + 1` of a
  convolution drawn along one axis, with the parameter count of the layer.
* :func:`receptive_field_explorer`: which inputs one unit of a stack of convolutions sees.
* :func:`pooling_shift_explorer`: how many pooled outputs change when the detector outputs
  shift.

Every factory precomputes what its frames show (cheap NumPy work) and states each frame's
outcome in its title and alternative text.
"""

from __future__ import annotations

import numpy as np

from .. import conv
from .._checks import integer
from ..plots import COLORS
from .core import Choice, Explorer, Slider, check_values

__all__ = ["equivariance_explorer", "layer_shape_explorer", "receptive_field_explorer",
           "pooling_shift_explorer", "KERNELS"]

#: The kernels :func:`equivariance_explorer` offers (3 × 3, applied by cross-correlation).
KERNELS = {
    "sobel x": np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]),
    "sobel y": np.array([[1.0, 2.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -2.0, -1.0]]),
    "blur": np.full((3, 3), 1.0 / 9.0),
    "sharpen": np.array([[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]]),
}

_KERNEL_TEXT = {"sobel x": "Sobel x (vertical edges)", "sobel y": "Sobel y (horizontal edges)",
                "blur": "3 × 3 box blur", "sharpen": "sharpen"}


def _int_values(values, name, minimum, maximum):
    values = check_values(values, name)
    if any(isinstance(v, (str, bytes)) or v is None for v in values):
        raise TypeError(f"{name} must be a list of integers, got {values!r}.")
    out = [integer(v.item() if isinstance(v, np.generic) else v, f"each entry of {name}",
                   minimum=minimum, maximum=maximum) for v in values]
    if any(b <= a for a, b in zip(out, out[1:])):
        raise ValueError(f"{name} must be increasing, got {out}.")
    return out


def _names(values, name, allowed):
    if values is None or isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a list of names from {list(allowed)}, got {values!r}.")
    values = check_values(values, name, min_count=1)
    for v in values:
        if not isinstance(v, str) or v not in allowed:
            raise ValueError(f"{name}: {v!r} is not one of {list(allowed)}.")
    if len(set(values)) != len(values):
        raise ValueError(f"{name} must not repeat a name, got {values}.")
    return values


# -- equivariance ---------------------------------------------------------------------------
def equivariance_explorer(shifts=(0, 1, 3), kernels=("sobel x", "blur"),
                          size: int = 28) -> Explorer:
    r"""Translation equivariance of convolution on a real photograph.

    A ``size`` × ``size`` window of scikit-learn's grey-scale photograph ``china.jpg`` (a
    temple) is the input :math:`x`; the translation :math:`g` moves its content ``shift``
    pixels to the right (the window moves left over the photograph, so new content enters at
    the left border). The frame shows :math:`g(x)`, :math:`f(g(x))` (shift, then
    cross-correlate with the kernel) and :math:`g(f(x))` (cross-correlate, then shift; the
    columns it cannot know, where the two differ, are blank). They agree exactly away from the
    left border.

    Parameters
    ----------
    shifts : sequence of int, default (0, 1, 3)
        The shift slider's values in pixels, increasing, from 0 to ``size // 2``.
    kernels : sequence of str, default ("sobel x", "blur")
        Names from :data:`KERNELS`.
    size : int, default 28
        The window's side in pixels, 8 to 64.

    Returns
    -------
    Explorer
    """
    size = integer(size, "size", minimum=8, maximum=64)
    shifts = _int_values(shifts, "shifts", 0, size // 2)
    kernels = _names(kernels, "kernels", KERNELS)
    from ..data import load_photo

    photo = load_photo("china.jpg", gray=True, size=80)
    top, left = 20, 40                          # the window, inside the photograph
    max_shift = max(shifts)
    if left - max_shift < 0 or top + size > photo.shape[0] or left + size > photo.shape[1]:
        raise ValueError(f"size {size} with shifts up to {max_shift} does not fit the photograph.")
    x = photo[top: top + size, left: left + size]
    results = {}
    for name in kernels:
        fx = conv.correlate2d(x, KERNELS[name])
        for s in shifts:
            gx = photo[top: top + size, left - s: left - s + size]   # content moved right by s
            fgx = conv.correlate2d(gx, KERNELS[name])
            gfx = np.full_like(fx, np.nan)
            gfx[:, s:] = fx[:, : fx.shape[1] - s]                    # shift the feature map
            known = ~np.isnan(gfx)
            agree = known & np.isclose(fgx, np.where(known, gfx, 0.0), rtol=0, atol=1e-12)
            results[name, s] = {"gx": gx, "fgx": fgx, "gfx": gfx, "agree": agree,
                                "n_border": int((~known).sum()), "n_agree": int(agree.sum()),
                                "n_known": int(known.sum())}
    out_h, out_w = size - 2, size - 2

    def outcome(kernel, shift):
        r = results[kernel, shift]
        if shift == 0:
            return "shift 0: f(g(x)) = g(f(x)) = f(x) everywhere, nothing has moved"
        return (f"shift {shift} px: the two agree at all {r['n_agree']} of the {r['n_known']} "
                f"positions that g(f(x)) knows; they differ only in the {shift} border "
                f"column{'s' if shift > 1 else ''} ({r['n_border']} positions) where new content "
                f"entered")

    def draw(fig, kernel, shift):
        r = results[kernel, shift]
        axes = fig.subplots(1, 3)
        lim = np.nanmax(np.abs(r["fgx"])) or 1.0
        panels = [(r["gx"], "g(x): the shifted input", "gray", 0, 1),
                  (r["fgx"], "f(g(x)): shift, then convolve", "PuOr", -lim, lim),
                  (r["gfx"], "g(f(x)): convolve, then shift", "PuOr", -lim, lim)]
        for ax, (image, title, cmap, lo, hi) in zip(axes, panels):
            ax.imshow(np.ma.masked_invalid(image), cmap=cmap, vmin=lo, vmax=hi,
                      interpolation="none")
            ax.set_title(title, fontsize=9)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
        axes[1].set_xlabel(f"{out_h} × {out_w} feature map", fontsize=8)
        axes[2].set_xlabel(f"equal to f(g(x)) at {r['n_agree']} positions;\nblank: "
                           f"{r['n_border']} unknown border positions", fontsize=8)
        fig.suptitle(f"{_KERNEL_TEXT[kernel]}, shift {shift} px: "
                     + ("nothing moved" if shift == 0 else
                        f"equal away from the {shift}-column border"), fontsize=11)

    def alt(kernel, shift):
        return (f"{outcome(kernel, shift)}. Three panels: the shifted window of a grey-scale "
                f"photograph of a temple, its cross-correlation with the {_KERNEL_TEXT[kernel]} "
                "kernel, and the cross-correlation of the unshifted window shifted afterwards, "
                "blank in the border columns it cannot know")

    return Explorer(draw, [Choice("kernel", [(_KERNEL_TEXT[k], k) for k in kernels],
                                  label="kernel", default=kernels[0]),
                           Slider("shift", shifts, label="shift (pixels)",
                                  default=shifts[min(2, len(shifts) - 1)])],
                    title="Shift, then convolve; or convolve, then shift", alt=alt,
                    figsize=(7.2, 3.0))


# -- layer shapes ---------------------------------------------------------------------------
def layer_shape_explorer(widths=(7, 32), kernel_sizes=(3, 5), paddings=(0, 1, 2),
                         strides=(1, 2), *, C_in: int = 3, C_out: int = 32) -> Explorer:
    r"""The output size :math:`\lfloor (W - F + 2P)/S \rfloor + 1` drawn along one axis.

    The input's ``W`` cells with ``P`` zeros on each side, the positions where the kernel of
    size ``F`` is placed (every ``S``-th), and the output cells. The title gives the output
    size, says whether the last inputs are never read (when :math:`S` does not divide
    :math:`W - F + 2P`) and gives the layer's :math:`(F \cdot F \cdot C_{in} + 1)\,C_{out}`
    parameters for square F × F kernels.

    Parameters
    ----------
    widths, kernel_sizes, paddings, strides : sequence of int
        The values of the four sliders (increasing; W from 1 to 40, F from 1 to 11, P from 0 to
        5, S from 1 to 5). Combinations whose kernel does not fit are drawn as such.
    C_in, C_out : int, default 3 and 32
        The channels behind the parameter count.

    Returns
    -------
    Explorer
    """
    widths = _int_values(widths, "widths", 1, 40)
    kernel_sizes = _int_values(kernel_sizes, "kernel_sizes", 1, 11)
    paddings = _int_values(paddings, "paddings", 0, 5)
    strides = _int_values(strides, "strides", 1, 5)
    C_in = integer(C_in, "C_in", minimum=1, maximum=100_000)
    C_out = integer(C_out, "C_out", minimum=1, maximum=100_000)

    def outcome(W, F, P, S):
        if F > W + 2 * P:
            return f"W = {W}, F = {F}, P = {P}: the kernel does not fit (F > W + 2P)"
        O = conv.output_size(W, F, P, S)
        unread = (W - F + 2 * P) % S
        text = f"⌊({W} − {F} + 2·{P})/{S}⌋ + 1 = {O} outputs"
        if unread:
            text += f"; the last {unread} padded input{'s are' if unread > 1 else ' is'} never read"
        if O == W:
            text += "; as long as the input"
        return text

    def draw(fig, W, F, P, S):
        ax = fig.subplots()
        n = W + 2 * P
        ax.set_xlim(0, max(n, 12))
        ax.set_ylim(-3.2, 1.4)
        ax.axis("off")
        cell = min(14.0, 420.0 / max(n, 12))                  # marker size in points
        cells = np.arange(n) + 0.5
        pad = (cells < P) | (cells > P + W)
        ax.plot(cells[~pad], np.zeros((~pad).sum()), "s", markersize=cell,
                color=COLORS["sky"], markeredgecolor="#333333", markeredgewidth=0.6)
        ax.plot(cells[pad], np.zeros(pad.sum()), "s", markersize=cell, color="white",
                markeredgecolor="#888888", markeredgewidth=0.6)
        ax.text(0, 1.0, f"input: W = {W} cells" + (f", P = {P} zeros each side" if P else ""),
                fontsize=9, va="center")
        params = conv.conv_params(F, C_in, C_out)
        if F > n:
            ax.text(0, -1.5, "the kernel is larger than the padded input: no output", fontsize=10,
                    color=COLORS["vermillion"])
            fig.suptitle(outcome(W, F, P, S), fontsize=11)
            return
        O = conv.output_size(W, F, P, S)
        starts = np.arange(O) * S
        levels = -0.55 - 0.22 * (np.arange(O) % 3)
        ax.hlines(levels, starts + 0.05, starts + F - 0.05, color=COLORS["vermillion"], lw=1.6)
        ax.plot(np.arange(O) + 0.5, np.full(O, -2.0), "s", markersize=cell,
                color=COLORS["orange"], markeredgecolor="#333333", markeredgewidth=0.6)
        ax.text(0, -2.9, f"output: {O} cells, one per kernel position (every {S}"
                f"{'st' if S == 1 else 'nd' if S == 2 else 'rd' if S == 3 else 'th'} cell)",
                fontsize=9, va="center")
        fig.suptitle(f"{outcome(W, F, P, S)}\n{F}×{F} kernels, {C_in} → {C_out} channels: "
                     f"({F}·{F}·{C_in} + 1)·{C_out} = {params:,} parameters", fontsize=10)

    def alt(W, F, P, S):
        return (f"{outcome(W, F, P, S)}; a layer of {F} by {F} kernels from {C_in} to {C_out} "
                f"channels has {conv.conv_params(F, C_in, C_out):,} parameters. A row of input "
                "cells with white padding cells, red bars for the kernel positions and a row "
                "of output cells")

    return Explorer(draw, [Slider("W", widths, label="input size W", default=widths[0]),
                           Slider("F", kernel_sizes, label="kernel size F",
                                  default=kernel_sizes[0]),
                           Slider("P", paddings, label="padding P", default=paddings[0]),
                           Slider("S", strides, label="stride S", default=strides[0])],
                    title="Output size and parameters of a convolution", alt=alt,
                    figsize=(7.2, 2.6))


# -- receptive field ------------------------------------------------------------------------
def receptive_field_explorer(max_depth: int = 4, kernel_sizes=(3, 5),
                             strides=(1, 2)) -> Explorer:
    r"""The inputs that one unit of a stack of 1-D convolutions depends on.

    ``depth`` layers of the same kernel size ``F`` and stride ``S`` (no padding) sit above an
    input row; the units that the top unit depends on, layer by layer down to the input, are
    highlighted. The receptive field is :func:`dlbook.conv.receptive_field`,
    :math:`1 + (F-1)(1 + S + \dots + S^{d-1})`.

    Parameters
    ----------
    max_depth : int, default 4
        The depth slider runs from 1 to ``max_depth`` (2 to 6).
    kernel_sizes, strides : sequence of int
        The values of the other two sliders (F from 2 to 5, S from 1 to 2).

    Returns
    -------
    Explorer
    """
    max_depth = integer(max_depth, "max_depth", minimum=2, maximum=6)
    kernel_sizes = _int_values(kernel_sizes, "kernel_sizes", 2, 5)
    strides = _int_values(strides, "strides", 1, 2)

    def fields(depth, F, S):
        """For each layer from the top down, the [first, last] units the top unit depends on."""
        spans = [(0, 0)]
        for _ in range(depth):
            lo, hi = spans[-1]
            spans.append((lo * S, hi * S + F - 1))
        return spans[::-1]                      # from the input up

    def draw(fig, depth, F, S):
        from matplotlib.collections import PolyCollection

        ax = fig.subplots()
        spans = fields(depth, F, S)
        n_inputs = conv.receptive_field([(F, S)] * max_depth)     # the same axis at every depth
        positions = [np.arange(n_inputs, dtype=float)]            # each unit's centre, per layer
        for _ in range(depth):
            below = positions[-1]
            n_units = (len(below) - F) // S + 1
            positions.append(np.array([(below[u * S] + below[u * S + F - 1]) / 2
                                       for u in range(n_units)]))
        edges = []
        for level, (xs, (lo, hi)) in enumerate(zip(positions, spans)):
            on = (np.arange(len(xs)) >= lo) & (np.arange(len(xs)) <= hi)
            ax.plot(xs[~on], np.full((~on).sum(), level), "o", markersize=3, color="#bbbbbb",
                    zorder=2)
            ax.plot(xs[on], np.full(on.sum(), level), "o", markersize=4.5, zorder=3,
                    color=COLORS["vermillion"] if level else COLORS["blue"])
            if level:   # the cone from the units of this layer down to those they read
                below = positions[level - 1]
                edges.append([(xs[lo], level), (xs[hi], level), (below[hi * S + F - 1], level - 1),
                              (below[lo * S], level - 1)])
        ax.add_collection(PolyCollection(edges, facecolors=COLORS["vermillion"], alpha=0.15,
                                         edgecolors="none", zorder=1))
        r = conv.receptive_field([(F, S)] * depth)
        ax.set_yticks(range(depth + 1), ["input"] + [f"layer {k}" for k in range(1, depth + 1)])
        ax.set_xlabel("input position")
        ax.set_xlim(-1, n_inputs)
        ax.set_ylim(-0.5, max_depth + 0.5)
        ax.grid(False)
        ax.set_title(f"{depth} layer{'s' if depth > 1 else ''} of F = {F}, S = {S}: one unit of "
                     f"the top layer sees {r} inputs", fontsize=11)

    def alt(depth, F, S):
        r = conv.receptive_field([(F, S)] * depth)
        return (f"{depth} layers of kernel size {F} and stride {S}: one unit of the top layer "
                f"depends on {r} inputs. Rows of units, one row per layer above the input row, "
                "with the units the top unit depends on highlighted and joined to the units "
                "below them")

    return Explorer(draw, [Slider("depth", list(range(1, max_depth + 1)), label="depth",
                                  default=2),
                           Slider("F", kernel_sizes, label="kernel size F"),
                           Slider("S", strides, label="stride S", default=strides[0])],
                    title="Receptive field against depth", alt=alt, figsize=(7.2, 3.4))


# -- pooling --------------------------------------------------------------------------------
_SIGNAL = np.array([0.0, 0.0, 0.1, 0.2, 0.0, 0.1, 0.9, 1.0, 0.3, 0.1, 0.0, 0.2, 0.3, 0.1, 0.0,
                    0.1, 0.8, 0.9, 0.2, 0.0, 0.1, 0.0, 0.3, 0.1])


def pooling_shift_explorer(shifts=(1, 2), kinds=("max", "average", "l2"),
                           sizes=(2, 3)) -> Explorer:
    r"""How many pooled outputs change when the detector outputs move by a few positions.

    A fixed row of 16 non-negative detector outputs (a window onto a longer row, so that a shift
    brings new values in at the left) is pooled with stride 1 and ``padding="same"``; the frame
    compares the pooled outputs before and after the shift, position by position, and counts
    those that changed.

    Parameters
    ----------
    shifts : sequence of int, default (1, 2)
        Shifts to the right, 0 to 6.
    kinds : sequence of str, default ("max", "average", "l2")
        Pooling functions from :data:`dlbook.conv.POOLING_KINDS`.
    sizes : sequence of int, default (2, 3)
        Pooling widths, 1 to 8.

    Returns
    -------
    Explorer
    """
    shifts = _int_values(shifts, "shifts", 0, 6)
    kinds = _names(kinds, "kinds", conv.POOLING_KINDS)
    sizes = _int_values(sizes, "sizes", 1, 8)
    n, start = 16, 7
    positions = np.arange(n)

    def rows(shift, kind, size):
        before = _SIGNAL[start: start + n]
        after = _SIGNAL[start - shift: start - shift + n]
        pooled_before = conv.pool1d(before, size, 1, kind, padding="same")
        pooled_after = conv.pool1d(after, size, 1, kind, padding="same")
        changed_in = int(np.sum(~np.isclose(before, after, rtol=0, atol=1e-12)))
        changed_out = int(np.sum(~np.isclose(pooled_before, pooled_after, rtol=0, atol=1e-12)))
        return before, after, pooled_before, pooled_after, changed_in, changed_out

    names = {"max": "max", "average": "average", "l2": "L2", "weighted": "weighted"}

    def outcome(shift, kind, size):
        before, after, pooled_before, pooled_after, changed_in, changed_out = rows(shift, kind,
                                                                                 size)
        text = (f"{names[kind]} pooling of width {size}, shift {shift}: {changed_in} of {n} "
                f"detector outputs changed, {changed_out} of {n} pooled outputs changed")
        if shift:
            text += (f" (by up to {np.abs(pooled_after - pooled_before).max():.2f}; the inputs "
                     f"by up to {np.abs(after - before).max():.2f})")
        return text

    def draw(fig, shift, kind, size):
        before, after, pooled_before, pooled_after, *_ = rows(shift, kind, size)
        ax_in, ax_out = fig.subplots(2, 1, sharex=True)
        for ax, (a, b), what in ((ax_in, (before, after), "detector outputs"),
                                 (ax_out, (pooled_before, pooled_after), f"{names[kind]} pooled")):
            for offset, values, marker, colour, label in (
                    (-0.12, a, "o", COLORS["blue"], "before the shift"),
                    (0.12, b, "s", COLORS["orange"], "after the shift")):
                x = positions + offset
                ax.plot(x, values, marker, color=colour, markersize=5, label=label)
                stems_x = np.column_stack([x, x, np.full(n, np.nan)]).ravel()
                stems_y = np.column_stack([np.zeros(n), values, np.full(n, np.nan)]).ravel()
                ax.plot(stems_x, stems_y, color=colour, lw=1)      # all stems as one path
            diff = ~np.isclose(a, b, rtol=0, atol=1e-12)
            ax.plot(positions[diff], np.full(diff.sum(), -0.25), "x", color=COLORS["vermillion"],
                    label="changed")
            ax.set_ylabel(what, fontsize=9)
            ax.set_xticks(positions[::3])
            ax.set_ylim(-0.4, max(1.1, 1.1 * max(a.max(), b.max())))
        ax_in.legend(loc="upper right", fontsize=7, ncols=3, frameon=True, framealpha=0.85)
        ax_out.set_xlabel("position")
        fig.suptitle(outcome(shift, kind, size), fontsize=10)

    def alt(shift, kind, size):
        return (f"{outcome(shift, kind, size)}. Two stem plots: the detector outputs before and "
                "after the shift, and their pooled outputs, with the changed positions marked")

    return Explorer(draw, [Slider("shift", shifts, label="shift",
                                  default=1 if 1 in shifts else shifts[0]),
                           Choice("kind", [(names[k], k) for k in kinds], label="pooling",
                                  default=kinds[0]),
                           Slider("size", sizes, label="pool width",
                                  default=sizes[min(1, len(sizes) - 1)])],
                    title="Pooling and small shifts", alt=alt, figsize=(7.2, 3.8))
