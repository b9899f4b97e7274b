"""dlbook.perceptron: the hard-threshold unit, Rosenblatt's learning rule and the logic gates."""

from __future__ import annotations

import numpy as np
import pytest

from dlbook import perceptron


# -- truth tables ----------------------------------------------------------------------------
@pytest.mark.parametrize("gate, outputs", [("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]),
                                           ("nand", [1, 1, 1, 0]), ("xor", [0, 1, 1, 0])])
def test_truth_tables(gate, outputs):
    X, t = perceptron.truth_table(gate)
    assert X.shape == (4, 2) and X.dtype == float
    assert np.array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert np.array_equal(t, outputs)
    expected = {"and": np.logical_and, "or": np.logical_or, "xor": np.logical_xor,
                "nand": lambda a, b: ~np.logical_and(a, b)}[gate](X[:, 0] > 0, X[:, 1] > 0)
    assert np.array_equal(t, expected.astype(int))
    assert np.array_equal(perceptron.truth_table(gate.upper())[1], t)


def test_truth_table_bad_gate():
    with pytest.raises(ValueError, match="gate must be one of 'and', 'or', 'nand', 'xor'"):
        perceptron.truth_table("nor")
    with pytest.raises(TypeError, match="gate must be a string"):
        perceptron.truth_table(3)


# -- prediction ------------------------------------------------------------------------------
def test_predict_is_a_strict_threshold_at_zero():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [2.0, -1.0]])
    w = [0.0, 1.0, 1.0]  # z = x1 + x2: 0, 1, 1, 1
    assert np.array_equal(perceptron.predict_perceptron(w, X), [0, 1, 1, 1])
    assert perceptron.predict_perceptron(w, X).dtype.kind == "i"


def test_predict_matches_the_worked_example():
    # w0 = 1, w = (3, -2), x = (-1, 2): z = -6, so the perceptron says 0; x = (1, 0): z = 4.
    out = perceptron.predict_perceptron([1.0, 3.0, -2.0], [[-1.0, 2.0], [1.0, 0.0]])
    assert np.array_equal(out, [0, 1])


def test_predict_agrees_with_a_thresholded_sigmoid_unit():
    from dlbook.linear import sigmoid

    rng = np.random.default_rng(3)
    X, w = rng.normal(size=(200, 3)), rng.normal(size=4)
    p = sigmoid(w[0] + X @ w[1:])
    assert np.array_equal(perceptron.predict_perceptron(w, X), (p > 0.5).astype(int))


