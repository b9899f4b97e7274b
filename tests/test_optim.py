"""dlbook.optim: gradient descent and mini-batch SGD from scratch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from dlbook import optim


def quadratic(H, b):
    H = np.asarray(H, dtype=float)
    return lambda theta: H @ theta - b


def test_gradient_descent_path_and_convergence():
    H = np.diag([1.0, 10.0])
    path = optim.gradient_descent(quadratic(H, np.zeros(2)), [1.0, 1.0], 0.1, 50)
    assert path.shape == (51, 2)
    assert np.allclose(path[0], [1, 1])
    # along each eigen-direction the error is multiplied by (1 - eta * lambda) per step
    assert np.allclose(path[:, 0], 0.9 ** np.arange(51))
    assert np.allclose(path[1:, 1], 0.0)


def test_threshold_two_over_L():
    H = np.array([[3.0, 1.0], [1.0, 2.0]])
    L = np.linalg.eigvalsh(H).max()
    grad = quadratic(H, np.array([1.0, 1.0]))
    theta_star = np.linalg.solve(H, [1.0, 1.0])
    below = optim.gradient_descent(grad, [0.0, 0.0], 0.98 * 2 / L, 2000)
    above = optim.gradient_descent(grad, [0.0, 0.0], 1.02 * 2 / L, 2000)
    assert np.allclose(below[-1], theta_star, atol=1e-6)
    assert len(above) < 2001 or np.abs(above[-1]).max() > 1e10


def test_divergence_stops_quietly():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = optim.gradient_descent(lambda t: 10 * t, [1.0], 5.0, 10_000)
    assert len(path) < 10_001
    assert not np.isfinite(path[-1]).all() or np.abs(path[-1]).max() > optim.DIVERGENCE_THRESHOLD
    assert np.isfinite(path[:-1]).all()


def test_learning_rate_schedule():
    path = optim.gradient_descent(lambda t: np.ones_like(t), [0.0], lambda t: 1.0 / (t + 1), 3)
    assert np.allclose(path[:, 0], [0, -1, -1.5, -1.5 - 1 / 3])
    with pytest.raises(ValueError, match=r"learning_rate\(1\) must be greater than 0"):
        optim.gradient_descent(lambda t: t, [1.0], lambda t: 1.0 - t, 3)


def test_gradient_descent_bad_input():
    with pytest.raises(TypeError, match="grad must be a function"):
        optim.gradient_descent(3, [0.0], 0.1, 5)
    with pytest.raises(ValueError, match="learning_rate must be greater than 0"):
        optim.gradient_descent(lambda t: t, [0.0], -0.1, 5)
    with pytest.raises(TypeError, match="n_steps must be an integer"):
        optim.gradient_descent(lambda t: t, [0.0], 0.1, 2.5)
    with pytest.raises(ValueError, match="shape of theta"):
        optim.gradient_descent(lambda t: np.zeros(3), [0.0, 0.0], 0.1, 5)


def test_minibatches_cover_every_example_once():
    rng = np.random.default_rng(0)
    batches = list(optim.minibatches(10, 4, rng=rng))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))
    ordered = list(optim.minibatches(5, 2, shuffle=False))
    assert [b.tolist() for b in ordered] == [[0, 1], [2, 3], [4]]
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        next(optim.minibatches(5, 2))
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        next(optim.minibatches(5, 0, shuffle=False))


def _linear_problem():
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(200), rng.normal(size=(200, 2))])
    y = X @ np.array([1.0, 2.0, -3.0]) + rng.normal(0, 0.1, 200)

    def grad_batch(theta, Xb, yb):
        return Xb.T @ (Xb @ theta - yb) / len(yb)

    return X, y, grad_batch


def test_full_batch_sgd_equals_gradient_descent():
    X, y, grad_batch = _linear_problem()
    path_sgd = optim.minibatch_sgd(grad_batch, X, y, np.zeros(3), 0.1, len(X), 30,
                                   shuffle=False)
    path_gd = optim.gradient_descent(lambda t: grad_batch(t, X, y), np.zeros(3), 0.1, 30)
    assert np.allclose(path_sgd, path_gd)


def test_minibatch_sgd_converges_and_is_reproducible():
    X, y, grad_batch = _linear_problem()
    path = optim.minibatch_sgd(grad_batch, X, y, np.zeros(3), 0.05, 16, 20, seed=3)
    assert path.shape == (20 * 13 + 1, 3)
    assert np.allclose(path[-1], np.linalg.lstsq(X, y, rcond=None)[0], atol=0.05)
    again = optim.minibatch_sgd(grad_batch, X, y, np.zeros(3), 0.05, 16, 20, seed=3)
    assert np.array_equal(path, again)
    other = optim.minibatch_sgd(grad_batch, X, y, np.zeros(3), 0.05, 16, 20, seed=4)
    assert not np.array_equal(path, other)


def test_minibatch_sgd_bad_input():
    X, y, grad_batch = _linear_problem()
    with pytest.raises(ValueError, match="batch_size must be at most 200"):
        optim.minibatch_sgd(grad_batch, X, y, np.zeros(3), 0.1, 500, 1)
    with pytest.raises(ValueError, match="same number of rows"):
        optim.minibatch_sgd(grad_batch, X, y[:-1], np.zeros(3), 0.1, 10, 1)
    with pytest.raises(TypeError, match="grad_batch must be a function"):
        optim.minibatch_sgd(None, X, y, np.zeros(3), 0.1, 10, 1)
    with pytest.raises(ValueError, match="shape of theta"):
        optim.minibatch_sgd(lambda t, a, b: np.zeros(2), X, y, np.zeros(3), 0.1, 10, 1)
    with pytest.raises(ValueError, match="seed must be at least 0"):
        optim.minibatch_sgd(grad_batch, X, y, np.zeros(3), 0.1, 10, 1, seed=-1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = optim.minibatch_sgd(grad_batch, X * 1e3, y, np.zeros(3), 10.0, 10, 50)
    assert len(path) < 50 * 20 + 1


# -- bad input, by class ------------------------------------------------------------------------
@pytest.mark.parametrize("shuffle", ["no", 1, None])
def test_flags_must_be_booleans(shuffle):
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        next(optim.minibatches(5, 2, rng=np.random.default_rng(0), shuffle=shuffle))
    X, y = np.ones((4, 1)), np.ones(4)
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        optim.minibatch_sgd(lambda t, a, b: t, X, y, [0.0], 0.1, 2, 1, shuffle=shuffle)


def test_numpy_scalars_are_accepted():
    batches = list(optim.minibatches(np.int64(6), np.int64(4), shuffle=np.bool_(False)))
    assert [b.tolist() for b in batches] == [[0, 1, 2, 3], [4, 5]]
    path = optim.gradient_descent(lambda t: t, np.array([1.0]), np.float32(0.5), np.int64(2))
    assert np.allclose(path[:, 0], [1, 0.5, 0.25])
    X, y = np.ones((4, 1)), np.ones(4)
    path = optim.minibatch_sgd(lambda t, a, b: t - 1, X, y, [0.0], np.float64(0.5),
                               np.int64(2), np.int64(1), np.int64(0), shuffle=np.bool_(True))
    assert path.shape == (3, 1)


@pytest.mark.parametrize("returned, error, match", [
    (None, TypeError, "grad returned None"),
    ("abc", TypeError, "gradient returned by grad"),
    (np.array([1j]), TypeError, "complex"),
    (np.zeros(2), ValueError, "shape of theta"),
])
def test_what_grad_returns_is_checked(returned, error, match):
    with pytest.raises(error, match=match):
        optim.gradient_descent(lambda t: returned, [1.0], 0.1, 3)
    X, y = np.ones((4, 1)), np.ones(4)
    with pytest.raises(error, match=match.replace("grad ", "grad_batch ")
                       .replace("by grad", "by grad_batch")):
        optim.minibatch_sgd(lambda t, a, b: returned, X, y, [1.0], 0.1, 2, 1)


def test_a_schedule_must_return_a_number():
    with pytest.raises(TypeError, match="learning_rate returned None"):
        optim.gradient_descent(lambda t: t, [1.0], lambda t: None, 3)
    with pytest.raises(TypeError, match="learning_rate must return a real number"):
        optim.gradient_descent(lambda t: t, [1.0], lambda t: 0.1j, 3)


@pytest.mark.parametrize("value", [None, "abc", [1.0 + 2j], [np.nan]])
def test_arrays_are_checked(value):
    with pytest.raises((TypeError, ValueError), match="theta0"):
        optim.gradient_descent(lambda t: t, value, 0.1, 3)
    with pytest.raises((TypeError, ValueError), match="X"):
        optim.minibatch_sgd(lambda t, a, b: t, value, [1.0], [0.0], 0.1, 1, 1)


def test_huge_sizes_fail_clearly_instead_of_running_out_of_memory():
    with pytest.raises(ValueError, match="n must be at most 100000000"):
        next(optim.minibatches(10**12, 10, rng=np.random.default_rng(0)))
    with pytest.raises(ValueError, match="batch_size must be at most"):
        next(optim.minibatches(10, 10**12, shuffle=False))
    with pytest.raises(ValueError, match="limit of 100,000,000 numbers"):
        optim.gradient_descent(lambda t: t, np.ones(10), 0.1, 10**12)
    X, y = np.ones((4, 1)), np.ones(4)
    with pytest.raises(ValueError, match="limit of 100,000,000 numbers"):
        optim.minibatch_sgd(lambda t, a, b: t, X, y, [0.0], 0.1, 1, 10**12)


def test_generators_are_checked():
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        next(optim.minibatches(5, 2, rng=0))
    X, y = np.ones((4, 1)), np.ones(4)
    with pytest.raises(TypeError, match="seed must be an integer"):
        optim.minibatch_sgd(lambda t, a, b: t, X, y, [0.0], 0.1, 2, 1, seed=np.random.default_rng())
