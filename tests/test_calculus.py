"""Tests of dlbook.calculus: finite differences against known derivatives."""

import numpy as np
import pytest

from dlbook.calculus import (gradient_check, numerical_derivative, numerical_gradient,
                             numerical_jacobian)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@pytest.mark.parametrize("f, df, x", [
    (np.sin, np.cos, 0.7),
    (np.exp, np.exp, -1.3),
    (sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x)), 0.0),
    (np.tanh, lambda x: 1 - np.tanh(x) ** 2, 1.5),
    (lambda x: np.log1p(np.exp(x)), sigmoid, -2.0),
])
def test_numerical_derivative_matches_known_derivatives(f, df, x):
    assert numerical_derivative(f, x) == pytest.approx(df(x), abs=1e-9)


def test_numerical_derivative_scalar_returns_float_and_arrays_keep_shape():
    assert isinstance(numerical_derivative(np.sin, 1.0), float)
    x = np.linspace(-3, 3, 7).reshape(7, 1)
    d = numerical_derivative(np.sin, x)
    assert d.shape == (7, 1)
    np.testing.assert_allclose(d, np.cos(x), atol=1e-9)


def test_central_difference_error_is_second_order():
    # Halving h divides the truncation error by about 4 (before rounding dominates).
    errors = [abs(numerical_derivative(np.exp, 1.0, h=h) - np.e) for h in (1e-2, 5e-3)]
    assert 3.5 < errors[0] / errors[1] < 4.5


def test_numerical_gradient_of_quadratic_form():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(4, 4))
    b = rng.normal(size=4)
    x = rng.normal(size=4)

    def f(v):
        return v @ A @ v + b @ v

    np.testing.assert_allclose(numerical_gradient(f, x), (A + A.T) @ x + b, atol=1e-7)


def test_numerical_gradient_of_matrix_argument_has_matrix_shape():
    W = np.arange(6.0).reshape(2, 3)
    g = numerical_gradient(lambda M: np.sum(M ** 2), W)
    assert g.shape == (2, 3)
    np.testing.assert_allclose(g, 2 * W, atol=1e-7)


def test_numerical_gradient_does_not_modify_x():
    x = np.array([1.0, 2.0])
    numerical_gradient(lambda v: v @ v, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_jacobian_matches_analytic():
    def f(v):
        x, y = v
        return np.array([x ** 2 * y, 5 * x + np.sin(y), x * y])

    def jac(v):
        x, y = v
        return np.array([[2 * x * y, x ** 2], [5.0, np.cos(y)], [y, x]])

    point = np.array([1.2, -0.4])
    J = numerical_jacobian(f, point)
    assert J.shape == (3, 2)
    np.testing.assert_allclose(J, jac(point), atol=1e-8)


def test_numerical_jacobian_of_scalar_function_is_one_row():
    J = numerical_jacobian(lambda v: v @ v, [1.0, 2.0])
    np.testing.assert_allclose(J, [[2.0, 4.0]], atol=1e-8)


def test_numerical_gradient_matches_tensorflow():
    tf = pytest.importorskip("tensorflow")
    x0 = np.array([0.3, -1.1, 2.0])

    def f_np(v):
        return np.sum(np.tanh(v) * v ** 2)

    x = tf.Variable(x0)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.tanh(x) * x ** 2)
    np.testing.assert_allclose(numerical_gradient(f_np, x0), tape.gradient(y, x).numpy(),
                               atol=1e-8)


def test_gradient_check_small_for_right_and_large_for_wrong_gradient():
    def f(v):
        return np.sum(v ** 3)

    x = np.array([0.5, -1.0, 2.0])
    assert gradient_check(f, lambda v: 3 * v ** 2, x) < 1e-8
    assert gradient_check(f, lambda v: 2 * v ** 2, x) > 0.1


def test_gradient_check_zero_gradients_agree():
    assert gradient_check(lambda v: 0.0 * v.sum(), np.zeros_like, [1.0, 2.0]) == 0.0