def test_predict_bad_inputs():
    with pytest.raises(ValueError, match=r"w must have 3 entries \(the bias w0 first"):
        perceptron.predict_perceptron([1.0, 2.0], [[0.0, 1.0]])
    with pytest.raises(ValueError, match="X must be 2-D"):
        perceptron.predict_perceptron([1.0, 2.0, 3.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="w must be 1-D"):
        perceptron.predict_perceptron([[1.0, 2.0, 3.0]], [[0.0, 1.0]])
    with pytest.raises(TypeError, match="X must be array-like"):
        perceptron.predict_perceptron([1.0, 2.0, 3.0], "x")
    with pytest.raises(ValueError, match="NaN or infinite"):
        perceptron.predict_perceptron([1.0, np.nan, 3.0], [[0.0, 1.0]])


# -- learning --------------------------------------------------------------------------------
@pytest.mark.parametrize("gate", ["and", "or", "nand"])
@pytest.mark.parametrize("seed", range(5))
def test_linearly_separable_gates_are_learned(gate, seed):
    X, t = perceptron.truth_table(gate)
    fit = perceptron.fit_perceptron(X, t, max_epochs=100, seed=seed)
    assert fit.converged and fit.mistakes[-1] == 0
    assert np.all(fit.mistakes[:-1] >= 1)  # it stops after the first clean epoch
    assert np.array_equal(perceptron.predict_perceptron(fit.weights, X), t)


@pytest.mark.parametrize("seed", range(5))
def test_xor_is_never_learned(seed):
    X, t = perceptron.truth_table("xor")
    fit = perceptron.fit_perceptron(X, t, max_epochs=50, seed=seed)
    assert not fit.converged
    assert len(fit.mistakes) == 50 and np.all(fit.mistakes >= 1)
    assert not np.array_equal(perceptron.predict_perceptron(fit.weights, X), t)


def test_path_records_every_update():
    X, t = perceptron.truth_table("or")
    eta = 0.3
    fit = perceptron.fit_perceptron(X, t, learning_rate=eta, seed=2)
    assert len(fit.path) == len(fit.updated_on) + 1 == fit.mistakes.sum() + 1
    assert np.array_equal(fit.path[-1], fit.weights)
    X_tilde = np.column_stack([np.ones(4), X])
    for before, after, i in zip(fit.path[:-1], fit.path[1:], fit.updated_on):
        y = int(X_tilde[i] @ before > 0)
        assert y != t[i]  # only mistakes cause updates
        assert np.allclose(after, before - eta * (y - t[i]) * X_tilde[i])


def test_mistake_bound_from_zero_weights():
    # Novikoff: at most (R / gamma)^2 updates from w = 0, whatever the order and learning rate.
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(60, 2))
    u = np.array([0.2, 1.0, -0.7]) / np.linalg.norm([0.2, 1.0, -0.7])
    X_tilde = np.column_stack([np.ones(60), X])
    margin = X_tilde @ u
    keep = np.abs(margin) > 0.1
    X, X_tilde, t = X[keep], X_tilde[keep], (margin[keep] > 0).astype(int)
    gamma = np.min((2 * t - 1) * (X_tilde @ u))
    R = np.max(np.linalg.norm(X_tilde, axis=1))
    for seed, eta in [(0, 1.0), (1, 0.01), (2, 5.0)]:
        fit = perceptron.fit_perceptron(X, t, learning_rate=eta, seed=seed, max_epochs=1000,
                                        initial_weights=np.zeros(3))
        assert fit.converged
        assert len(fit.updated_on) <= (R / gamma) ** 2


def test_learning_rate_only_rescales_from_zero_weights():
    X, t = perceptron.truth_table("nand")
    a = perceptron.fit_perceptron(X, t, learning_rate=1.0, seed=4, initial_weights=np.zeros(3))
    b = perceptron.fit_perceptron(X, t, learning_rate=0.01, seed=4, initial_weights=np.zeros(3))
    assert np.allclose(a.weights, 100 * b.weights)
    assert np.array_equal(a.mistakes, b.mistakes)


def test_fit_is_deterministic_and_shuffle_off_uses_the_given_order():
    X, t = perceptron.truth_table("or")
    a = perceptron.fit_perceptron(X, t, seed=7)
    b = perceptron.fit_perceptron(X, t, seed=7)
    assert np.array_equal(a.path, b.path)
    fixed = perceptron.fit_perceptron(X, t, shuffle=False, initial_weights=np.zeros(3))
    # From zero weights every input is first classified 0, so the first update is on row 1.
    assert fixed.updated_on[0] == 1


