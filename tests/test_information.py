"""Tests of dlbook.information against SciPy and Keras."""

import numpy as np
import pytest
from scipy import stats

from dlbook.information import binary_cross_entropy, cross_entropy, entropy, kl_divergence

P = np.array([0.1, 0.2, 0.3, 0.4])
Q = np.array([0.25, 0.25, 0.4, 0.1])


def test_entropy_matches_scipy_in_nats_and_bits():
    assert entropy(P) == pytest.approx(stats.entropy(P), rel=1e-12)
    assert entropy(P, base=2) == pytest.approx(stats.entropy(P, base=2), rel=1e-12)


def test_entropy_extremes():
    assert entropy([0.0, 1.0, 0.0]) == 0.0  # 0 log 0 = 0, certain outcome
    assert entropy(np.full(8, 1 / 8), base=2) == pytest.approx(3.0)


def test_kl_matches_scipy_and_is_not_symmetric():
    assert kl_divergence(P, Q) == pytest.approx(stats.entropy(P, Q), rel=1e-12)
    assert kl_divergence(Q, P) == pytest.approx(stats.entropy(Q, P), rel=1e-12)
    assert abs(kl_divergence(P, Q) - kl_divergence(Q, P)) > 0.01
    assert kl_divergence(P, P) == 0.0


def test_kl_handles_zero_in_p():
    p = np.array([0.0, 0.5, 0.5])
    q = np.array([0.2, 0.4, 0.4])
    assert kl_divergence(p, q) == pytest.approx(stats.entropy(p, q), rel=1e-12)


def test_cross_entropy_decomposes_into_entropy_plus_kl():
    assert cross_entropy(P, Q) == pytest.approx(entropy(P) + kl_divergence(P, Q), rel=1e-12)
    assert cross_entropy(P, Q, base=2) == pytest.approx(
        entropy(P, base=2) + kl_divergence(P, Q, base=2), rel=1e-12)


def test_batches_give_one_value_per_row():
    p = np.array([[1.0, 0.0, 0.0], [0.2, 0.3, 0.5]])
    q = np.array([[0.7, 0.2, 0.1], [0.3, 0.3, 0.4]])
    np.testing.assert_allclose(cross_entropy(p, q), [-np.log(0.7), -(p[1] @ np.log(q[1]))])
    np.testing.assert_allclose(kl_divergence(p, q), stats.entropy(p, q, axis=1))
    np.testing.assert_allclose(entropy(p), stats.entropy(p, axis=1))


def test_cross_entropy_matches_keras_categorical_crossentropy():
    keras = pytest.importorskip("keras")
    y = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]], dtype="float32")
    q = np.array([[0.1, 0.7, 0.2], [0.5, 0.25, 0.25], [0.05, 0.15, 0.8]], dtype="float32")
    expected = keras.ops.convert_to_numpy(keras.losses.categorical_crossentropy(y, q))
    np.testing.assert_allclose(cross_entropy(y, q), expected, rtol=1e-5)


def test_binary_cross_entropy_worked_example_and_keras():
    keras = pytest.importorskip("keras")
    assert binary_cross_entropy(1, 0.2) == pytest.approx(-np.log(0.2), rel=1e-12)
    assert binary_cross_entropy(1, 0.2) == pytest.approx(1.6094, abs=1e-4)
    y = np.array([1, 0, 1, 1, 0], dtype="float32")
    y_hat = np.array([0.9, 0.2, 0.6, 0.05, 0.4], dtype="float32")
    expected = float(keras.losses.BinaryCrossentropy()(y, y_hat))
    assert binary_cross_entropy(y, y_hat) == pytest.approx(expected, rel=1e-5)


def test_binary_cross_entropy_clips_confident_mistakes():
    loss = binary_cross_entropy([1.0, 0.0], [0.0, 1.0])
    assert np.isfinite(loss)
    assert loss == pytest.approx(-np.log(1e-7), rel=1e-6)
    assert binary_cross_entropy([1.0], [1.0]) < 1e-6


def test_binary_cross_entropy_equals_cross_entropy_of_two_outcomes():
    y, y_hat = 1.0, 0.3
    assert binary_cross_entropy(y, y_hat) == pytest.approx(
        cross_entropy([1 - y, y], [1 - y_hat, y_hat]), rel=1e-12)


@pytest.mark.parametrize("call, error, match", [
    (lambda: entropy([0.5, 0.6]), ValueError, "p must sum to 1"),
    (lambda: entropy([-0.5, 1.5]), ValueError, "probabilities in"),
    (lambda: entropy([]), ValueError, "at least one probability"),
    (lambda: entropy([[[1.0]]]), ValueError, "p must be 1-D or 2-D"),
    (lambda: entropy([0.5, 0.5], base=1), ValueError, "different from 1"),
    (lambda: entropy([0.5, 0.5], base=-2), ValueError, "base must be greater than 0"),
    (lambda: entropy("abc"), TypeError, "p must be array-like"),
    (lambda: kl_divergence([0.5, 0.5], [1.0, 0.0]), ValueError, "q is 0 at index"),
    (lambda: kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]), ValueError, "same shape"),
    (lambda: cross_entropy([1.0, 0.0], [0.0, 1.0]), ValueError, "infinite"),
    (lambda: cross_entropy([1.0, 0.0], [0.5, 0.6]), ValueError, "q must sum to 1"),
    (lambda: binary_cross_entropy([1, 0], [0.5]), ValueError, "same shape"),
    (lambda: binary_cross_entropy([2, 0], [0.5, 0.5]), ValueError, "y must contain probabilities"),
    (lambda: binary_cross_entropy([1, 0], [0.5, 1.5]), ValueError, "y_hat must contain"),
    (lambda: binary_cross_entropy(1, 0.5, eps=0.0), ValueError, "eps must lie in"),
    (lambda: binary_cross_entropy([], []), ValueError, "at least one example"),
])
def test_bad_input_gives_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
