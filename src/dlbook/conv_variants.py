r"""Variants of convolution in NumPy: strided, locally connected and tiled layers.

The arrays follow Goodfellow, Bengio and Courville (2016, Section 9.5), with indices
from zero as in code: an input ``V`` of shape ``(C_in, H, W)`` (channel, row, column) and a
kernel ``K`` of shape ``(C_out, C_in, F, F)`` (output channel, input channel, row offset,
column offset). Every layer here computes a *cross-correlation*, as ``keras.layers.Conv2D``
does, without padding ("valid" positions only) and without biases:

* :func:`strided_correlate`:
  :math:`Z_{i,j,k} = \sum_{l,m,n} V_{l,\,js+m,\,ks+n}\,K_{i,l,m,n}`;
* :func:`locally_connected2d`, with a separate kernel at every output position
  (no parameter sharing):
  :math:`Z_{i,j,k} = \sum_{l,m,n} V_{l,\,j+m,\,k+n}\,w_{i,j,k,l,m,n}`;
* :func:`tiled_conv2d`, with :math:`t \times t` kernels that take turns across positions:
  :math:`Z_{i,j,k} = \sum_{l,m,n} V_{l,\,j+m,\,k+n}\,K_{i,l,m,n,\,j \bmod t,\,k \bmod t}`.

The parameter counts of these layers and of Keras's ``Dense``, ``Conv2D``,
``DepthwiseConv2D`` and ``SeparableConv2D`` layers are given by the ``*_params``
functions; :func:`multiply_adds` counts the work of a convolution, and
:func:`transposed_output_size` gives the output size of ``Conv2DTranspose``.
"""

from __future__ import annotations

import numpy as np

from ._checks import MAX_ELEMENTS, as_array, flag, integer, one_of

__all__ = ["strided_correlate", "downsample", "locally_connected2d", "tiled_conv2d",
           "multiply_adds", "conv2d_params", "tiled_conv2d_params", "locally_connected2d_params",
           "dense_params", "depthwise_params", "depthwise_separable_params",
           "transposed_output_size"]

#: The largest kernel size, channel count or image side the parameter counts accept.
MAX_SIZE = 100_000


def _check_input_and_kernel(V, K, name_K: str, kernel_ndim: int, channel_axis: int = 1):
    V = as_array(V, "V", ndim=3)
    K = as_array(K, name_K, ndim=kernel_ndim)
    if V.size > MAX_ELEMENTS or K.size > MAX_ELEMENTS:
        raise ValueError(f"V and {name_K} may have at most {MAX_ELEMENTS:,} elements each, got "
                         f"{V.size:,} and {K.size:,}.")
    if K.shape[channel_axis] != V.shape[0]:
        raise ValueError(f"{name_K} has {K.shape[channel_axis]} input channels (axis "
                         f"{channel_axis}) but V has {V.shape[0]} (axis 0); they must agree.")
    return V, K


def _check_strided(V, K, stride):
    V, K = _check_input_and_kernel(V, K, "K", 4)
    stride = integer(stride, "stride", minimum=1, maximum=MAX_SIZE)
    if K.shape[2] > V.shape[1] or K.shape[3] > V.shape[2]:
        raise ValueError(f"the kernel K ({K.shape[2]}x{K.shape[3]}) must fit into the image V "
                         f"({V.shape[1]}x{V.shape[2]}).")
    return V, K, stride


def strided_correlate(V, K, stride=1):
    r"""Multichannel cross-correlation with a stride, at the "valid" positions.

    :math:`Z_{i,j,k} = \sum_{l,m,n} V_{l,\,js+m,\,ks+n}\,K_{i,l,m,n}` (zero-based indices),
    which is ``keras.layers.Conv2D(C_out, F, strides=s, padding="valid", use_bias=False)``
    for one image with its channels first.

    Parameters
    ----------
    V : array_like, shape (C_in, H, W)
        The input: channels, rows, columns.
    K : array_like, shape (C_out, C_in, F_h, F_w)
        The kernels, one per pair of output and input channel.
    stride : int, default 1
        The step :math:`s` between neighbouring output positions, in both directions.

    Returns
    -------
    numpy.ndarray, shape (C_out, (H - F_h) // s + 1, (W - F_w) // s + 1)
    """
    V, K, s = _check_strided(V, K, stride)
    C_out, C_in, F_h, F_w = K.shape
    rows = (V.shape[1] - F_h) // s + 1
    cols = (V.shape[2] - F_w) // s + 1
    Z = np.zeros((C_out, rows, cols))
    for j in range(rows):
        for k in range(cols):
            patch = V[:, j * s:j * s + F_h, k * s:k * s + F_w]
            Z[:, j, k] = np.tensordot(K, patch, axes=3)  # sum over l, m, n
    return Z


