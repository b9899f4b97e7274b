"""dlbook.conv_variants: strided, locally connected and tiled convolution, and parameter counts."""

from __future__ import annotations

import os

import numpy as np
import pytest
from scipy import signal

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from dlbook import conv_variants as cv  # noqa: E402

RNG = np.random.default_rng(0)
V = RNG.normal(size=(3, 9, 8))
K = RNG.normal(size=(4, 3, 3, 3))


def test_single_channel_matches_scipy():
    image, kernel = RNG.normal(size=(7, 6)), RNG.normal(size=(3, 2))
    ours = cv.strided_correlate(image[None], kernel[None, None])[0]
    assert np.allclose(ours, signal.correlate2d(image, kernel, mode="valid"), atol=1e-12)


def test_multichannel_sums_the_channel_correlations():
    expected = np.array([sum(signal.correlate2d(V[l], K[i, l], mode="valid") for l in range(3))
                         for i in range(4)])
    assert np.allclose(cv.strided_correlate(V, K), expected, atol=1e-12)


@pytest.mark.parametrize("stride", [1, 2, 3])
def test_strided_equals_convolution_then_downsampling_and_keras(stride):
    keras = pytest.importorskip("keras")
    strided = cv.strided_correlate(V, K, stride)
    assert np.array_equal(strided, cv.downsample(cv.strided_correlate(V, K), stride))
    layer = keras.layers.Conv2D(4, 3, strides=stride, use_bias=False)
    layer.build((None, 9, 8, 3))
    layer.set_weights([K.transpose(2, 3, 1, 0)])
    ref = keras.ops.convert_to_numpy(layer(V.transpose(1, 2, 0)[None]))[0].transpose(2, 0, 1)
    assert np.allclose(strided, ref, atol=1e-5)


def test_multiply_adds():
    assert cv.multiply_adds((3, 9, 8), (4, 3, 3, 3)) == 4 * 3 * 9 * 7 * 6
    assert cv.multiply_adds((3, 224, 224), (64, 3, 7, 7), 2) * 4 == \
        cv.multiply_adds((3, 224, 224), (64, 3, 7, 7), 1)
    with pytest.raises(ValueError, match="kernel_shape"):
        cv.multiply_adds((3, 9, 8), (4, 2, 3, 3))
    with pytest.raises(TypeError, match="input_shape"):
        cv.multiply_adds((3, 9), (4, 3, 3, 3))


def test_locally_connected_with_shared_weights_is_convolution():
    W = np.broadcast_to(K[:, None, None], (4, 7, 6, 3, 3, 3))
    assert np.allclose(cv.locally_connected2d(V, W), cv.strided_correlate(V, K), atol=1e-12)


def test_locally_connected_by_loops():
    W = RNG.normal(size=(2, 7, 6, 3, 3, 3))
    Z = cv.locally_connected2d(V, W)
    i, j, k = 1, 4, 2
    assert np.isclose(Z[i, j, k], sum(V[l, j + m, k + n] * W[i, j, k, l, m, n]
                                      for l in range(3) for m in range(3) for n in range(3)))


def test_tiled_limits():
    assert np.allclose(cv.tiled_conv2d(V, K[..., None, None], 1), cv.strided_correlate(V, K))
    Kt = RNG.normal(size=(4, 3, 3, 3, 7, 7))
    W = Kt[..., :7, :6].transpose(0, 4, 5, 1, 2, 3)
    assert np.allclose(cv.tiled_conv2d(V, Kt, 7), cv.locally_connected2d(V, W), atol=1e-12)


def test_tiled_uses_kernel_j_mod_t():
    Kt = RNG.normal(size=(1, 3, 3, 3, 2, 2))
    Z = cv.tiled_conv2d(V, Kt, 2)
    for j, k in [(0, 0), (1, 0), (2, 3), (5, 5)]:
        expected = np.sum(V[:, j:j + 3, k:k + 3] * Kt[0, ..., j % 2, k % 2])
        assert np.isclose(Z[0, j, k], expected)


