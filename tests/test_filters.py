"""dlbook.filters: hand-designed kernels, filtering, and k-means kernels."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

from dlbook import filters

RNG = np.random.default_rng(0)
IMAGE = RNG.random((20, 17))


def test_kernels_by_name():
    assert set(filters.KERNEL_NAMES) >= {"box", "sobel_x", "kirsch_8", "sharpen"}
    assert np.allclose(filters.kernel("box", size=5), np.full((5, 5), 1 / 25))
    assert np.array_equal(filters.kernel("simple_x"), [[-1, 0, 1]] * 3)
    assert np.array_equal(filters.kernel("simple_y"), [[1, 1, 1], [0, 0, 0], [-1, -1, -1]])
    assert np.array_equal(filters.kernel("sobel_x"), [[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    assert np.array_equal(filters.kernel("sobel_y"), filters.kernel("sobel_x").T)
    assert np.array_equal(filters.kernel("prewitt_y"), [[-1, -1, -1], [0, 0, 0], [1, 1, 1]])
    assert np.array_equal(filters.kernel("sharpen", amount=0.0), filters.kernel("identity"))
    assert np.array_equal(filters.kernel("sharpen", amount=8.0),
                          [[0, -8, 0], [-8, 33, -8], [0, -8, 0]])
    for name in filters.KERNEL_NAMES:
        k = filters.kernel(name)
        total = 1.0 if name in ("identity", "box", "sharpen") else 0.0
        assert np.isclose(k.sum(), total), name


def test_the_eight_kirsch_masks():
    masks = filters.kirsch_masks()
    assert np.array_equal(masks[0], [[5, 5, 5], [-3, 0, -3], [-3, -3, -3]])
    assert np.array_equal(masks[1], [[5, 5, -3], [5, 0, -3], [-3, -3, -3]])
    assert np.array_equal(masks[2], [[5, -3, -3], [5, 0, -3], [5, -3, -3]])
    assert len({m.tobytes() for m in masks}) == 8
    for r in range(8):  # the opposite direction is the half turn
        assert np.array_equal(np.rot90(masks[r], 2), masks[(r + 4) % 8])
        assert np.array_equal(filters.kernel(f"kirsch_{r + 1}"), masks[r])


@pytest.mark.parametrize("name", ["sobel_x", "box", "kirsch_3"])
def test_apply_kernel_is_cross_correlation_with_a_mirrored_border(name):
    k = filters.kernel(name, size=5)
    pad = k.shape[0] // 2
    padded = np.pad(IMAGE, pad, mode="symmetric")
    ref = signal.correlate2d(padded, k, mode="valid")
    out = filters.apply_kernel(IMAGE, k)
    assert out.shape == IMAGE.shape and np.allclose(out, ref, atol=1e-12)


def test_boundaries():
    flat = np.ones((6, 6))
    for boundary in ("reflect", "nearest"):
        assert np.allclose(filters.apply_kernel(flat, filters.kernel("sobel_x"), boundary), 0)
    zero = filters.apply_kernel(flat, filters.kernel("sobel_x"), "zero")
    assert zero[:, 0].min() < 0 and np.allclose(zero[:, 1:-1], 0)  # a dark frame is an edge


def test_kirsch_edges():
    step = np.zeros((10, 10))
    step[:5] = 1.0  # bright on top
    magnitude, direction = filters.kirsch_edges(step)
    assert magnitude.max() == 15 and direction[4, 5] == 1 and direction[5, 5] == 1
    assert np.allclose(magnitude, np.max([filters.apply_kernel(step, m)
                                          for m in filters.kirsch_masks()], axis=0))


def test_patches_and_normalisation():
    images = RNG.random((5, 12, 12))
    patches = filters.random_patches(images, size=4, n_patches=50, seed=1)
    assert patches.shape == (50, 4, 4)
    assert np.array_equal(patches, filters.random_patches(images, 4, 50, 1))
    normal = filters.normalize_patches(patches, eps=1e-12)
    assert np.allclose(normal.mean(axis=(1, 2)), 0) and np.allclose(normal.std(axis=(1, 2)), 1)
    assert np.allclose(filters.normalize_patches(np.zeros((3, 2, 2))), 0)


def test_kmeans_kernels_find_the_patterns():
    # images made of vertical and horizontal bars: the kernels are bars
    images = np.zeros((40, 10, 10))
    images[:20, :, 4] = 1.0
    images[20:, 4, :] = 1.0
    kernels = filters.kmeans_kernels(images, k=2, size=3, n_patches=2000, seed=0)
    assert kernels.shape == (2, 3, 3)
    np.testing.assert_array_equal(kernels, filters.kmeans_kernels(images, 2, 3, 2000, seed=0))
    with pytest.raises(ValueError, match="min_std"):
        filters.kmeans_kernels(np.zeros((3, 8, 8)), k=2, size=3, n_patches=20)


@pytest.mark.parametrize("call, match", [
    (lambda: filters.kernel("box", size=4), "odd"),
    (lambda: filters.kernel("sharpen", amount=-1.0), "amount"),
    (lambda: filters.kernel("gauss"), "name"),
    (lambda: filters.apply_kernel(np.ones((2, 2)), np.ones((3, 3))), "kernel"),
    (lambda: filters.apply_kernel(np.ones((4, 4, 3)), np.ones((3, 3))), "image"),
    (lambda: filters.random_patches(np.ones((2, 4, 4)), size=5), "size"),
])
def test_bad_input_is_refused_clearly(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