def downsample(Z, stride):
    """Keep every ``stride``-th row and column of each channel: ``Z[:, ::s, ::s]``.

    Parameters
    ----------
    Z : array_like, shape (C, H, W)
        Feature maps, channels first.
    stride : int
        The step :math:`s \\ge 1` between the rows (and columns) kept.

    Returns
    -------
    numpy.ndarray, shape (C, ceil(H / s), ceil(W / s))
    """
    Z = as_array(Z, "Z", ndim=3)
    s = integer(stride, "stride", minimum=1, maximum=MAX_SIZE)
    return Z[:, ::s, ::s]


def _check_locally_connected(V, W):
    V, W = _check_input_and_kernel(V, W, "W", 6, channel_axis=3)
    rows, cols = W.shape[1], W.shape[2]
    if (V.shape[1] - W.shape[4] + 1, V.shape[2] - W.shape[5] + 1) != (rows, cols):
        raise ValueError(f"W of shape {W.shape} has {rows}x{cols} output positions (axes 1 and "
                         f"2), but a {W.shape[4]}x{W.shape[5]} kernel fits into the "
                         f"{V.shape[1]}x{V.shape[2]} image V at "
                         f"{V.shape[1] - W.shape[4] + 1}x{V.shape[2] - W.shape[5] + 1}.")
    return V, W


def locally_connected2d(V, W):
    r"""A locally connected (unshared) layer: its own kernel at every output position.

    :math:`Z_{i,j,k} = \sum_{l,m,n} V_{l,\,j+m,\,k+n}\,w_{i,j,k,l,m,n}`. Keras 2 had this
    layer as ``LocallyConnected2D``; Keras 3 no longer has it.

    Parameters
    ----------
    V : array_like, shape (C_in, H, W)
        The input: channels, rows, columns.
    W : array_like, shape (C_out, H_out, W_out, C_in, F_h, F_w)
        The weights: for each output channel and position a kernel over all input channels;
        ``H_out = H - F_h + 1`` and ``W_out = W - F_w + 1``.

    Returns
    -------
    numpy.ndarray, shape (C_out, H_out, W_out)
    """
    V, W = _check_locally_connected(V, W)
    C_out, rows, cols, C_in, F_h, F_w = W.shape
    Z = np.zeros((C_out, rows, cols))
    for j in range(rows):
        for k in range(cols):
            patch = V[:, j:j + F_h, k:k + F_w]
            Z[:, j, k] = np.tensordot(W[:, j, k], patch, axes=3)
    return Z


def _check_tiled(V, K, t):
    V, K = _check_input_and_kernel(V, K, "K", 6)
    t = integer(t, "t", minimum=1, maximum=MAX_SIZE)
    if K.shape[4:] != (t, t):
        raise ValueError(f"K must have shape (C_out, C_in, F_h, F_w, t, t) with t = {t}, got "
                         f"{K.shape}.")
    if K.shape[2] > V.shape[1] or K.shape[3] > V.shape[2]:
        raise ValueError(f"the kernel K ({K.shape[2]}x{K.shape[3]}) must fit into the image V "
                         f"({V.shape[1]}x{V.shape[2]}).")
    return V, K, t


