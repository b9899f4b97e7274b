"""dlbook.adversarial: the input gradient against finite differences, FGSM, the linear bound."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from dlbook import adversarial  # noqa: E402


def tiny_model(dtype="float32", seed=0):
    """A small smooth classifier: 5 inputs, a tanh layer of 7 units (and dropout), 3 logits."""
    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input(shape=(5,), dtype=dtype),
                             keras.layers.Dense(7, activation="tanh", dtype=dtype),
                             keras.layers.Dropout(0.5, dtype=dtype),
                             keras.layers.Dense(3, dtype=dtype)])


def per_example_loss(model, x, y):
    """The cross-entropy of each example, in float64 from the model's logits."""
    logits = keras.ops.convert_to_numpy(model(x, training=False)).astype(float)
    top = logits.max(axis=1)
    log_norm = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
    return log_norm - logits[np.arange(len(y)), y]


def finite_differences(model, x, y, h=1e-4):
    grad = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        step = np.zeros_like(x)
        step[index] = h
        grad[index] = (per_example_loss(model, x + step, y)[index[0]]
                       - per_example_loss(model, x - step, y)[index[0]]) / (2 * h)
    return grad


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 5)).astype(np.float32).astype(np.float64)  # exact in float32
    return x, np.array([0, 2, 1, 1])


def test_input_gradient_matches_finite_differences(data):
    x, y = data
    model = tiny_model("float64")  # float64 weights: central differences accurate to ~1e-9
    grad = adversarial.input_gradient(model, x, y)
    assert grad.shape == x.shape and grad.dtype == np.float32
    reference = finite_differences(model, x, y)
    assert np.abs(grad - reference).max() < 1e-5 * max(1.0, np.abs(reference).max())
    assert np.abs(reference).max() > 0.05  # not trivially zero


def test_each_row_is_the_gradient_of_its_own_example(data):
    x, y = data
    model = tiny_model()
    batch = adversarial.input_gradient(model, x, y)
    for i in range(len(x)):
        single = adversarial.input_gradient(model, x[i:i + 1], y[i:i + 1])
        assert np.allclose(batch[i], single[0], rtol=1e-5, atol=1e-7)


def test_loss_objects_and_functions_give_the_same_gradient(data):
    x, y = data
    model = tiny_model()
    default = adversarial.input_gradient(model, x, y)
    as_object = adversarial.input_gradient(
        model, x, y, keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    as_function = adversarial.input_gradient(
        model, x, y, lambda t, p: keras.losses.sparse_categorical_crossentropy(t, p,
                                                                              from_logits=True))
    assert np.allclose(default, as_object, rtol=1e-6) and np.allclose(default, as_function,
                                                                      rtol=1e-6)


def test_softmax_regression_gradient_is_w_times_p_minus_onehot():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(4)])
    W, b = (keras.ops.convert_to_numpy(v) for v in model.layers[-1].weights)
    rng = np.random.default_rng(1)
    x, y = rng.uniform(size=(8, 6)).astype(np.float32), rng.integers(0, 4, 8)
    z = x @ W + b
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    expected = (p - np.eye(4)[y]) @ W.T
    assert np.allclose(adversarial.input_gradient(model, x, y), expected, rtol=1e-5, atol=1e-6)


def test_fgsm_steps_by_epsilon_within_the_clip_range(data):
    x, y = data
    x = np.clip(x * 0.2 + 0.5, 0, 1).astype(np.float32)
    model = tiny_model()
    direction = np.sign(adversarial.input_gradient(model, x, y))
    x_adv = adversarial.fgsm(model, x, y, 0.1)
    assert x_adv.dtype == np.float32 and x_adv.shape == x.shape
    assert np.allclose(x_adv, np.clip(x + 0.1 * direction, 0, 1))
    assert np.abs(x_adv - x).max() <= 0.1 + 1e-7
    assert np.array_equal(adversarial.fgsm(model, x, y, 0.0), x)
    unclipped = adversarial.fgsm(model, x, y, 2.0, clip=None)
    assert np.allclose(np.abs(unclipped - x)[direction != 0], 2.0)
    assert adversarial.fgsm(model, x, y, 2.0, clip=(0.25, 0.75)).max() <= 0.75


