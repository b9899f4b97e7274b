r"""Convolution, its matrix form, layer arithmetic and pooling, from scratch.

The functions that Chapter 5 shows are written as the sums they compute, with explicit loops
over the output positions:

* :func:`convolve1d` and :func:`correlate1d`, the "valid" 1-D convolution
  :math:`s(t) = \sum_a x(a)\,w(t-a)` and cross-correlation :math:`s(i) = \sum_m x(i+m)\,w(m)`;
* :func:`convolve2d` and :func:`correlate2d`, their 2-D versions with zero padding and stride;
* :func:`multichannel_correlate`, the multichannel cross-correlation of a convolutional layer,
  :math:`Z_{i,j,k} = \sum_{l,m,n} V_{l,j+m-1,k+n-1} K_{i,l,m,n}`;
* :func:`conv_matrix_1d` and :func:`conv_matrix_2d`, the same operations as multiplication by a
  sparse matrix with shared entries: banded Toeplitz in 1-D, doubly block-Toeplitz (block-Toeplitz
  with Toeplitz blocks) in 2-D;
* :func:`output_size`, :func:`same_output_size`, :func:`same_padding`, :func:`conv_params` and
  :func:`receptive_field`, the arithmetic of layer shapes;
* :func:`pool1d` and :func:`pool2d`, max, average, :math:`L^2` and distance-weighted pooling.

Indices start at 0 in the code (the formulas of the text start at 1). Input checks live in the
private helpers at the end of the module, so that each function shows its algorithm.
"""

from __future__ import annotations

import numpy as np

from ._checks import MAX_ELEMENTS, as_array, flag, integer, one_of

__all__ = ["convolve1d", "correlate1d", "convolve2d", "correlate2d", "conv_matrix_1d",
           "conv_matrix_2d", "output_size", "same_output_size", "same_padding", "conv_params",
           "multichannel_correlate", "receptive_field", "pool1d", "pool2d", "POOLING_KINDS"]

#: The pooling functions of :func:`pool1d` and :func:`pool2d`.
POOLING_KINDS = ("max", "average", "l2", "weighted")


# -- 1-D ------------------------------------------------------------------------------------
def convolve1d(x, w) -> np.ndarray:
    r"""The "valid" discrete convolution :math:`s(t) = (x * w)(t) = \sum_a x(a)\,w(t-a)`.

    Only the outputs where the whole kernel overlaps the input are kept: for an input of
    length :math:`n` and a kernel of length :math:`k`, the :math:`n - k + 1` values
    :math:`t = k-1, \dots, n-1`. Equals ``np.convolve(x, w, mode="valid")``.

    Parameters
    ----------
    x : array-like of shape (n,)
        The input.
    w : array-like of shape (k,)
        The kernel, with :math:`1 \le k \le n`.

    Returns
    -------
    numpy.ndarray of shape (n - k + 1,)
        The feature map.
    """
    x, w = _check_signal_and_kernel(x, w)
    n, k = len(x), len(w)
    s = np.zeros(n - k + 1)
    for t in range(k - 1, n):              # the outputs where the kernel fits
        for a in range(t - k + 1, t + 1):  # the inputs x(a) with w(t - a) inside the kernel
            s[t - (k - 1)] += x[a] * w[t - a]
    return s


def correlate1d(x, w) -> np.ndarray:
    r"""The "valid" cross-correlation :math:`s(i) = \sum_m x(i+m)\,w(m)`: no flip.

    Equals ``np.correlate(x, w, mode="valid")`` and ``scipy.signal.correlate(x, w, "valid")``.

    Parameters
    ----------
    x : array-like of shape (n,)
        The input.
    w : array-like of shape (k,)
        The kernel, with :math:`1 \le k \le n`.

    Returns
    -------
    numpy.ndarray of shape (n - k + 1,)
        The feature map.
    """
    x, w = _check_signal_and_kernel(x, w)
    n, k = len(x), len(w)
    s = np.zeros(n - k + 1)
    for i in range(n - k + 1):
        for m in range(k):
            s[i] += x[i + m] * w[m]
    return s


