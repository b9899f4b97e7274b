"""dlbook.early_stopping: the algorithm against Keras's callback, the quadratic factors."""

from __future__ import annotations

import numpy as np
import pytest

from dlbook import early_stopping as es


def _replay(curve, patience, every=1):
    it = iter(range(1, len(curve) + 1))
    return es.early_stopping(lambda: next(it), lambda e: curve[e - 1], len(curve), patience,
                             every=every)


def test_stops_after_patience_and_returns_the_best_copy():
    curve = [3, 2, 1, 1.5, 2, 0.5, 0.6, 0.7, 0.8, 0.9]
    result = _replay(curve, 3)
    assert (result.best_step, result.best_loss, result.stopped_step) == (6, 0.5, 9)
    assert result.params == 6 and result.losses == curve[:9]
    assert _replay(curve, 2).best_step == 3  # a short patience stops at the first bump
    assert _replay(curve, 100).stopped_step == 10  # never stops: runs to max_steps


def test_the_best_parameters_are_a_copy():
    params = {"w": np.zeros(2)}
    losses = iter([1.0, 0.5, 0.7, 0.8])

    def step():
        params["w"] += 1.0  # changes the parameters in place
        return params

    result = es.early_stopping(step, lambda p: next(losses), max_steps=4, patience=2)
    assert result.best_step == 2 and np.array_equal(result.params["w"], [2.0, 2.0])
    assert np.array_equal(params["w"], [4.0, 4.0])


def test_evaluates_every_n_steps():
    curve = np.r_[np.linspace(2, 1, 10), np.linspace(1.01, 2, 10)]
    result = _replay(curve, 2, every=3)
    assert result.steps == [3, 6, 9, 12, 15] and result.best_step == 9


@pytest.mark.parametrize("patience", [1, 2, 4, 7, 15])
def test_agrees_with_keras_early_stopping(patience):
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(patience)
    curve = np.r_[np.linspace(2, 0.5, 15), np.linspace(0.5, 0.8, 25)] + rng.normal(0, 0.03, 40)
    marker = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, use_bias=False)])
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                             restore_best_weights=True)
    callback.set_model(marker)
    marker.stop_training = False
    callback.on_train_begin()
    for epoch in range(40):
        marker.set_weights([np.array([[epoch + 1.0]])])
        callback.on_epoch_end(epoch, logs={"val_loss": float(curve[epoch])})
        if marker.stop_training:
            break
    callback.on_train_end()
    ours = _replay(curve, patience)
    assert ours.stopped_step == epoch + 1
    assert ours.best_step == int(marker.get_weights()[0][0, 0])


def test_gd_factors_match_iterated_gradient_descent():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(4, 4))
    H = A @ A.T / 4
    w_star = rng.normal(size=4)
    eps = 1.0 / np.linalg.eigvalsh(H).max()
    path = es.gd_path(H, w_star, eps, 37)
    lam, Q = np.linalg.eigh(H)
    closed = Q @ (es.gd_quadratic_factors(lam, eps, 37) * (Q.T @ w_star))
    assert np.allclose(path[-1], closed, atol=1e-12)
    assert np.array_equal(path[0], np.zeros(4))


def test_l2_factors_match_the_ridge_solution():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(3, 3))
    H = A @ A.T
    w_star = rng.normal(size=3)
    lam, Q = np.linalg.eigh(H)
    closed = Q @ (es.l2_factors(lam, 0.3) * (Q.T @ w_star))
    assert np.allclose(es.l2_path(H, w_star, 0.3)[0], closed, atol=1e-12)
    # the ridge minimum is where the penalised gradient vanishes
    assert np.allclose(H @ (closed - w_star) + 0.3 * closed, 0, atol=1e-12)


def test_the_approximation_tau_equals_one_over_eps_alpha():
    lam = np.geomspace(1e-5, 1e-4, 20)  # lambda << alpha and eps lambda << 1
    gd = es.gd_quadratic_factors(lam, 0.1, 1000)
    l2 = es.l2_factors(lam, 0.01)
    assert np.allclose(gd, l2, rtol=0.01)
    assert np.allclose(es.gd_quadratic_factors([0.0, 1.0], 1.0, 5), [0.0, 1.0])


@pytest.mark.parametrize("call, match", [
    (lambda: es.gd_quadratic_factors([1.0, 30.0], 0.1, 5), "below 2"),
    (lambda: es.gd_quadratic_factors([-1.0], 0.1, 5), "eigenvalues"),
    (lambda: es.l2_path(np.array([[1.0, 2.0], [0.0, 1.0]]), [1.0, 1.0], 0.1), "symmetric"),
    (lambda: es.l2_path(-np.eye(2), [1.0, 1.0], 0.1), "positive semi-definite"),
    (lambda: es.l2_path(np.eye(2), [1.0, 1.0, 1.0], 0.1), "w_star"),
    (lambda: es.early_stopping(lambda: 0, lambda p: None, 3, 1), "evaluate returned None"),
    (lambda: es.early_stopping(lambda: 0, 3, 3, 1), "evaluate"),
])
def test_bad_input_is_refused(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
