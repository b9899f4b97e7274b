"""dlbook.penalties: ridge, soft-thresholding, the LASSO and the penalised quadratic, checked
against scikit-learn, SciPy and the optimality conditions."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.linear_model import Lasso, Ridge

from dlbook import penalties


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 12)) * rng.uniform(0.5, 3.0, 12) + rng.normal(size=12)
    w = np.zeros(12)
    w[:3] = [2.0, -1.5, 1.0]
    y = X @ w + 5.0 + rng.normal(size=80)
    return X, y


@pytest.mark.parametrize("alpha", [0.0, 0.01, 0.3, 10.0])
def test_ridge_matches_scikit_learn_with_alpha_times_n(data, alpha):
    X, y = data
    w, b = penalties.ridge(X, y, alpha)
    reference = Ridge(alpha=len(y) * alpha, solver="cholesky").fit(X, y)
    assert np.allclose(w, reference.coef_, atol=1e-9) and np.isclose(b, reference.intercept_)


def test_ridge_gradient_vanishes_at_the_solution(data):
    X, y = data
    alpha = 0.2
    w, b = penalties.ridge(X, y, alpha)
    residual = y - X @ w - b
    assert np.allclose(-X.T @ residual / len(y) + alpha * w, 0, atol=1e-10)
    assert abs(residual.mean()) < 1e-10  # the intercept is unpenalised


def test_ridge_without_intercept_and_with_collinear_columns(data):
    X, y = data
    w, b = penalties.ridge(X, y, 0.1, intercept=False)
    assert b == 0.0
    assert np.allclose(w, np.linalg.solve(X.T @ X + len(y) * 0.1 * np.eye(12), X.T @ y))
    doubled = np.column_stack([X, X[:, 0]])  # exactly collinear: alpha = 0 still solves
    w0, _ = penalties.ridge(doubled, y, 0.0)
    assert np.all(np.isfinite(w0)) and np.isclose(w0[0], w0[-1])


def test_soft_threshold_is_the_proximal_step_of_the_l1_norm():
    v = np.array([-2.0, -0.3, 0.0, 0.2, 0.5, 3.0])
    t = 0.5
    s = penalties.soft_threshold(v, t)
    assert np.array_equal(s, [-1.5, 0.0, 0.0, 0.0, 0.0, 2.5])
    for vi, si in zip(v, s):
        best = minimize(lambda u: 0.5 * (u[0] - vi) ** 2 + t * abs(u[0]), [vi],
                        method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-14}).x[0]
        assert abs(best - si) < 1e-6
    assert penalties.soft_threshold(np.ones((2, 3)), 0.0).shape == (2, 3)


@pytest.mark.parametrize("alpha", [0.02, 0.1, 0.5])
def test_lasso_matches_scikit_learn(data, alpha):
    X, y = data
    w, b = penalties.lasso(X, y, alpha)
    reference = Lasso(alpha=alpha, tol=1e-14, max_iter=1_000_000).fit(X, y)
    assert np.allclose(w, reference.coef_, atol=1e-6) and abs(b - reference.intercept_) < 1e-6
    assert np.array_equal(w == 0, reference.coef_ == 0)
    ours = penalties.lasso_objective(X, y, alpha, w, b)
    theirs = penalties.lasso_objective(X, y, alpha, reference.coef_, reference.intercept_)
    assert ours <= theirs + 1e-10


def test_lasso_optimality_conditions(data):
    X, y = data
    alpha = 0.1
    w, b = penalties.lasso(X, y, alpha)
    g = -X.T @ (y - X @ w - b) / len(y)  # gradient of the squared error
    active = w != 0
    assert np.allclose(g[active], -alpha * np.sign(w[active]), atol=1e-7)
    assert np.all(np.abs(g[~active]) <= alpha + 1e-7)


def test_lasso_with_a_large_alpha_is_all_zeros_and_alpha_zero_is_least_squares(data):
    X, y = data
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alpha_max = np.abs(Xc.T @ yc).max() / len(y)
    w, b = penalties.lasso(X, y, alpha_max * 1.0001)
    assert not w.any() and np.isclose(b, y.mean())
    w_ls, _ = penalties.ridge(X, y, 0.0)
    w0, _ = penalties.lasso(X, y, 0.0, max_steps=200_000)
    assert np.allclose(w0, w_ls, atol=1e-6)


def test_lasso_warns_when_steps_run_out(data):
    X, y = data
    with pytest.warns(RuntimeWarning, match="max_steps"):
        penalties.lasso(X, y, 0.01, max_steps=3)


def test_lasso_refuses_a_constant_column(data):
    X, y = data
    X = X.copy()
    X[:, 3] = 7.0
    with pytest.raises(ValueError, match="constant column"):
        penalties.lasso(X, y, 0.1)


@pytest.mark.parametrize("kind, penalty", [("l1", lambda w: np.abs(w).sum()),
                                           ("l2", lambda w: 0.5 * w @ w)])
def test_penalized_quadratic_optimum_is_the_minimiser(kind, penalty):
    w_star, h = np.array([1.5, -0.5, 0.2]), np.array([1.0, 1.5, 4.0])
    for alpha in (0.0, 0.3, 0.75, 2.0):
        closed = penalties.penalized_quadratic_optimum(w_star, h, alpha, kind)
        # the cost is separable, so minimise each coordinate on a fine grid
        grid = np.linspace(-3, 3, 600_001)
        for i in range(3):
            pen = np.abs(grid) if kind == "l1" else 0.5 * grid**2
            cost = 0.5 * h[i] * (grid - w_star[i]) ** 2 + alpha * pen
            assert abs(grid[np.argmin(cost)] - closed[i]) < 2e-5
        assert np.isfinite(penalty(closed))


def test_l1_gives_exact_zeros_and_l2_does_not():
    w_star, h = np.array([1.5, 0.5]), np.array([1.0, 1.5])
    l1 = penalties.penalized_quadratic_optimum(w_star, h, 0.75, "l1")
    l2 = penalties.penalized_quadratic_optimum(w_star, h, 100.0, "l2")
    assert l1[1] == 0.0 and l1[0] == 0.75
    assert np.all(l2 != 0)


def test_bad_inputs_name_their_argument(data):
    X, y = data
    with pytest.raises(ValueError, match="alpha"):
        penalties.ridge(X, y, -1.0)
    with pytest.raises(ValueError, match="X and y"):
        penalties.ridge(X, y[:-1], 0.1)
    with pytest.raises(ValueError, match="h_diag"):
        penalties.penalized_quadratic_optimum([1.0, 2.0], [1.0, 0.0], 0.1)
    with pytest.raises(ValueError, match="kind"):
        penalties.penalized_quadratic_optimum([1.0, 2.0], [1.0, 1.0], 0.1, "l3")
    with pytest.raises(ValueError, match="threshold"):
        penalties.soft_threshold([1.0], -0.5)
    with pytest.raises(ValueError, match="w"):
        penalties.lasso_objective(X, y, 0.1, np.ones(3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        penalties.lasso(X, y, 0.1)  # converges without a warning
