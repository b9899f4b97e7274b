"""dlbook.approximation: hand-built networks checked against NumPy, and bad input."""

import numpy as np
import pytest

from dlbook import approximation as ap
from dlbook.nn import MLP


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def column(x):
    return np.asarray(x, dtype=float).reshape(-1, 1)


def test_sigmoid_bump_matches_formula_and_shape():
    x = np.linspace(-2, 2, 41).reshape(41, 1)
    bump = ap.sigmoid_bump(x, -0.5, 0.5, steepness=7.0)
    assert bump.shape == x.shape
    np.testing.assert_allclose(bump, sigmoid(7 * (x + 0.5)) - sigmoid(7 * (x - 0.5)), atol=1e-15)
    steep = ap.sigmoid_bump([-1.0, 0.0, 1.0], -0.5, 0.5, steepness=200.0)
    np.testing.assert_allclose(steep, [0.0, 1.0, 0.0], atol=1e-12)


def test_staircase_network_is_the_documented_sum_of_steps():
    n, k_rel = 5, 10.0
    net = ap.staircase_network(np.cos, n, interval=(0.0, 3.0), sharpness=k_rel)
    assert isinstance(net, MLP) and net.sizes == [1, n, 1]
    assert net.activation.name == "sigmoid" and net.output == "linear"
    width = 3.0 / (n + 1)
    centres = width * (np.arange(n + 1) + 0.5)
    edges = width * np.arange(1, n + 1)
    x = np.linspace(0, 3, 301)
    expected = np.cos(centres[0]) + sum(
        (np.cos(centres[j]) - np.cos(centres[j - 1])) * sigmoid(k_rel / width * (x - edges[j - 1]))
        for j in range(1, n + 1))
    np.testing.assert_allclose(net.forward(column(x))[:, 0], expected, atol=1e-12)


def test_staircase_error_halves_as_units_double():
    x = np.linspace(-1, 1, 2001)
    errors = [np.abs(ap.staircase_network(lambda t: np.sin(np.pi * t), n).forward(column(x))[:, 0]
                     - np.sin(np.pi * x)).max() for n in (16, 32, 64)]
    assert errors[2] < 0.1
    assert 1.8 < errors[0] / errors[1] < 2.2 and 1.8 < errors[1] / errors[2] < 2.2


def test_interpolating_network_equals_numpy_interp():
    x = np.linspace(-2, 1, 997)
    for n in (1, 2, 7, 30):
        net = ap.interpolating_network(np.exp, n, interval=(-2.0, 1.0))
        assert net.sizes == [1, n, 1] and net.activation.name == "relu"
        knots = np.linspace(-2, 1, n + 1)
        np.testing.assert_allclose(net.forward(column(x))[:, 0], np.interp(x, knots, np.exp(knots)),
                                   atol=1e-12)


def test_tent_and_sawtooth_network_against_composition():
    x = np.linspace(0, 1, 1025)
    np.testing.assert_allclose(ap.tent(x), 1 - np.abs(2 * x - 1), atol=1e-15)
    composed = x.copy()
    for depth in range(1, 8):
        composed = 1 - np.abs(2 * composed - 1)
        net = ap.sawtooth_network(depth)
        assert net.sizes == [1] + [2] * depth + [1]
        np.testing.assert_allclose(net.forward(column(x))[:, 0], composed, atol=1e-12)


@pytest.mark.parametrize("depth", [1, 2, 5, 9])
def test_sawtooth_has_two_to_the_depth_pieces(depth):
    x = np.linspace(0, 1, 2**11 + 1)
    y = ap.sawtooth_network(depth).forward(column(x))[:, 0]
    assert ap.count_linear_pieces(x, y) == 2**depth


def test_count_linear_pieces_against_brute_force():
    rng = np.random.default_rng(3)
    for _ in range(20):
        kinks = np.sort(rng.choice(np.arange(1, 100), size=rng.integers(1, 8), replace=False))
        slopes = [2.0]
        for _ in kinks:  # consecutive slopes differ
            slopes.append(rng.choice([s for s in (-3.0, -1.0, 0.5, 2.0) if s != slopes[-1]]))
        slopes = np.array(slopes)
        x = np.arange(101, dtype=float)
        y = np.concatenate([[0.0], np.cumsum(slopes[np.searchsorted(kinks, x[1:] - 0.5)])])
        assert ap.count_linear_pieces(x, y) == len(kinks) + 1
    assert ap.count_linear_pieces([0.0, 1.0], [5.0, 7.0]) == 1
    assert ap.count_linear_pieces([0.0, 1.0, 2.0], [0.0, 0.0, 0.0]) == 1


