"""dlbook.nn: the NumPy multilayer perceptron and its backpropagation."""

from __future__ import annotations

import numpy as np
import pytest

from dlbook.calculus import gradient_check
from dlbook.data import make_moons_2d
from dlbook.nn import MLP

RNG = np.random.default_rng(1)
X = RNG.normal(size=(24, 3))
TARGETS = {"linear": RNG.normal(size=(24, 2)), "sigmoid": RNG.integers(0, 2, 24),
           "softmax": RNG.integers(0, 3, 24)}
OUT_UNITS = {"linear": 2, "sigmoid": 1, "softmax": 3}


def _flat_loss_and_grad(net, X, y):
    def loss(theta):
        net.set_flat(theta)
        return net.loss(X, y)

    def grad(theta):
        net.set_flat(theta)
        return np.concatenate([g.ravel() for g in net.backward(X, y)[1]])

    return loss, grad


@pytest.mark.parametrize("output", ["linear", "sigmoid", "softmax"])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "softplus", "swish", "gelu", "linear"])
def test_backward_matches_finite_differences(output, activation):
    net = MLP([3, 5, 4, OUT_UNITS[output]], activation=activation, output=output, seed=2)
    loss, grad = _flat_loss_and_grad(net, X, TARGETS[output])
    assert gradient_check(loss, grad, net.get_flat()) < 1e-5


def test_relu_network_gradient_check_and_he_init():
    net = MLP([3, 16, 1], activation="relu", output="sigmoid", init="he", seed=3)
    loss, grad = _flat_loss_and_grad(net, X, TARGETS["sigmoid"])
    assert gradient_check(loss, grad, net.get_flat()) < 1e-5
    wide = MLP([400, 400, 1], init="he", seed=0)
    assert wide.weights[0].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    glorot = MLP([400, 400, 1], init="glorot", seed=0)
    assert np.abs(glorot.weights[0]).max() <= np.sqrt(6 / 800)


@pytest.mark.parametrize("output", ["linear", "sigmoid", "softmax"])
def test_loss_and_gradients_equal_keras_on_the_same_weights(output):
    keras = pytest.importorskip("keras")
    tf = pytest.importorskip("tensorflow")
    net = MLP([3, 6, 5, OUT_UNITS[output]], activation="tanh", output=output, seed=4)
    y = TARGETS[output]
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(6, activation="tanh"),
                              keras.layers.Dense(5, activation="tanh"),
                              keras.layers.Dense(OUT_UNITS[output])])
    model.set_weights(net.get_weights())
    loss_fn = {"linear": keras.losses.MeanSquaredError(),
               "sigmoid": keras.losses.BinaryCrossentropy(from_logits=True),
               "softmax": keras.losses.SparseCategoricalCrossentropy(from_logits=True)}[output]
    target = y.reshape(-1, 1).astype("float32") if output == "sigmoid" else y
    with tf.GradientTape() as tape:
        keras_loss = loss_fn(target, model(X.astype("float32")))
    keras_grads = tape.gradient(keras_loss, model.trainable_weights)
    loss, grads = net.backward(X, y)
    assert loss == pytest.approx(float(keras_loss), rel=1e-5)
    for ours, theirs in zip(grads, keras_grads):
        np.testing.assert_allclose(ours, theirs.numpy(), atol=1e-5)


def test_learns_moons_and_predicts_labels():
    X_m, y_m = make_moons_2d(200, noise=0.2, seed=0)
    net = MLP([2, 16, 16, 1], activation="relu", seed=0)
    history = net.fit(X_m, y_m, learning_rate=0.2, epochs=300, momentum=0.9)
    assert history[-1] < 0.2 * history[0]
    assert np.mean(net.predict(X_m) == y_m) > 0.95
    p = net.predict_proba(X_m)
    assert p.shape == (200,) and np.all((p >= 0) & (p <= 1))


def test_minibatches_and_softmax_training():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 3], [3, -2], [-3, -2]])
    y = rng.integers(0, 3, 150)
    Xb = centres[y] + rng.normal(size=(150, 2))
    net = MLP([2, 8, 3], activation="tanh", output="softmax", seed=1)
    net.fit(Xb, y, learning_rate=0.1, epochs=30, batch_size=16, seed=0)
    assert np.mean(net.predict(Xb) == y) > 0.9
    np.testing.assert_allclose(net.predict_proba(Xb).sum(axis=1), 1.0)


