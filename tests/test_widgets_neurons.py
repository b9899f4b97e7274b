"""dlbook.widgets.neurons: the perceptron stepper, the XOR playground and the softmax explorer."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook import perceptron  # noqa: E402
from dlbook.widgets import neurons  # noqa: E402
from widget_checks import render_quietly  # noqa: E402


def test_exported_from_widgets_package():
    for name in ("perceptron_stepper", "xor_playground", "softmax_temperature_explorer"):
        assert getattr(dlbook.widgets, name) is getattr(neurons, name)
        assert name in dir(dlbook.widgets)


# -- the perceptron stepper ---------------------------------------------------------------------
def test_stepper_data_is_separable_with_a_margin():
    X, t = neurons.stepper_data()
    assert X.shape == (16, 2) and set(np.unique(t)) == {0, 1}
    z = 0.4 + X[:, 0] - 0.7 * X[:, 1]
    assert np.array_equal(t, (z > 0).astype(int))
    assert np.min(np.abs(z)) / np.hypot(1, 0.7) > 0.1


def test_stepper_builds_and_ends_without_mistakes():
    e = neurons.perceptron_stepper()
    n_frames = len(e.combinations())
    assert 2 <= n_frames <= 40
    assert e.title and e.alt and "updates" in repr(e)
    X, t = neurons.stepper_data()
    fit = perceptron.fit_perceptron(X, t, learning_rate=0.5, max_epochs=200, seed=0,
                                    initial_weights=[0.5, -0.5, 1.0])
    assert fit.converged and n_frames == len(fit.updated_on) + 1
    first = render_quietly(e, k=0)
    last = render_quietly(e, k=n_frames - 1)
    assert "of 16 points wrong" in first
    assert "every point correct" in last
    assert first != last


def test_stepper_caps_the_number_of_frames():
    e = neurons.perceptron_stepper(max_updates=5)
    assert len(e.combinations()) == 6
    render_quietly(e, k=5)


def test_stepper_draws_vertical_and_horizontal_lines():
    # w2 = 0 makes the first line vertical; it must still be drawn without warnings.
    e = neurons.perceptron_stepper(initial_weights=(0.0, 1.0, 0.0), max_updates=3)
    render_quietly(e, k=0)
    e = neurons.perceptron_stepper(initial_weights=(0.2, 0.0, -1.0), max_updates=3)
    render_quietly(e, k=0)


def test_stepper_bad_arguments():
    with pytest.raises(ValueError, match="learning_rate must be greater than 0"):
        neurons.perceptron_stepper(learning_rate=0)
    with pytest.raises(ValueError, match="w1 = w2 = 0"):
        neurons.perceptron_stepper(initial_weights=(1.0, 0.0, 0.0))
    with pytest.raises(ValueError, match="initial_weights must have shape"):
        neurons.perceptron_stepper(initial_weights=(1.0, 0.0))
    with pytest.raises(ValueError, match="max_updates must be at most 39"):
        neurons.perceptron_stepper(max_updates=100)
    with pytest.raises(ValueError, match="margin must be below 1"):
        neurons.stepper_data(margin=2.0)
    with pytest.raises(ValueError, match="n must be at least 2"):
        neurons.stepper_data(n=1)


# -- the XOR playground ---------------------------------------------------------------------------
def test_xor_playground_builds_and_starts_at_the_solution():
    e = neurons.xor_playground()
    assert 2 <= len(e.combinations()) <= 40
    assert e.defaults == {"c2": -1.0, "w2": -2.0}
    assert "solves XOR" in render_quietly(e)


@pytest.mark.parametrize("c2, w2, verdict", [(0.0, 0.0, "misclassifies"),
                                             (-1.5, -3.0, "exactly at 0.5"),
                                             (-0.5, -3.0, "misclassifies"),
                                             (-1.0, -3.0, "right side of 0.5"),
                                             (-1.0, -1.5, "exactly at 0.5"),
                                             (0.0, -3.0, "misclassifies")])
def test_xor_playground_extremes(c2, w2, verdict):
    text = render_quietly(neurons.xor_playground(), c2=c2, w2=w2)
    assert verdict in text


def test_xor_playground_bad_arguments():
    with pytest.raises(ValueError, match="more than 40"):
        neurons.xor_playground(c2_values=np.linspace(-2, 1, 9), w2_values=np.linspace(-3, 0, 9))
    with pytest.raises(TypeError, match="c2_values must be a list"):
        neurons.xor_playground(c2_values=-1.0)
    with pytest.raises(ValueError, match="at least 2"):
        neurons.xor_playground(w2_values=[-2.0])


# -- the softmax explorer -------------------------------------------------------------------------
def test_softmax_explorer_builds_and_renders_extremes():
    e = neurons.softmax_temperature_explorer()
    assert 2 <= len(e.combinations()) <= 40
    z_values = [s.values for s in e.sliders if s.name == "z1"][0]
    temperatures = [s.values for s in e.sliders if s.name == "temperature"][0]
    cold = render_quietly(e, z1=max(z_values), temperature=min(temperatures))
    assert "the largest probability is 1.000 (class 1)" in cold
    hot = render_quietly(e, z1=min(z_values), temperature=max(temperatures))
    assert "class 2" in hot  # z1 = -1 is no longer the largest logit


def test_softmax_explorer_huge_logits_do_not_overflow():
    e = neurons.softmax_temperature_explorer(logits=(800.0, -800.0),
                                             first_values=(-900.0, 900.0),
                                             temperatures=(0.01, 100.0))
    render_quietly(e, z1=900.0, temperature=0.01)


def test_softmax_explorer_bad_arguments():
    with pytest.raises(ValueError, match="each of temperatures must be greater than 0"):
        neurons.softmax_temperature_explorer(temperatures=(0.0, 1.0))
    with pytest.raises(ValueError, match="logits needs at least 1 rows"):
        neurons.softmax_temperature_explorer(logits=())
    with pytest.raises(ValueError, match="more than 40"):
        neurons.softmax_temperature_explorer(first_values=np.arange(10.0),
                                             temperatures=np.arange(1.0, 6.0))


# -- bad input, by class, for all four factories --------------------------------------------------
@pytest.mark.parametrize("factory, argument, bad, error", [
    (neurons.xor_playground, "c2_values", (1j, 0.0), TypeError),
    (neurons.xor_playground, "c2_values", ("a", 0.0), TypeError),
    (neurons.xor_playground, "c2_values", (np.nan, 0.0), ValueError),
    (neurons.xor_playground, "w2_values", (1e308, 0.0), ValueError),
    (neurons.xor_playground, "w2_values", (-2.0, -2.0), ValueError),
    (neurons.softmax_temperature_explorer, "logits", (1j,), TypeError),
    (neurons.softmax_temperature_explorer, "logits", np.arange(20.0), ValueError),
    (neurons.softmax_temperature_explorer, "first_values", (1j, 2.0), TypeError),
    (neurons.softmax_temperature_explorer, "first_values", (1e308, 0.0), ValueError),
    (neurons.softmax_temperature_explorer, "temperatures", (1.0, 1.0), ValueError),
    (neurons.perceptron_stepper, "learning_rate", 1j, TypeError),
    (neurons.perceptron_stepper, "initial_weights", (1j, 1.0, 1.0), TypeError),
    (neurons.perceptron_stepper, "max_updates", 10**12, ValueError),
    (neurons.perceptron_stepper, "max_updates", 3.0, TypeError),
    (neurons.stepper_data, "n", 10**12, ValueError),
    (neurons.stepper_data, "margin", 1j, TypeError),
    (neurons.stepper_data, "seed", None, TypeError),
    (neurons.stepper_data, "seed", 2**40, ValueError),
])
def test_factories_name_the_bad_argument(factory, argument, bad, error):
    with pytest.raises(error, match=argument):
        factory(**{argument: bad})


def test_numpy_scalars_are_accepted():
    assert len(neurons.perceptron_stepper(max_updates=np.int64(3)).combinations()) == 4
    X, t = neurons.stepper_data(n=np.int32(8), margin=np.float32(0.2), seed=np.int64(2))
    assert X.shape == (8, 2)
    e = neurons.xor_playground(c2_values=np.array([-1.0, 0.0]), w2_values=[np.float32(-2.0), 0.0])
    assert e.defaults == {"c2": -1.0, "w2": -2.0}


def test_classes_have_the_book_colours():
    from dlbook.plots import CLASS_COLORS

    svg = render_quietly(neurons.xor_playground()).lower()
    assert CLASS_COLORS[0].lower() in svg and CLASS_COLORS[1].lower() in svg
