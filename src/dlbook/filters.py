r"""Kernels that need no training: designed by hand, or learned by k-means from patches.

:func:`kernel` returns a hand-designed kernel by name: the box blur, simple edge
detectors, Sobel, Prewitt, the eight Kirsch compass masks and sharpening.
:func:`apply_kernel` filters a grey-scale image with a kernel as a *cross-correlation*
(the kernel is not flipped, as in ``keras.layers.Conv2D``), keeping the image's size.
:func:`kmeans_kernels` learns kernels without labels: the centroids of k-means on
normalised patches of images (Coates, Lee and Ng, 2011).
"""

from __future__ import annotations

import numpy as np

from ._checks import MAX_ELEMENTS, as_array, integer, non_negative, one_of, positive

__all__ = ["KERNEL_NAMES", "kernel", "kirsch_masks", "apply_kernel", "kirsch_edges",
           "random_patches", "normalize_patches", "kmeans_kernels"]

#: The names :func:`kernel` knows.
KERNEL_NAMES = ("identity", "box", "simple_x", "simple_y", "sobel_x", "sobel_y", "prewitt_x",
                "prewitt_y", *(f"kirsch_{r}" for r in range(1, 9)), "sharpen")

_FIXED = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "simple_x": [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]],
    "simple_y": [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
    "sobel_x": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "sobel_y": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    "prewitt_x": [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]],
    "prewitt_y": [[-1, -1, -1], [0, 0, 0], [1, 1, 1]],
}
_LAPLACIAN = np.array([[0, -1, 0], [-1, 4, -1], [0, -1, 0]], dtype=float)

#: The positions of the border of a 3 x 3 mask, clockwise from the top-left corner.
_BORDER = ((0, 0), (0, 1), (0, 2), (1, 2), (2, 2), (2, 1), (2, 0), (1, 0))

#: The largest box size :func:`kernel` makes.
MAX_BOX_SIZE = 51


def kirsch_masks():
    """The eight Kirsch compass masks, each the previous one turned by 45 degrees.

    The first is ``[[5, 5, 5], [-3, 0, -3], [-3, -3, -3]]``; each next mask moves its
    border one place anticlockwise, so the three 5's turn from the top through the
    top-left corner, the left, ... to the top-right corner.

    Returns
    -------
    numpy.ndarray, shape (8, 3, 3)
    """
    border = np.array([5, 5, 5, -3, -3, -3, -3, -3], dtype=float)
    masks = np.zeros((8, 3, 3))
    for r in range(8):
        for (row, col), value in zip(_BORDER, np.roll(border, -r)):
            masks[r, row, col] = value
    return masks


def kernel(name, size=3, amount=1.0):
    """A hand-designed kernel by name.

    Parameters
    ----------
    name : str
        One of :data:`KERNEL_NAMES`: ``"identity"``; ``"box"``, the normalised box blur
        (every entry ``1 / size**2``); the simple edge detectors ``"simple_x"``
        (``[[-1, 0, 1]] * 3``, for vertical edges) and ``"simple_y"``
        (``[[1, 1, 1], [0, 0, 0], [-1, -1, -1]]``, for horizontal edges); ``"sobel_x"``,
        ``"sobel_y"``, ``"prewitt_x"``, ``"prewitt_y"``; ``"kirsch_1"`` to ``"kirsch_8"``
        (see :func:`kirsch_masks`); ``"sharpen"``, the identity plus ``amount`` times
        ``[[0, -1, 0], [-1, 4, -1], [0, -1, 0]]``.
    size : int, default 3
        The side of the box blur, odd, from 1 to 51 (the other kernels are 3 x 3).
    amount : float, default 1.0
        The strength of ``"sharpen"``, 0 or more (0 gives the identity).

    Returns
    -------
    numpy.ndarray
        The kernel, ``float64``.
    """
    name = one_of(name, "name", KERNEL_NAMES)
    size = integer(size, "size", minimum=1, maximum=MAX_BOX_SIZE)
    if size % 2 == 0:
        raise ValueError(f"size must be odd (a box with a centre pixel), got {size}.")
    amount = non_negative(amount, "amount")
    if name == "box":
        return np.full((size, size), 1.0 / size**2)
    if name == "sharpen":
        return np.array(_FIXED["identity"], dtype=float) + amount * _LAPLACIAN
    if name.startswith("kirsch_"):
        return kirsch_masks()[int(name.split("_")[1]) - 1]
    return np.array(_FIXED[name], dtype=float)


def _check_image_and_kernel(image, kernel, boundary):
    image = as_array(image, "image", ndim=2)
    kernel = as_array(kernel, "kernel", ndim=2)
    if image.size > MAX_ELEMENTS:
        raise ValueError(f"image may have at most {MAX_ELEMENTS:,} pixels, got {image.size:,}.")
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError(f"kernel {kernel.shape} must not be larger than image {image.shape}.")
    return image, kernel, one_of(boundary, "boundary", ("reflect", "nearest", "zero"))


