"""dlbook.augmentation: label smoothing against Keras, input noise, image transformations."""

from __future__ import annotations

import numpy as np
import pytest

from dlbook import augmentation as A


def test_the_worked_numbers_of_both_definitions():
    assert A.smoothing_targets(10, 0.1) == (0.91, 0.01)
    true, other = A.smoothing_targets(10, 0.1, "uniform-others")
    assert true == 0.9 and np.isclose(other, 0.1 / 9) and round(other, 4) == 0.0111
    assert np.isclose(A.optimal_logit_gap(10, 0.1), np.log(91))
    assert np.isclose(A.optimal_logit_gap(10, 0.1, "uniform-others"), np.log(81))


@pytest.mark.parametrize("kind", A.KINDS)
@pytest.mark.parametrize("k, eps", [(2, 0.0), (2, 0.3), (10, 0.1), (7, 1.0)])
def test_targets_are_distributions(kind, k, eps):
    t = A.smooth_labels(np.arange(k) % k, k, eps, kind)
    assert t.shape == (k, k)
    assert np.allclose(t.sum(axis=1), 1.0)
    assert np.all(t >= 0)


def test_zero_smoothing_gives_one_hot_and_an_infinite_gap():
    t = A.smooth_labels([2, 0], 3, 0.0)
    assert np.array_equal(t, np.eye(3)[[2, 0]])
    assert A.optimal_logit_gap(3, 0.0) == np.inf
    # uniform targets: the other form at eps = 1 - 1/k, the Keras form at eps = 1
    assert A.optimal_logit_gap(4, 0.75, "uniform-others") == 0.0
    assert A.optimal_logit_gap(4, 1.0) == 0.0


def test_keras_label_smoothing_uses_the_keras_targets():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(0)
    logits = rng.normal(scale=2.0, size=(50, 6)).astype("float32")
    labels = rng.integers(0, 6, size=50)
    logits[np.arange(50), labels] += 3.0  # a classifier that is mostly right
    for eps in (0.05, 0.2, 0.5):
        loss = float(keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=eps)(
            keras.utils.to_categorical(labels, 6), logits))
        log_p = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)
        ours = float(np.mean(-np.sum(A.smooth_labels(labels, 6, eps) * log_p, axis=1)))
        other = float(np.mean(-np.sum(A.smooth_labels(labels, 6, eps, "uniform-others") * log_p,
                                      axis=1)))
        assert abs(loss - ours) < 1e-5
        assert abs(loss - other) > 1e-4


@pytest.mark.parametrize("kind", A.KINDS)
def test_loss_of_the_gap_matches_the_cross_entropy_and_is_smallest_at_the_optimum(kind):
    k, eps = 5, 0.2
    true, other = A.smoothing_targets(k, eps, kind)
    gaps = np.linspace(-3, 10, 27)
    z = np.zeros((len(gaps), k))
    z[:, 0] = gaps
    log_p = z - np.logaddexp.reduce(z, axis=1, keepdims=True)
    direct = -(true * log_p[:, 0] + other * log_p[:, 1:].sum(axis=1))
    assert np.allclose(A.loss_of_logit_gap(gaps, k, eps, kind), direct, atol=1e-12)
    g_star = A.optimal_logit_gap(k, eps, kind)
    h = 1e-5
    derivative = (A.loss_of_logit_gap(g_star + h, k, eps, kind)
                  - A.loss_of_logit_gap(g_star - h, k, eps, kind)) / (2 * h)
    assert abs(derivative) < 1e-8
    # the minimum is the entropy of the targets
    entropy = -(true * np.log(true) + (k - 1) * other * np.log(other))
    assert np.isclose(A.loss_of_logit_gap(g_star, k, eps, kind), entropy)


def test_hard_targets_loss_falls_forever():
    loss = A.loss_of_logit_gap(np.linspace(0, 20, 41), 10, 0.0)
    assert np.all(np.diff(loss) < 0) and loss[-1] > 0
    assert np.isfinite(A.loss_of_logit_gap(1e6, 10, 0.0))  # no overflow


def test_noisy_input_error_against_monte_carlo():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + rng.normal(size=200)
    w, b, sigma = np.array([0.8, -1.5, 0.2]), 0.3, 0.4
    draws = [np.mean(((X + sigma * rng.normal(size=X.shape)) @ w + b - y) ** 2)
             for _ in range(4000)]
    formula = A.noisy_input_squared_error(w, b, X, y, sigma)
    assert abs(np.mean(draws) - formula) < 0.01 * formula
    assert np.isclose(A.noisy_input_squared_error(w, b, X, y, 0.0), np.mean((X @ w + b - y) ** 2))


def test_transform_images_matches_numpy_for_exact_moves():
    rng = np.random.default_rng(0)
    images = rng.random((3, 9, 9))
    assert np.allclose(A.transform_images(images), images)
    assert np.allclose(A.transform_images(images, degrees=90), np.rot90(images, axes=(1, 2)))
    assert np.allclose(A.transform_images(images, degrees=180),
                       images[:, ::-1, ::-1])
    shifted = A.transform_images(images, shift=(1.0, -2.0))
    expected = np.zeros_like(images)
    expected[:, 1:, :-2] = images[:, :-1, 2:]
    assert np.allclose(shifted, expected)
    one = A.transform_images(images[0], zoom=1.0)
    assert one.shape == (9, 9)


def test_zoom_enlarges_about_the_centre():
    image = np.zeros((11, 11))
    image[5, 5] = 1.0
    image[5, 7] = 1.0
    zoomed = A.transform_images(image, zoom=2.0)
    assert zoomed[5, 5] == 1.0 and zoomed[5, 9] == 1.0 and zoomed[5, 7] == 0.0


@pytest.mark.parametrize("call, match", [
    (lambda: A.smoothing_targets(1, 0.1), "n_classes"),
    (lambda: A.smoothing_targets(10, 1.5), "epsilon"),
    (lambda: A.smoothing_targets(10, 0.1, "local"), "kind"),
    (lambda: A.smooth_labels([0, 3], 3, 0.1), "y must hold integer class labels"),
    (lambda: A.smooth_labels([0.5], 3, 0.1), "y must hold integer class labels"),
    (lambda: A.smooth_labels(np.zeros((2, 2)), 3, 0.1), "y must be 1-D"),
    (lambda: A.noisy_input_squared_error([1.0, 2.0], 0.0, np.ones((3, 3)), np.ones(3), 0.1),
     "X must have shape"),
    (lambda: A.noisy_input_squared_error([1.0], 0.0, np.ones((3, 1)), np.ones(3), -0.1), "sigma"),
    (lambda: A.noisy_input_squared_error([1.0], True, np.ones((3, 1)), np.ones(3), 0.1), "b"),
    (lambda: A.transform_images(np.ones(5)), "images must be 2-D or 3-D"),
    (lambda: A.transform_images(np.ones((4, 4)), zoom=0.0), "zoom"),
    (lambda: A.transform_images(np.ones((4, 4)), shift=(1.0,)), "shift"),
])
def test_bad_input_is_refused(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
