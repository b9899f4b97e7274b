"""dlbook.widgets.gradients: gradient flow through deep networks, and loss saturation."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook.calculus import numerical_derivative  # noqa: E402
from dlbook.widgets import gradients  # noqa: E402
from dlbook.widgets.learning import MAX_WIDGET_FRAMES  # noqa: E402


def test_exported_from_widgets_package():
    assert dlbook.widgets.gradient_flow_explorer is gradients.gradient_flow_explorer
    assert dlbook.widgets.saturation_explorer is gradients.saturation_explorer
    assert {"gradient_flow_explorer", "saturation_explorer"} <= set(dir(dlbook.widgets))


# -- the numbers behind the gradient-flow explorer ------------------------------------------
def test_layer_gradient_norms_shapes_and_values():
    res = gradients.layer_gradient_norms("tanh", depth=4, width=8, n=32)
    assert res["weight_norms"].shape == (5,)
    assert res["mean_derivative"].shape == (4,)
    assert np.all(res["weight_norms"] > 0)
    assert np.all((res["mean_derivative"] > 0) & (res["mean_derivative"] <= 1))
    # random labels and a near-constant output at initialisation: loss close to log 2
    assert abs(res["loss"] - np.log(2)) < 0.1


def test_layer_gradient_norms_match_the_network():
    from dlbook.nn import MLP

    res = gradients.layer_gradient_norms("relu", depth=2, init="he", width=4, n=16, seed=3)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((16, 4))
    y = rng.integers(0, 2, 16)
    net = MLP([4, 4, 4, 1], activation="relu", output="sigmoid", init="he", seed=3)
    loss, grads = net.backward(X, y)
    assert np.isclose(res["loss"], loss)
    assert np.allclose(res["weight_norms"], [np.linalg.norm(g) for g in grads[0::2]])


def test_sigmoid_gradients_vanish_with_depth():
    ratios = []
    for depth in (2, 5, 10, 20):
        norms = gradients.layer_gradient_norms("sigmoid", depth)["weight_norms"]
        ratios.append(norms[0] / norms[-1])
    assert all(b < a for a, b in zip(ratios, ratios[1:]))
    assert ratios[-1] < 1e-10
    # every sigmoid layer passes back at most a quarter of the gradient (times the weights)
    mean_g = gradients.layer_gradient_norms("sigmoid", 10)["mean_derivative"]
    assert np.all(mean_g <= 0.25)


def test_relu_with_he_init_keeps_the_gradient():
    norms = gradients.layer_gradient_norms("relu", 20, init="he")["weight_norms"]
    assert 0.05 < norms[0] / norms[-1] < 20
    tanh = gradients.layer_gradient_norms("tanh", 20, init="glorot")["weight_norms"]
    assert 0.05 < tanh[0] / tanh[-1] < 20


def test_layer_gradient_norms_bad_arguments():
    with pytest.raises(ValueError, match="activation must be one of"):
        gradients.layer_gradient_norms("sigmod")
    with pytest.raises(ValueError, match="depth must be at least 1"):
        gradients.layer_gradient_norms("tanh", depth=0)
    with pytest.raises(ValueError, match="depth must be at most 50"):
        gradients.layer_gradient_norms("tanh", depth=51)
    with pytest.raises(ValueError, match="init must be one of"):
        gradients.layer_gradient_norms("tanh", init="xavier")
    with pytest.raises(TypeError, match="width must be an integer"):
        gradients.layer_gradient_norms("tanh", width=3.5)


# -- the gradient-flow explorer ---------------------------------------------------------------
def test_gradient_flow_explorer_builds():
    e = gradients.gradient_flow_explorer()
    assert len(e.combinations()) == len(gradients.DEFAULT_SETUPS) * 4
    assert 8 <= len(e.combinations()) <= MAX_WIDGET_FRAMES
    assert e.title and e.alt and "network" in repr(e)
    assert e.defaults == {"setup": "sigmoid + Glorot", "depth": 10}


@pytest.mark.parametrize("params", [dict(setup="sigmoid + Glorot", depth=20),
                                    dict(setup="relu + He", depth=2),
                                    dict(setup="relu + Glorot", depth=20)])
def test_gradient_flow_extremes_render_without_warnings(params):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = gradients.gradient_flow_explorer()
        svg = e.render("svg", **params)
    assert svg.startswith(b"<?xml") and b"NaN" not in svg


def test_gradient_flow_marks_norms_below_the_axis():
    e = gradients.gradient_flow_explorer(setups=[("sigmoid", "glorot"), ("tanh", "he")],
                                         depths=(30, 40))
    svg = e.render("svg", setup="sigmoid + Glorot", depth=40).decode()
    assert "below 1e-15" in svg
    assert "below 1e-15" not in e.render("svg", setup="tanh + He", depth=40).decode()


def test_gradient_flow_explorer_bad_arguments():
    with pytest.raises(ValueError, match="more than the budget of 40"):
        gradients.gradient_flow_explorer(depths=tuple(range(1, 12)))
    with pytest.raises(ValueError, match="increasing"):
        gradients.gradient_flow_explorer(depths=(10, 5))
    with pytest.raises(ValueError, match="each setup's activation must be one of"):
        gradients.gradient_flow_explorer(setups=[("sigmoid", "glorot"), ("step", "he")])
    with pytest.raises(ValueError, match="init must be one of"):
        gradients.gradient_flow_explorer(setups=[("relu", "glorot"), ("relu", "lecun")])
    with pytest.raises(ValueError, match="pair"):
        gradients.gradient_flow_explorer(setups=["relu", "tanh"])
    with pytest.raises(ValueError, match="must not repeat"):
        gradients.gradient_flow_explorer(setups=[("relu", "he"), ("relu", "he")])
    with pytest.raises(ValueError, match="at least 2"):
        gradients.gradient_flow_explorer(depths=(10,))
    with pytest.raises(TypeError, match="list of values"):
        gradients.gradient_flow_explorer(depths=10)


# -- the saturation explorer ---------------------------------------------------------------------
def test_sigmoid_losses_are_the_textbook_formulas():
    from dlbook.linear import sigmoid

    z = np.linspace(-6, 6, 25)
    for y in (0, 1):
        c = gradients._sigmoid_losses(z, y)
        s = sigmoid(z)
        assert np.allclose(c["ce"], -(y * np.log(s) + (1 - y) * np.log(1 - s)))
        assert np.allclose(c["mse"], (s - y) ** 2)
        # the gradients are the derivatives of the losses
        ce = numerical_derivative(lambda t: gradients._sigmoid_losses(t, y)["ce"], z)
        mse = numerical_derivative(lambda t: gradients._sigmoid_losses(t, y)["mse"], z)
        assert np.allclose(c["ce_grad"], ce, atol=1e-8)
        assert np.allclose(c["mse_grad"], mse, atol=1e-8)
    # confidently wrong: cross-entropy still pushes with slope about -1, squared error hardly
    wrong = gradients._sigmoid_losses(np.array([-8.0]), 1)
    assert wrong["ce_grad"][0] < -0.999 and abs(wrong["mse_grad"][0]) < 1e-3


def test_saturation_explorer_builds_and_renders_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = gradients.saturation_explorer()
        assert len(e.combinations()) <= MAX_WIDGET_FRAMES
        for z, y in [(-8.0, 1), (8.0, 1), (-8.0, 0), (8.0, 0), (0.0, 1)]:
            svg = e.render("svg", z=z, y=y)
            assert svg.startswith(b"<?xml") and b"NaN" not in svg
    text = e.render("svg", z=-8.0, y=1).decode()
    assert "(wrong)" in text
    bundle = e._repr_mimebundle_()
    assert {"text/plain", "text/html", "image/png"} <= set(bundle)


def test_saturation_explorer_bad_arguments():
    with pytest.raises(ValueError, match="increasing"):
        gradients.saturation_explorer(logits=(1.0, -1.0))
    with pytest.raises(ValueError, match=r"\[-30, 30\]"):
        gradients.saturation_explorer(logits=(-100.0, 0.0))
    with pytest.raises(ValueError, match="labels must be 0 or 1"):
        gradients.saturation_explorer(labels=(0, 2))
    with pytest.raises(ValueError, match="must not repeat"):
        gradients.saturation_explorer(labels=(1, 1))
    with pytest.raises(ValueError, match="more than the budget"):
        gradients.saturation_explorer(logits=tuple(float(v) for v in range(-10, 11)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        gradients.saturation_explorer(logits=(0.0, float("nan")))
