"""Widgets of Chapter 5: hand-designed kernels on a photograph, and tiled convolution.

* :func:`kernel_gallery`: a photograph that ships with scikit-learn next to the same
  photograph filtered with a hand-designed kernel of :func:`dlbook.filters.kernel` (box
  blurs of several sizes, simple, Sobel and Prewitt edge detectors, the eight Kirsch
  masks and their maximum, sharpening with several amounts);
* :func:`tiling_explorer`: which of the :math:`t^2` kernels of a tiled convolution
  (:func:`dlbook.conv_variants.tiled_conv2d`) is used at each output position, and the
  layer's parameter count, from ordinary convolution (:math:`t = 1`) to a locally
  connected layer.

Both factories compute everything once; ``draw`` only shows it.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_array, integer, one_of
from ..plots import COLORS
from .core import Choice, Explorer, Slider

__all__ = ["kernel_gallery", "gallery_settings", "tiling_explorer"]

#: The grey levels of the filtered images :func:`kernel_gallery` shows (fewer levels than
#: the screen's 256 keep the flipbook's images small; the eye does not tell them apart).
GREY_LEVELS = 32

#: The most frames :func:`kernel_gallery` makes.
MAX_GALLERY_FRAMES = 40

_EDGE_TEXT = {
    "simple_x": ("simple x", "vertical edges"), "simple_y": ("simple y", "horizontal edges"),
    "sobel_x": ("Sobel x", "vertical edges"), "sobel_y": ("Sobel y", "horizontal edges"),
    "prewitt_x": ("Prewitt x", "vertical edges"), "prewitt_y": ("Prewitt y", "horizontal edges"),
}
_KIRSCH_DIRECTIONS = ("top", "top-left", "left", "bottom-left", "bottom", "bottom-right",
                      "right", "top-right")


def _sizes(values, name: str, minimum: int, maximum: int, odd: bool = False) -> list:
    arr = as_array(values, name, ndim=1)
    if len(arr) < 1 or len(arr) > MAX_GALLERY_FRAMES:
        raise ValueError(f"{name} must list 1 to {MAX_GALLERY_FRAMES} values, got {len(arr)}.")
    out = []
    for v in arr:
        if v != int(v) or not minimum <= v <= maximum or (odd and int(v) % 2 == 0):
            raise ValueError(f"{name} must hold {'odd ' if odd else ''}integers from {minimum} "
                             f"to {maximum}, got {v}.")
        out.append(int(v))
    return out


def gallery_settings(box_sizes=(3, 5, 7, 9), amounts=(0.0, 2.0, 4.0, 8.0)):
    """The settings :func:`kernel_gallery` offers, as ``(text, (name, size, amount))`` pairs.

    Parameters
    ----------
    box_sizes : sequence of int, default (3, 5, 7, 9)
        The sides of the box blurs (odd, 1 to 51).
    amounts : sequence of float, default (0, 2, 4, 8)
        The strengths of the sharpening kernel (0 to 100).

    Returns
    -------
    list of tuple
        One entry per frame: the text the reader sees and the arguments of
        :func:`dlbook.filters.kernel`; ``("Kirsch maximum", ("kirsch_max", 3, 0.0))`` stands
        for the largest of the eight Kirsch responses.
    """
    sizes = _sizes(box_sizes, "box_sizes", 1, 51, odd=True)
    amounts_ = as_array(amounts, "amounts", ndim=1)
    if len(amounts_) < 1 or amounts_.min() < 0 or amounts_.max() > 100:
        raise ValueError(f"amounts must list numbers from 0 to 100, got {amounts_.tolist()}.")
    settings = [(f"box blur {s}×{s}", ("box", s, 0.0)) for s in sizes]
    settings += [(text, (name, 3, 0.0)) for name, (text, _) in _EDGE_TEXT.items()]
    settings += [(f"Kirsch {r} ({_KIRSCH_DIRECTIONS[r - 1]})", (f"kirsch_{r}", 3, 0.0))
                 for r in range(1, 9)]
    settings.append(("Kirsch maximum", ("kirsch_max", 3, 0.0)))
    settings += [(f"sharpen, amount {a:g}", ("sharpen", 3, float(a))) for a in amounts_]
    if len(settings) > MAX_GALLERY_FRAMES:
        raise ValueError(f"these box_sizes and amounts make {len(settings)} frames, more than "
                         f"{MAX_GALLERY_FRAMES}; give fewer values.")
    return settings


def _describe(name: str, size: int, amount: float, image, out) -> str:
    if name == "box":
        change = np.abs(out - image).mean()
        return (f"Box blur {size}×{size}: each pixel becomes the mean of {size * size} pixels; "
                f"fine detail is smoothed away, the mean change of a pixel is {change:.3f}")
    if name == "sharpen":
        clipped = np.mean((out < 0) | (out > 1))
        if amount == 0:
            return "Sharpen with amount 0 is the identity: the filtered image equals the original"
        return (f"Sharpen with amount {amount:g}: edges are exaggerated; {clipped:.0%} of the "
                f"pixels fall outside [0, 1] and show as black or white")
    strong = np.mean(np.abs(out) > 0.25 * np.abs(out).max())
    if name == "kirsch_max":
        return (f"The Kirsch edge magnitude, the largest of the eight compass responses: "
                f"bright on edges of every direction; {strong:.0%} of pixels above a quarter "
                f"of its maximum")
    if name.startswith("kirsch_"):
        r = int(name.split("_")[1])
        return (f"Kirsch mask {r} responds to edges whose brighter side is toward the "
                f"{_KIRSCH_DIRECTIONS[r - 1]} (light) and to the opposite ones (dark)")
    text, what = _EDGE_TEXT[name]
    return (f"The {text} kernel responds to {what}: light where the grey level rises across "
            f"the edge in the kernel's direction, dark where it falls, mid-grey on flat areas")


def kernel_gallery(photo="china.jpg", size=142, crop=(12, 36, 72, 100),
                   box_sizes=(3, 5, 7, 9), amounts=(0.0, 2.0, 4.0, 8.0)):
    """A hand-designed kernel and what it makes of a photograph.

    The photograph is one of scikit-learn's (CC BY 2.0, loaded with
    :func:`dlbook.data.load_photo`) in grey levels; the kernels are applied to the whole
    photograph with :func:`dlbook.filters.apply_kernel` (cross-correlation, mirrored
    border), and a crop of the result is shown next to the kernel (to keep each frame
    small). Blurred and sharpened images are shown on the grey scale of the original
    (values beyond [0, 1] clipped), edge responses on a grey scale symmetric about zero
    (mid-grey).

    Parameters
    ----------
    photo : {"china.jpg", "flower.jpg"}, default "china.jpg"
        Which photograph.
    size : int, default 142
        The photograph is shrunk to at most this height in pixels (8 to 427).
    crop : tuple of int, default (12, 36, 72, 100)
        ``(top, left, height, width)`` of the part shown, in pixels of the shrunk photograph.
    box_sizes : sequence of int, default (3, 5, 7, 9)
        The box blurs offered.
    amounts : sequence of float, default (0, 2, 4, 8)
        The sharpening amounts offered.

    Returns
    -------
    Explorer
    """
    from ..data import load_photo
    from ..filters import apply_kernel, kernel, kirsch_edges

    photo = one_of(photo, "photo", ("china.jpg", "flower.jpg"))
    size = integer(size, "size", minimum=8, maximum=427)
    settings = gallery_settings(box_sizes, amounts)
    image = load_photo(photo, gray=True, size=size)
    top, left, height, width = _crop(crop, image.shape)
    window = (slice(top, top + height), slice(left, left + width))
    filtered, kernels = {}, {}
    for _, setting in settings:
        name, k, amount = setting
        if name == "kirsch_max":
            filtered[setting], kernels[setting] = kirsch_edges(image)[0], None
        else:
            kernels[setting] = kernel(name, size=k, amount=amount)
            filtered[setting] = apply_kernel(image, kernels[setting])
    texts = {setting: text for text, setting in settings}

    def draw(fig, kernel):
        name = kernel[0]
        out = filtered[kernel][window]
        ax_k, ax_out = fig.subplots(1, 2, width_ratios=(1, 2.2))
        _draw_kernel(ax_k, kernels[kernel])
        if name in ("box", "sharpen"):
            low, high = 0.0, 1.0
        else:
            high = np.abs(filtered[kernel]).max() or 1.0
            low = 0.0 if name == "kirsch_max" else -high
        shown = np.clip((out - low) / (high - low), 0, 1)
        shown = np.round(shown * (GREY_LEVELS - 1)) / (GREY_LEVELS - 1)
        ax_out.imshow(shown, cmap="gray", vmin=0, vmax=1, interpolation="none")
        ax_out.set_title(f"{texts[kernel]} on {photo}", fontsize=10)
        ax_out.axis("off")

    def alt(kernel):
        return _describe(*kernel, image, filtered[kernel]) + f", on the grey-scale {photo}"

    default = next(setting for _, setting in settings if setting[0] == "sobel_x")
    return Explorer(draw, [Choice("kernel", settings, label="kernel", default=default)],
                    title="Hand-designed kernels on a photograph", alt=alt,
                    figsize=(6.0, 2.9))


def _crop(crop, shape):
    values = as_array(crop, "crop", shape=(4,))
    if np.any(values != np.round(values)) or values.min() < 0 or values[2] < 1 \
            or values[3] < 1:
        raise ValueError(f"crop must be (top, left, height, width) in whole pixels, got "
                         f"{values.tolist()}.")
    top, left, height, width = (int(v) for v in values)
    if top + height > shape[0] or left + width > shape[1]:
        raise ValueError(f"crop {(top, left, height, width)} reaches beyond the "
                         f"{shape[0]}x{shape[1]} photograph; choose a smaller crop.")
    return top, left, height, width


def _draw_kernel(ax, k):
    """The kernel as a small table of its entries (or a note for the Kirsch maximum)."""
    ax.axis("off")
    if k is None:
        ax.text(0.5, 0.5, "max of the\n8 Kirsch\nresponses", ha="center", va="center",
                transform=ax.transAxes, fontsize=10)
        return
    ax.set_title(f"kernel ({k.shape[0]}×{k.shape[1]})", fontsize=10)
    limit = np.abs(k).max()
    ax.imshow(k, cmap="PuOr", vmin=-limit, vmax=limit)
    if k.shape[0] <= 5:
        for (r, c), v in np.ndenumerate(k):
            ax.text(c, r, f"{v:.3g}" if v != round(v) else f"{v:g}", ha="center", va="center",
                    fontsize=9 if k.shape[0] <= 3 else 7,
                    color="white" if abs(v) > 0.6 * limit else "black")
    else:
        ax.text(0.5, -0.08, f"every entry 1/{k.size}", ha="center", va="top",
                transform=ax.transAxes, fontsize=9)


def tiling_explorer(output_size=6, F=3, C_in=1, C_out=1):
    """Which kernel a tiled convolution uses at each output position, as the tile size grows.

    For each tile size :math:`t` from 1 to ``output_size``, the left panel numbers the
    :math:`t^2` kernels and marks every output position with the kernel it uses,
    ``K[..., j % t, k % t]``; the right panel shows the parameter count of
    :func:`dlbook.conv_variants.tiled_conv2d_params` against :math:`t`, from a convolution
    (:math:`t = 1`) to a locally connected layer (:math:`t` = ``output_size``).

    Parameters
    ----------
    output_size : int, default 6
        The output is ``output_size`` x ``output_size`` positions (2 to 12).
    F : int, default 3
        The kernel size.
    C_in, C_out : int, default 1
        The numbers of input and output channels.

    Returns
    -------
    Explorer
    """
    from ..conv_variants import (conv2d_params, locally_connected2d_params,
                                 tiled_conv2d_params)

    n = integer(output_size, "output_size", minimum=2, maximum=12)
    F = integer(F, "F", minimum=1, maximum=99)
    C_in = integer(C_in, "C_in", minimum=1, maximum=4096)
    C_out = integer(C_out, "C_out", minimum=1, maximum=4096)
    ts = list(range(1, n + 1))
    counts = {t: tiled_conv2d_params(F, C_in, C_out, t) for t in ts}
    conv, local = conv2d_params(F, C_in, C_out), locally_connected2d_params(F, C_in, C_out, n, n)

    def draw(fig, t):
        ax_grid, ax_count = fig.subplots(1, 2, width_ratios=(1, 1.3))
        j, k = np.meshgrid(range(n), range(n), indexing="ij")
        which = (j % t) * t + (k % t) + 1
        ax_grid.imshow(which, cmap="cividis", vmin=1, vmax=max(t * t, 2))
        for (r, c), w in np.ndenumerate(which):
            ax_grid.text(c, r, str(w), ha="center", va="center", fontsize=8,
                         color="black" if w > t * t / 2 else "white")
        ax_grid.set_xticks(range(n))
        ax_grid.set_yticks(range(n))
        ax_grid.set_xlabel("output column k")
        ax_grid.set_ylabel("output row j")
        ax_grid.grid(False)
        ax_grid.set_title(f"kernel used at each position\n(t = {t}: {t * t} kernels)",
                          fontsize=10)
        ax_count.plot(ts, [counts[s] for s in ts], "o-", color=COLORS["blue"])
        ax_count.plot([t], [counts[t]], "o", ms=11, color=COLORS["orange"],
                      label=f"t = {t}: {counts[t]:,}")
        ax_count.axhline(conv, color=COLORS["green"], ls="--", lw=1,
                         label=f"convolution: {conv:,}")
        ax_count.axhline(local, color=COLORS["vermillion"], ls=":", lw=1.5,
                         label=f"locally connected: {local:,}")
        ax_count.set_yscale("log")
        ax_count.set_xlabel("tile size t")
        ax_count.set_ylabel("parameters")
        ax_count.set_title(f"parameters ({F}×{F} kernels, {C_in} → {C_out} channels)",
                           fontsize=10)
        ax_count.legend(fontsize=8, loc="upper left")

    def alt(t):
        if t == 1:
            kind = "ordinary convolution: one kernel is shared by every position"
        elif t == n:
            kind = "a locally connected layer: every position has its own kernel, nothing shared"
        else:
            kind = (f"neighbouring positions use different kernels and the pattern repeats "
                    f"every {t} positions")
        return (f"Tile size {t}: {kind}; {t * t} kernel{'s' if t > 1 else ''}, {counts[t]:,} "
                f"parameters, {counts[t] / conv:g} times a convolution's {conv:,} and "
                f"{counts[t] / local:.2g} of a locally connected layer's {local:,}")

    return Explorer(draw, [Slider("t", ts, label="tile size t", default=2)],
                    title="Tiled convolution: from shared to unshared weights", alt=alt,
                    figsize=(7.6, 3.4))