def apply_kernel(image, kernel, boundary="reflect"):
    """Filter a grey-scale image by cross-correlation with ``kernel``; same size out.

    ``out[i, j] = sum over (m, n) of image[i + m - c_0, j + n - c_1] * kernel[m, n]``
    with the kernel's centre ``(c_0, c_1) = (F_h // 2, F_w // 2)``: the kernel is slid over
    the image *without* flipping, as ``keras.layers.Conv2D`` does. Near the border the
    image is extended by ``boundary``.

    Parameters
    ----------
    image : array_like, shape (H, W)
        Grey levels.
    kernel : array_like, shape (F_h, F_w)
        The kernel, at most as large as the image.
    boundary : {"reflect", "nearest", "zero"}, default "reflect"
        How the image continues beyond its border: mirrored (``d c b a | a b c d``), the
        edge pixel repeated, or zeros. Zeros make a dark frame that edge detectors see
        as an edge; the other two do not.

    Returns
    -------
    numpy.ndarray, shape (H, W)
    """
    image, kernel, boundary = _check_image_and_kernel(image, kernel, boundary)
    from scipy import ndimage

    mode = "constant" if boundary == "zero" else boundary
    return ndimage.correlate(image, kernel, mode=mode, cval=0.0)


def kirsch_edges(image, boundary="reflect"):
    """The Kirsch edge magnitude: the largest of the eight compass-mask responses.

    Parameters
    ----------
    image : array_like, shape (H, W)
        Grey levels.
    boundary : {"reflect", "nearest", "zero"}, default "reflect"
        As for :func:`apply_kernel`.

    Returns
    -------
    magnitude : numpy.ndarray, shape (H, W)
        The largest response at each pixel.
    direction : numpy.ndarray of int, shape (H, W)
        Which mask (1 to 8) gave it.
    """
    responses = np.stack([apply_kernel(image, mask, boundary) for mask in kirsch_masks()])
    return responses.max(axis=0), responses.argmax(axis=0) + 1


def _check_patch_request(images, size, n_patches, seed):
    images = as_array(images, "images", ndim=3)
    size = integer(size, "size", minimum=1, maximum=min(images.shape[1:]))
    n_patches = integer(n_patches, "n_patches", minimum=1, maximum=MAX_ELEMENTS // size**2)
    seed = integer(seed, "seed", minimum=0)
    return images, size, n_patches, seed


def random_patches(images, size=5, n_patches=10_000, seed=0):
    """Square patches cut from random places of random images.

    Parameters
    ----------
    images : array_like, shape (N, H, W)
        Grey-scale images.
    size : int, default 5
        The side of each patch.
    n_patches : int, default 10000
        How many patches.
    seed : int, default 0
        Seeds NumPy's generator that picks the images and places.

    Returns
    -------
    numpy.ndarray, shape (n_patches, size, size)
    """
    images, size, n_patches, seed = _check_patch_request(images, size, n_patches, seed)
    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(images), n_patches)
    rows = rng.integers(0, images.shape[1] - size + 1, n_patches)
    cols = rng.integers(0, images.shape[2] - size + 1, n_patches)
    return np.stack([images[i, r:r + size, c:c + size] for i, r, c in zip(which, rows, cols)])


def normalize_patches(patches, eps=0.01):
    r"""Give each patch mean 0 and (about) unit standard deviation.

    ``(p - mean(p)) / sqrt(var(p) + eps)``: the small ``eps`` keeps nearly blank patches
    from being blown up to noise.

    Parameters
    ----------
    patches : array_like, shape (n, F_h, F_w)
        The patches.
    eps : float, default 0.01
        Added to each patch's variance, in squared grey levels (0.01 suits pixels in [0, 1]).

    Returns
    -------
    numpy.ndarray, shape (n, F_h, F_w)
    """
    patches = as_array(patches, "patches", ndim=3)
    eps = positive(eps, "eps")
    flat = patches.reshape(len(patches), -1)
    flat = (flat - flat.mean(axis=1, keepdims=True)) / np.sqrt(flat.var(axis=1, keepdims=True)
                                                            + eps)
    return flat.reshape(patches.shape)


def kmeans_kernels(images, k=16, size=5, n_patches=10_000, min_std=0.1, seed=0):
    """Kernels learned without labels: k-means centroids of normalised image patches.

    Patches whose standard deviation is below ``min_std`` (blank background) are dropped,
    the others normalised with :func:`normalize_patches`, and scikit-learn's ``KMeans``
    groups them into ``k`` clusters; each centroid is a kernel.

    Parameters
    ----------
    images : array_like, shape (N, H, W)
        Grey-scale images with pixels in [0, 1].
    k : int, default 16
        The number of kernels.
    size : int, default 5
        The side of the kernels.
    n_patches : int, default 10000
        How many patches to cut (before the blank ones are dropped).
    min_std : float, default 0.1
        Patches with a smaller standard deviation of their grey levels are dropped.
    seed : int, default 0
        Seeds the patches and k-means.

    Returns
    -------
    numpy.ndarray, shape (k, size, size)
        The kernels, ordered from the largest cluster to the smallest.
    """
    images, size, n_patches, seed = _check_patch_request(images, size, n_patches, seed)
    k = integer(k, "k", minimum=1, maximum=n_patches)
    min_std = non_negative(min_std, "min_std")
    patches = random_patches(images, size, n_patches, seed)
    patches = patches[patches.std(axis=(1, 2)) >= min_std]
    if len(patches) < k:
        raise ValueError(f"only {len(patches)} patches have a standard deviation of at least "
                         f"min_std = {min_std}, fewer than k = {k}: lower min_std or k.")
    patches = normalize_patches(patches)
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # a small problem: more threads only wait for each other
        km = KMeans(n_clusters=k, n_init=3, random_state=seed)
        km.fit(patches.reshape(len(patches), -1))
    order = np.argsort(-np.bincount(km.labels_, minlength=k), kind="stable")
    return km.cluster_centers_[order].reshape(k, size, size)
