"""dlbook.activations: activation functions and their derivatives."""

from __future__ import annotations

import numpy as np
import pytest

from dlbook import activations
from dlbook.calculus import numerical_derivative

Z = np.linspace(-6, 6, 241)
SMOOTH = ["linear", "sigmoid", "tanh", "softplus", "swish", "gelu"]
KINKED = ["relu", "leaky_relu", "hard_tanh"]


@pytest.mark.parametrize("name", activations.NAMES)
def test_derivative_matches_finite_differences_away_from_kinks(name):
    act = activations.get(name)
    z = Z[np.abs(np.abs(Z) - 1) > 1e-3]          # avoid the kinks at 0 and ±1
    z = z[np.abs(z) > 1e-3]
    numeric = np.array([numerical_derivative(act.function, v) for v in z])
    np.testing.assert_allclose(act.derivative(z), numeric, atol=1e-6)


@pytest.mark.parametrize("name", KINKED)
def test_kinks_report_the_derivative_libraries_use(name):
    act = activations.get(name)
    expected = {"relu": 0.0, "leaky_relu": 0.01, "hard_tanh": 1.0}[name]
    assert act.derivative(np.array([0.0]))[0] == expected


def test_identities_between_sigmoid_and_tanh():
    s = activations.sigmoid(Z)
    np.testing.assert_allclose(s, (1 + np.tanh(Z / 2)) / 2, atol=1e-12)
    np.testing.assert_allclose(activations.tanh(Z), 2 * activations.sigmoid(2 * Z) - 1, atol=1e-12)
    assert not np.isclose((1 + np.tanh(1.0)) / 2, activations.sigmoid(1.0))
    np.testing.assert_allclose(activations.softplus_derivative(Z), s)


def test_largest_slopes_of_sigmoid_and_tanh():
    assert activations.sigmoid_derivative(Z).max() == pytest.approx(0.25)
    assert Z[np.argmax(activations.sigmoid_derivative(Z))] == pytest.approx(0.0)
    assert activations.tanh_derivative(Z).max() == pytest.approx(1.0)


def test_no_overflow_at_extreme_inputs():
    z = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for name in activations.NAMES:
            act = activations.get(name)
            assert np.all(np.isfinite(act.function(z))), name
            assert np.all(np.isfinite(act.derivative(z))), name
    np.testing.assert_allclose(activations.softplus(z), [0, 0, np.log(2), 50, 1000], atol=1e-12)


def test_shapes_are_kept():
    z = np.arange(12.0).reshape(3, 4) - 6
    for name in activations.NAMES:
        act = activations.get(name)
        assert act.function(z).shape == z.shape
        assert act.derivative(z).shape == z.shape


@pytest.mark.parametrize("name, keras_name, kwargs", [
    ("sigmoid", "sigmoid", {}), ("tanh", "tanh", {}), ("relu", "relu", {}),
    ("softplus", "softplus", {}), ("swish", "silu", {}), ("gelu", "gelu", {"approximate": False}),
    ("leaky_relu", "leaky_relu", {"negative_slope": 0.01}), ("hard_tanh", "hard_tanh", {})])
def test_functions_equal_keras(name, keras_name, kwargs):
    keras = pytest.importorskip("keras")
    z = Z.astype("float32")
    expected = keras.ops.convert_to_numpy(getattr(keras.activations, keras_name)(z, **kwargs))
    np.testing.assert_allclose(activations.get(name).function(z), expected, atol=2e-6)


def test_get_knows_silu_and_formulas():
    assert activations.get("silu").name == "swish"
    assert activations.get("SiLU").function is activations.swish
    for name in activations.NAMES:
        assert activations.get(name).formula.startswith("$")


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match="name must be one of"):
        activations.get("sigmod")
    with pytest.raises(TypeError, match="z must be array-like"):
        activations.relu("1.0")
    with pytest.raises(ValueError, match="NaN or infinite"):
        activations.tanh([0.0, np.nan])
    with pytest.raises(ValueError, match="alpha"):
        activations.leaky_relu([1.0], alpha=-0.1)


# -- bad input, by class ------------------------------------------------------------------
@pytest.mark.parametrize("name", activations.NAMES)
@pytest.mark.parametrize("bad, error", [
    (None, TypeError), ("abc", TypeError), ({"z": 1.0}, TypeError),
    (np.array([1.0 + 2.0j]), TypeError), (1j, TypeError), ([np.inf], ValueError),
    ([[1.0, 2.0], [3.0]], TypeError),
])
def test_every_function_and_derivative_refuses_bad_z(name, bad, error):
    act = activations.get(name)
    for f in (act.function, act.derivative):
        with pytest.raises(error, match="z"):
            f(bad)


def test_numpy_scalars_and_0d_arrays_are_numbers():
    assert activations.relu(np.float32(2.0)) == 2.0
    assert activations.leaky_relu([-1.0], alpha=np.float32(0.5))[0] == -0.5
    assert activations.leaky_relu([-1.0], alpha=np.array(0.5))[0] == -0.5
    assert activations.sigmoid(np.int64(0)) == 0.5


@pytest.mark.parametrize("bad, error", [(True, TypeError), (1j, TypeError), ("0.1", TypeError),
                                        (None, TypeError), (np.nan, ValueError),
                                        (-0.1, ValueError)])
def test_alpha_must_be_a_non_negative_real_number(bad, error):
    for f in (activations.leaky_relu, activations.leaky_relu_derivative):
        with pytest.raises(error, match="alpha"):
            f([1.0], alpha=bad)


@pytest.mark.parametrize("bad", [None, 3, ["relu"], np.array(["relu", "tanh"]), activations.relu])
def test_get_refuses_what_is_not_a_name(bad):
    with pytest.raises(TypeError, match="name must be the name of an activation"):
        activations.get(bad)


def test_get_accepts_numpy_strings_and_any_case():
    act = activations.get(np.str_("ReLU"))
    assert act.name == "relu" and type(act.name) is str