def test_numpy_scalars_and_integer_points_are_accepted():
    assert numerical_derivative(np.sin, np.float32(0.0), h=np.float64(1e-5)) == pytest.approx(1.0)
    assert numerical_derivative(np.sin, np.int64(0)) == pytest.approx(1.0)
    np.testing.assert_allclose(numerical_gradient(lambda v: v @ v, np.array([1, 2])), [2, 4],
                               atol=1e-8)
    # a function may return a 0-d or one-element array instead of a float
    assert numerical_gradient(lambda v: np.array([v @ v]), [1.0])[0] == pytest.approx(2.0)
    assert gradient_check(lambda v: v @ v, lambda v: 2 * v, np.array([1.5]),
                          tiny=np.float32(1e-12)) < 1e-8


def test_step_limit_is_relative_to_the_size_of_x():
    assert numerical_derivative(np.exp, 0.0, h=1e-9) == pytest.approx(1.0, abs=1e-6)
    with pytest.raises(ValueError, match="h = 1e-05 is too small"):
        numerical_derivative(np.sin, 1e6)  # x + h still differs from x, but barely
    assert numerical_derivative(np.sin, 1e6, h=1e-3) == pytest.approx(np.cos(1e6), abs=1e-5)
    # far from 0 both limits scale with |x|, so a step that fits always exists
    assert numerical_derivative(lambda x: x ** 2, 1e11, h=1e2) == pytest.approx(2e11, rel=1e-6)


def _none(v):
    """A function that forgot its return statement."""
    v + 1