def test_bad_input():
    with pytest.raises(ValueError, match="a < b"):
        ap.sigmoid_bump([0.0], 1.0, 0.5)
    with pytest.raises(ValueError, match="steepness must be greater than 0"):
        ap.sigmoid_bump([0.0], 0.0, 1.0, steepness=0)
    with pytest.raises(ValueError, match="n_units must be at least 1"):
        ap.staircase_network(np.sin, 0)
    with pytest.raises(TypeError, match="n_units must be an integer"):
        ap.interpolating_network(np.sin, 2.5)
    with pytest.raises(TypeError, match="f must be a function"):
        ap.staircase_network("sin", 3)
    with pytest.raises(ValueError, match="one value per input"):
        ap.interpolating_network(lambda x: 1.0, 3)
    with pytest.raises(ValueError, match="NaN or infinite"):
        ap.interpolating_network(lambda x: np.where(x > 0, np.inf, 0.0), 3)
    with pytest.raises(ValueError, match="interval must have shape"):
        ap.staircase_network(np.sin, 3, interval=(0.0, 1.0, 2.0))
    with pytest.raises(ValueError, match="sharpness must be greater than 0"):
        ap.staircase_network(np.sin, 3, sharpness=-1.0)
    with pytest.raises(ValueError, match="depth must be at most 30"):
        ap.sawtooth_network(31)
    with pytest.raises(ValueError, match="strictly increasing"):
        ap.count_linear_pieces([0.0, 2.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="same length"):
        ap.count_linear_pieces([0.0, 1.0, 2.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="at least 2 rows"):
        ap.count_linear_pieces([0.0], [0.0])


# -- bad input, by class ------------------------------------------------------------------
@pytest.mark.parametrize("argument, bad, error", [
    ("a", None, TypeError), ("a", "0", TypeError), ("a", 1j, TypeError), ("a", np.nan, ValueError),
    ("b", [1.0], TypeError), ("b", np.inf, ValueError), ("steepness", True, TypeError),
    ("x", np.array([0.1 + 1j]), TypeError), ("x", None, TypeError),
])
def test_sigmoid_bump_names_the_bad_argument(argument, bad, error):
    arguments = {"x": [0.0], "a": -0.5, "b": 0.5, "steepness": 10.0}
    arguments[argument] = bad
    with pytest.raises(error, match=argument):
        ap.sigmoid_bump(**arguments)


@pytest.mark.parametrize("build", [ap.staircase_network, ap.interpolating_network])
def test_constructions_refuse_bad_targets(build):
    with pytest.raises(TypeError, match="f returned None"):
        build(lambda x: None, 3)
    with pytest.raises(TypeError, match="returned by f must contain real numbers"):
        build(lambda x: x + 1j, 3)
    with pytest.raises(TypeError, match="returned by f"):
        build(lambda x: "a", 3)
    with pytest.raises(TypeError, match="f must be a function"):
        build(None, 3)


@pytest.mark.parametrize("build", [ap.staircase_network, ap.interpolating_network])
def test_constructions_state_their_limits(build):
    with pytest.raises(ValueError, match=f"n_units must be at most {ap.MAX_UNITS}"):
        build(np.sin, 10**9)
    with pytest.raises(ValueError, match="too wide"):
        build(np.sin, 3, (-1e308, 1e308))
    with pytest.raises(TypeError, match="interval must contain real numbers"):
        build(np.sin, 3, (0.0, 1j))
    with pytest.raises(ValueError, match="interval contains NaN or infinite"):
        build(np.sin, 3, (0.0, np.inf))
    with pytest.raises(TypeError, match="n_units must be an integer"):
        build(np.sin, True)
    assert build(np.sin, np.int64(3)).sizes == [1, 3, 1]


def test_staircase_refuses_a_sharpness_that_overflows():
    with pytest.raises(ValueError, match="sharpness .* too large"):
        ap.staircase_network(np.sin, 3, sharpness=1e306)
    with pytest.raises(TypeError, match="sharpness must be a real number"):
        ap.staircase_network(np.sin, 3, sharpness=None)


def test_sawtooth_and_count_take_numpy_scalars_and_refuse_the_rest():
    assert ap.sawtooth_network(np.int64(3)).sizes == [1, 2, 2, 2, 1]
    with pytest.raises(TypeError, match="depth must be an integer"):
        ap.sawtooth_network(3.0)
    with pytest.raises(TypeError, match="depth must be an integer"):
        ap.sawtooth_network(True)
    assert ap.count_linear_pieces([0, 1, 2], [0, 1, 3], tol=np.float32(1e-3)) == 2
    with pytest.raises(TypeError, match="x must contain real numbers"):
        ap.count_linear_pieces(np.array([0, 1j, 2]), [0, 1, 2])
    with pytest.raises(ValueError, match="y must be 1-D"):
        ap.count_linear_pieces([0, 1, 2], [[0], [1], [2]])
    with pytest.raises(TypeError, match="tol must be a real number"):
        ap.count_linear_pieces([0, 1, 2], [0, 1, 2], tol=1j)
    with pytest.raises(TypeError, match="x must be array-like"):
        ap.tent(None)