# -- 2-D ------------------------------------------------------------------------------------
def correlate2d(image, kernel, *, padding: int = 0, stride: int = 1) -> np.ndarray:
    r"""2-D cross-correlation :math:`S(i,j) = \sum_m\sum_n I(iS+m,\, jS+n)\,K(m,n)`.

    This is what ``keras.layers.Conv2D`` computes (for one input and one output channel).
    The image is first padded with ``padding`` rows and columns of zeros on every side; the
    kernel is then placed at every ``stride``-th position where it fits.

    Parameters
    ----------
    image : array-like of shape (H, W)
        The input :math:`I`.
    kernel : array-like of shape (F_h, F_w)
        The kernel :math:`K`, not larger than the padded image.
    padding : int, default 0
        :math:`P`, the zeros added on each side.
    stride : int, default 1
        :math:`S`, the step between kernel positions.

    Returns
    -------
    numpy.ndarray
        The feature map, of shape
        ``(output_size(H, F_h, P, S), output_size(W, F_w, P, S))``.
    """
    I, K, P, S = _check_image_and_kernel(image, kernel, padding, stride)
    I = np.pad(I, P)                                    # P zeros on every side
    F_h, F_w = K.shape
    out = np.zeros(((I.shape[0] - F_h) // S + 1, (I.shape[1] - F_w) // S + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            window = I[i * S: i * S + F_h, j * S: j * S + F_w]
            out[i, j] = np.sum(window * K)
    return out


def convolve2d(image, kernel, *, padding: int = 0, stride: int = 1) -> np.ndarray:
    r"""2-D convolution :math:`S(i,j) = \sum_m\sum_n I(i-m, j-n)\,K(m,n)`, kept where valid.

    The same loops as :func:`correlate2d` with the kernel flipped in both directions, which is
    what the minus signs do. Without padding and stride it equals
    ``scipy.signal.convolve2d(image, kernel, mode="valid")``.

    Parameters
    ----------
    image : array-like of shape (H, W)
        The input :math:`I`.
    kernel : array-like of shape (F_h, F_w)
        The kernel :math:`K`, not larger than the padded image.
    padding : int, default 0
        :math:`P`, the zeros added on each side.
    stride : int, default 1
        :math:`S`, the step between kernel positions.

    Returns
    -------
    numpy.ndarray
        The feature map, shaped as for :func:`correlate2d`.
    """
    I, K, P, S = _check_image_and_kernel(image, kernel, padding, stride)
    I = np.pad(I, P)
    F_h, F_w = K.shape
    flipped = K[::-1, ::-1]                             # K(-m, -n): the flip of convolution
    out = np.zeros(((I.shape[0] - F_h) // S + 1, (I.shape[1] - F_w) // S + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            window = I[i * S: i * S + F_h, j * S: j * S + F_w]
            out[i, j] = np.sum(window * flipped)
    return out


def multichannel_correlate(V, K) -> np.ndarray:
    r"""Multichannel cross-correlation :math:`Z_{i,j,k} = \sum_{l,m,n} V_{l,j+m,k+n}\,K_{i,l,m,n}`.

    The operation of a convolutional layer without bias, stride or padding ("valid"), with
    indices from 0 (the text's formula, with indices from 1, has :math:`j+m-1`). Keras stores the
    same kernel as ``K.transpose(2, 3, 1, 0)``, of shape ``(F_h, F_w, C_in, C_out)``, and the
    images channels-last.

    Parameters
    ----------
    V : array-like of shape (C_in, H, W)
        The input: one image of ``C_in`` channels.
    K : array-like of shape (C_out, C_in, F_h, F_w)
        The kernel: output channel :math:`i`, input channel :math:`l`, row and column offsets
        :math:`m, n`.

    Returns
    -------
    numpy.ndarray of shape (C_out, H - F_h + 1, W - F_w + 1)
        :math:`Z`, one feature map per output channel.
    """
    V, K = _check_multichannel(V, K)
    C_out, C_in, F_h, F_w = K.shape
    Z = np.zeros((C_out, V.shape[1] - F_h + 1, V.shape[2] - F_w + 1))
    for i in range(C_out):
        for j in range(Z.shape[1]):
            for k in range(Z.shape[2]):
                Z[i, j, k] = np.sum(V[:, j: j + F_h, k: k + F_w] * K[i])  # sum over l, m, n
    return Z


# -- the matrix view ------------------------------------------------------------------------
def conv_matrix_1d(w, n: int) -> np.ndarray:
    r"""The matrix :math:`C` of "valid" 1-D cross-correlation: ``C @ x == correlate1d(x, w)``.

    Row :math:`i` holds the kernel in columns :math:`i, \dots, i+k-1` and zeros elsewhere, so
    every diagonal is constant: a banded **Toeplitz** matrix. (A *circulant* matrix, whose rows
    wrap around at the end, would compute circular convolution, in which the kernel running off
    one end of the input re-enters at the other.)

    Parameters
    ----------
    w : array-like of shape (k,)
        The kernel.
    n : int
        The length of the input, at least :math:`k`.

    Returns
    -------
    numpy.ndarray of shape (n - k + 1, n)
    """
    w, n = _check_matrix_1d(w, n)
    k = len(w)
    C = np.zeros((n - k + 1, n))
    for i in range(n - k + 1):
        C[i, i: i + k] = w
    return C


def conv_matrix_2d(kernel, height: int, width: int) -> np.ndarray:
    r"""The matrix of "valid" 2-D cross-correlation of a ``height`` × ``width`` image.

    With the image flattened row by row, ``C @ image.ravel()`` equals
    ``correlate2d(image, kernel).ravel()``. Output row :math:`i` reads input rows
    :math:`i, \dots, i+F_h-1`, input row :math:`i+m` through kernel row :math:`m`: so ``C`` is
    made of blocks, block :math:`(i, i+m)` being the Toeplitz matrix
    ``conv_matrix_1d(kernel[m], width)`` and every other block zero. The blocks are constant
    along block diagonals: a **doubly block-Toeplitz** matrix (block-Toeplitz with Toeplitz
    blocks). It is not circulant: that would be circular convolution.

    Parameters
    ----------
    kernel : array-like of shape (F_h, F_w)
        The kernel.
    height, width : int
        The size of the image, at least the kernel's.

    Returns
    -------
    numpy.ndarray of shape ((height - F_h + 1) * (width - F_w + 1), height * width)
    """
    K, height, width = _check_matrix_2d(kernel, height, width)
    F_h, F_w = K.shape
    out_h, out_w = height - F_h + 1, width - F_w + 1
    blocks = [conv_matrix_1d(K[m], width) for m in range(F_h)]   # one Toeplitz block per row
    C = np.zeros((out_h * out_w, height * width))
    for i in range(out_h):                                      # block row: output row i
        for m in range(F_h):                                    # block column: input row i + m
            C[i * out_w: (i + 1) * out_w, (i + m) * width: (i + m + 1) * width] = blocks[m]
    return C


# -- layer arithmetic -----------------------------------------------------------------------
def output_size(W: int, F: int, P: int = 0, S: int = 1) -> int:
    r"""The output length :math:`\lfloor (W - F + 2P)/S \rfloor + 1` of a convolution or pooling.

    Parameters
    ----------
    W : int
        Input length (width or height), at least 1.
    F : int
        Kernel size, at least 1 and at most :math:`W + 2P`.
    P : int, default 0
        Zero padding on each side.
    S : int, default 1
        Stride, at least 1.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If the kernel does not fit into the padded input (:math:`F > W + 2P`).
    """
    W, F, P, S = _check_sizes(W, F, P, S)
    return (W - F + 2 * P) // S + 1


def same_output_size(W: int, S: int = 1) -> int:
    r"""The output length :math:`\lceil W/S \rceil` of Keras's ``padding="same"``.

    Parameters
    ----------
    W : int
        Input length, at least 1.
    S : int, default 1
        Stride, at least 1.

    Returns
    -------
    int
    """
    W = integer(W, "W", minimum=1, maximum=MAX_ELEMENTS)
    S = integer(S, "S", minimum=1, maximum=MAX_ELEMENTS)
    return -(-W // S)


def same_padding(W: int, F: int, S: int = 1) -> tuple[int, int]:
    r"""The zeros Keras's ``padding="same"`` adds before and after an input of length ``W``.

    The total :math:`\max((\lceil W/S\rceil - 1)S + F - W,\ 0)` is what the output length
    :math:`\lceil W/S \rceil` needs; when it is odd, the extra zero goes *after* the input
    (at the bottom or on the right).

    Parameters
    ----------
    W : int
        Input length, at least 1.
    F : int
        Kernel size, at least 1.
    S : int, default 1
        Stride, at least 1.

    Returns
    -------
    (int, int)
        The zeros before and after.
    """
    W = integer(W, "W", minimum=1, maximum=MAX_ELEMENTS)
    F = integer(F, "F", minimum=1, maximum=MAX_ELEMENTS)
    S = integer(S, "S", minimum=1, maximum=MAX_ELEMENTS)
    total = max((same_output_size(W, S) - 1) * S + F - W, 0)
    return total // 2, total - total // 2


def conv_params(F: int, C_in: int, C_out: int, bias: bool = True) -> int:
    r"""The parameters of a 2-D convolutional layer, :math:`(F \cdot F \cdot C_{in} + 1)\,C_{out}`.

    Parameters
    ----------
    F : int
        Kernel size (the kernel is F × F).
    C_in, C_out : int
        Input and output channels.
    bias : bool, default True
        Whether each output channel has a bias (the "+ 1").

    Returns
    -------
    int
    """
    F = integer(F, "F", minimum=1, maximum=MAX_ELEMENTS)
    C_in = integer(C_in, "C_in", minimum=1, maximum=MAX_ELEMENTS)
    C_out = integer(C_out, "C_out", minimum=1, maximum=MAX_ELEMENTS)
    bias = flag(bias, "bias")
    return (F * F * C_in + int(bias)) * C_out


def receptive_field(layers) -> int:
    r"""How many inputs (along one axis) one unit of the last layer of a stack depends on.

    Each layer of kernel size :math:`F_\ell` and stride :math:`S_\ell` widens the receptive
    field by :math:`(F_\ell - 1)` times the product of the strides before it:
    :math:`r = 1 + \sum_\ell (F_\ell - 1)\prod_{j<\ell} S_j`. Pooling layers count as layers.

    Parameters
    ----------
    layers : sequence of (int, int)
        The (F, S) pair of each layer, from the input up; may be empty (r = 1).

    Returns
    -------
    int
    """
    r, jump = 1, 1
    for F, S in _check_layers(layers):
        r += (F - 1) * jump       # F - 1 more positions, each `jump` inputs apart
        jump *= S
    return r


# -- pooling --------------------------------------------------------------------------------
def pool1d(x, size: int, stride: int = 1, kind: str = "max", padding: str = "valid") -> np.ndarray:
    r"""Pool a 1-D signal over windows of ``size`` values placed ``stride`` apart.

    The 1-D case of :func:`pool2d`, which describes ``kind`` and ``padding``.

    Parameters
    ----------
    x : array-like of shape (n,)
        The detector outputs.
    size : int
        Window length, from 1 to ``n``.
    stride : int, default 1
        Step between windows.
    kind : str, default "max"
        One of :data:`POOLING_KINDS`.
    padding : {"valid", "same"}, default "valid"
        Windows inside the signal only, or :math:`\lceil n/S \rceil` windows cut off at the ends.

    Returns
    -------
    numpy.ndarray of shape (output_size(n, size, 0, stride),) or (same_output_size(n, stride),)
    """
    x = as_array(x, "x", ndim=1)
    return pool2d(x[None, :], size=(1, size), stride=(1, stride), kind=kind, padding=padding)[0]


def pool2d(x, size=2, stride=2, kind: str = "max", padding: str = "valid") -> np.ndarray:
    r"""Pool an image over ``size`` × ``size`` windows placed ``stride`` apart.

    Parameters
    ----------
    x : array-like of shape (H, W)
        The detector outputs.
    size : int or (int, int), default 2
        The window, square or (rows, columns).
    stride : int or (int, int), default 2
        The step between windows.
    kind : str, default "max"
        ``"max"``, ``"average"``, ``"l2"`` (the :math:`L^2` norm :math:`\sqrt{\sum x^2}` of the
        window) or ``"weighted"`` (an average weighted by :math:`e^{-d^2/2}`, :math:`d` the
        distance in pixels from the window's centre).
    padding : {"valid", "same"}, default "valid"
        ``"valid"``: only windows inside ``x``. ``"same"``: :math:`\lceil H/S \rceil` by
        :math:`\lceil W/S \rceil` windows placed as Keras's ``padding="same"`` places them
        (see :func:`same_padding`), each pooling only the values of ``x`` it covers, as Keras's
        pooling layers do.

    Returns
    -------
    numpy.ndarray
        Of shape ``(output_size(H, size_h, 0, stride_h), output_size(W, size_w, 0, stride_w))``
        for ``"valid"``, ``(same_output_size(H, stride_h), same_output_size(W, stride_w))`` for
        ``"same"``.
    """
    x, (F_h, F_w), (S_h, S_w), kind, (top, left), shape = _check_pool(x, size, stride, kind,
                                                                      padding)
    pool = _POOLS[kind]
    out = np.zeros(shape)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            r, c = i * S_h - top, j * S_w - left    # the window's corner (< 0: in the padding)
            out[i, j] = pool(x[max(r, 0): r + F_h, max(c, 0): c + F_w])
    return out


def _weighted_average(window: np.ndarray) -> float:
    rows, cols = np.indices(window.shape)
    d2 = (rows - (window.shape[0] - 1) / 2) ** 2 + (cols - (window.shape[1] - 1) / 2) ** 2
    weights = np.exp(-d2 / 2)
    return float(np.sum(weights * window) / np.sum(weights))


_POOLS = {"max": np.max, "average": np.mean, "l2": lambda v: np.sqrt(np.sum(v ** 2)),
          "weighted": _weighted_average}


# -- input checks ---------------------------------------------------------------------------
def _check_signal_and_kernel(x, w):
    x = as_array(x, "x", ndim=1)
    w = as_array(w, "w", ndim=1)
    if len(x) > MAX_ELEMENTS:
        raise ValueError(f"x has {len(x):,} values, more than the limit of {MAX_ELEMENTS:,}.")
    if not 1 <= len(w) <= len(x):
        raise ValueError(f"w must have between 1 and len(x) = {len(x)} values (a 'valid' "
                         f"output needs the kernel to fit into the input), got {len(w)}.")
    return x, w


def _check_image_and_kernel(image, kernel, padding, stride):
    I = as_array(image, "image", ndim=2)
    K = as_array(kernel, "kernel", ndim=2)
    P = integer(padding, "padding", minimum=0, maximum=10_000)
    S = integer(stride, "stride", minimum=1, maximum=MAX_ELEMENTS)
    if (I.shape[0] + 2 * P) * (I.shape[1] + 2 * P) > MAX_ELEMENTS:
        raise ValueError(f"image with padding {P} has more than {MAX_ELEMENTS:,} pixels.")
    if K.size == 0 or K.shape[0] > I.shape[0] + 2 * P or K.shape[1] > I.shape[1] + 2 * P:
        raise ValueError(f"kernel of shape {K.shape} does not fit into the image of shape "
                         f"{I.shape} padded by {P}: give a smaller kernel or more padding.")
    return I, K, P, S


def _check_multichannel(V, K):
    V = as_array(V, "V", ndim=3)
    K = as_array(K, "K", ndim=4)
    if V.size > MAX_ELEMENTS or K.size > MAX_ELEMENTS:
        raise ValueError(f"V and K may have at most {MAX_ELEMENTS:,} entries each.")
    if K.shape[1] != V.shape[0]:
        raise ValueError(f"K must have shape (C_out, C_in, F_h, F_w) with C_in = {V.shape[0]} "
                         f"input channels like V (shape (C_in, H, W)), got K of shape {K.shape}; "
                         f"a Keras kernel of shape (F_h, F_w, C_in, C_out) is K.transpose(3, 2, "
                         f"0, 1).")
    if K.size == 0 or K.shape[2] > V.shape[1] or K.shape[3] > V.shape[2]:
        raise ValueError(f"K's kernels of size {K.shape[2:]} must fit into V's images of size "
                         f"{V.shape[1:]}.")
    return V, K


def _check_matrix_1d(w, n):
    w = as_array(w, "w", ndim=1)
    n = integer(n, "n", minimum=max(len(w), 1), maximum=MAX_ELEMENTS)
    if (n - len(w) + 1) * n > MAX_ELEMENTS:
        raise ValueError(f"n = {n} would make a matrix of more than {MAX_ELEMENTS:,} entries.")
    return w, n


def _check_matrix_2d(kernel, height, width):
    K = as_array(kernel, "kernel", ndim=2)
    if K.size == 0:
        raise ValueError("kernel must not be empty.")
    height = integer(height, "height", minimum=K.shape[0], maximum=MAX_ELEMENTS)
    width = integer(width, "width", minimum=K.shape[1], maximum=MAX_ELEMENTS)
    entries = (height - K.shape[0] + 1) * (width - K.shape[1] + 1) * height * width
    if entries > MAX_ELEMENTS:
        raise ValueError(f"height {height} and width {width} would make a matrix of {entries:,} "
                         f"entries, more than the limit of {MAX_ELEMENTS:,}.")
    return K, height, width


def _check_sizes(W, F, P, S):
    W = integer(W, "W", minimum=1, maximum=MAX_ELEMENTS)
    F = integer(F, "F", minimum=1, maximum=MAX_ELEMENTS)
    P = integer(P, "P", minimum=0, maximum=MAX_ELEMENTS)
    S = integer(S, "S", minimum=1, maximum=MAX_ELEMENTS)
    if F > W + 2 * P:
        raise ValueError(f"the kernel size F = {F} is larger than the padded input "
                         f"W + 2P = {W + 2 * P}: no position fits; use F <= W + 2P.")
    return W, F, P, S


def _check_layers(layers):
    arr = as_array(layers, "layers", ndim=(1, 2))
    if arr.size == 0:
        return []
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"layers must be a list of (F, S) pairs, got shape {arr.shape}.")
    if len(arr) > 10_000:
        raise ValueError(f"layers lists {len(arr)} layers, more than the limit of 10,000.")
    return [(integer(int(F) if float(F).is_integer() else F, "layers: each F", minimum=1,
                     maximum=MAX_ELEMENTS),
             integer(int(S) if float(S).is_integer() else S, "layers: each S", minimum=1,
                     maximum=MAX_ELEMENTS)) for F, S in arr]


def _pair(value, name):
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an integer or a pair (rows, columns), got {value!r}.")
        return tuple(integer(v, name, minimum=1, maximum=MAX_ELEMENTS) for v in value)
    value = integer(value, name, minimum=1, maximum=MAX_ELEMENTS)
    return value, value


def _check_pool(x, size, stride, kind, padding):
    x = as_array(x, "x", ndim=2)
    if x.size > MAX_ELEMENTS:
        raise ValueError(f"x has more than {MAX_ELEMENTS:,} values.")
    size, stride = _pair(size, "size"), _pair(stride, "stride")
    kind = one_of(kind, "kind", POOLING_KINDS)
    padding = one_of(padding, "padding", ("valid", "same"))
    if padding == "same":
        corner = tuple(same_padding(n, F, S)[0] for n, F, S in zip(x.shape, size, stride))
        shape = tuple(same_output_size(n, S) for n, S in zip(x.shape, stride))
        return x, size, stride, kind, corner, shape
    if size[0] > x.shape[0] or size[1] > x.shape[1]:
        raise ValueError(f"size {size} is larger than x of shape {x.shape}: the window must fit "
                         f"(or use padding='same').")
    shape = tuple((n - F) // S + 1 for n, F, S in zip(x.shape, size, stride))
    return x, size, stride, kind, (0, 0), shape