def test_parameter_counts_match_keras():
    keras = pytest.importorskip("keras")

    def count(*layers, shape=(10, 10, 64)):
        return keras.Sequential([keras.Input(shape), *layers]).count_params()

    assert cv.conv2d_params(3, 64, 128) == count(keras.layers.Conv2D(128, 3)) == 73_856
    assert cv.conv2d_params(3, 3, 32) == 896
    assert cv.depthwise_params(3, 64) == count(keras.layers.DepthwiseConv2D(3)) == 640
    assert cv.depthwise_params(3, 64, 2, bias=False) == \
        count(keras.layers.DepthwiseConv2D(3, depth_multiplier=2, use_bias=False))
    assert cv.depthwise_separable_params(3, 64, 128) == \
        count(keras.layers.SeparableConv2D(128, 3)) == 8_896
    assert cv.depthwise_separable_params(3, 64, 128, depthwise_bias=True) == \
        count(keras.layers.DepthwiseConv2D(3), keras.layers.Conv2D(128, 1)) == 8_960
    assert cv.dense_params(100, 7) == count(keras.layers.Dense(7), shape=(100,)) == 707
    assert cv.tiled_conv2d_params(3, 3, 16, 2) == 4 * 448
    assert cv.locally_connected2d_params(3, 3, 16, 26, 26) == 676 * 448 \
        == cv.tiled_conv2d_params(3, 3, 16, 26)


def test_transposed_output_size_matches_keras():
    keras = pytest.importorskip("keras")
    x = keras.Input((7, 9, 2))
    for padding in ("valid", "same"):
        for F, S in ((3, 1), (3, 2), (4, 3), (1, 2)):
            out = keras.layers.Conv2DTranspose(1, F, strides=S, padding=padding)(x)
            assert out.shape[1:3] == (cv.transposed_output_size(7, F, S, padding),
                                      cv.transposed_output_size(9, F, S, padding))


def test_conv2d_transpose_is_the_transposed_matrix():
    keras = pytest.importorskip("keras")
    kernel = RNG.normal(size=(3, 3))
    basis = np.eye(36).reshape(36, 1, 6, 6)
    C = np.stack([cv.strided_correlate(e, kernel[None, None], 2).ravel() for e in basis], axis=1)
    y = RNG.normal(size=(2, 2))
    layer = keras.layers.Conv2DTranspose(1, 3, strides=2, use_bias=False)
    layer.build((None, 2, 2, 1))
    layer.set_weights([kernel[:, :, None, None]])
    out = keras.ops.convert_to_numpy(layer(y[None, :, :, None]))[0, :, :, 0]
    assert out.shape == (5, 5)  # (2 - 1) * 2 + 3: the 6th row and column are not reached
    assert np.allclose(out, (C.T @ y.ravel()).reshape(6, 6)[:5, :5], atol=1e-5)


@pytest.mark.parametrize("call, match", [
    (lambda: cv.strided_correlate(V, K[:, :2]), "input channels"),
    (lambda: cv.strided_correlate(V[:, :2], K), "fit"),
    (lambda: cv.strided_correlate(V, K, 0), "stride"),
    (lambda: cv.locally_connected2d(V, np.ones((4, 6, 6, 3, 3, 3))), "output positions"),
    (lambda: cv.tiled_conv2d(V, np.ones((4, 3, 3, 3, 2, 2)), 3), "t = 3"),
    (lambda: cv.tiled_conv2d(V, np.ones((4, 2, 3, 3, 2, 2)), 2), "input channels"),
    (lambda: cv.transposed_output_size(7, 3, 2, "full"), "padding"),
    (lambda: cv.conv2d_params(3, 0, 4), "C_in"),
])
def test_bad_shapes_are_refused_clearly(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
