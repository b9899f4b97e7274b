"""dlbook.conv: convolution by loops and by matrices, layer arithmetic and pooling.

The from-scratch loops are checked against NumPy, SciPy and Keras layers with the same kernel.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
import scipy.signal

from dlbook import conv

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

RNG = np.random.default_rng(0)
IMAGE = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 1, 0, 0], [1, 0, 1, 2]], dtype=float)
SOBEL_X = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float)
POOL = np.array([[1, 3, 2, 1], [4, 6, 5, 0], [3, 1, 1, 2], [0, 2, 7, 4]], dtype=float)


def test_the_worked_examples():
    assert conv.convolve1d([1, 2, 3, 4, 5], [1, 0, -1]).tolist() == [2, 2, 2]
    assert conv.correlate1d([1, 2, 3, 4, 5], [1, 0, -1]).tolist() == [-2, -2, -2]
    assert conv.correlate2d(IMAGE, SOBEL_X).tolist() == [[-3, 2], [1, 0]]
    assert conv.convolve2d(IMAGE, SOBEL_X).tolist() == [[3, -2], [-1, 0]]
    assert conv.pool2d(POOL).tolist() == [[6, 5], [3, 7]]
    assert conv.pool2d(POOL, kind="average").tolist() == [[3.5, 2], [1.5, 3.5]]
    same = {"size": 3, "stride": 1, "padding": "same"}
    assert conv.pool1d([0.1, 1, 0.2, 0.1], **same).tolist() == [1, 1, 1, 0.2]
    assert conv.pool1d([0.3, 0.1, 1, 0.2], **same).tolist() == [0.3, 1, 1, 1]


@pytest.mark.parametrize("n, k", [(1, 1), (5, 3), (12, 4), (9, 9)])
def test_1d_against_numpy_and_scipy(n, k):
    x, w = RNG.normal(size=n), RNG.normal(size=k)
    np.testing.assert_allclose(conv.convolve1d(x, w), np.convolve(x, w, "valid"), atol=1e-12)
    np.testing.assert_allclose(conv.convolve1d(x, w), scipy.signal.convolve(x, w, "valid"),
                               atol=1e-12)
    np.testing.assert_allclose(conv.correlate1d(x, w), np.correlate(x, w, "valid"), atol=1e-12)
    np.testing.assert_allclose(conv.correlate1d(x, w), scipy.signal.correlate(x, w, "valid"),
                               atol=1e-12)
    np.testing.assert_allclose(conv.conv_matrix_1d(w, n) @ x, conv.correlate1d(x, w), atol=1e-12)


def test_convolution_is_commutative_in_full_mode_but_valid_needs_the_kernel_inside():
    x, w = RNG.normal(size=6), RNG.normal(size=6)
    np.testing.assert_allclose(conv.convolve1d(x, w), conv.convolve1d(w, x), atol=1e-12)


@pytest.mark.parametrize("shape, kshape", [((4, 4), (3, 3)), ((7, 5), (2, 3)), ((6, 6), (1, 1)),
                                           ((3, 3), (3, 3))])
def test_2d_against_scipy(shape, kshape):
    image, kernel = RNG.normal(size=shape), RNG.normal(size=kshape)
    np.testing.assert_allclose(conv.convolve2d(image, kernel),
                               scipy.signal.convolve2d(image, kernel, "valid"), atol=1e-12)
    np.testing.assert_allclose(conv.correlate2d(image, kernel),
                               scipy.signal.correlate2d(image, kernel, "valid"), atol=1e-12)
    C = conv.conv_matrix_2d(kernel, *shape)
    np.testing.assert_allclose(C @ image.ravel(), conv.correlate2d(image, kernel).ravel(),
                               atol=1e-12)


def test_padding_and_stride():
    image, kernel = RNG.normal(size=(7, 6)), RNG.normal(size=(3, 3))
    full = scipy.signal.correlate2d(np.pad(image, 2), kernel, "valid")
    np.testing.assert_allclose(conv.correlate2d(image, kernel, padding=2), full, atol=1e-12)
    np.testing.assert_allclose(conv.correlate2d(image, kernel, padding=2, stride=2),
                               full[::2, ::2], atol=1e-12)
    np.testing.assert_allclose(conv.convolve2d(image, kernel, padding=1, stride=3),
                               scipy.signal.convolve2d(np.pad(image, 1), kernel,
                                                       "valid")[::3, ::3], atol=1e-12)
    out = conv.correlate2d(image, kernel, padding=1, stride=2)
    assert out.shape == (conv.output_size(7, 3, 1, 2), conv.output_size(6, 3, 1, 2))


def test_the_2d_matrix_is_doubly_block_toeplitz_and_not_circulant():
    kernel, H, W = RNG.normal(size=(2, 3)), 4, 5
    C = conv.conv_matrix_2d(kernel, H, W)
    out_h, out_w = H - 1, W - 2
    blocks = C.reshape(out_h, out_w, H, W).transpose(0, 2, 1, 3)  # block (i, r)
    for i in range(out_h):
        for r in range(H):
            block = blocks[i, r]
            if 0 <= r - i < 2:
                np.testing.assert_array_equal(block, conv.conv_matrix_1d(kernel[r - i], W))
            else:
                assert not block.any()
    np.testing.assert_array_equal(np.count_nonzero(C), kernel.size * out_h * out_w)
    row = conv.conv_matrix_1d([1.0, 2.0, 3.0], 5)
    assert row[-1, 0] == 0  # a circulant matrix would wrap the kernel around here


def test_multichannel_against_loops_and_keras():
    keras = pytest.importorskip("keras")
    V, K = RNG.normal(size=(3, 6, 5)), RNG.normal(size=(4, 3, 3, 2))
    Z = conv.multichannel_correlate(V, K)
    assert Z.shape == (4, 4, 4)
    for i in range(4):
        expected = sum(conv.correlate2d(V[l], K[i, l]) for l in range(3))
        np.testing.assert_allclose(Z[i], expected, atol=1e-12)
    layer = keras.layers.Conv2D(4, (3, 2), use_bias=False)
    layer.build((1, 6, 5, 3))
    layer.set_weights([K.transpose(2, 3, 1, 0)])
    out = keras.ops.convert_to_numpy(layer(V.transpose(1, 2, 0)[None].astype("float32")))
    np.testing.assert_allclose(out[0].transpose(2, 0, 1), Z, rtol=1e-5, atol=1e-5)


def test_keras_conv2d_computes_cross_correlation():
    keras = pytest.importorskip("keras")
    image, kernel = RNG.normal(size=(8, 7)), RNG.normal(size=(3, 3))
    for padding, stride in (("valid", 1), ("valid", 2), ("same", 1), ("same", 2)):
        layer = keras.layers.Conv2D(1, 3, strides=stride, padding=padding, use_bias=False)
        layer.build((1, 8, 7, 1))
        layer.set_weights([kernel[:, :, None, None]])
        out = keras.ops.convert_to_numpy(layer(image[None, :, :, None].astype("float32")))[0, :, :, 0]
        if padding == "same":
            pads = [conv.same_padding(n, 3, stride) for n in image.shape]
            expected = conv.correlate2d(np.pad(image, pads), kernel, stride=stride)
            assert out.shape == tuple(conv.same_output_size(n, stride) for n in image.shape)
        else:
            expected = conv.correlate2d(image, kernel, stride=stride)
        np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
        assert not np.allclose(out, conv.convolve2d(np.pad(image, pads) if padding == "same"
                                                    else image, kernel, stride=stride))


@pytest.mark.parametrize("W, F, P, S, expected", [(7, 3, 0, 1, 5), (7, 3, 0, 2, 3),
                                                  (32, 5, 2, 1, 32), (5, 5, 0, 1, 1),
                                                  (6, 3, 0, 2, 2), (1, 3, 1, 1, 1)])
def test_output_size(W, F, P, S, expected):
    assert conv.output_size(W, F, P, S) == expected


def test_output_and_parameter_counts_against_keras():
    keras = pytest.importorskip("keras")
    for W, F, S in ((7, 3, 1), (7, 3, 2), (8, 3, 2), (9, 4, 3), (5, 1, 1)):
        for padding in ("valid", "same"):
            layer = keras.layers.Conv2D(2, F, strides=S, padding=padding)
            shape = layer.compute_output_shape((None, W, W, 3))
            size = conv.output_size(W, F, 0, S) if padding == "valid" else conv.same_output_size(W, S)
            assert shape[1:3] == (size, size)
    layer = keras.layers.Conv2D(32, 3)
    layer.build((None, 32, 32, 3))
    assert layer.count_params() == conv.conv_params(3, 3, 32) == 896
    assert conv.conv_params(3, 3, 32, bias=False) == 864
    padded = keras.layers.ZeroPadding2D(2)
    assert padded.compute_output_shape((None, 32, 32, 3))[1] == 36


def test_same_padding_puts_the_extra_zero_after():
    assert conv.same_padding(7, 3, 1) == (1, 1)
    assert conv.same_padding(8, 3, 2) == (0, 1)
    assert conv.same_padding(8, 4, 1) == (1, 2)
    assert conv.same_padding(5, 1, 1) == (0, 0)
    assert conv.same_padding(6, 2, 3) == (0, 0)


def test_receptive_field_against_an_impulse():
    assert conv.receptive_field([]) == 1
    assert conv.receptive_field([(3, 1)] * 3) == 7
    assert conv.receptive_field([(3, 1), (2, 2), (3, 1), (2, 2)]) == 10
    stack = [(3, 1), (2, 2), (3, 2)]
    x = np.zeros(41)
    ones = [np.ones(F) for F, _ in stack]
    reached = set()
    for position in range(41):  # which inputs change the first unit of the last layer
        impulse = x.copy()
        impulse[position] = 1.0
        h = impulse
        for w, (F, S) in zip(ones, stack):
            h = conv.correlate1d(h, w)[::S]
        if h[0] != 0:
            reached.add(position)
    assert len(reached) == conv.receptive_field(stack) == max(reached) + 1


def test_pooling_against_keras():
    keras = pytest.importorskip("keras")
    x = RNG.normal(size=(7, 9))
    for size, stride, padding in ((2, 2, "valid"), (3, 1, "valid"), (3, 2, "same"),
                                  (2, 2, "same"), (3, 1, "same")):
        batch = x[None, :, :, None].astype("float32")
        for kind, layer in (("max", keras.layers.MaxPooling2D), ("average",
                                                                keras.layers.AveragePooling2D)):
            out = keras.ops.convert_to_numpy(layer(size, stride, padding=padding)(batch))
            np.testing.assert_allclose(out[0, :, :, 0],
                                       conv.pool2d(x, size, stride, kind, padding), rtol=1e-5,
                                       atol=1e-6)
        squares = keras.layers.AveragePooling2D(size, stride, padding="valid")(batch ** 2)
        if padding == "valid":
            l2 = np.sqrt(keras.ops.convert_to_numpy(squares)[0, :, :, 0] * size * size)
            np.testing.assert_allclose(conv.pool2d(x, size, stride, "l2"), l2, rtol=1e-5)
    y = RNG.normal(size=10)
    out = keras.layers.MaxPooling1D(3, 1, padding="same")(y[None, :, None].astype("float32"))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(out)[0, :, 0],
                               conv.pool1d(y, 3, 1, padding="same"), rtol=1e-6)


def test_weighted_pooling_favours_the_centre():
    window = np.zeros((3, 3))
    window[1, 1] = 1.0
    centre = conv.pool2d(window, 3, 1, "weighted")[0, 0]
    window = np.zeros((3, 3))
    window[0, 0] = 1.0
    corner = conv.pool2d(window, 3, 1, "weighted")[0, 0]
    assert centre > conv.pool2d(np.eye(3) * 0 + (np.arange(9) == 4).reshape(3, 3), 3, 1,
                                "average")[0, 0] > corner
    assert np.isclose(conv.pool2d(np.ones((4, 4)), 2, 2, "weighted"), 1.0).all()
    assert np.isclose(conv.pool2d(POOL, 2, 2, "weighted"), conv.pool2d(POOL, 2, 2, "average")).all()


def test_equivariance_to_translation_away_from_the_borders():
    image, kernel = RNG.normal(size=(12, 12)), RNG.normal(size=(3, 3))
    shifted = np.roll(image, 2, axis=1)
    a = conv.correlate2d(shifted, kernel)
    b = np.roll(conv.correlate2d(image, kernel), 2, axis=1)
    np.testing.assert_allclose(a[:, 2:], b[:, 2:], atol=1e-12)
    assert not np.allclose(a[:, :2], b[:, :2])


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="w must have between 1 and len"):
        conv.convolve1d([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="kernel of shape"):
        conv.correlate2d(np.ones((2, 2)), np.ones((3, 3)))
    assert conv.correlate2d(np.ones((2, 2)), np.ones((3, 3)), padding=1).shape == (2, 2)
    with pytest.raises(ValueError, match="F = 9 is larger than the padded input"):
        conv.output_size(5, 9, 1, 1)
    with pytest.raises(ValueError, match="S must be at least 1"):
        conv.output_size(5, 3, 0, 0)
    with pytest.raises(ValueError, match="C_in"):
        conv.multichannel_correlate(np.ones((2, 4, 4)), np.ones((3, 1, 2, 2)))
    with pytest.raises(ValueError, match="layers must be a list of"):
        conv.receptive_field([3, 1])
    with pytest.raises(TypeError, match="layers"):
        conv.receptive_field([(2.5, 1)])
    with pytest.raises(ValueError, match="kind must be one of"):
        conv.pool2d(POOL, kind="median")
    with pytest.raises(ValueError, match="the window must fit"):
        conv.pool2d(np.ones((2, 2)), 3)
    with pytest.raises(ValueError, match="limit"):
        conv.conv_matrix_2d(np.ones((3, 3)), 1000, 1000)
    with pytest.raises(TypeError, match="image"):
        conv.correlate2d(np.ones((3, 3)) * 1j, np.ones((2, 2)))