def tiled_conv2d(V, K, t):
    r"""Tiled convolution: :math:`t \times t` sets of kernels that take turns across positions.

    :math:`Z_{i,j,k} = \sum_{l,m,n} V_{l,\,j+m,\,k+n}\,K_{i,l,m,n,\,j \bmod t,\,k \bmod t}`.
    With :math:`t = 1` it is ordinary convolution (cross-correlation); when :math:`t` is at
    least the number of output rows and columns, every position has its own kernel and it is
    a locally connected layer.

    Parameters
    ----------
    V : array_like, shape (C_in, H, W)
        The input: channels, rows, columns.
    K : array_like, shape (C_out, C_in, F_h, F_w, t, t)
        The kernels; ``K[..., a, b]`` is used at the output positions ``(j, k)`` with
        ``j % t == a`` and ``k % t == b``.
    t : int
        The tile size (the number of kernels used along each direction).

    Returns
    -------
    numpy.ndarray, shape (C_out, H - F_h + 1, W - F_w + 1)
    """
    V, K, t = _check_tiled(V, K, t)
    C_out, C_in, F_h, F_w = K.shape[:4]
    rows, cols = V.shape[1] - F_h + 1, V.shape[2] - F_w + 1
    Z = np.zeros((C_out, rows, cols))
    for j in range(rows):
        for k in range(cols):
            patch = V[:, j:j + F_h, k:k + F_w]
            Z[:, j, k] = np.tensordot(K[..., j % t, k % t], patch, axes=3)
    return Z


def _size(value, name: str) -> int:
    return integer(value, name, minimum=1, maximum=MAX_SIZE)


