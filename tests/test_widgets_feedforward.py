"""dlbook.widgets.feedforward: the activation, universal-approximation and folding explorers."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook.widgets import feedforward as ff  # noqa: E402
from widget_checks import render_quietly  # noqa: E402


def test_exported_from_widgets_package():
    for name in ("activation_explorer", "universal_approximation_explorer", "folding_explorer"):
        assert name in ff.__all__ and name in dir(dlbook.widgets)
        assert getattr(dlbook.widgets, name) is getattr(ff, name)


@pytest.fixture(scope="module")
def small_activation_explorer():
    return ff.activation_explorer(activations=["linear", "relu", "sigmoid"], epochs=[1, 60])


def test_activation_explorer_default_frame_count():
    # the default explorer stays small: at most ~25 frames, with the activations required
    assert len(ff.DEFAULT_ACTIVATIONS) * 3 <= 25
    assert {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "softplus", "swish"} <= \
        set(ff.DEFAULT_ACTIVATIONS)


def test_activation_explorer_builds_and_draws_extremes(small_activation_explorer):
    e = small_activation_explorer
    assert len(e.combinations()) == 6
    assert e.title and e.alt and "activation" in repr(e)
    for params in ({"activation": "linear", "n_epochs": 1}, {"activation": "sigmoid", "n_epochs": 60},
                   {"activation": "relu", "n_epochs": 60}):
        text = render_quietly(e, **params)
        assert "training accuracy" in text
    assert set(e.accuracy) == {(a, n) for a in ("linear", "relu", "sigmoid") for n in (1, 60)}
    assert all(0 <= acc <= 1 for acc in e.accuracy.values())
    assert e.accuracy["relu", 60] > e.accuracy["linear", 60]  # a curved boundary helps
    bundle = e._repr_mimebundle_()
    assert {"text/plain", "text/html", "image/png"} <= set(bundle)
    assert 'data-frames="6"' in bundle["text/html"]


def test_activation_explorer_offers_named_choices_and_class_colours(small_activation_explorer):
    from dlbook.plots import CLASS_COLORS
    from dlbook.widgets.core import Choice

    e = small_activation_explorer
    choice = e.sliders[0]
    assert isinstance(choice, Choice)
    assert [choice.text(v) for v in choice.values] == ["linear (no activation)", "ReLU",
                                                         "sigmoid"]
    html = e.to_html()
    assert "<select" in html and ">ReLU</option>" in html and "leaky_relu" not in html
    svg = render_quietly(e, activation="relu", n_epochs=60)
    for label, colour in enumerate(CLASS_COLORS[:2]):
        assert colour.lower() in svg.lower(), f"class {label} is not drawn in {colour}"
    assert "ReLU" in svg and "training accuracy" in e._alt_for(e.defaults)


def test_activation_explorer_shows_divergence_instead_of_failing():
    e = ff.activation_explorer(activations=["linear", "relu"], epochs=[1, 400],
                               learning_rate=100.0)
    assert np.isnan(e.accuracy["linear", 400])  # the linear network's weights overflow
    text = render_quietly(e, activation="linear", n_epochs=400)
    assert "training diverged" in text
    assert "diverged" in e._alt_for({"activation": "linear", "n_epochs": 400})


def test_activation_explorer_bad_arguments():
    with pytest.raises(ValueError, match="each entry of activations must be one of"):
        ff.activation_explorer(activations=["relu", "cosine"])
    with pytest.raises(ValueError, match="distinct"):
        ff.activation_explorer(activations=["relu", "relu"])
    with pytest.raises(ValueError, match="at least 2"):
        ff.activation_explorer(activations=["relu"])
    with pytest.raises(ValueError, match="epochs must be increasing"):
        ff.activation_explorer(epochs=[50, 10])
    with pytest.raises(ValueError, match="at least 1"):
        ff.activation_explorer(epochs=[0, 10])
    with pytest.raises(ValueError, match="hidden must list"):
        ff.activation_explorer(hidden=(8, 8, 8, 8))
    with pytest.raises(ValueError, match="more than the limit"):
        ff.activation_explorer(epochs=list(range(1, 11)))
    with pytest.raises(ValueError, match="learning_rate must be greater than 0"):
        ff.activation_explorer(activations=["relu", "tanh"], epochs=[1, 2], learning_rate=0.0)


def test_universal_approximation_explorer():
    e = ff.universal_approximation_explorer()
    assert 14 <= len(e.combinations()) <= 25
    for target in ("sine", "abs", "step"):
        for n_units in (1, 64):
            text = render_quietly(e, target=target, n_units=n_units)
            assert "max error" in text
    small = ff.universal_approximation_explorer(units=[1, 1000], targets=["sine", "step"])
    assert "0.003" in render_quietly(small, target="sine", n_units=1000)  # about pi/1001
    assert 'data-frames="4"' in small.to_html()


def test_universal_approximation_explorer_bad_arguments():
    with pytest.raises(ValueError, match="each entry of targets must be one of"):
        ff.universal_approximation_explorer(targets=["sine", "cosine"])
    with pytest.raises(ValueError, match="units must be increasing"):
        ff.universal_approximation_explorer(units=[4, 2])
    with pytest.raises(ValueError, match="at most 1000"):
        ff.universal_approximation_explorer(units=[1, 5000])
    with pytest.raises(TypeError, match="list of values"):
        ff.universal_approximation_explorer(units=8)
    with pytest.raises(ValueError, match="more than the limit"):
        ff.universal_approximation_explorer(units=list(range(1, 15)))


def test_folding_explorer():
    e = ff.folding_explorer()
    assert len(e.combinations()) == 7
    text = render_quietly(e, depth=1)
    assert "2 linear pieces from 2 ReLU units" in text
    text = render_quietly(e, depth=7)
    assert "128 linear pieces from 14 ReLU units" in text and "needs 127" in text
    deepest = ff.folding_explorer(depths=[1, 11])
    assert "2048 linear pieces" in render_quietly(deepest, depth=11)
    with pytest.raises(ValueError, match="at most 11"):
        ff.folding_explorer(depths=[1, 12])
    with pytest.raises(ValueError, match="depths must be increasing"):
        ff.folding_explorer(depths=[3, 2])
    with pytest.raises(TypeError, match="must be an integer"):
        ff.folding_explorer(depths=[1, 2.5])
