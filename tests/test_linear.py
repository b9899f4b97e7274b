"""dlbook.linear: least squares, logistic and softmax regression from scratch."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression

from dlbook import linear


@pytest.fixture(scope="module")
def keras():
    """Keras is slow to import: once for the whole module."""
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    return pytest.importorskip("keras")


def numerical_gradient(f, theta, eps=1e-6):
    grad = np.zeros_like(theta)
    for idx in np.ndindex(theta.shape):
        step = np.zeros_like(theta)
        step[idx] = eps
        grad[idx] = (f(theta + step) - f(theta - step)) / (2 * eps)
    return grad


@pytest.fixture
def regression_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = 1.5 + X @ np.array([2.0, -1.0, 0.0]) + rng.normal(0, 0.5, 60)
    return X, y


@pytest.fixture
def binary_data():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 2))
    y = (rng.uniform(size=300) < linear.sigmoid(0.5 + X @ np.array([2.0, -1.0]))).astype(int)
    return X, y


# -- least squares ----------------------------------------------------------------------------
def test_house_prices_closed_form():
    x = np.array([2104, 1600, 2400, 1416, 3000.0])
    y = np.array([400, 330, 369, 232, 540.0])
    b = linear.fit_least_squares(x, y, intercept=True)
    assert np.allclose(b, [26.79, 0.1651], atol=[5e-3, 5e-5])
    j = 0.5 * np.sum((b[0] + b[1] * x - y) ** 2)
    assert np.isclose(j, 3124, atol=1)


def test_least_squares_matches_numpy_and_sklearn(regression_data):
    X, y = regression_data
    b = linear.fit_least_squares(X, y, intercept=True)
    ref = np.linalg.lstsq(np.column_stack([np.ones(len(X)), X]), y, rcond=None)[0]
    assert np.allclose(b, ref)
    sk = LinearRegression().fit(X, y)
    assert np.allclose(b, [sk.intercept_, *sk.coef_])
    assert np.allclose(linear.fit_least_squares(linear.add_intercept(X), y), b)


def test_regression_summary_statistics(regression_data):
    from scipy import stats

    X, y = regression_data
    s = linear.regression_summary(X, y, names=["a", "b", "c"])
    A = linear.add_intercept(X)
    n, q = A.shape
    cov = s.rse ** 2 * np.linalg.inv(A.T @ A)  # the textbook formula, fine in a test
    assert np.allclose(s.se, np.sqrt(np.diag(cov)))
    assert np.allclose(s.t, s.coef / s.se)
    assert np.allclose(s.p, 2 * stats.t.sf(np.abs(s.t), n - q))
    assert np.isclose(s.r2, LinearRegression().fit(X, y).score(X, y))
    assert np.isclose(s.f, (s.tss - s.rss) / 3 / (s.rss / (n - 4)))
    assert s.p[1] < 1e-10 and s.p[2] < 1e-10
    assert list(s.table().index) == ["Intercept", "a", "b", "c"]


def test_simple_regression_se_formulas():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, 40)
    y = 2 + 0.3 * x + rng.normal(0, 1, 40)
    s = linear.regression_summary(x, y)
    sxx = np.sum((x - x.mean()) ** 2)
    sigma2 = s.rss / (len(x) - 2)
    assert np.isclose(s.se[1], np.sqrt(sigma2 / sxx))
    assert np.isclose(s.se[0], np.sqrt(sigma2 * (1 / len(x) + x.mean() ** 2 / sxx)))
    assert np.isclose(s.r2, np.corrcoef(x, y)[0, 1] ** 2)
    assert np.isclose(s.f, s.t[1] ** 2)


def test_least_squares_bad_input(regression_data):
    X, y = regression_data
    with pytest.raises(ValueError, match="same number of rows"):
        linear.fit_least_squares(X, y[:-1])
    with pytest.raises(ValueError, match="NaN"):
        linear.fit_least_squares(np.full((3, 1), np.nan), [1, 2, 3])
    with pytest.raises(TypeError, match="intercept"):
        linear.fit_least_squares(X, y, intercept="yes")
    with pytest.raises(ValueError, match="y must be 1-D"):
        linear.fit_least_squares(X, y[:, None])
    with pytest.raises(ValueError, match="linearly dependent"):
        linear.regression_summary(np.column_stack([X, X[:, 0]]), y)
    with pytest.raises(ValueError, match="more examples than coefficients"):
        linear.regression_summary(X[:4], y[:4])
    with pytest.raises(ValueError, match="one name per column"):
        linear.regression_summary(X, y, names=["a"])


# -- sigmoid and softmax ----------------------------------------------------------------------
def test_sigmoid_is_stable_and_symmetric():
    import warnings

    z = np.array([-1000.0, -30, -1, 0, 1, 30, 1000])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = linear.sigmoid(z)
    assert np.all((s >= 0) & (s <= 1)) and np.isfinite(s).all()
    assert np.allclose(s + linear.sigmoid(-z), 1)
    assert np.allclose(s[1:-1], 1 / (1 + np.exp(-z[1:-1])))
    assert linear.sigmoid(0) == 0.5


def test_softmax_is_stable_and_sums_to_one():
    z = np.array([[1000.0, 1001.0, 999.0], [0.0, 0.0, 0.0]])
    p = linear.softmax(z)
    assert np.allclose(p.sum(axis=1), 1)
    assert np.allclose(p[1], 1 / 3)
    assert np.allclose(p[0], linear.softmax(z[0] - 1000))
    assert np.allclose(linear.softmax(z.T, axis=0), p.T)
    # two classes: softmax of (0, z) is the sigmoid of z
    zz = np.linspace(-5, 5, 11)
    assert np.allclose(linear.softmax(np.column_stack([np.zeros(11), zz]))[:, 1],
                       linear.sigmoid(zz))
    with pytest.raises(ValueError, match="axis"):
        linear.softmax(z, axis=2)
    with pytest.raises(TypeError, match="array-like"):
        linear.softmax("abc")


def test_one_hot():
    assert np.array_equal(linear.one_hot([0, 2, 1], 3), np.eye(3)[[0, 2, 1]])
    with pytest.raises(ValueError, match="smaller than n_classes"):
        linear.one_hot([0, 3], 3)
    with pytest.raises(ValueError, match="class labels"):
        linear.one_hot([0, 1.5])


# -- logistic regression -----------------------------------------------------------------------
def test_logistic_gradient_matches_finite_differences(binary_data):
    X, y = binary_data
    A = linear.add_intercept(X)
    theta = np.array([0.3, -0.2, 0.7])
    for l2 in (0.0, 0.1):
        loss, grad = linear.logistic_loss_and_grad(theta, A, y, l2=l2)
        num = numerical_gradient(lambda t: linear.logistic_loss_and_grad(t, A, y, l2=l2)[0],
                                 theta)
        assert np.allclose(grad, num, atol=1e-7)
    h = linear.sigmoid(A @ theta)
    assert np.isclose(linear.logistic_loss_and_grad(theta, A, y)[0],
                      -np.mean(y * np.log(h) + (1 - y) * np.log(1 - h)))


def test_logistic_loss_has_no_overflow_for_huge_logits():
    A = np.array([[1.0, 500.0], [1.0, -500.0]])
    loss, grad = linear.logistic_loss_and_grad(np.array([0.0, 1.0]), A, [0, 1])
    assert np.isclose(loss, 500.0) and np.isfinite(grad).all()


def test_logistic_regression_matches_sklearn(binary_data):
    X, y = binary_data
    theta, history = linear.fit_logistic_regression(X, y, learning_rate=4.0, n_steps=3000)
    sk = LogisticRegression(C=1e8, max_iter=10_000, tol=1e-10).fit(X, y)
    assert np.allclose(theta, [sk.intercept_[0], *sk.coef_[0]], atol=1e-3)
    assert history.shape == (3001,) and np.all(np.diff(history) <= 1e-12)
    p = linear.predict_proba(theta, X)
    assert np.allclose(p, sk.predict_proba(X)[:, 1], atol=1e-4)


def test_logistic_bad_input(binary_data):
    X, y = binary_data
    with pytest.raises(ValueError, match="only the labels 0 and 1"):
        linear.fit_logistic_regression(X, y + 1)
    with pytest.raises(ValueError, match="learning_rate must be greater than 0"):
        linear.fit_logistic_regression(X, y, learning_rate=0)
    with pytest.raises(ValueError, match="n_steps must be at least 1"):
        linear.fit_logistic_regression(X, y, n_steps=0)
    with pytest.raises(ValueError, match="l2 must be 0 or greater"):
        linear.fit_logistic_regression(X, y, l2=-1)
    with pytest.raises(ValueError, match="theta must have shape"):
        linear.logistic_loss_and_grad(np.zeros(2), linear.add_intercept(X), y)
    with pytest.raises(FloatingPointError, match="smaller learning_rate"):
        linear.fit_logistic_regression(X * 1e150, y, learning_rate=1e200, n_steps=5)
    with pytest.raises(ValueError, match="intercept=True"):
        linear.predict_proba(np.zeros(2), X)


# -- softmax regression ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def iris():
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y


def test_softmax_gradient_matches_finite_differences(iris):
    X, y = iris
    A = linear.add_intercept(X[::10])
    theta = np.random.default_rng(0).normal(size=(5, 3))
    loss, grad = linear.softmax_loss_and_grad(theta, A, y[::10], l2=0.05)
    num = numerical_gradient(lambda t: linear.softmax_loss_and_grad(t, A, y[::10], l2=0.05)[0],
                             theta)
    assert grad.shape == (5, 3)
    assert np.allclose(grad, num, atol=1e-7)
    assert np.isclose(linear.softmax_loss_and_grad(np.zeros((5, 3)), A, y[::10])[0], np.log(3))


def test_softmax_regression_matches_sklearn(iris):
    X, y = iris
    theta, history = linear.fit_softmax_regression(X, y, learning_rate=0.5, n_steps=2000,
                                                   l2=0.01)
    # scikit-learn penalises ||W||^2/(2C) on the summed loss, i.e. l2 = 1/(C n) on the mean;
    # neither penalises the intercepts. Softmax parameters are defined up to a shift shared
    # by all classes, so compare centred parameters and probabilities.
    sk = LogisticRegression(C=1 / (0.01 * len(X)), max_iter=10_000, tol=1e-10).fit(X, y)
    p_ours = linear.predict_proba(theta, X)
    assert p_ours.shape == (150, 3) and np.allclose(p_ours.sum(axis=1), 1)
    assert np.abs(p_ours - sk.predict_proba(X)).max() < 1e-3
    W = theta[1:] - theta[1:].mean(axis=1, keepdims=True)
    assert np.allclose(W, sk.coef_.T - sk.coef_.T.mean(axis=1, keepdims=True), atol=1e-2)
    assert np.mean(p_ours.argmax(axis=1) == y) >= 0.95
    assert history[-1] < history[0]


def test_softmax_bad_input(iris):
    X, y = iris
    with pytest.raises(ValueError, match="class labels"):
        linear.fit_softmax_regression(X, y - 1)
    with pytest.raises(ValueError, match="smaller than n_classes"):
        linear.fit_softmax_regression(X, y, n_classes=2)
    with pytest.raises(ValueError, match="one row per column of X"):
        linear.softmax_loss_and_grad(np.zeros((3, 3)), X, y)
    with pytest.raises(ValueError, match="same number of rows"):
        linear.fit_softmax_regression(X, y[:-1])


def test_logistic_and_softmax_match_keras(keras, binary_data):
    """A Dense layer with our parameters gives our probabilities; so does its loss."""
    X, y = binary_data
    theta, _ = linear.fit_logistic_regression(X, y, learning_rate=1.0, n_steps=500)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.layers[0].set_weights([theta[1:, None], theta[:1]])
    p = model.predict(X, verbose=0)[:, 0]
    assert np.allclose(p, linear.predict_proba(theta, X), atol=1e-5)
    bce = keras.losses.BinaryCrossentropy()(y.astype("float32"), p)
    ours = linear.logistic_loss_and_grad(theta, linear.add_intercept(X), y)[0]
    assert np.isclose(float(bce), ours, atol=1e-4)

    Theta = np.random.default_rng(2).normal(size=(3, 4))
    Z = np.random.default_rng(3).normal(size=(5, 3)) @ Theta
    assert np.allclose(keras.ops.convert_to_numpy(keras.ops.softmax(Z, axis=-1)),
                       linear.softmax(Z), atol=1e-6)


# -- bad input, by class ------------------------------------------------------------------------
@pytest.mark.parametrize("intercept", ["no", 1, None])
def test_flags_must_be_booleans(intercept):
    X, y = np.ones((5, 1)), np.arange(5.0)
    for call in (lambda: linear.fit_least_squares(X, y, intercept=intercept),
                 lambda: linear.regression_summary(X, y, intercept=intercept),
                 lambda: linear.fit_logistic_regression(X, y > 2, intercept=intercept),
                 lambda: linear.fit_softmax_regression(X, y > 2, intercept=intercept),
                 lambda: linear.predict_proba(np.zeros(2), X, intercept=intercept)):
        with pytest.raises(TypeError, match="intercept must be True or False"):
            call()


def test_numpy_scalars_are_accepted():
    X = np.random.default_rng(0).normal(size=(20, 2))
    y = (X[:, 0] > 0).astype(int)
    b = linear.fit_least_squares(X, X[:, 0], intercept=np.bool_(True))
    assert np.allclose(b, [0, 1, 0], atol=1e-12)
    theta, _ = linear.fit_logistic_regression(X, y, learning_rate=np.float32(0.5),
                                              n_steps=np.int64(10), intercept=np.bool_(True),
                                              l2=np.float64(0.1))
    assert theta.shape == (3,)
    assert linear.one_hot(np.array([0, 2]), np.int64(3)).shape == (2, 3)
    assert linear.softmax(X, axis=np.int64(1)).shape == X.shape


@pytest.mark.parametrize("bad", [None, "abc", np.ones((20, 2)) * 1j, np.full((20, 2), np.nan)])
def test_arrays_are_checked(bad):
    y = np.arange(20.0)
    for call in (lambda: linear.fit_least_squares(bad, y), lambda: linear.add_intercept(bad),
                 lambda: linear.fit_logistic_regression(bad, y > 9),
                 lambda: linear.logistic_loss_and_grad(np.zeros(2), bad, y > 9)):
        with pytest.raises((TypeError, ValueError), match="X"):
            call()


@pytest.mark.parametrize("names", ["income", 3, ["a", "b"]])
def test_regression_summary_names_must_be_a_list(names):
    X, y = np.random.default_rng(0).normal(size=(10, 1)), np.arange(10.0)
    with pytest.raises((TypeError, ValueError), match="names"):
        linear.regression_summary(X, y, names=names)


def test_huge_sizes_fail_clearly_instead_of_running_out_of_memory():
    with pytest.raises(ValueError, match="limit of 100,000,000 numbers"):
        linear.one_hot(np.array([0, 1]), 10**12)
    with pytest.raises(ValueError, match="limit of 100,000,000 numbers"):
        linear.one_hot(np.array([0, 10**12]))
    X, y = np.ones((4, 1)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="n_steps must be at most 100000000"):
        linear.fit_logistic_regression(X, y, n_steps=10**12)
    with pytest.raises(ValueError, match="limit of 100,000,000 numbers"):
        linear.fit_softmax_regression(X, y, n_classes=10**12)