def test_linear_output_regression():
    x = np.linspace(-2, 2, 80)[:, None]
    y = np.sin(2 * x[:, 0])
    net = MLP([1, 32, 1], activation="tanh", output="linear", seed=0)
    history = net.fit(x, y, learning_rate=0.05, epochs=1500, momentum=0.9)
    assert history[-1] < 0.01
    assert net.predict(x).shape == (80,)


def test_fit_is_reproducible_and_weights_round_trip():
    X_m, y_m = make_moons_2d(60, seed=1)
    a, b = MLP([2, 4, 1], seed=5), MLP([2, 4, 1], seed=5)
    assert a.fit(X_m, y_m, epochs=5, batch_size=8, seed=2) == \
        b.fit(X_m, y_m, epochs=5, batch_size=8, seed=2)
    c = MLP([2, 4, 1], seed=9)
    c.set_flat(a.get_flat())
    np.testing.assert_array_equal(c.forward(X_m), a.forward(X_m))
    assert a.n_parameters == 2 * 4 + 4 + 4 + 1 == a.get_flat().size
    assert "sigmoid" in repr(a) and a.loss_name == "binary cross-entropy"


def test_divergence_is_reported():
    x = np.linspace(-1, 1, 20)[:, None]
    net = MLP([1, 8, 1], activation="relu", output="linear", seed=0)
    with pytest.raises(FloatingPointError, match="lower the learning rate"):
        with np.errstate(over="ignore", invalid="ignore"):
            net.fit(x * 100, x[:, 0] * 1e4, learning_rate=10.0, epochs=50)


@pytest.mark.parametrize("kwargs, message", [
    ({"sizes": [2]}, "sizes must list"),
    ({"sizes": "2,1"}, "sizes must list"),
    ({"sizes": [2, 0, 1]}, "sizes"),
    ({"sizes": [2, 3, 2], "output": "sigmoid"}, "sigmoid output has 1 unit"),
    ({"sizes": [2, 3, 1], "output": "softmax"}, "softmax output needs at least 2"),
    ({"sizes": [2, 3, 1], "output": "relu"}, "output must be one of"),
    ({"sizes": [2, 3, 1], "activation": "sigmod"}, "activation must be one of"),
    ({"sizes": [2, 3, 1], "init": "zeros"}, "init must be one of"),
])
def test_bad_construction_is_explained(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MLP(**kwargs)


def test_bad_data_is_explained():
    net = MLP([2, 3, 1])
    with pytest.raises(ValueError, match="X must have 2 columns"):
        net.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="X must be 2-D"):
        net.forward(np.zeros(4))
    with pytest.raises(ValueError, match="one entry per row"):
        net.loss(np.zeros((4, 2)), [0, 1])
    with pytest.raises(ValueError, match="0/1 label"):
        net.loss(np.zeros((2, 2)), [0, 2])
    soft = MLP([2, 3, 3], output="softmax")
    with pytest.raises(ValueError, match="integer class label in 0..2"):
        soft.backward(np.zeros((2, 2)), [0, 3])
    with pytest.raises(ValueError, match="not one-hot"):
        soft.loss(np.zeros((2, 2)), np.eye(3)[:2])
    lin = MLP([2, 3, 2], output="linear")
    with pytest.raises(ValueError, match=r"shape \(2, 2\)"):
        lin.loss(np.zeros((2, 2)), [1.0, 2.0])
    with pytest.raises(ValueError, match="predict_proba needs"):
        lin.predict_proba(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="learning_rate"):
        net.fit(np.zeros((2, 2)), [0, 1], learning_rate=0)
    with pytest.raises(ValueError, match="momentum must be below 1"):
        net.fit(np.zeros((2, 2)), [0, 1], momentum=1.0)
    with pytest.raises(ValueError, match="theta must have 13 entries"):
        net.set_flat(np.zeros(5))
    with pytest.raises(ValueError, match=r"weights\[0\] must have shape \(2, 3\)"):
        net.set_weights([np.zeros((3, 2)), np.zeros(3), np.zeros((3, 1)), np.zeros(1)])
    with pytest.raises(ValueError, match="list of 4 arrays"):
        net.set_weights([np.zeros((2, 3))])


# -- bad input, by class ------------------------------------------------------------------
@pytest.mark.parametrize("bad", [None, 3, ["relu"], np.tanh])
def test_activation_that_is_not_a_name_is_blamed_as_activation(bad):
    with pytest.raises(TypeError, match="activation must be the name of an activation"):
        MLP([2, 3, 1], activation=bad)