BAD_INPUT = {
    "not a function": [
        (lambda: numerical_derivative("sin", 1.0), TypeError, "f must be a function"),
        (lambda: numerical_gradient(None, [1.0]), TypeError, "f must be a function"),
        (lambda: numerical_jacobian(3.0, [1.0]), TypeError, "f must be a function"),
        (lambda: gradient_check(lambda v: v @ v, None, [1.0]), TypeError, "grad_f must be"),
    ],
    "function returns None": [
        (lambda: numerical_derivative(_none, 1.0), TypeError, "f returned None"),
        (lambda: numerical_gradient(_none, [1.0, 2.0]), TypeError, "f returned None"),
        (lambda: numerical_jacobian(_none, [1.0, 2.0]), TypeError, "f returned None"),
        (lambda: gradient_check(_none, lambda v: 2 * v, [1.0]), TypeError, "f returned None"),
        (lambda: gradient_check(lambda v: v @ v, _none, [1.0]), TypeError,
         "grad_f returned None"),
    ],
    "function returns text or complex numbers": [
        (lambda: numerical_derivative(lambda x: "y", 1.0), TypeError, "returned by f"),
        (lambda: numerical_derivative(lambda x: x * 1j, [1.0]), TypeError, "real numbers"),
        (lambda: numerical_gradient(lambda v: "y", [1.0]), TypeError, "f must return a real"),
        (lambda: numerical_gradient(lambda v: 1j * v.sum(), [1.0]), TypeError,
         "f must return a real"),
        (lambda: numerical_jacobian(lambda v: v + 1j, [1.0]), TypeError, "real numbers"),
        (lambda: gradient_check(lambda v: v @ v, lambda v: 2j * v, [1.0]), TypeError,
         "real numbers"),
    ],
    "function returns NaN or infinity": [
        (lambda: numerical_derivative(np.log, -1.0), ValueError, "f returned NaN"),
        (lambda: numerical_gradient(lambda v: np.inf, [1.0]), ValueError, "finite"),
        (lambda: numerical_jacobian(lambda v: np.full_like(v, np.inf), [1.0]), ValueError,
         "f returned NaN"),
        (lambda: gradient_check(lambda v: v @ v, lambda v: v * np.nan, [1.0]), ValueError,
         "grad_f returned NaN"),
    ],
    "function returns the wrong shape": [
        (lambda: numerical_derivative(np.sum, [1.0, 2.0]), ValueError, "one value per input"),
        (lambda: numerical_gradient(lambda v: v, [1.0, 2.0]), ValueError, "single number"),
        (lambda: numerical_jacobian(lambda v: np.outer(v, v), [1.0, 2.0]), ValueError,
         "a number or a 1-D array"),
        (lambda: numerical_jacobian(lambda v: np.ones(int(v[0] > 1) + 1), [1.0]), ValueError,
         "same number of outputs"),
        (lambda: gradient_check(lambda v: v @ v, lambda v: v[:1], [1.0, 2.0]), ValueError,
         "shaped like x"),
    ],
    "wrong type of point or step": [
        (lambda: numerical_gradient(lambda v: 0.0, "abc"), TypeError, "x must be array-like"),
        (lambda: numerical_derivative(np.sin, None), TypeError, "x must be array-like"),
        (lambda: numerical_derivative(np.sin, True), TypeError, "booleans"),
        (lambda: numerical_gradient(lambda v: 0.0, np.array([True, False])), TypeError,
         "booleans"),
        (lambda: numerical_derivative(np.sin, [[1.0, 2.0], [3.0]]), TypeError, "x must be"),
        (lambda: numerical_derivative(np.sin, 1.0, h="1e-5"), TypeError, "h must be a real"),
        (lambda: numerical_derivative(np.sin, 1.0, h=True), TypeError, "h must be a real"),
        (lambda: gradient_check(lambda v: v @ v, lambda v: 2 * v, [1.0], tiny=None), TypeError,
         "tiny must be a real"),
    ],
    "complex point or step": [
        (lambda: numerical_derivative(np.sin, 1.0 + 2j), TypeError, "x must contain real"),
        (lambda: numerical_gradient(lambda v: 0.0, np.array([1j, 2.0])), TypeError,
         "x must contain real"),
        (lambda: numerical_jacobian(lambda v: v, [1j]), TypeError, "x must contain real"),
        (lambda: numerical_derivative(np.sin, 1.0, h=1e-5 + 0j), TypeError, "h must be a real"),
    ],
    "wrong shape of point": [
        (lambda: numerical_gradient(lambda v: 0.0, []), ValueError, "at least one coordinate"),
        (lambda: numerical_jacobian(lambda v: v, []), ValueError, "at least one coordinate"),
        (lambda: numerical_jacobian(lambda v: v, [[1.0, 2.0]]), ValueError, "x must be 1-D"),
    ],
    "wrong value of point or step": [
        (lambda: numerical_derivative(np.sin, np.nan), ValueError, "x contains NaN"),
        (lambda: numerical_gradient(lambda v: 0.0, [1.0, np.inf]), ValueError, "x contains NaN"),
        (lambda: numerical_derivative(np.sin, 1.0, h=0), ValueError, "h must be greater than 0"),
        (lambda: numerical_derivative(np.sin, 1.0, h=-1e-5), ValueError, "greater than 0"),
        (lambda: numerical_derivative(np.sin, 1.0, h=np.inf), ValueError, "h must be finite"),
        (lambda: numerical_derivative(np.sin, 1.0, h=2.0), ValueError, "h must be a small step"),
        (lambda: numerical_derivative(np.sin, 1.0, h=1e-300), ValueError, "too small"),
        (lambda: numerical_gradient(lambda v: v @ v, [1.0, 1e9]), ValueError, "too small"),
        (lambda: numerical_jacobian(lambda v: v, [1.0], h=1e-12), ValueError, "too small"),
        (lambda: gradient_check(lambda v: v @ v, lambda v: 2 * v, [1.0], tiny=-1), ValueError,
         "tiny must be greater than 0"),
        (lambda: gradient_check(lambda v: v @ v, lambda v: 3 * v, [1.0], tiny=1e3), ValueError,
         "hides wrong gradients"),
    ],
}
CASES = [(kind, *case) for kind, cases in BAD_INPUT.items() for case in cases]


@pytest.mark.parametrize("kind, call, error, match", CASES,
                         ids=[f"{kind}-{i}" for i, (kind, *_) in enumerate(CASES)])
def test_bad_input_gives_clear_errors(kind, call, error, match):
    with pytest.raises(error, match=match):
        call()
