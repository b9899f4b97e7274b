"""dlbook.model_selection, checked against NumPy and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, LeaveOneOut, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from dlbook import model_selection as ms


@pytest.fixture
def data():
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 1, 40)
    return x, np.sin(2 * np.pi * x) + rng.normal(0, 0.3, 40)


# -- polynomial regression ------------------------------------------------------------------
def test_polynomial_features_is_vandermonde():
    x = np.array([0.5, 2.0, -1.0])
    X = ms.polynomial_features(x, 3)
    assert X.shape == (3, 4)
    assert np.allclose(X, np.vander(x, 4, increasing=True))
    assert np.allclose(X[:, 0], 1)
    assert ms.polynomial_features(x, 0).shape == (3, 1)


@pytest.mark.parametrize("degree", [0, 1, 3, 7, 12])
def test_fit_polynomial_matches_numpy_and_sklearn(data, degree):
    x, y = data
    beta = ms.fit_polynomial(x, y, degree)
    assert beta.shape == (degree + 1,)
    reference = np.polynomial.polynomial.polyfit(x, y, degree)
    pred = ms.predict_polynomial(beta, x)
    assert np.allclose(pred, np.polynomial.polynomial.polyval(x, reference), atol=1e-6)
    # the exact least-squares fit is the orthogonal projection of y onto the columns
    Q, _ = np.linalg.qr(ms.polynomial_features(x, degree))
    assert np.allclose(pred, Q @ (Q.T @ y), atol=1e-8)
    if degree <= 7:
        # at low degree the coefficients are well determined, and scikit-learn agrees;
        # at high degree its solver discards small singular values and fits less well
        assert np.allclose(beta, reference, rtol=1e-6, atol=1e-6)
        model = make_pipeline(PolynomialFeatures(degree), LinearRegression())
        assert np.allclose(pred, model.fit(x[:, None], y).predict(x[:, None]), atol=1e-8)


def test_fit_polynomial_recovers_an_exact_polynomial_and_interpolates():
    x = np.linspace(-1, 2, 9)
    beta = ms.fit_polynomial(x, 1 - 2 * x + 0.5 * x**3, 3)
    assert np.allclose(beta, [1, -2, 0, 0.5])
    rng = np.random.default_rng(0)
    y = rng.normal(size=5)
    x5 = np.linspace(0, 1, 5)
    assert np.allclose(ms.predict_polynomial(ms.fit_polynomial(x5, y, 6), x5), y)


def test_training_error_never_increases_with_degree(data):
    x, y = data
    errors = [np.mean((ms.predict_polynomial(ms.fit_polynomial(x, y, d), x) - y) ** 2)
              for d in range(13)]
    assert np.all(np.diff(errors) <= 1e-10)


@pytest.mark.parametrize("call, error, message", [
    (lambda: ms.polynomial_features([[1, 2]], 2), ValueError, "x must be 1-D"),
    (lambda: ms.polynomial_features([1, 2], -1), ValueError, "degree must be at least 0"),
    (lambda: ms.polynomial_features([1, 2], 2.0), TypeError, "degree must be an integer"),
    (lambda: ms.fit_polynomial([1, 2, 3], [1, 2], 1), ValueError, "same number of rows"),
    (lambda: ms.fit_polynomial([], [], 1), ValueError, "empty"),
    (lambda: ms.fit_polynomial([1, np.nan], [1, 2], 1), ValueError, "NaN"),
    (lambda: ms.predict_polynomial([], [1, 2]), ValueError, "coef is empty"),
    (lambda: ms.predict_polynomial([[1, 2]], [1, 2]), ValueError, "coef must be 1-D"),
])
def test_polynomial_functions_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -- k-fold cross-validation ----------------------------------------------------------------
@pytest.mark.parametrize("n, k", [(10, 2), (23, 5), (30, 10), (7, 7)])
def test_unshuffled_folds_equal_sklearn_kfold(n, k):
    ours = list(ms.k_fold_indices(n, k, shuffle=False))
    theirs = list(KFold(k).split(np.zeros(n)))
    assert len(ours) == k
    for (tr, va), (sk_tr, sk_va) in zip(ours, theirs):
        assert np.array_equal(tr, sk_tr) and np.array_equal(va, sk_va)


@pytest.mark.parametrize("n, k", [(23, 5), (30, 30)])
def test_shuffled_folds_partition_the_data(n, k):
    folds = list(ms.k_fold_indices(n, k, seed=3))
    validation = np.concatenate([va for _, va in folds])
    assert np.array_equal(np.sort(validation), np.arange(n))
    for tr, va in folds:
        assert np.array_equal(np.sort(np.r_[tr, va]), np.arange(n))
        assert len(np.intersect1d(tr, va)) == 0
    sizes = sorted(len(va) for _, va in folds)
    assert sizes[-1] - sizes[0] <= 1
    again = list(ms.k_fold_indices(n, k, seed=3))
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(folds, again))
    other = list(ms.k_fold_indices(n, k, seed=4))
    assert k == n or not all(np.array_equal(a[1], b[1]) for a, b in zip(folds, other))


@pytest.mark.parametrize("degree, k", [(1, 5), (3, 10), (5, 4), (2, 3)])
def test_cross_validation_matches_sklearn_on_the_same_folds(data, degree, k):
    x, y = data
    folds = list(ms.k_fold_indices(len(x), k, seed=2))
    ours = ms.cross_validate(lambda a, b: ms.fit_polynomial(a, b, degree),
                             ms.predict_polynomial, x, y, k=k, seed=2)
    model = make_pipeline(PolynomialFeatures(degree), LinearRegression())
    theirs = -cross_val_score(model, x[:, None], y, cv=folds, scoring="neg_mean_squared_error")
    assert np.allclose(ours, theirs)
    sizes = np.array([len(va) for _, va in folds])
    assert np.isclose(ms.cross_validation_mse(x, y, degree, k=k, seed=2),
                      np.sum(sizes * theirs) / len(x))


def test_leave_one_out_matches_sklearn_and_the_shortcut(data):
    x, y = data
    loo = ms.cross_validation_mse(x, y, 3, k=len(x))
    model = make_pipeline(PolynomialFeatures(3), LinearRegression())
    theirs = -cross_val_score(model, x[:, None], y, cv=LeaveOneOut(),
                              scoring="neg_mean_squared_error").mean()
    assert np.isclose(loo, theirs)
    # least squares needs no refits: CV_(n) = mean(((y - yhat) / (1 - h)) ** 2)
    X = ms.polynomial_features(x, 3)
    h = np.diag(X @ np.linalg.pinv(X))
    residual = y - ms.predict_polynomial(ms.fit_polynomial(x, y, 3), x)
    assert np.isclose(loo, np.mean((residual / (1 - h)) ** 2))


def test_cross_validate_accepts_two_dimensional_inputs():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = X @ np.array([1.0, -2.0]) + rng.normal(0, 0.1, 30)

    def fit(A, b):
        return np.linalg.lstsq(A, b, rcond=None)[0]

    errors = ms.cross_validate(fit, lambda w, A: A @ w, X, y, k=3)
    assert errors.shape == (3,) and np.all(errors < 0.05)


@pytest.mark.parametrize("call, error, message", [
    (lambda: list(ms.k_fold_indices(10, 11)), ValueError, "k must be at most n = 10"),
    (lambda: list(ms.k_fold_indices(10, 1)), ValueError, "k must be at least 2"),
    (lambda: list(ms.k_fold_indices(1, 2)), ValueError, "n must be at least 2"),
    (lambda: list(ms.k_fold_indices(10, 2.0)), TypeError, "k must be an integer"),
    (lambda: list(ms.k_fold_indices(10, 2, shuffle="yes")), TypeError, "shuffle"),
    (lambda: list(ms.k_fold_indices(10, 2, seed=-1)), ValueError, "seed"),
    (lambda: ms.cross_validate(None, np.dot, [1, 2], [1, 2]), TypeError, "fit must be a function"),
    (lambda: ms.cross_validate(np.dot, 3, [1, 2], [1, 2]), TypeError, "predict must be"),
    (lambda: ms.cross_validate(np.dot, np.dot, [1, 2, 3], [1, 2]), ValueError, "same number"),
    (lambda: ms.cross_validation_mse([1, 2, 3], [1, 2, 3], 1, k=4), ValueError,
     "k must be at most n = 3"),
    (lambda: ms.cross_validation_mse([1, 2, 3], [1, 2, 3], -1), ValueError, "degree"),
])
def test_cross_validation_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -- bias and variance ----------------------------------------------------------------------
@pytest.mark.parametrize("design", ["random", "fixed"])
def test_bias_variance_decomposition_adds_up(design):
    result = ms.bias_variance_simulation([0, 1, 3, 6], n_train=25, n_repeats=300,
                                         design=design, seed=1)
    assert result.predictions.shape == (4, 300, 50)
    assert np.all(np.abs(result.test_mse - result.total) < 4 * result.test_mse_se)
    # a straight line cannot follow a sine wave: large bias, small variance
    assert result.bias2[1] > 0.15 and result.variance[1] < 0.05
    # degree 3 follows it closely; degree 6 has lower bias still but more variance
    assert result.bias2[2] < 0.02 and result.bias2[3] < result.bias2[2]
    assert result.variance[3] > max(result.variance[1], result.variance[2])
    assert result.noise_variance == pytest.approx(0.09)


def test_bias_variance_identity_is_exact_for_the_fits():
    result = ms.bias_variance_simulation([2], n_repeats=50, seed=0)
    mse_vs_truth = np.mean((result.predictions[0] - result.f_test) ** 2)
    assert np.isclose(mse_vs_truth, result.bias2[0] + result.variance[0])


def test_bias_variance_without_noise_and_custom_function():
    result = ms.bias_variance_simulation([1, 2], f=lambda x: 3 * x**2, noise=0.0,
                                         n_repeats=5, x_test=[0.2, 0.5], design="fixed")
    assert np.allclose(result.bias2[1], 0) and np.allclose(result.variance, 0)
    assert np.allclose(result.test_mse, result.bias2)
    assert result.bias2[0] > 0


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(degrees=[]), ValueError, "degrees must be a non-empty list"),
    (dict(degrees=[1.5]), ValueError, "whole numbers"),
    (dict(degrees=[-1]), ValueError, "whole numbers"),
    (dict(degrees=[1], f="sin"), TypeError, "f must be a function"),
    (dict(degrees=[1], f=lambda x: x[:1]), ValueError, "one value per input"),
    (dict(degrees=[1], noise=-0.1), ValueError, "noise must be 0 or greater"),
    (dict(degrees=[1], n_repeats=1), ValueError, "n_repeats must be at least 2"),
    (dict(degrees=[1], n_train=0), ValueError, "n_train must be at least 1"),
    (dict(degrees=[1], x_range=(1, 0)), ValueError, "low < high"),
    (dict(degrees=[1], x_test=[]), ValueError, "x_test is empty"),
    (dict(degrees=[1], design="grid"), ValueError, "design must be one of"),
])
def test_bias_variance_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        ms.bias_variance_simulation(**kwargs)


# -- bad input, by class ------------------------------------------------------------------------
@pytest.mark.parametrize("shuffle", ["no", 1, None])
def test_flags_must_be_booleans(shuffle):
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        next(ms.k_fold_indices(10, 2, shuffle=shuffle))


def test_numpy_scalars_are_accepted():
    folds = list(ms.k_fold_indices(np.int64(10), np.int64(5), shuffle=np.bool_(False),
                                seed=np.int64(0)))
    assert len(folds) == 5
    x = np.linspace(0, 1, 10)
    assert ms.fit_polynomial(x, x**2, np.int64(2)).shape == (3,)


def test_functions_must_return_something():
    x = np.linspace(0, 1, 10)
    with pytest.raises(TypeError, match="fit returned None"):
        ms.cross_validate(lambda a, b: None, lambda m, a: a, x, x)
    with pytest.raises(TypeError, match="predict returned None"):
        ms.cross_validate(lambda a, b: 1, lambda m, a: None, x, x)
    with pytest.raises(ValueError, match="one prediction per input"):
        ms.cross_validate(lambda a, b: 1, lambda m, a: np.zeros(3), x, x, k=2)
    with pytest.raises(TypeError, match="predictions returned by predict"):
        ms.cross_validate(lambda a, b: 1, lambda m, a: a * 1j, x, x, k=2)
    with pytest.raises(TypeError, match="f returned None"):
        ms.bias_variance_simulation([1], f=lambda x: None, n_repeats=2)
    with pytest.raises(TypeError, match="values returned by f"):
        ms.bias_variance_simulation([1], f=lambda x: x * 1j, n_repeats=2)


def test_huge_sizes_fail_clearly_instead_of_running_out_of_memory():
    with pytest.raises(ValueError, match="n must be at most 100000000"):
        next(ms.k_fold_indices(10**12, 2))
    with pytest.raises(ValueError, match="limit of 100,000,000 numbers"):
        ms.polynomial_features(np.ones(1000), 10**6)
    with pytest.raises(ValueError, match="n_repeats must be at most"):
        ms.bias_variance_simulation([1], n_repeats=10**12)
    with pytest.raises(ValueError, match="limit of 100,000,000"):
        ms.bias_variance_simulation(list(range(10)), n_repeats=10**7)