def multiply_adds(input_shape, kernel_shape, stride=1):
    """The multiplications (each followed by an addition) of :func:`strided_correlate`.

    Every output value takes ``C_in * F_h * F_w`` products, so the count is
    ``C_out * C_in * F_h * F_w * H_out * W_out``.

    Parameters
    ----------
    input_shape : tuple of int
        ``(C_in, H, W)``.
    kernel_shape : tuple of int
        ``(C_out, C_in, F_h, F_w)``.
    stride : int, default 1
        The stride :math:`s`.

    Returns
    -------
    int
    """
    shapes = []
    for shape, name, length in ((input_shape, "input_shape", 3), (kernel_shape, "kernel_shape", 4)):
        if not isinstance(shape, (tuple, list)) or len(shape) != length:
            raise TypeError(f"{name} must be a tuple of {length} integers, got {shape!r}.")
        shapes.append([_size(v, f"{name} entry") for v in shape])
    (C_in, H, W), (C_out, C_in_k, F_h, F_w) = shapes
    s = _size(stride, "stride")
    if C_in_k != C_in or F_h > H or F_w > W:
        raise ValueError(f"kernel_shape {tuple(shapes[1])} does not fit input_shape "
                         f"{tuple(shapes[0])}: the input channels must agree and the kernel fit.")
    return C_out * C_in * F_h * F_w * ((H - F_h) // s + 1) * ((W - F_w) // s + 1)


def conv2d_params(F, C_in, C_out, bias=True):
    """Parameters of ``keras.layers.Conv2D(C_out, F)`` on ``C_in`` channels: (F·F·C_in + 1)·C_out.

    Parameters
    ----------
    F : int
        The kernel size (F x F).
    C_in, C_out : int
        The numbers of input and output channels.
    bias : bool, default True
        Whether each output channel has a bias.

    Returns
    -------
    int
    """
    F, C_in, C_out = _size(F, "F"), _size(C_in, "C_in"), _size(C_out, "C_out")
    return F * F * C_in * C_out + (C_out if flag(bias, "bias") else 0)


def tiled_conv2d_params(F, C_in, C_out, t, bias=True):
    """Parameters of a tiled convolution: t·t sets of kernels, each as in a convolution.

    Each of the :math:`t^2` kernel sets has :math:`F^2 C_{in} C_{out}` weights and, with
    ``bias``, its own :math:`C_{out}` biases: exactly :math:`t^2` times
    :func:`conv2d_params`. :math:`t = 1` is a convolution; :math:`t` equal to the output
    size gives :func:`locally_connected2d_params`.

    Parameters
    ----------
    F : int
        The kernel size (F x F).
    C_in, C_out : int
        The numbers of input and output channels.
    t : int
        The tile size.
    bias : bool, default True
        Whether each kernel set has biases.

    Returns
    -------
    int
    """
    t = _size(t, "t")
    return t * t * conv2d_params(F, C_in, C_out, bias=bias)


def locally_connected2d_params(F, C_in, C_out, H_out, W_out, bias=True):
    """Parameters of a locally connected layer: its own kernel (and bias) at every position.

    :math:`H_{out} W_{out} (F^2 C_{in} + 1) C_{out}` with biases, as Keras 2's
    ``LocallyConnected2D`` counted them.

    Parameters
    ----------
    F : int
        The kernel size (F x F).
    C_in, C_out : int
        The numbers of input and output channels.
    H_out, W_out : int
        The numbers of output rows and columns.
    bias : bool, default True
        Whether every output value has its own bias.

    Returns
    -------
    int
    """
    positions = _size(H_out, "H_out") * _size(W_out, "W_out")
    return positions * conv2d_params(F, C_in, C_out, bias=bias)


def dense_params(n_in, n_out, bias=True):
    """Parameters of ``keras.layers.Dense(n_out)`` on ``n_in`` inputs: (n_in + 1)·n_out.

    Parameters
    ----------
    n_in, n_out : int
        The numbers of inputs and of units.
    bias : bool, default True
        Whether each unit has a bias.

    Returns
    -------
    int
    """
    n_in, n_out = _size(n_in, "n_in"), _size(n_out, "n_out")
    return n_in * n_out + (n_out if flag(bias, "bias") else 0)


def depthwise_params(F, C_in, depth_multiplier=1, bias=True):
    """Parameters of ``keras.layers.DepthwiseConv2D(F)``: one F x F kernel per input channel.

    :math:`F^2 C_{in} d` weights and, with ``bias``, :math:`C_{in} d` biases, for the depth
    multiplier :math:`d`.

    Parameters
    ----------
    F : int
        The kernel size (F x F).
    C_in : int
        The number of input channels.
    depth_multiplier : int, default 1
        The number of kernels (output channels) per input channel.
    bias : bool, default True
        Whether each output channel has a bias.

    Returns
    -------
    int
    """
    F, C_in = _size(F, "F"), _size(C_in, "C_in")
    d = _size(depth_multiplier, "depth_multiplier")
    return F * F * C_in * d + (C_in * d if flag(bias, "bias") else 0)


def depthwise_separable_params(F, C_in, C_out, depthwise_bias=False, bias=True):
    """Parameters of a depthwise-separable convolution: depthwise F x F, then pointwise 1 x 1.

    The depthwise step has :math:`F^2 C_{in}` weights (plus :math:`C_{in}` biases with
    ``depthwise_bias``), the pointwise step :math:`C_{in} C_{out}` (plus :math:`C_{out}`
    biases with ``bias``). ``keras.layers.SeparableConv2D(C_out, F)`` has the defaults
    (one bias vector, after the pointwise step); a ``DepthwiseConv2D(F)`` followed by a
    ``Conv2D(C_out, 1)`` has ``depthwise_bias=True``.

    Parameters
    ----------
    F : int
        The kernel size of the depthwise step (F x F).
    C_in, C_out : int
        The numbers of input and output channels.
    depthwise_bias : bool, default False
        Whether the depthwise step has biases.
    bias : bool, default True
        Whether the pointwise step has biases.

    Returns
    -------
    int
    """
    depthwise = depthwise_params(F, C_in, bias=flag(depthwise_bias, "depthwise_bias"))
    return depthwise + conv2d_params(1, C_in, C_out, bias=bias)


def transposed_output_size(W, F, stride=1, padding="valid"):
    """The output size of ``keras.layers.Conv2DTranspose`` along one axis.

    ``(W - 1) * S + F`` for ``padding="valid"`` and ``W * S`` for ``padding="same"``, where
    ``W`` is the input size, ``F`` the kernel size and ``S`` the stride: the sizes of the
    inputs that a ``Conv2D`` with the same settings maps to ``W`` (the largest of them, for
    "valid"). A kernel smaller than the stride leaves gaps, which Keras fills with zeros up to
    ``(W - 1) * S + S``, so "valid" gives ``(W - 1) * S + max(F, S)``.

    Parameters
    ----------
    W : int
        The input size along the axis.
    F : int
        The kernel size along the axis.
    stride : int, default 1
        The stride :math:`S`.
    padding : {"valid", "same"}, default "valid"
        Keras's padding.

    Returns
    -------
    int
    """
    W, F, S = _size(W, "W"), _size(F, "F"), _size(stride, "stride")
    padding = one_of(padding, "padding", ("valid", "same"))
    return (W - 1) * S + max(F, S) if padding == "valid" else W * S