def test_fit_bad_inputs():
    X, t = perceptron.truth_table("or")
    with pytest.raises(ValueError, match="t must contain only the labels 0 and 1"):
        perceptron.fit_perceptron(X, [0, 1, 2, 1])
    with pytest.raises(ValueError, match="same number of rows"):
        perceptron.fit_perceptron(X, [0, 1, 1])
    with pytest.raises(ValueError, match="X must be 2-D"):
        perceptron.fit_perceptron([0.0, 1.0, 1.0, 0.0], t)
    with pytest.raises(ValueError, match="learning_rate must be greater than 0"):
        perceptron.fit_perceptron(X, t, learning_rate=0)
    with pytest.raises(TypeError, match="learning_rate must be a real number"):
        perceptron.fit_perceptron(X, t, learning_rate="fast")
    with pytest.raises(ValueError, match="max_epochs must be at least 1"):
        perceptron.fit_perceptron(X, t, max_epochs=0)
    with pytest.raises(TypeError, match="max_epochs must be an integer"):
        perceptron.fit_perceptron(X, t, max_epochs=2.5)
    with pytest.raises(ValueError, match="seed must be at least 0"):
        perceptron.fit_perceptron(X, t, seed=-1)
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        perceptron.fit_perceptron(X, t, shuffle="yes")
    with pytest.raises(ValueError, match=r"initial_weights must have 3 entries"):
        perceptron.fit_perceptron(X, t, initial_weights=[0.0, 0.0])
    with pytest.raises(ValueError, match="X needs at least 1 rows"):
        perceptron.fit_perceptron(np.zeros((0, 2)), np.zeros(0))


# -- bad input, by class ------------------------------------------------------------------
X_OR, T_OR = perceptron.truth_table("or")


@pytest.mark.parametrize("argument, bad, error", [
    ("X", X_OR + 1j, TypeError), ("X", None, TypeError), ("X", X_OR[None], ValueError),
    ("t", T_OR + 0j, TypeError), ("t", T_OR[:, None], ValueError), ("t", [0, 0.5, 1, 1],
                                                                       ValueError),
    ("learning_rate", 1j, TypeError), ("learning_rate", True, TypeError),
    ("learning_rate", "0.1", TypeError), ("learning_rate", np.inf, ValueError),
    ("max_epochs", 5.0, TypeError), ("max_epochs", np.True_, TypeError),
    ("max_epochs", 10**12, ValueError),
    ("seed", None, TypeError), ("seed", -1, ValueError), ("seed", 2**40, ValueError),
    ("shuffle", "no", TypeError), ("shuffle", 1, TypeError), ("shuffle", None, TypeError),
    ("initial_weights", [1j, 0.0, 0.0], TypeError), ("initial_weights", np.zeros((3, 1)),
                                                     ValueError),
])
def test_fit_refuses_bad_arguments_by_name(argument, bad, error):
    arguments = {"X": X_OR, "t": T_OR, "learning_rate": 0.25, "max_epochs": 10, "seed": 0,
                 "shuffle": True, "initial_weights": None}
    arguments[argument] = bad
    X, t = arguments.pop("X"), arguments.pop("t")
    with pytest.raises(error, match=argument):
        perceptron.fit_perceptron(X, t, **arguments)


def test_fit_states_the_limit_on_epochs():
    with pytest.raises(ValueError, match=f"at most {perceptron.MAX_EPOCHS}"):
        perceptron.fit_perceptron(X_OR, T_OR, max_epochs=perceptron.MAX_EPOCHS + 1)
    many = np.zeros((10_000, 2))
    with pytest.raises(ValueError, match="lower max_epochs to at most 10,000"):
        perceptron.fit_perceptron(many, np.zeros(10_000), max_epochs=20_000)


def test_fit_accepts_numpy_scalars_and_booleans():
    fit = perceptron.fit_perceptron(X_OR, T_OR.astype(bool), learning_rate=np.float32(0.25),
                                    max_epochs=np.int64(30), seed=np.int32(0), shuffle=np.True_)
    reference = perceptron.fit_perceptron(X_OR, T_OR, max_epochs=30)
    assert fit.converged
    np.testing.assert_allclose(fit.weights, reference.weights, rtol=1e-6)


def test_predict_refuses_complex_weights_and_inputs():
    with pytest.raises(TypeError, match="w must contain real numbers"):
        perceptron.predict_perceptron([1j, 1.0, 1.0], X_OR)
    with pytest.raises(TypeError, match="X must contain real numbers"):
        perceptron.predict_perceptron([0.0, 1.0, 1.0], X_OR + 1j)
