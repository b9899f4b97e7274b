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


@pytest.mark.parametrize("call, error, match", [
    (lambda: numerical_derivative("sin", 1.0), TypeError, "f must be a function"),
    (lambda: numerical_derivative(np.sin, 1.0, h=0), ValueError, "h must be greater than 0"),
    (lambda: numerical_derivative(np.sin, 1.0, h=2.0), ValueError, "h must be a small step"),
    (lambda: numerical_derivative(np.sin, np.nan), ValueError, "x contains NaN"),
    (lambda: numerical_derivative(np.sum, [1.0, 2.0]), ValueError, "one value per input"),
    (lambda: numerical_gradient(lambda v: v, [1.0, 2.0]), ValueError, "single number"),
    (lambda: numerical_gradient(lambda v: 0.0, []), ValueError, "at least one coordinate"),
    (lambda: numerical_gradient(lambda v: 0.0, "abc"), TypeError, "x must be array-like"),
    (lambda: numerical_jacobian(lambda v: v, [[1.0, 2.0]]), ValueError, "x must be 1-D"),
    (lambda: numerical_jacobian(lambda v: np.outer(v, v), [1.0, 2.0]), ValueError,
     "a number or a 1-D array"),
    (lambda: gradient_check(lambda v: v @ v, lambda v: v[:1], [1.0, 2.0]), ValueError,
     "shaped like x"),
    (lambda: gradient_check(lambda v: v @ v, None, [1.0]), TypeError, "grad_f must be"),
    (lambda: gradient_check(lambda v: v @ v, lambda v: 2 * v, [1.0], tiny=-1), ValueError,
     "tiny must be greater than 0"),
])
def test_bad_input_gives_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
