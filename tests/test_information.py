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


def test_certain_outcomes_give_plus_zero():
    for value in (entropy([0.0, 1.0, 0.0]), cross_entropy([0.0, 1.0], [0.0, 1.0]),
                  kl_divergence([1.0, 0.0], [1.0, 0.0])):
        assert value == 0.0 and np.copysign(1.0, value) == 1.0  # prints as 0, not -0
    assert np.all(np.copysign(1.0, entropy([[1.0, 0.0], [0.0, 1.0]])) == 1.0)


def test_numpy_scalars_and_other_dtypes_are_accepted():
    assert entropy([0.5, 0.5], base=np.float32(2)) == pytest.approx(1.0)
    assert entropy([0.5, 0.5], base=np.int64(2)) == pytest.approx(1.0)
    assert entropy(np.array([0.5, 0.5], dtype=np.float16), base=10) == pytest.approx(np.log10(2))
    assert entropy(np.array([1, 0])) == 0.0  # integer one-hot
    assert binary_cross_entropy(np.float32(1), np.float64(0.2)) == pytest.approx(-np.log(0.2))
    assert binary_cross_entropy(1, 0.2, eps=np.float32(1e-7)) == pytest.approx(-np.log(0.2))


def test_binary_cross_entropy_accepts_a_column_of_targets_and_predictions():
    y = np.array([[1.0], [0.0]])
    y_hat = np.array([[0.8], [0.1]])
    assert binary_cross_entropy(y, y_hat) == pytest.approx(binary_cross_entropy(y.ravel(),
                                                                                y_hat.ravel()))


BAD_INPUT = {
    "not a distribution": [
        (lambda: entropy([0.5, 0.6]), ValueError, "p must sum to 1"),
        (lambda: entropy([-0.5, 1.5]), ValueError, "probabilities in"),
        (lambda: cross_entropy([1.0, 0.0], [0.5, 0.6]), ValueError, "q must sum to 1"),
        (lambda: kl_divergence([[0.5, 0.5], [0.9, 0.2]], [[0.5, 0.5], [0.5, 0.5]]), ValueError,
         "p must sum to 1"),
        (lambda: binary_cross_entropy([2, 0], [0.5, 0.5]), ValueError,
         "y must contain probabilities"),
        (lambda: binary_cross_entropy([1, 0], [0.5, 1.5]), ValueError, "y_hat must contain"),
    ],
    "NaN or infinity": [
        (lambda: entropy([np.nan, 1.0]), ValueError, "p contains NaN"),
        (lambda: kl_divergence([0.5, 0.5], [np.inf, 0.5]), ValueError, "q contains NaN"),
        (lambda: binary_cross_entropy([1.0], [np.nan]), ValueError, "y_hat contains NaN"),
    ],
    "impossible outcome under q": [
        (lambda: kl_divergence([0.5, 0.5], [1.0, 0.0]), ValueError, "q is 0 at index"),
        (lambda: cross_entropy([1.0, 0.0], [0.0, 1.0]), ValueError, "infinite"),
    ],
    "wrong shape": [
        (lambda: entropy([]), ValueError, "at least one probability"),
        (lambda: entropy([[[1.0]]]), ValueError, "p must be 1-D or 2-D"),
        (lambda: entropy(1.0), ValueError, "p must be 1-D or 2-D"),
        (lambda: kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]), ValueError, "same shape"),
        (lambda: cross_entropy([0.5, 0.5], [[0.5, 0.5]]), ValueError, "same shape"),
        (lambda: binary_cross_entropy([1, 0], [0.5]), ValueError, "same shape"),
        (lambda: binary_cross_entropy([1, 0], [[0.5], [0.5]]), ValueError, "reshape"),
        (lambda: binary_cross_entropy([], []), ValueError, "at least one example"),
    ],
    "wrong type": [
        (lambda: entropy("abc"), TypeError, "p must be array-like"),
        (lambda: entropy(None), TypeError, "p must be array-like"),
        (lambda: kl_divergence([0.5, 0.5], ["a", "b"]), TypeError, "q must contain numbers, got text"),
        (lambda: binary_cross_entropy(None, 0.5), TypeError, "y must be array-like"),
        (lambda: entropy([0.5, 0.5], base="2"), TypeError, "base must be a real number"),
        (lambda: entropy([0.5, 0.5], base=True), TypeError, "base must be a real number"),
        (lambda: binary_cross_entropy(1, 0.5, eps="small"), TypeError, "eps must be a real"),
    ],
    "complex numbers": [
        (lambda: entropy([0.5 + 0j, 0.5]), TypeError, "p must contain real numbers"),
        (lambda: cross_entropy([0.5, 0.5], np.array([0.5, 0.5], dtype=complex)), TypeError,
         "q must contain real numbers"),
        (lambda: binary_cross_entropy(1, 0.5 + 0.1j), TypeError, "y_hat must contain real"),
        (lambda: entropy([0.5, 0.5], base=2 + 0j), TypeError, "base must be a real number"),
    ],
    "wrong value of base or eps": [
        (lambda: entropy([0.5, 0.5], base=1), ValueError, "which has no logarithm"),
        (lambda: entropy([0.5, 0.5], base=0.5), ValueError, "base below 1"),
        (lambda: kl_divergence([0.5, 0.5], [0.2, 0.8], base=0.1), ValueError, "base below 1"),
        (lambda: cross_entropy([0.5, 0.5], [0.2, 0.8], base=1.0), ValueError, "greater than 1"),
        (lambda: entropy([0.5, 0.5], base=-2), ValueError, "base must be greater than 0"),
        (lambda: entropy([0.5, 0.5], base=np.inf), ValueError, "base must be finite"),
        (lambda: binary_cross_entropy(1, 0.5, eps=0.0), ValueError, "eps must lie in"),
        (lambda: binary_cross_entropy(1, 0.5, eps=0.5), ValueError, "eps must lie in"),
    ],
}
CASES = [(kind, *case) for kind, cases in BAD_INPUT.items() for case in cases]


@pytest.mark.parametrize("kind, call, error, match", CASES,
                         ids=[f"{kind}-{i}" for i, (kind, *_) in enumerate(CASES)])
def test_bad_input_gives_clear_errors(kind, call, error, match):
    with pytest.raises(error, match=match):
        call()