def test_fgsm_increases_every_examples_loss(data):
    x, y = data
    model = tiny_model()
    before = per_example_loss(model, x, y)
    after = per_example_loss(model, adversarial.fgsm(model, x, y, 0.01, clip=None), y)
    assert np.all(after > before)


def test_linear_worst_case_is_the_maximum_of_a_linear_program():
    from scipy.optimize import linprog

    rng = np.random.default_rng(2)
    w = rng.normal(size=20)
    eta, change = adversarial.linear_worst_case(w, 0.3)
    assert np.isclose(change, 0.3 * np.abs(w).sum()) and np.isclose(eta @ w, change)
    best = linprog(-w, bounds=[(-0.3, 0.3)] * 20)  # maximise w·eta over the box
    assert best.success and np.isclose(-best.fun, change, rtol=1e-9)
    random = rng.uniform(-0.3, 0.3, size=(1000, 20))
    assert np.all(random @ w <= change)
    assert adversarial.linear_worst_case([0.5, -1.0, 2.0], 0.1)[1] == pytest.approx(0.35)
    eta0, change0 = adversarial.linear_worst_case(w, 0.0)
    assert change0 == 0 and not eta0.any()


@pytest.mark.parametrize("call, match", [
    (lambda m, x, y: adversarial.input_gradient("model", x, y), "model"),
    (lambda m, x, y: adversarial.input_gradient(m, x[0], y[:1]), "x"),
    (lambda m, x, y: adversarial.input_gradient(m, x, y[:2]), "x and y"),
    (lambda m, x, y: adversarial.input_gradient(m, x, y, loss=3), "loss"),
    (lambda m, x, y: adversarial.input_gradient(m, x, y, loss=lambda t, p: None), "loss"),
    (lambda m, x, y: adversarial.input_gradient(m, x, np.array(["a"] * 4)), "y"),
    (lambda m, x, y: adversarial.fgsm(m, x, y, -0.1), "epsilon"),
    (lambda m, x, y: adversarial.fgsm(m, x, y, 0.1, clip=(1.0, 0.0)), "clip"),
    (lambda m, x, y: adversarial.fgsm(m, x, y, 0.1, clip=(0.0, 0.5, 1.0)), "clip"),
    (lambda m, x, y: adversarial.linear_worst_case(np.ones((2, 2)), 0.1), "w"),
])
def test_bad_input_is_refused(data, call, match):
    x, y = data
    with pytest.raises((TypeError, ValueError), match=match):
        call(tiny_model(), x, y)


_OTHER_BACKEND = textwrap.dedent("""
    import numpy as np, keras
    from dlbook import adversarial
    assert keras.backend.backend() == "jax"
    rng = np.random.default_rng(0)
    # softmax regression: the gradient is W (p - e_y) in closed form
    keras.utils.set_random_seed(1)
    linear = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(4)])
    W, b = (keras.ops.convert_to_numpy(v).astype(float) for v in linear.layers[-1].weights)
    x, y = rng.uniform(size=(8, 6)).astype(np.float32), rng.integers(0, 4, 8)
    z = x @ W + b
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    expected = (p - np.eye(4)[y]) @ W.T
    assert np.abs(adversarial.input_gradient(linear, x, y) - expected).max() < 1e-5
    # a tanh network: central differences (float32, so a step of 1e-2)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(7, activation="tanh"),
                              keras.layers.Dense(3)])
    x, y = rng.normal(size=(3, 5)), np.array([0, 2, 1])
    def loss(x):
        logits = keras.ops.convert_to_numpy(model(x)).astype(float)
        return np.log(np.exp(logits).sum(axis=1)) - logits[np.arange(3), y]
    fd = np.zeros_like(x)
    for i in range(3):
        for j in range(5):
            e = np.zeros_like(x); e[i, j] = 1e-2
            fd[i, j] = (loss(x + e)[i] - loss(x - e)[i]) / 2e-2
    error = np.abs(adversarial.input_gradient(model, x, y) - fd).max()
    assert error < 1e-4 * np.abs(fd).max(), error
    print("ok")
""")


def test_input_gradient_on_the_jax_backend():
    pytest.importorskip("jax")
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu"}
    result = subprocess.run([sys.executable, "-c", _OTHER_BACKEND], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr[-2000:]