@pytest.mark.parametrize("argument, bad, error", [
    ("output", None, ValueError), ("output", ["sigmoid"], ValueError),
    ("init", None, ValueError), ("seed", -1, ValueError), ("seed", 1.5, TypeError),
    ("seed", 2**40, ValueError), ("sizes", None, ValueError), ("sizes", 5, ValueError),
    ("sizes", iter([2, 3, 1]), ValueError), ("sizes", {2: 1, 1: 1}, ValueError),
    ("sizes", [2.0, 3, 1], TypeError), ("sizes", [2, True, 1], TypeError),
])
def test_construction_names_the_bad_argument(argument, bad, error):
    arguments = {"sizes": [2, 3, 1], "output": "sigmoid", "init": "glorot", "seed": 0}
    arguments[argument] = bad
    with pytest.raises(error, match=argument):
        MLP(**arguments)


def test_huge_networks_are_refused_with_the_limit():
    from dlbook.nn import MAX_PARAMETERS

    with pytest.raises(ValueError, match=f"limit of {MAX_PARAMETERS:,}"):
        MLP([10**6, 10**6, 1])
    with pytest.raises(ValueError, match=f"limit of {MAX_PARAMETERS:,}"):
        MLP([2, 10**12, 1])


def test_numpy_sizes_and_scalars_are_accepted():
    net = MLP(np.array([2, 3, 1]), seed=np.int64(1))
    assert net.sizes == [2, 3, 1] and all(type(s) is int for s in net.sizes)
    x = np.zeros((4, 2))
    history = net.fit(x, np.array([0, 1, 0, 1]), learning_rate=np.float32(0.1),
                      epochs=np.int64(2), batch_size=np.int32(2), momentum=np.float64(0.5))
    assert len(history) == 2
    assert isinstance(net.forward(x, keep=np.True_), tuple)


@pytest.mark.parametrize("bad", ["yes", 1, None, 0.0])
def test_keep_must_be_a_bool(bad):
    with pytest.raises(TypeError, match="keep must be True or False"):
        MLP([2, 3, 1]).forward(np.zeros((2, 2)), keep=bad)


@pytest.mark.parametrize("method", ["forward", "loss", "backward", "fit", "predict",
                                    "predict_proba"])
def test_complex_inputs_and_targets_are_refused(method):
    net = MLP([2, 3, 1])
    args = (np.zeros((2, 2)) + 1j,) if method in ("forward", "predict", "predict_proba") \
        else (np.zeros((2, 2)) + 1j, [0, 1])
    with pytest.raises(TypeError, match="X must contain real numbers"):
        getattr(net, method)(*args)
    if method in ("loss", "backward", "fit"):
        with pytest.raises(TypeError, match="y must contain real numbers"):
            getattr(net, method)(np.zeros((2, 2)), np.array([0, 1]) + 0j)


@pytest.mark.parametrize("argument, bad, error", [
    ("learning_rate", 1j, TypeError), ("learning_rate", -0.1, ValueError),
    ("epochs", 2.0, TypeError), ("epochs", 10**12, ValueError),
    ("batch_size", 0, ValueError), ("batch_size", "8", TypeError),
    ("momentum", True, TypeError), ("momentum", 1.0, ValueError), ("momentum", 1j, TypeError),
    ("seed", None, TypeError),
])
def test_fit_names_the_bad_argument(argument, bad, error):
    arguments = {"learning_rate": 0.1, "epochs": 1, "batch_size": None, "momentum": 0.0,
                 "seed": 0}
    arguments[argument] = bad
    with pytest.raises(error, match=argument):
        MLP([2, 3, 1]).fit(np.zeros((4, 2)), [0, 1, 0, 1], **arguments)


def test_empty_data_and_bad_weights_are_explained():
    net = MLP([2, 3, 1])
    assert net.forward(np.zeros((0, 2))).shape == (0, 1)
    with pytest.raises(ValueError, match="no examples"):
        net.loss(np.zeros((0, 2)), np.zeros(0))
    with pytest.raises(ValueError, match="no examples"):
        net.fit(np.zeros((0, 2)), np.zeros(0))
    with pytest.raises(TypeError, match=r"weights\[0\] must contain real numbers"):
        net.set_weights([w + 0j for w in net.get_weights()])
    with pytest.raises(ValueError, match="weights must be a list"):
        net.set_weights(None)
    with pytest.raises(ValueError, match="NaN or infinite"):
        net.set_weights([w * np.nan for w in net.get_weights()])
    with pytest.raises(ValueError, match="theta must be 1-D"):
        net.set_flat(net.get_flat()[None])
    with pytest.raises(TypeError, match="y must contain numbers, got text"):
        net.loss(np.zeros((2, 2)), ["a", "b"])
